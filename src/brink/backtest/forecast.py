"""Forecast a case: simulate its episodes and turn them into an outcome distribution.

Every seat plays its default policy (a mixture of leader types where the case gives one); the
forecast pools the episodes over the defender's mixture with the mixture's own weights
(stratified: each type's category shares, weighted by its prior probability, so the luck of
which type an episode drew does not enter). An episode still going at the horizon is
``unresolved`` (a war still under way is a war). Durations are kept for the yardsticks.

``scales`` multiplies global parameters by a factor per episode — exactly what a calibration
file with those scales does to the scenario (``calibration.scaled_param``) — so the
calibration's design can reuse one loaded scenario at every design point with common random
numbers (the same draws, the same streams).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from brink.analysis.summary import still_running
from brink.backtest.outcomes import CATEGORIES, engine_categories
from brink.scenario.schema import Scenario

#: Episodes simulated in one batch (memory stays small; results do not depend on it).
BATCH = 5_000
#: Upper ends (days) of the duration bands the calibration fits to; a last band holds the
#: episodes still running at the horizon.
DURATION_BANDS: tuple[float, ...] = (30.0, 90.0)
#: The bands: within 30 days, within 90, later before the horizon, still running at it.
BAND_COUNT = len(DURATION_BANDS) + 2
RUNNING = BAND_COUNT - 1


def duration_band(days: float) -> int:
    """The band of a crisis that ended after ``days``: within 30 days, within 90, later."""
    return int(np.searchsorted(DURATION_BANDS, days, side="left"))


@dataclass(frozen=True)
class Simulated:
    """The few columns of a case's episodes the backtest needs."""

    codes: np.ndarray  # category index per episode
    weights: np.ndarray  # pooling weight per episode (sums to 1)
    days: np.ndarray  # days from the start to the end (the horizon when unresolved)
    ended: np.ndarray  # bool: the episode ended before the horizon
    types: np.ndarray  # the defender's leader type per episode
    missile_tests: np.ndarray
    nuclear_tests: np.ndarray

    def forecast(self) -> dict[str, float]:
        """Category -> probability, pooled over the defender's mixture."""
        totals = np.bincount(self.codes, weights=self.weights, minlength=len(CATEGORIES))
        totals = totals / totals.sum()
        return {c: float(totals[i]) for i, c in enumerate(CATEGORIES)}

    def counts(self) -> np.ndarray:
        """Weighted category counts scaled to the number of episodes (for the surrogate)."""
        totals = np.bincount(self.codes, weights=self.weights, minlength=len(CATEGORIES))
        return totals / totals.sum() * len(self.codes)

    def band_counts(self) -> np.ndarray:
        """Weighted counts of the duration bands (ended within 30 days, within 90, later
        within the horizon, still running at it), scaled as ``counts``."""
        ended_in = np.searchsorted(DURATION_BANDS, self.days, side="left")
        bands = np.where(self.ended, ended_in, RUNNING)
        totals = np.bincount(bands, weights=self.weights, minlength=BAND_COUNT)
        return totals / totals.sum() * len(self.codes)

    def by_type(self) -> dict[str, dict[str, float]]:
        out: dict[str, dict[str, float]] = {}
        for t in sorted(set(self.types.tolist())):
            mask = self.types == t
            shares = np.bincount(self.codes[mask], minlength=len(CATEGORIES)) / mask.sum()
            out[str(t)] = {c: float(shares[i]) for i, c in enumerate(CATEGORIES)}
        return out


def _pool_weights(scenario: Scenario, types: np.ndarray) -> np.ndarray:
    """Each episode's weight: its type's prior weight over the number of episodes of the type."""
    mixture = scenario.default_mixture(scenario.defender)
    weights = np.zeros(len(types))
    present = {t: int((types == t).sum()) for t in set(types.tolist())}
    total = sum(mixture.get(t, 0.0) for t in present) or 1.0
    for t, count in present.items():
        prior = mixture.get(t, 1.0 if len(mixture) <= 1 else 0.0)
        weights[types == t] = prior / total / count
    if weights.sum() <= 0:
        weights[:] = 1.0
    return weights / weights.sum()


