"""Summaries of episode tables: outcome probabilities with intervals, and the yardsticks.

Every probability is an estimate over the episodes run, with a 95% Wilson interval; every mean
a 95% normal interval. The caller states what the figures are conditional on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from brink.analysis.estimate import Estimate
from brink.analysis.intervals import mean_interval, quantile_interval, wilson
from brink.vocabulary import REPORTED_CAUSES as WAR_CAUSES
from brink.vocabulary import REPORTED_OUTCOMES as OUTCOMES
from brink.vocabulary import REPORTED_WAR_KINDS as WAR_KINDS

if TYPE_CHECKING:
    from brink.simulation import RunEpisodes


def _r(x: float, digits: int = 4) -> float:
    return float(round(x, digits))


def proportion(hits: np.ndarray) -> dict[str, float]:
    """{p, lo, hi} for a boolean column."""
    n = len(hits)
    k = int(np.count_nonzero(hits))
    lo, hi = wilson(k, n)
    # p is left unrounded so that the outcome probabilities sum to 1 (and causes to war).
    return Estimate(k / n if n else 0.0, _r(lo), _r(hi), key="p").to_json()


def mean_of(values: np.ndarray, digits: int = 4) -> dict[str, float]:
    e = Estimate.of_mean(values)
    return Estimate(_r(e.value, digits), _r(e.lo, digits), _r(e.hi, digits)).to_json()


def _quantile_bounds(values: np.ndarray) -> dict[str, float | None]:
    """The 95% intervals (order statistics) of the median and 95th percentile of ``values``:
    keys p50_lo, p50_hi, p95_lo, p95_hi (None without values)."""
    out: dict[str, float | None] = {}
    for name, q in (("p50", 0.5), ("p95", 0.95)):
        if len(values):
            _, lo, hi = quantile_interval(values, q)
            out[f"{name}_lo"], out[f"{name}_hi"] = _r(float(lo), 1), _r(float(hi), 1)
        else:
            out[f"{name}_lo"] = out[f"{name}_hi"] = None
    return out


def summarise_episodes(run: RunEpisodes) -> dict[str, Any]:
    """The JSON object `brink run --json` prints (deterministic: no timings)."""
    scenario = run.scenario
    seats = (scenario.challenger, scenario.defender)
    weights = run.extra.get("opponent_mixture", {})
    return {
        "scenario": scenario.id,
        "seed": run.seed,
        "episodes": run.episodes,
        "opponent": run.opponent,
        "conditional_on": {
            "scenario_file": run.loaded.origin,
            "scenario_sha256": run.loaded.sha256,
            "overrides": list(run.loaded.overrides),
            "inputs": "uncertain inputs drawn per episode from the scenario's distributions",
            "horizon_turns": scenario.horizon_turns,
            "turn_days": scenario.turn_days,
            "interval": "95% (Wilson for probabilities, normal for means)",
            "opponent": run.opponent,
            "calibration": run.loaded.calibration,
        },
        "results": [
            summarise_policy(policy, cols, seats, weights, scenario.horizon_turns)
            for policy, cols in run.columns.items()
        ],
    }


def summarise_policy(
    policy: str,
    columns: dict[str, np.ndarray],
    seats: tuple[str, str],
    opponent_mixture: dict[str, float] | None = None,
    horizon_turns: int | None = None,
) -> dict[str, Any]:
    """The per-policy block of `brink run --json`; with an opponent mixture, ``by_opponent``
    gives each leader type's weight and outcomes (conditional on that type)."""
    block = _summarise(policy, columns, seats, horizon_turns)
    if opponent_mixture and "opponent_type" in columns:
        kind = columns["opponent_type"]
        block["by_opponent"] = {
            name: {
                "weight": weight,
                "episodes": int(np.count_nonzero(kind == name)),
                **(
                    _outcomes(_select(columns, kind == name), seats) if np.any(kind == name) else {}
                ),
            }
            for name, weight in opponent_mixture.items()
        }
    return block


