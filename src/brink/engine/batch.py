"""Run a batch of episodes to the end and return one row per episode as columns.

Episodes are identified by (draw, replication): the draw fixes the sampled inputs, the
replication the turn-by-turn luck. A batch can be any subset of episodes — the numbers of an
episode never depend on which others share its batch.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from brink.deciders.factory import make_decider
from brink.engine.allocator import keep_freed_memory
from brink.engine.compile import compile_actions, resolve_matchup
from brink.engine.context import Crisis
from brink.engine.state import (
    CAUSE_NAMES,
    KIND_NAMES,
    NUCLEAR,
    OUTCOME_NAMES,
    WAR,
    BatchState,
)
from brink.engine.streams import draw_keys, episode_keys, uniforms
from brink.engine.turn import STREAMS_PER_TURN, TurnRecord, play_turn
from brink.scenario.inputs import InputValues, sample_inputs
from brink.scenario.schema import Scenario

_SETUP_STREAM = STREAMS_PER_TURN - 1  # turn 0's last stream: types drawn at the start


@dataclass
class EpisodeColumns:
    """One row per episode, as named numpy columns (turned into Arrow/pandas by callers)."""

    columns: dict[str, np.ndarray]

    def __len__(self) -> int:
        return len(next(iter(self.columns.values())))


def start_crisis(
    scenario: Scenario,
    policy: str | None,
    opponent: str | None,
    seed: int,
    draws: np.ndarray,
    replications: np.ndarray,
    fixed_inputs: dict[str, np.ndarray] | None = None,
    shared_streams: bool = False,
) -> tuple[Crisis, tuple]:
    """Compile, sample inputs, draw types and set the starting state of a batch.

    ``shared_streams``: every draw's replication r meets the same luck (streams keyed by
    replication only) — common random numbers across draws, for sensitivity designs.
    """
    keep_freed_memory()
    matchup = resolve_matchup(scenario, policy, opponent)
    table = compile_actions(scenario)
    draws = np.asarray(draws, dtype=np.int64)
    replications = np.asarray(replications, dtype=np.int64)
    inputs: InputValues = sample_inputs(scenario, draw_keys(seed, draws), fixed_inputs)
    keys = episode_keys(seed, np.zeros_like(draws) if shared_streams else draws, replications)
    names = (matchup.challenger, matchup.defender)
    policies = (scenario.policies[names[0]], scenario.policies[names[1]])
    state = BatchState.empty(len(draws))
    crisis = Crisis(
        scenario=scenario,
        table=table,
        inputs=inputs,
        keys=keys,
        seats=(scenario.challenger, scenario.defender),
        policies=policies,
        policy_names=names,
        state=state,
    )
    setup = uniforms(keys, _SETUP_STREAM, 2)
    for seat in (0, 1):
        prior = crisis.actor_input(seat, "resolve_prior")
        state.resolute[:, seat] = setup[:, seat] < prior
    if scenario.beliefs.private_resolve:
        state.belief[:, 0] = crisis.actor_input(1, "resolve_prior")
        state.belief[:, 1] = crisis.actor_input(0, "resolve_prior")
    else:
        state.belief[:] = state.resolute[:, ::-1]
    state.capability[:] = crisis.actor_input_or(1, "capability_start", 0.0)
    state.approval[:] = crisis.actor_input_or(0, "approval_start", 0.5)
    deciders = tuple(make_decider(p, table) for p in policies)
    for seat, decider in enumerate(deciders):
        decider.start(crisis, seat)
    return crisis, deciders


def run_batch(
    scenario: Scenario,
    policy: str | None,
    opponent: str | None,
    seed: int,
    draws: np.ndarray,
    replications: np.ndarray,
    fixed_inputs: dict[str, np.ndarray] | None = None,
    on_turn: Callable[[Crisis, TurnRecord], None] | None = None,
    shared_streams: bool = False,
) -> EpisodeColumns:
    """Simulate every episode of the batch to its end or the horizon."""
    crisis, deciders = start_crisis(
        scenario, policy, opponent, seed, draws, replications, fixed_inputs, shared_streams
    )
    for _ in range(scenario.horizon_turns):
        record = play_turn(crisis, deciders)
        if on_turn is not None:
            on_turn(crisis, record)
        if not crisis.state.active.any():
            break
    return finish(crisis, np.asarray(draws), np.asarray(replications))


def realised_payoffs(crisis: Crisis) -> np.ndarray:
    """Each principal's payoff from how its episode ended, shape (n, 2)."""
    s = crisis.state
    out = np.zeros((s.n, 2))
    for seat in (0, 1):
        limited, conventional, nuclear = crisis.war_costs(seat)
        war = np.select(
            [s.war_kind == 1, s.war_kind == 2, s.war_kind == NUCLEAR],
            [np.broadcast_to(x, (s.n,)) for x in (limited, conventional, nuclear)],
            0.0,
        )
        table = {
            "settlement": 1,
            "collapse": 3,
            "unresolved": 0,
        }
        value = np.zeros(s.n)
        for name, code in table.items():
            value = np.where(s.outcome == code, crisis.payoff(name, seat), value)
        own = np.where(
            s.capitulator == 0,
            crisis.payoff("challenger_capitulates", seat),
            crisis.payoff("defender_capitulates", seat),
        )
        value = np.where(s.outcome == 2, own, value)
        out[:, seat] = np.where(s.outcome == WAR, war, value)
    return out


