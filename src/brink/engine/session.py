"""One episode stepped turn by turn with one seat played from outside (a person, later a model).

The session is a batch of one driven through the very same ``play_turn`` as the batch engine;
the outside seat's action simply replaces its decider's choice. An episode played with the
decider's own suggestions is therefore identical to that episode in `brink run`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from brink.engine.batch import finish, start_crisis
from brink.engine.turn import TurnRecord, play_turn
from brink.errors import BrinkInputError
from brink.scenario.schema import Scenario


@dataclass(frozen=True)
class Option:
    """An action the outside seat may take now."""

    index: int
    id: str
    label: str
    rung: int


class Session:
    """A single interactive episode; ``seat`` 0 plays the challenger, 1 the defender."""

    def __init__(
        self,
        scenario: Scenario,
        policy: str | None = None,
        opponent: str | None = None,
        *,
        seed: int = 0,
        episode: int = 0,
        seat: int = 0,
    ) -> None:
        if seat not in (0, 1):
            raise BrinkInputError(f"seat: expected 0 (challenger) or 1 (defender), got {seat}")
        self.seat = seat
        self.episode = episode
        self.crisis, self.deciders = start_crisis(
            scenario, policy, opponent, seed, np.array([episode]), np.array([0])
        )
        self.history: list[TurnRecord] = []

    @property
    def finished(self) -> bool:
        s = self.crisis.state
        return not bool(s.active[0]) or self.crisis.turn >= self.crisis.scenario.horizon_turns

    def options(self) -> list[Option]:
        """The actions open to the outside seat."""
        table = self.crisis.table
        return [
            Option(int(i), table.ids[i], table.labels[i], int(table.rung[i]))
            for i in np.flatnonzero(table.allowed[self.seat])
        ]

    def seen(self) -> int:
        """The rung this seat perceived the other side take last turn (what a player is told)."""
        return int(self.crisis.state.perceived[0, self.seat])

    def suggestion(self) -> str:
        """What the seat's own policy would do now (same noise as the batch would use)."""
        from brink.engine.turn import policy_choice, world_uniforms

        crisis = self.crisis
        crisis.turn += 1
        try:
            chosen, _, _ = policy_choice(
                crisis, self.deciders[self.seat], self.seat, world_uniforms(crisis)
            )
        finally:
            crisis.turn -= 1
        return crisis.table.ids[int(chosen[0])]

    def step(self, action_id: str) -> TurnRecord:
        """Play one turn with the outside seat taking ``action_id``."""
        if self.finished:
            raise BrinkInputError("the episode has ended; start a new session")
        allowed = {o.id: o.index for o in self.options()}
        if action_id not in allowed:
            raise BrinkInputError(
                f"action {action_id!r} is not open to this seat (options: {', '.join(allowed)})"
            )
        overrides = {self.seat: np.array([allowed[action_id]])}
        record = play_turn(self.crisis, self.deciders, overrides)
        self.history.append(record)
        return record

    def result(self) -> dict[str, object]:
        """The episode's row (outcome, cause, casualties, yardsticks) once it is over."""
        columns = finish(self.crisis, np.array([self.episode]), np.array([0])).columns
        return {
            name: values[0].item() if hasattr(values[0], "item") else values[0]
            for name, values in columns.items()
        }