def still_running(columns: dict[str, np.ndarray]) -> np.ndarray:
    """Episodes unresolved at the horizon: unresolved and not faded before it (``faded`` may
    be missing from columns stored before fading existed)."""
    outcome = np.asarray(columns["outcome"])
    faded = np.asarray(columns.get("faded", np.zeros(len(outcome), dtype=bool)), dtype=bool)
    return (outcome == "unresolved") & ~faded


def _select(columns: dict[str, np.ndarray], mask: np.ndarray) -> dict[str, np.ndarray]:
    return {name: values[mask] for name, values in columns.items()}


def _outcomes(columns: dict[str, np.ndarray], seats: tuple[str, str]) -> dict[str, Any]:
    outcome = columns["outcome"]
    war = outcome == "war"
    return {
        "outcomes": {name: proportion(outcome == name) for name in OUTCOMES},
        "war_kinds": {k: proportion(war & (columns["war_kind"] == k)) for k in WAR_KINDS},
        "war_causes": {c: proportion(war & (columns["war_cause"] == c)) for c in WAR_CAUSES},
        "capitulation_by": {seat: proportion(columns["capitulator"] == seat) for seat in seats},
    }


def _summarise(
    policy: str,
    columns: dict[str, np.ndarray],
    seats: tuple[str, str],
    horizon_turns: int | None,
) -> dict[str, Any]:
    outcome = columns["outcome"]
    n = len(outcome)
    war = outcome == "war"
    casualties = np.asarray(columns["casualties"], dtype=float)
    turns = columns["turns"]
    ended = ~still_running(columns)  # a crisis that faded ended before the horizon
    faded = (outcome == "unresolved") & ended
    median, median_lo, median_hi = quantile_interval(turns, 0.5)
    war_casualties = casualties[war]
    block: dict[str, Any] = {
        "policy": policy,
        "episodes": n,
        **_outcomes(columns, seats),
        # Unresolved crises that ended before the horizon (fading.enabled; 0 when it is off).
        "faded": proportion(faded),
        "casualties": {
            "mean": _r(float(casualties.mean()), 1),
            "mean_lo": _r(mean_interval(casualties)[1], 1),
            "mean_hi": _r(mean_interval(casualties)[2], 1),
            "p50": _r(float(np.quantile(casualties, 0.5)), 1),
            "p95": _r(float(np.quantile(casualties, 0.95)), 1),
            **_quantile_bounds(casualties),
        },
        "casualties_given_war": {
            "mean": _r(float(war_casualties.mean()), 1) if len(war_casualties) else None,
            "p50": _r(float(np.quantile(war_casualties, 0.5)), 1) if len(war_casualties) else None,
            "p95": _r(float(np.quantile(war_casualties, 0.95)), 1) if len(war_casualties) else None,
            **_quantile_bounds(war_casualties),
        },
        "median_turns": {"value": float(median), "lo": float(median_lo), "hi": float(median_hi)},
        "median_turns_to_end_given_ended": (
            float(np.median(turns[ended])) if ended.any() else None
        ),
        # Its 95% interval (order statistics), beside the figure, which stays as it was.
        "median_turns_to_end_given_ended_interval": (
            dict(
                zip(("lo", "hi"), map(float, quantile_interval(turns[ended], 0.5)[1:]), strict=True)
            )
            if ended.any()
            else None
        ),
        "turns": int(np.sum(turns)),
        "yardsticks": {
            "tests": mean_of(columns["tests"], 2),
            **{
                name: {**mean_of(columns[name], 2), "per": f"{horizon_turns} turns"}
                for name in ("nuclear_tests", "missile_tests")
                if name in columns
            },
            "third_party_enforced": proportion(columns["enforced_turns"] > 0),
            "third_party_enforced_turns": mean_of(columns["enforced_turns"], 2),
            "approval": mean_of(columns["approval"]),
            "alliance_cohesion": mean_of(columns["cohesion"]),
            "capability": mean_of(columns["capability"]),
            "loose_nukes": proportion(columns["loose_nukes"]),
            "clashes": mean_of(columns["clashes"], 3),
        },
        "payoff": {
            seats[0]: mean_of(columns["payoff_challenger"]),
            seats[1]: mean_of(columns["payoff_defender"]),
        },
    }
    return block
