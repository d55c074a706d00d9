"""Interval estimates for the figures Brink prints: every probability carries one.

The one home of Brink's intervals of a mean, a proportion and a quantile, and of the percentile
bootstrap the report's estimators use. Each returns plain floats; :class:`~brink.analysis.
estimate.Estimate` is the one shape they are handed around in.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

Z95 = 1.959963984540054
#: The rounded 95% quantile that the backtest's yardsticks and the games' spreads print with;
#: kept as it was so that their numbers do not move.
Z95_ROUNDED = 1.96


def wilson(successes: int, trials: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion (Wilson 1927; Brown, Cai & DasGupta 2001).

    Preferred to the normal (Wald) interval: it stays inside [0, 1] and keeps its coverage for
    rare events such as nuclear war.
    """
    if trials <= 0:
        return (0.0, 1.0)
    p = successes / trials
    denominator = 1.0 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    lo = 0.0 if successes == 0 else max(0.0, centre - half)
    hi = 1.0 if successes == trials else min(1.0, centre + half)
    return (lo, hi)


def student_quantile(dof: int, level: float = 0.95) -> float:
    """The two-sided ``level`` quantile of Student's t with ``dof`` degrees of freedom."""
    from scipy.special import stdtrit

    return float(stdtrit(dof, 0.5 + level / 2))


def mean_interval(
    values: np.ndarray,
    z: float = Z95,
    *,
    single: float = 0.0,
    t_level: float | None = None,
) -> tuple[float, float, float]:
    """Mean with a normal-approximation 95% interval (large samples): mean ± z·s/√n.

    ``single`` is the half-width for one value: 0 (a point, for a mean of episodes) or NaN
    (unknown, for a mean of per-draw means where one draw says nothing about the spread).
    ``t_level`` replaces z by Student's t quantile at that level with n − 1 degrees of
    freedom (the duels' few repetitions).
    """
    n = len(values)
    if n == 0:
        return (math.nan, math.nan, math.nan)
    mean = float(np.mean(values))
    if n == 1:
        return (mean, mean - single, mean + single)
    quantile = z if t_level is None else student_quantile(n - 1, t_level)
    half = quantile * float(np.std(values, ddof=1)) / math.sqrt(n)
    return (mean, mean - half, mean + half)


def cluster_interval(per_unit: np.ndarray, z: float = Z95) -> tuple[float, float, float]:
    """Cluster-robust mean and 95% interval: the per-draw means are the independent units
    (episodes of a draw share its inputs; Cameron & Miller 2015). One draw: no interval."""
    return mean_interval(np.asarray(per_unit), z, single=math.nan)


def quantile_interval(values: np.ndarray, q: float, z: float = Z95) -> tuple[float, float, float]:
    """A quantile with its distribution-free 95% interval from binomial order statistics."""
    n = len(values)
    if n == 0:
        return (math.nan, math.nan, math.nan)
    ordered = np.sort(values)
    half = z * math.sqrt(n * q * (1 - q))
    lo = int(max(0, math.floor(n * q - half)))
    hi = int(min(n - 1, math.ceil(n * q + half)))
    return (float(np.quantile(ordered, q)), float(ordered[lo]), float(ordered[hi]))


def bootstrap_interval(
    statistic: Callable[[np.ndarray], np.ndarray],
    n: int,
    *,
    resamples: int,
    seed: int,
    level: float = 0.95,
) -> tuple[np.ndarray, np.ndarray]:
    """Percentile bootstrap: ``statistic(rows)`` on ``resamples`` draws of ``n`` rows with
    replacement; returns the (lo, hi) quantiles of each component."""
    rng = np.random.default_rng(seed)
    first = np.asarray(statistic(rng.integers(0, n, n)))
    boot = np.empty((resamples, *first.shape))
    boot[0] = first
    for k in range(1, resamples):
        boot[k] = statistic(rng.integers(0, n, n))
    tail = (1 - level) / 2
    lo, hi = np.quantile(boot, [tail, 1 - tail], axis=0)
    return lo, hi
