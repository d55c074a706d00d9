"""Run a batch of episodes to the end and return one row per episode as columns.

Episodes are identified by (draw, replication): the draw fixes the sampled inputs, the
replication the turn-by-turn luck. A batch can be any subset of episodes — the numbers of an
episode never depend on which others share its batch.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
from numba import njit

from brink import kernel_cache
from brink.columns import EPISODE_COLUMNS, INPUT_PREFIX, PAYOFF_PREFIX
from brink.deciders.factory import fixed_rules
from brink.engine import force, kernel
from brink.engine.allocator import keep_freed_memory
from brink.engine.turn import TurnRecord, play_turn
from brink.errors import BrinkInputError, BrinkParameterError
from brink.model import values
from brink.model.compile import Compiled, compile_scenario
from brink.model.crisis import Crisis
from brink.model.inputs import InputValues, sample_inputs
from brink.model.state import BatchState
from brink.model.streams import draw_keys, episode_keys, uniforms
from brink.model.tables import G, P, build_tables, input_matrix
from brink.scenario.schema import Scenario
from brink.vocabulary import (
    CAPITULATION,
    CAUSES,
    COLLAPSE,
    LIMITED,
    NUCLEAR,
    OUTCOMES,
    SETTLEMENT,
    STREAM_SETUP_MIXTURE,
    STREAM_SETUP_TYPES,
    WAR,
    WAR_ENDS,
    WAR_KINDS,
)

Mixture = Mapping[str, float]


@dataclass
class EpisodeColumns:
    """One row per episode, as named numpy columns (turned into Arrow/pandas by callers)."""

    columns: dict[str, np.ndarray]

    def __len__(self) -> int:
        return len(next(iter(self.columns.values())))


@dataclass(frozen=True)
class Matchup:
    """Which policy (or mixture of leader types) every seat plays."""

    mixtures: dict[str, dict[str, float]]

    def label(self, actor: str) -> str:
        """The policy (or ``a:0.7,b:0.3`` mixture) the actor plays."""
        return mixture_label(self.mixtures[actor])


def resolve_matchup(
    scenario: Scenario,
    policy: str | None = None,
    opponent: str | Mixture | None = None,
    others: Mapping[str, str | Mixture] | None = None,
) -> Matchup:
    """Every seat's policy mixture: the challenger plays ``policy``, the defender ``opponent``
    (a policy or a mixture), the rest their defaults unless ``others`` says otherwise."""
    if isinstance(opponent, str):
        opponent = parse_mixture(opponent)
    chosen: dict[str, str | Mixture | None] = {scenario.challenger: policy}
    chosen[scenario.defender] = opponent
    for actor, value in (others or {}).items():
        chosen[actor] = value
    mixtures: dict[str, dict[str, float]] = {}
    for actor in scenario.seats():
        given = chosen.get(actor)
        if given is None:
            mixture = scenario.default_mixture(actor)
        elif isinstance(given, str):
            mixture = {given: 1.0}
        else:
            mixture = dict(given)
        for name in mixture:
            _check_policy(scenario, actor, name)
        total = sum(mixture.values())
        if not mixture or abs(total - 1.0) > 1e-6 or any(w < 0 for w in mixture.values()):
            raise BrinkInputError(
                f"{scenario.id}: the mixture for {actor} must have weights >= 0 adding up to 1 "
                f"(got {', '.join(f'{k}:{v:g}' for k, v in mixture.items()) or 'none'})"
            )
        mixtures[actor] = mixture
    return Matchup(mixtures)


def parse_mixture(text: str) -> str | dict[str, float]:
    """``a`` → ``"a"``; ``a:0.7,b:0.3`` → ``{"a": 0.7, "b": 0.3}`` (an opponent mixture)."""
    if ":" not in text and "," not in text:
        return text.strip()
    mixture: dict[str, float] = {}
    for part in text.split(","):
        name, _, weight = part.partition(":")
        name = name.strip()
        try:
            mixture[name] = float(weight) if weight.strip() else float("nan")
        except ValueError:
            raise BrinkParameterError(
                "opponent",
                "expected POLICY or POLICY:WEIGHT,POLICY:WEIGHT "
                f"(weights adding up to 1), got weight {weight!r} for {name!r}",
                text,
            ) from None
        if not name or mixture[name] != mixture[name]:
            raise BrinkParameterError(
                "opponent",
                "expected POLICY or POLICY:WEIGHT,POLICY:WEIGHT (weights adding up to 1)",
                text,
            )
    return mixture


def mixture_label(mixture: Mapping[str, float]) -> str:
    """A mixture as text: the policy alone, or ``a:0.7,b:0.3``."""
    if len(mixture) == 1:
        return next(iter(mixture))
    return ",".join(f"{name}:{weight:g}" for name, weight in mixture.items())


def _check_policy(scenario: Scenario, actor: str, name: str) -> None:
    known = ", ".join(scenario.policies_for(actor)) or "none"
    if name not in scenario.policies:
        raise BrinkInputError(
            f"{scenario.id}: policy {name!r} does not exist (policies for {actor}: {known})"
        )
    if scenario.policies[name].actor != actor:
        raise BrinkInputError(
            f"{scenario.id}: policy {name!r} is for {scenario.policies[name].actor}, "
            f"not {actor} (policies for {actor}: {known})"
        )


def compiled_for(scenario: Scenario) -> Compiled:
    """The compiled arrays of a scenario (cached on the object: scenarios are immutable)."""
    cached = scenario.__dict__.get("_compiled")
    if cached is None or cached.scenario is not scenario:  # (a model_copy carries the dict)
        cached = compile_scenario(scenario)
        object.__setattr__(scenario, "_compiled", cached)
    return cached


def start_crisis(
    scenario: Scenario,
    matchup: Matchup,
    seed: int,
    draws: np.ndarray,
    replications: np.ndarray,
    fixed_inputs: dict[str, np.ndarray] | None = None,
    shared_streams: bool = False,
) -> Crisis:
    """Compile, sample inputs, draw leader types and private types, set the starting state.

    ``shared_streams``: every draw's replication r meets the same luck (streams keyed by
    replication only) — common random numbers across draws, for sensitivity designs.
    """
    keep_freed_memory()
    compiled = compiled_for(scenario)
    draws = np.asarray(draws, dtype=np.int64)
    replications = np.asarray(replications, dtype=np.int64)
    inputs: InputValues = sample_inputs(scenario, draw_keys(seed, draws), fixed_inputs)
    keys = episode_keys(seed, np.zeros_like(draws) if shared_streams else draws, replications)
    n, k = len(draws), compiled.k
    types = tuple(tuple(matchup.mixtures.get(actor, {})) for actor in compiled.actors)
    weights = tuple(
        np.array(list(matchup.mixtures.get(actor, {}).values()), dtype=float)
        for actor in compiled.actors
    )
    matrix = input_matrix(inputs, n)
    tables = build_tables(compiled, types, matrix, weights)
    state = BatchState.empty(n, k, len(compiled.table.ids))
    exponent = np.asarray(inputs["accidents.exponent"], dtype=float).reshape(-1, 1)
    state.friction_power[:] = np.power(compiled.table.friction[None, :], exponent / 2.0)
    crisis = Crisis(
        compiled=compiled,
        tables=tables,
        inputs=inputs,
        matrix=matrix,
        keys=keys,
        state=state,
        mixtures=types,
        mixture_weights=weights,
    )
    mixture_draw = uniforms(keys, STREAM_SETUP_MIXTURE, k)
    type_draw = uniforms(keys, STREAM_SETUP_TYPES, k)
    for i, actor in enumerate(compiled.actors):
        if len(weights[i]) > 1:
            cut = np.cumsum(weights[i])[:-1]
            state.policy[:, i] = np.searchsorted(cut, mixture_draw[:, i], side="right")
        if compiled.typed[i]:
            state.resolute[:, i] = type_draw[:, i] < inputs[f"actors.{actor}.resolve_prior"]
        for field, column in (("capability_start", "capability"), ("approval_start", "approval")):
            path = f"actors.{actor}.{field}"
            if path in inputs:
                getattr(state, column)[:, i] = inputs[path]
    for i in range(k):
        for j, actor in enumerate(compiled.actors):
            if i == j:
                continue
            if compiled.typed[j] and scenario.beliefs.private_resolve:
                state.belief[:, i, j] = inputs[f"actors.{actor}.resolve_prior"]
            else:
                state.belief[:, i, j] = state.resolute[:, j]
    for i in range(k):
        rules = fixed_rules(types[i], dict(scenario.policies), compiled.table)
        if rules:
            crisis.fixed[i] = rules  # type: ignore[assignment]
            for decider in rules.values():
                decider.start(crisis, i)
    return crisis


#: Episodes simulated at once when nobody watches the turns. Each pass's state and input
#: records (about 7 KB an episode) stay under glibc's 32 MiB mmap threshold, so the heap hands
#: the same memory to the next pass instead of the kernel zeroing fresh pages for every batch
#: (``engine/allocator.py``). Episodes never read each other: the columns are those of one pass.
PASS_EPISODES = 4096


def run_batch(
    scenario: Scenario,
    matchup: Matchup,
    seed: int,
    draws: np.ndarray,
    replications: np.ndarray,
    fixed_inputs: dict[str, np.ndarray] | None = None,
    on_turn: Callable[[Crisis, TurnRecord], None] | None = None,
    shared_streams: bool = False,
) -> EpisodeColumns:
    """Simulate every episode of the batch to its end or the horizon."""
    draws, replications = np.asarray(draws), np.asarray(replications)
    n = len(draws)
    if on_turn is None and n > PASS_EPISODES and _per_episode(fixed_inputs, n):
        passes = [
            _run_pass(
                scenario,
                matchup,
                seed,
                draws[start : start + PASS_EPISODES],
                replications[start : start + PASS_EPISODES],
                _rows(fixed_inputs, start, PASS_EPISODES),
                shared_streams,
            )
            for start in range(0, n, PASS_EPISODES)
        ]
        names = passes[0].columns
        return EpisodeColumns(
            {name: np.concatenate([p.columns[name] for p in passes]) for name in names}
        )
    return _run_pass(
        scenario, matchup, seed, draws, replications, fixed_inputs, shared_streams, on_turn
    )


def _per_episode(fixed_inputs: dict[str, np.ndarray] | None, n: int) -> bool:
    """Every given input is a column of the batch (so it can be cut into passes)."""
    return all(np.ndim(v) == 1 and len(v) == n for v in (fixed_inputs or {}).values())


def _rows(
    fixed_inputs: dict[str, np.ndarray] | None, start: int, count: int
) -> dict[str, np.ndarray] | None:
    if fixed_inputs is None:
        return None
    return {path: np.asarray(v)[start : start + count] for path, v in fixed_inputs.items()}


def _run_pass(
    scenario: Scenario,
    matchup: Matchup,
    seed: int,
    draws: np.ndarray,
    replications: np.ndarray,
    fixed_inputs: dict[str, np.ndarray] | None,
    shared_streams: bool,
    on_turn: Callable[[Crisis, TurnRecord], None] | None = None,
) -> EpisodeColumns:
    """Simulate one pass of episodes together: the compiled loop when nothing in Python runs
    between turns, else turn by turn."""
    crisis = start_crisis(
        scenario, matchup, seed, draws, replications, fixed_inputs, shared_streams
    )
    if on_turn is None and not crisis.fixed:
        # Nothing in Python between turns: the compiled loop plays each episode to its end.
        crisis.state.forced[:] = -1
        crisis.state.override[:] = -1
        kernel_cache.before_engine()
        kernel.play_episodes(
            crisis.tables,
            crisis.matrix.x,
            crisis.state.records,
            crisis.work,
            crisis.keys,
            1,
            scenario.horizon_turns,
        )
        crisis.turn = scenario.horizon_turns
        return finish(crisis, np.asarray(draws), np.asarray(replications))
    for _ in range(scenario.horizon_turns):
        record = play_turn(crisis, record=on_turn is not None)
        if on_turn is not None:
            assert record is not None
            on_turn(crisis, record)
        if not crisis.state.active.any():
            break
    return finish(crisis, np.asarray(draws), np.asarray(replications))


@njit(cache=True, error_model="numpy")
def _realised(tab, X, S, out):  # type: ignore[no-untyped-def]
    """Each actor's payoff (n, K): how its episode ended, plus the flows it lived through."""
    T = tab[0]
    for e in range(S.shape[0]):
        s = S[e]
        x = X[e].v
        outcome = s.outcome
        for k in range(T.k):
            value = values.av(T, x, k, P.PAY_UNRESOLVED, 0.0)
            if outcome == SETTLEMENT:
                value = values.av(T, x, k, P.PAY_SETTLEMENT, 0.0)
            elif outcome == CAPITULATION:
                value = values.pv(T.pay_capitulation, x, k, s.capitulator, 0.0)
            elif outcome == COLLAPSE:
                value = values.pv(T.pay_collapse, x, k, s.collapsed, 0.0)
            elif outcome == WAR:
                cost = values.war_cost(T, s, x, k, s.resolute[k] != 0)
                if s.war_kind == LIMITED:
                    cost *= values.gv(T, x, G.LIMITED_SHARE)
                elif s.war_kind == NUCLEAR:
                    cost *= values.gv(T, x, G.NUCLEAR_MULTIPLIER)
                won = s.winner_side >= 0 and s.winner_side == T.side[k]
                value = (values.av(T, x, k, P.STAKES, 0.0) if won else 0.0) - cost
            out[e, k] = value + s.flow_payoff[k]


