"""The inert-input screen: does each input of a scenario move an outcome?

For every numeric input, two arms of the same episodes are simulated with the input set low
and high and everything else identical — the same sampled values of all other inputs and the
same random streams (common random numbers) — so the paired difference of each main outcome
is the input's effect alone. Arms: an uncertain input at its 5th and 95th percentiles; a fixed
one at half and one and a half times its value (kept within [0, 1] for shares).

An input is *inert* when it changes no main outcome in any episode (common random numbers make
"no change" exact, not a matter of noise) — unless the scenario declares it ``reporting: true``
(it only feeds a reported figure) or it is a global parameter of a mechanism this scenario
does not have (say, sanctions' strain where no actor holds a share of another's trade).
*Distinguishable* means the largest change is beyond simulation noise (|z| > 4). A policy's
inputs are screened with that policy played; everything else under the matchup given.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace

import numpy as np

from brink.engine.batch import Matchup, resolve_matchup, run_batch
from brink.model.inputs import param_table, sample_inputs
from brink.model.streams import draw_keys
from brink.scenario.params import Param
from brink.scenario.schema import Scenario

#: |z| above which a paired difference counts as distinguishable from noise (about a 1%
#: family-wise error over a few hundred inputs × outcomes, Bonferroni).
Z_DISTINGUISHABLE = 4.0


@dataclass(frozen=True)
class InputEffect:
    """One input's screen: its arms and its largest standardised effect on a main outcome."""

    input: str
    reporting: bool
    low: float
    high: float
    effect: float  # largest |Δ mean| / sd of a main outcome (positive or negative)
    outcome: str  # the outcome it moves most
    z: float  # that paired difference over its standard error
    distinguishable: bool
    changed: float  # share of episodes in which some main outcome changed
    applies: bool = True  # False: a global parameter of a mechanism the scenario lacks

    def to_json(self) -> dict[str, object]:
        return {
            **asdict(self),
            "effect": round(self.effect, 4),
            "z": round(self.z, 2) if math.isfinite(self.z) else self.z,
        }


def main_outcomes(columns: dict[str, np.ndarray], scenario: Scenario) -> dict[str, np.ndarray]:
    """The outcomes the screen looks at, per episode."""
    outcome = columns["outcome"]
    return {
        "war": (outcome == "war").astype(float),
        "settlement": (outcome == "settlement").astype(float),
        f"{scenario.challenger} backs down": (columns["capitulator"] == scenario.challenger).astype(
            float
        ),
        f"{scenario.defender} backs down": (columns["capitulator"] == scenario.defender).astype(
            float
        ),
        "collapse": (outcome == "collapse").astype(float),
        "turns": columns["turns"].astype(float),
        "tests": columns["tests"].astype(float),
        "casualties": np.log1p(columns["casualties"]),
        "ally casualties": np.log1p(columns["ally_casualties"]),
        "approval": columns["approval"].astype(float),
        "cohesion": columns["cohesion"].astype(float),
        "third party enforces": (columns["enforced_turns"] > 0).astype(float),
    }


def arms(param: Param) -> tuple[float, float]:
    """The low and high values an input is screened at."""
    if param.uncertain:
        low, high = param.quantile(np.array([0.05, 0.95]))
        return float(low), float(high)
    value = param.nominal
    if value == 0.0:
        return -0.5, 0.5
    low, high = 0.5 * value, 1.5 * value
    if 0.0 <= value <= 1.0:
        high = min(high, 1.0)
    return low, high


def screen(
    scenario: Scenario,
    policy: str | None = None,
    *,
    episodes: int = 2000,
    seed: int = 0,
    paths: Sequence[str] | None = None,
) -> list[InputEffect]:
    """Screen the scenario's inputs (all of them, or ``paths``): a policy's own inputs with
    that policy played, the rest with the challenger playing ``policy`` (its default when
    None) against the scenario's default mixtures."""
    table = param_table(scenario)
    chosen = list(paths) if paths is not None else list(table)
    groups: dict[str, list[str]] = {}
    for path in chosen:
        owner = path.split(".")[1] if path.startswith("policies.") else ""
        groups.setdefault(owner, []).append(path)
    inapplicable = inapplicable_globals(scenario)
    results: dict[str, InputEffect] = {}
    for owner, group in groups.items():
        if owner:
            actor = scenario.policies[owner].actor
            matchup = resolve_matchup(scenario, policy, others={actor: owner})
        else:
            matchup = resolve_matchup(scenario, policy)
        for view, paths in _by_switch(scenario, group):
            for effect in _screen(view, matchup, episodes, seed, paths, table):
                results[effect.input] = effect
    # An input that changed nothing under the given policy may act under another doctrine of
    # the challenger (Japan's cohesion loss needs a doctrine that does not consult): try them.
    if policy is None:
        for other in scenario.policies_for(scenario.challenger):
            quiet = [
                p for p, e in results.items() if e.changed == 0 and not p.startswith("policies.")
            ]
            if not quiet:
                break
            matchup = resolve_matchup(scenario, other)
            for view, paths in _by_switch(scenario, quiet):
                for effect in _screen(view, matchup, episodes, seed, paths, table):
                    if effect.changed > 0:
                        results[effect.input] = effect
    for path in inapplicable & set(results):
        results[path] = replace(results[path], applies=False)
    return [results[path] for path in chosen]


