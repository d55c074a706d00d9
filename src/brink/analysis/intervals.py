"""Interval estimates for the figures Brink prints: every probability carries one."""

from __future__ import annotations

import math

import numpy as np

Z95 = 1.959963984540054


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


def mean_interval(values: np.ndarray, z: float = Z95) -> tuple[float, float, float]:
    """Mean with a normal-approximation 95% interval (large samples)."""
    n = len(values)
    if n == 0:
        return (math.nan, math.nan, math.nan)
    mean = float(np.mean(values))
    if n == 1:
        return (mean, mean, mean)
    half = z * float(np.std(values, ddof=1)) / math.sqrt(n)
    return (mean, mean - half, mean + half)


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