def realised_payoffs(crisis: Crisis) -> np.ndarray:
    """Each actor's payoff from how its episode ended plus the flows it lived through (n, K)."""
    out = np.zeros((crisis.n, crisis.compiled.k))
    _realised(crisis.tables, crisis.matrix.x, crisis.state.records, out)
    return out


def finish(crisis: Crisis, draws: np.ndarray, replications: np.ndarray) -> EpisodeColumns:
    """Casualties, payoffs and the yardsticks of the seed analysis, one row per episode."""
    s = crisis.state
    force.at_horizon(s)
    c = crisis.compiled
    payoffs = realised_payoffs(crisis)
    names = np.asarray(("", *c.actors), dtype=object)
    challenger, defender = c.challenger, c.defender
    allies = [int(k) for k in c.members[0] if int(k) != challenger]
    cohesion = s.cohesion[:, allies].mean(axis=1) if allies else np.ones(s.n)
    types = np.asarray(crisis.mixtures[defender] or ("",), dtype=object)
    # What each declared column holds; its order and dtype come from the declaration.
    made: dict[str, np.ndarray] = {
        "draw": draws,
        "replication": replications,
        "outcome": np.asarray(OUTCOMES, dtype=object)[s.outcome],
        "war_kind": np.asarray(WAR_KINDS, dtype=object)[s.war_kind],
        # A cause belongs to a war: a clash cut short by a collapse or a capitulation has none.
        "war_cause": np.asarray(CAUSES, dtype=object)[np.where(s.outcome == WAR, s.war_cause, 0)],
        "war_end": np.asarray(WAR_ENDS, dtype=object)[s.war_end],
        "capitulator": names[s.capitulator.astype(np.int64) + 1],
        "collapsed": names[s.collapsed.astype(np.int64) + 1],
        "faded": s.faded,
        "opponent_type": types[s.policy[:, defender]],
        "challenger_type": np.asarray(crisis.mixtures[challenger] or ("",), dtype=object)[
            s.policy[:, challenger]
        ],
        "turns": s.turns,
        "violence": s.violence,
        "war_turns": s.war_turns,
        "casualties": s.casualties,
        "ally_casualties": s.casualties_by_actor[:, allies].sum(axis=1)
        if allies
        else np.zeros(s.n),
        "payoff_challenger": payoffs[:, challenger],
        "payoff_defender": payoffs[:, defender],
        "tests": s.missile_tests + s.nuclear_tests,
        "missile_tests": s.missile_tests,
        "nuclear_tests": s.nuclear_tests,
        "enforced_turns": s.enforced_turns,
        "approval": s.approval[:, challenger],
        "cohesion": cohesion,
        "capability": s.capability[:, defender],
        "strain": s.strain[:, defender],
        "stage": s.stage,
        "max_rung": s.max_rung,
        "clashes": s.clashes,
        "misreadings": s.misreadings,
        "empty_threats": s.empty_threats[:, challenger],
        "loose_nukes": s.loose_nukes,
        "resolute_challenger": s.resolute[:, challenger],
        "resolute_defender": s.resolute[:, defender],
    }
    declared = {column.name for column in EPISODE_COLUMNS}
    if set(made) != declared:
        raise AssertionError(
            "finish() and brink.columns disagree: made but not declared "
            f"{sorted(set(made) - declared)}, declared but not made {sorted(declared - set(made))}"
        )
    # astype copies, so no column is a view of the batch's state
    cols = {column.name: made[column.name].astype(column.dtype) for column in EPISODE_COLUMNS}
    for k in range(c.k):
        if k not in (challenger, defender):
            cols[f"{PAYOFF_PREFIX}{c.actors[k]}"] = payoffs[:, k]
    for path, values_ in crisis.inputs.sampled().items():
        cols[f"{INPUT_PREFIX}{path}"] = values_
    return EpisodeColumns(cols)