def _by_switch(scenario: Scenario, paths: Sequence[str]) -> list[tuple[Scenario, list[str]]]:
    """Group inputs by the scenario they must be screened in: an input of a switched-off
    channel is screened with the channel switched on (its effect when it exists)."""
    groups: dict[str, list[str]] = {}
    for path in paths:
        parts = path.split(".")
        off = parts[0] == "channels" and not scenario.channels[parts[1]].enabled
        groups.setdefault(parts[1] if off else "", []).append(path)
    out = []
    for channel, members in groups.items():
        view = scenario
        if channel:
            channels = dict(scenario.channels)
            channels[channel] = channels[channel].model_copy(update={"enabled": True})
            view = scenario.model_copy(update={"channels": channels})
        out.append((view, members))
    return out


def inapplicable_globals(scenario: Scenario) -> set[str]:
    """Global parameters of mechanisms the scenario's structure does not have."""
    actors = scenario.actors.values()
    out: set[str] = set()
    if not any(a.trade for a in actors):
        out |= {"sanctions.strain_half_life_days", "sanctions.step"}
    if not any(a.cohesion_loss is not None for a in actors):
        out |= {"alliance.war_cost_factor", "alliance.recovery_days"}
    if not any(a.side is not None and a.side != k for k, a in scenario.actors.items()):
        out |= {"alliance.care", "alliance.value"}
    return out


def _screen(
    scenario: Scenario,
    matchup: Matchup,
    episodes: int,
    seed: int,
    chosen: list[str],
    table: dict[str, Param],
) -> list[InputEffect]:
    draws = np.arange(episodes, dtype=np.int64)
    base = sample_inputs(scenario, draw_keys(seed, draws))
    # One batch: for input i, rows [2i·N, (2i+1)·N) are its low arm, the next N its high arm;
    # every arm repeats the same N draws (same streams, same other inputs).
    rows = len(chosen) * 2 * episodes
    fixed: dict[str, np.ndarray] = {
        path: np.tile(
            np.broadcast_to(np.asarray(base[path], dtype=float), (episodes,)), 2 * len(chosen)
        )
        for path in table
    }
    values = []
    for i, path in enumerate(chosen):
        low, high = arms(table[path])
        values.append((low, high))
        start = 2 * i * episodes
        fixed[path][start : start + episodes] = low
        fixed[path][start + episodes : start + 2 * episodes] = high
    all_draws = np.tile(draws, 2 * len(chosen))
    columns = run_batch(
        scenario, matchup, seed, all_draws, np.zeros(rows, dtype=np.int64), fixed
    ).columns
    outcomes = main_outcomes(columns, scenario)
    results = []
    for i, path in enumerate(chosen):
        start = 2 * i * episodes
        low_rows = slice(start, start + episodes)
        high_rows = slice(start + episodes, start + 2 * episodes)
        best = ("", 0.0, 0.0)
        changed = np.zeros(episodes, dtype=bool)
        for name, per_episode in outcomes.items():
            a, b = per_episode[low_rows], per_episode[high_rows]
            spread = float(np.std(np.concatenate([a, b])))
            diff = b - a
            changed |= diff != 0
            mean = float(diff.mean())
            se = float(diff.std(ddof=1)) / math.sqrt(episodes) if episodes > 1 else 0.0
            z = mean / se if se > 0 else (0.0 if mean == 0 else math.inf)
            effect = mean / spread if spread > 0 else 0.0
            if abs(z) > abs(best[2]) or (best[0] == "" and abs(effect) > 0):
                best = (name, effect, z)
        name, effect, z = best
        results.append(
            InputEffect(
                input=path,
                reporting=table[path].reporting,
                low=values[i][0],
                high=values[i][1],
                effect=effect,
                outcome=name,
                z=z,
                distinguishable=abs(z) > Z_DISTINGUISHABLE,
                changed=float(changed.mean()),
            )
        )
    return results


def inert(effects: Sequence[InputEffect]) -> list[InputEffect]:
    """Inputs that change nothing, are not reporting-only, and can act in the scenario."""
    return [e for e in effects if e.changed == 0 and not e.reporting and e.applies]
