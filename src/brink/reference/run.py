"""Run episodes of the reference and return them as the engine's episode columns.

``run_episodes(scenario, matchup, seed, draws, replications)`` gives, for each (draw,
replication), the row ``brink.engine.batch.finish`` gives for the same episode: same column
names, same inputs (sampled by ``brink.model.inputs.sample_inputs``), same random keys. Both
implementations therefore play the same episodes with the same luck, and can be compared row
for row as well as in distribution.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, cast

import numpy as np

from brink.model.compile import compile_scenario
from brink.model.inputs import sample_inputs
from brink.model.streams import draw_keys, episode_keys
from brink.reference.episode import Episode
from brink.reference.setting import Setting, build_setting
from brink.scenario.schema import Scenario

if TYPE_CHECKING:
    from brink.engine.batch import Matchup

Mixtures = Mapping[str, Mapping[str, float]]


def mixtures_of(matchup: Matchup | Mixtures) -> dict[str, dict[str, float]]:
    """Every seat's leader-type mixture, from a ``Matchup`` or a plain mapping."""
    raw = cast(Mixtures, getattr(matchup, "mixtures", matchup))
    return {actor: dict(mixture) for actor, mixture in raw.items()}


def episodes(
    scenario: Scenario,
    matchup: Matchup | Mixtures,
    seed: int,
    draws: Sequence[int] | np.ndarray,
    replications: Sequence[int] | np.ndarray,
) -> tuple[Setting, list[Episode], dict[str, np.ndarray]]:
    """The episodes, set up and not yet played, and the sampled inputs (for the columns)."""
    draws = np.asarray(draws, dtype=np.int64)
    replications = np.asarray(replications, dtype=np.int64)
    setting = build_setting(compile_scenario(scenario), mixtures_of(matchup))
    inputs = sample_inputs(scenario, draw_keys(seed, draws))
    keys = episode_keys(seed, draws, replications)
    columns = {path: inputs[path] for path in inputs.paths()}
    out = []
    for e in range(len(draws)):
        values = {
            path: float(value[e]) if isinstance(value, np.ndarray) else float(value)
            for path, value in columns.items()
        }
        out.append(Episode(setting, values, int(keys[e])))
    sampled = {path: v for path, v in columns.items() if isinstance(v, np.ndarray)}
    return setting, out, sampled


def run_episodes(
    scenario: Scenario,
    matchup: Matchup | Mixtures,
    seed: int,
    draws: Sequence[int] | np.ndarray,
    replications: Sequence[int] | np.ndarray,
) -> dict[str, np.ndarray]:
    """Play every (draw, replication) episode to its end and return one row per episode,
    with the column names of ``brink.engine.batch.finish``."""
    setting, played, sampled = episodes(scenario, matchup, seed, draws, replications)
    for episode in played:
        episode.play()
    return columns(setting, played, np.asarray(draws), np.asarray(replications), sampled)


def columns(
    setting: Setting,
    played: list[Episode],
    draws: np.ndarray,
    replications: np.ndarray,
    sampled: dict[str, np.ndarray],
) -> dict[str, np.ndarray]:
    """The episode table of played episodes (the engine's columns, in its order)."""
    names = setting.compiled.actors
    c, d = setting.challenger, setting.defender
    allies = [m for m in setting.members[0] if m != c]

    def col(get, dtype=None) -> np.ndarray:  # type: ignore[no-untyped-def]
        return np.array([get(e) for e in played], dtype=dtype)

    def name_of(index: int) -> str:
        return names[index] if index >= 0 else ""

    payoffs = [e.realised_payoffs() for e in played]
    defender_types = [doctrine.name for doctrine in setting.actors[d].doctrines] or [""]
    challenger_types = [doctrine.name for doctrine in setting.actors[c].doctrines] or [""]
    out: dict[str, np.ndarray] = {
        "draw": draws.astype(np.int64),
        "replication": replications.astype(np.int64),
        "outcome": col(lambda e: e.outcome, object),
        "war_kind": col(lambda e: e.war_kind, object),
        "war_cause": col(lambda e: e.war_cause if e.outcome == "war" else "none", object),
        "war_end": col(lambda e: e.war_end, object),
        "capitulator": col(lambda e: name_of(e.capitulator), object),
        "collapsed": col(lambda e: name_of(e.collapsed), object),
        "faded": col(lambda e: e.faded, np.bool_),
        "opponent_type": col(lambda e: defender_types[e.actors[d].doctrine_index], object),
        "challenger_type": col(lambda e: challenger_types[e.actors[c].doctrine_index], object),
        "turns": col(lambda e: e.turns, np.int32),
        "violence": col(lambda e: e.violence, np.int8),
        "war_turns": col(lambda e: e.war_turns, np.int32),
        "casualties": col(lambda e: e.casualties, float),
        "ally_casualties": col(lambda e: sum(e.actors[m].casualties for m in allies), float),
        "payoff_challenger": np.array([p[c] for p in payoffs], dtype=float),
        "payoff_defender": np.array([p[d] for p in payoffs], dtype=float),
        "tests": col(lambda e: e.missile_tests + e.nuclear_tests, np.int32),
        "missile_tests": col(lambda e: e.missile_tests, np.int32),
        "nuclear_tests": col(lambda e: e.nuclear_tests, np.int32),
        "enforced_turns": col(lambda e: e.enforced_turns, np.int32),
        "approval": col(lambda e: e.challenger.approval, float),
        "cohesion": col(
            lambda e: float(np.mean([e.actors[m].cohesion for m in allies])) if allies else 1.0,
            float,
        ),
        "capability": col(lambda e: e.defender.capability, float),
        "strain": col(lambda e: e.defender.strain, float),
        "stage": col(lambda e: e.stage, np.int8),
        "max_rung": col(lambda e: e.max_rung, np.int8),
        "clashes": col(lambda e: e.clashes, np.int32),
        "misreadings": col(lambda e: e.misreadings, np.int32),
        "empty_threats": col(lambda e: e.challenger.empty_threats, np.int32),
        "loose_nukes": col(lambda e: e.loose_nukes, bool),
        "resolute_challenger": col(lambda e: e.challenger.resolute, bool),
        "resolute_defender": col(lambda e: e.defender.resolute, bool),
    }
    for k, name in enumerate(names):
        if k not in (c, d):
            out[f"payoff:{name}"] = np.array([p[k] for p in payoffs], dtype=float)
    for path, values in sampled.items():
        out[f"input:{path}"] = values
    return out
