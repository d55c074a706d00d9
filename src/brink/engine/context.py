"""What a decider and a turn can read: the compiled scenario, the inputs and the batch state."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace

import numpy as np

from brink.engine.compile import ActionTable
from brink.engine.state import BatchState
from brink.scenario.inputs import InputValues
from brink.scenario.schema import Policy, Scenario


@dataclass
class Crisis:
    """One batch of episodes of a scenario under a matchup of policies."""

    scenario: Scenario
    table: ActionTable
    inputs: InputValues
    keys: np.ndarray
    seats: tuple[str, str]
    policies: tuple[Policy, Policy]
    policy_names: tuple[str, str]
    state: BatchState
    turn: int = 0  # the turn being played, 1-based; 0 before the first
    #: Per-episode tables that never change during a batch (computed once, on first use).
    cache: dict[str, np.ndarray] = field(default_factory=dict)

    def subset(self, index: np.ndarray) -> Crisis:
        """A copy of this crisis restricted to some episodes (for what-if questions)."""
        state = self.state
        sliced = {
            f.name: getattr(state, f.name)[index]
            for f in fields(state)
            if isinstance(getattr(state, f.name), np.ndarray)
        }
        memory = [{k: v[index] for k, v in m.items()} for m in state.memory]
        sub_state = replace(state, n=len(index), memory=memory, **sliced)
        return replace(
            self,
            state=sub_state,
            inputs=self.inputs.subset(index),
            keys=self.keys[index],
            cache={},
        )

    def actor_input(self, seat: int, name: str) -> np.ndarray | float:
        """An actor's numeric input (per-episode array or float)."""
        return self.inputs[f"actors.{self.seats[seat]}.{name}"]

    def actor_input_or(self, seat: int, name: str, default: float) -> np.ndarray | float:
        return self.inputs.get(f"actors.{self.seats[seat]}.{name}", default)

    def payoff(self, outcome: str, seat: int) -> np.ndarray | float:
        return self.inputs[f"payoffs.{outcome}.{self.seats[seat]}"]

    def war_costs(self, seat: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Payoffs to ``seat`` of limited, conventional and nuclear war in this state.

        Fearon's war payoff p·stakes − cost, with the cost felt less by a resolute type and,
        for the challenger, raised by lost alliance cohesion.
        """
        s, inp = self.state, self.inputs
        cost = self.actor_input(seat, "war_cost") * np.where(
            s.resolute[:, seat], inp["beliefs.resolute_war_cost"], 1.0
        )
        if seat == 0 and self.scenario.alliance.enabled:
            cost = cost * (1.0 + inp["alliance.war_cost_factor"] * (1.0 - s.cohesion))
        gain = self.actor_input(seat, "win_probability") * self.actor_input(seat, "stakes")
        limited = -cost * inp["war.limited_cost_share"]
        conventional = gain - cost
        nuclear = gain - cost * inp["war.nuclear_cost_multiplier"]
        return limited, conventional, nuclear

    def nuclear_chance(
        self, disarmed: np.ndarray | None = None, target: np.ndarray | int = 1
    ) -> np.ndarray:
        """P(a major war goes nuclear): either side's use; the defender's grows with capability.

        ``disarmed`` marks episodes where a strike destroyed the nuclear weapons of ``target``
        (the struck seat): that side can no longer use them.
        """
        s = self.state
        defender = self.actor_input(1, "nuclear_use_probability")
        if self.scenario.capability.enabled:
            start = self.actor_input_or(1, "capability_start", 0.0)
            scale = np.where(start > 0, s.capability / np.maximum(start, 1e-9), 1.0)
            defender = np.clip(defender * scale, 0.0, 1.0)
        challenger = self.actor_input(0, "nuclear_use_probability")
        if disarmed is not None:
            defender = np.where(disarmed & (target == 1), 0.0, defender)
            challenger = np.where(disarmed & (target == 0), 0.0, challenger)
        return 1.0 - (1.0 - defender) * (1.0 - challenger)

    def disarm_chance(self, target: int) -> np.ndarray | float:
        """P(a strike destroys all the target's nuclear weapons); falls as capability grows."""
        base = self.actor_input_or(target, "disarm_probability", 0.0)
        if target != 1 or not self.scenario.capability.enabled:
            return base
        start = self.actor_input_or(1, "capability_start", 0.0)
        room = np.clip((1.0 - self.state.capability) / np.maximum(1.0 - start, 1e-9), 0.0, 1.0)
        return base * room