def finish(crisis: Crisis, draws: np.ndarray, replications: np.ndarray) -> EpisodeColumns:
    """Casualties, payoffs and the yardsticks of the seed analysis, one row per episode."""
    s, inp = crisis.state, crisis.inputs
    casualties = np.zeros(s.n)
    for code, name in ((1, "limited"), (2, "conventional"), (3, "nuclear")):
        casualties = np.where(s.war_kind == code, inp[f"casualties.{name}"], casualties)
    payoffs = realised_payoffs(crisis)
    exposure = sum(
        (
            inp[f"actors.{ally_id}.exposure"]
            for ally_id, _ in crisis.scenario.allies_of(crisis.seats[0])
        ),
        0.0,
    )
    cols: dict[str, np.ndarray] = {
        "draw": draws.astype(np.int64),
        "replication": replications.astype(np.int64),
        "outcome": np.asarray(OUTCOME_NAMES, dtype=object)[s.outcome],
        "war_kind": np.asarray(KIND_NAMES, dtype=object)[s.war_kind],
        "war_cause": np.asarray(CAUSE_NAMES, dtype=object)[s.war_cause],
        "capitulator": np.where(
            s.capitulator < 0, "", np.where(s.capitulator == 0, crisis.seats[0], crisis.seats[1])
        ).astype(object),
        "turns": s.turns.astype(np.int32),
        "casualties": casualties,
        "ally_casualties": casualties * exposure,
        "payoff_challenger": payoffs[:, 0],
        "payoff_defender": payoffs[:, 1],
        "tests": s.tests.astype(np.int32),
        "enforced_turns": s.enforced_turns.astype(np.int32),
        "approval": s.approval.copy(),
        "cohesion": s.cohesion.copy(),
        "capability": s.capability.copy(),
        "strain": s.strain.copy(),
        "stage": s.stage.astype(np.int8),
        "max_rung": s.max_rung.astype(np.int8),
        "clashes": s.clashes.astype(np.int32),
        "misreadings": s.misreadings.astype(np.int32),
        "loose_nukes": s.loose_nukes.copy(),
        "resolute_challenger": s.resolute[:, 0].copy(),
        "resolute_defender": s.resolute[:, 1].copy(),
    }
    for path, values in inp.sampled().items():
        cols[f"input:{path}"] = values
    return EpisodeColumns(cols)