def _scaled_inputs(
    scenario: Scenario, seed: int, draws: np.ndarray, scales: Mapping[str, float]
) -> dict[str, np.ndarray]:
    """The per-episode values of the scaled globals: the draw each would get, times its scale."""
    from brink.model.inputs import param_table, stream_of
    from brink.model.streams import INPUT_STREAM, draw_keys, uniforms

    table = param_table(scenario)
    keys = draw_keys(seed, draws)
    out = {}
    for path, scale in scales.items():
        param = table[path]
        if param.uncertain:
            u = uniforms(keys, INPUT_STREAM + stream_of(path), 1)[:, 0]
            base = np.asarray(param.quantile(u), dtype=float)
        else:
            base = np.full(len(draws), param.nominal)
        out[path] = base * float(scale)
    return out


def simulate(
    scenario: Scenario,
    episodes: int,
    seed: int,
    scales: Mapping[str, float] | None = None,
    start: int = 0,
    policy: str | None = None,
) -> Simulated:
    """Simulate episodes [start, start + episodes) of the case with every seat's default (or
    the challenger playing ``policy``)."""
    from brink.executors.local import InProcessExecutor
    from brink.experiments.execute import run_in_memory
    from brink.experiments.tasks import Task

    tasks = []
    for first in range(start, start + episodes, BATCH):
        stop = min(first + BATCH, start + episodes)
        draws = np.arange(first, stop, dtype=np.int64)
        fixed = _scaled_inputs(scenario, seed, draws, scales) if scales else None
        tasks.append(Task(scenario, policy, None, seed, first, stop, inputs=fixed, columns="kept"))
    # In this process: a forecast is itself one task of the backtest's pool (one per case).
    cols = run_in_memory(tasks, InProcessExecutor())[policy]
    joined = {
        "codes": engine_categories(
            cols["outcome"],
            challenger=scenario.challenger,
            defender=scenario.defender,
            war_kind=cols["war_kind"],
            capitulator=cols["capitulator"],
            collapsed=cols["collapsed"],
        ),
        "turns": cols["turns"],
        "outcome": cols["outcome"],
        "war_end": cols["war_end"],
        "faded": cols["faded"],
        "types": cols["opponent_type"],
        "missile_tests": cols["missile_tests"],
        "nuclear_tests": cols["nuclear_tests"],
    }
    # A crisis that faded ended unresolved before the horizon (ICB: a step down, or faded).
    ended = ~still_running(joined) & (joined["war_end"] != "horizon")
    types = np.asarray(joined["types"], dtype=object)
    return Simulated(
        codes=joined["codes"],
        weights=_pool_weights(scenario, types),
        days=joined["turns"].astype(float) * scenario.turn_days,
        ended=ended,
        types=types,
        missile_tests=joined["missile_tests"],
        nuclear_tests=joined["nuclear_tests"],
    )


# ----------------------------------------------------------------- worker tasks (picklable)


@dataclass(frozen=True)
class CaseTask:
    """Simulate one case file (loaded in the worker) at one point of global scales."""

    path: str
    calibration: str | None
    episodes: int
    seed: int
    scales: tuple[tuple[str, float], ...] = ()
    overrides: tuple[str, ...] = ()  # --set, applied to every case


@functools.lru_cache(maxsize=64)
def _scenario(path: str, calibration: str | None, overrides: tuple[str, ...] = ()) -> Scenario:
    from brink.scenario.loader import load

    return load(path, overrides, calibration=calibration).scenario


def run_task(task: CaseTask) -> Simulated:
    """Worker entry point: load the case once per process, simulate, return the columns."""
    scenario = _scenario(task.path, task.calibration, task.overrides)
    return simulate(scenario, task.episodes, task.seed, dict(task.scales) or None)
