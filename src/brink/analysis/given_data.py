"""Estimators on a run's own sample, for when no sensitivity design was run: the quintile
screen (a tornado) and first-order Sobol' indices by the binned correlation ratio.

Both take the per-draw output (P(war) per draw, averaged over policies) and the design (one
array per input, aligned with it) and return typed results; neither reads the store.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from brink.analysis.estimate import Estimate
from brink.analysis.intervals import bootstrap_interval

if TYPE_CHECKING:
    import pandas as pd

BOOTSTRAP = 200
#: Draws in each fifth of an input's range below which the quintile screen is called rough.
FEW_PER_FIFTH = 20
#: Draws below which the given-data Sobol' estimate is called rough.
FEW_DRAWS = 100


@dataclass(frozen=True)
class QuintileRow:
    """The output where one input was in the lowest and in the highest fifth of its sample."""

    path: str
    low: Estimate
    high: Estimate

    @property
    def span(self) -> float:
        return abs(self.high.value - self.low.value)


@dataclass(frozen=True)
class QuintileScreen:
    """Per input, the output in its lowest vs highest fifth; ``overall`` the mean output."""

    rows: tuple[QuintileRow, ...]
    overall: float
    draws: int

    def to_json(self) -> dict[str, Any]:
        return {
            "method": "quintiles",
            "draws": self.draws,
            "overall": self.overall,
            "inputs": [
                {"path": r.path, "low": r.low.to_json(), "high": r.high.to_json()}
                for r in self.rows
            ],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> QuintileScreen:
        return cls(
            rows=tuple(
                QuintileRow(r["path"], Estimate.from_json(r["low"]), Estimate.from_json(r["high"]))
                for r in data["inputs"]
            ),
            overall=data["overall"],
            draws=data["draws"],
        )

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame.from_records(
            [
                {
                    "path": r.path,
                    "low": r.low.value,
                    "low_lo": r.low.lo,
                    "low_hi": r.low.hi,
                    "high": r.high.value,
                    "high_lo": r.high.lo,
                    "high_hi": r.high.hi,
                    "span": r.span,
                }
                for r in self.rows
            ]
        )


def quintile_screen(y: np.ndarray, design: Mapping[str, np.ndarray]) -> QuintileScreen:
    """The output among draws with each input in the lowest and the highest fifth of its
    sampled range (other inputs vary too: a screening, not a controlled experiment)."""
    rows = []
    for path, x in design.items():
        lo_cut, hi_cut = np.quantile(x, [0.2, 0.8])
        rows.append(
            QuintileRow(
                path, Estimate.of_clusters(y[x <= lo_cut]), Estimate.of_clusters(y[x >= hi_cut])
            )
        )
    overall = float(np.mean(y)) if len(y) else math.nan
    return QuintileScreen(tuple(rows), overall, len(y))


@dataclass(frozen=True)
class FirstOrderIndices:
    """First-order variance shares per input (given-data estimate) with bootstrap intervals."""

    paths: tuple[str, ...]
    estimates: tuple[Estimate, ...]
    draws: int
    bins: int

    def to_json(self) -> dict[str, Any]:
        return {
            "method": "given-data",
            "draws": self.draws,
            "bins": self.bins,
            "inputs": [
                {"path": p, **e.to_json()} for p, e in zip(self.paths, self.estimates, strict=True)
            ],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FirstOrderIndices:
        return cls(
            paths=tuple(r["path"] for r in data["inputs"]),
            estimates=tuple(Estimate.from_json(r) for r in data["inputs"]),
            draws=data["draws"],
            bins=data["bins"],
        )

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame.from_records(
            [
                {"path": p, "S1": e.value, "S1_lo": e.lo, "S1_hi": e.hi}
                for p, e in zip(self.paths, self.estimates, strict=True)
            ]
        )


def correlation_ratio(y: np.ndarray, bins: np.ndarray, count: int, noise: float) -> np.ndarray:
    """Var(E[Y|bin]) / Var(Y) for each row of ``bins`` (inputs × draws), bias-corrected.

    ``noise`` is the variance the finite replications add to each per-draw mean: it is not
    due to any input, so it is removed from Var(Y).
    """
    n = len(y)
    total = float(np.var(y))
    signal = max(total - noise, 1e-300)
    out = np.empty(bins.shape[0])
    for i, b in enumerate(bins):
        sums = np.bincount(b, weights=y, minlength=count)
        sizes = np.bincount(b, minlength=count)
        means = np.divide(sums, sizes, out=np.zeros(count), where=sizes > 0)
        between = float(np.sum(sizes * (means - y.mean()) ** 2) / n)
        between -= (count - 1) / n * total  # what random bins would explain
        out[i] = between / signal
    return np.clip(out, 0.0, 1.0)


def given_data_sobol(
    y: np.ndarray, design: Mapping[str, np.ndarray], noise: float, seed: int = 0
) -> FirstOrderIndices:
    """First-order indices by the binned correlation ratio, with bootstrap 95% intervals."""
    paths = tuple(design)
    n = len(y)
    if n < 4 or not paths:
        zero = Estimate(0.0, 0.0, 0.0)
        return FirstOrderIndices(paths, tuple(zero for _ in paths), n, 0)
    count = int(max(2, min(20, round(n ** (1 / 3)))))
    bins = np.empty((len(paths), n), dtype=np.int64)
    for i, path in enumerate(paths):
        ranks = np.argsort(np.argsort(design[path], kind="stable"), kind="stable")
        bins[i] = ranks * count // n
    estimate = correlation_ratio(y, bins, count, noise)
    lo, hi = bootstrap_interval(
        lambda pick: correlation_ratio(y[pick], bins[:, pick], count, noise),
        n,
        resamples=BOOTSTRAP,
        seed=seed,
    )
    return FirstOrderIndices(
        paths,
        tuple(
            Estimate(float(e), float(a), float(b)) for e, a, b in zip(estimate, lo, hi, strict=True)
        ),
        n,
        count,
    )


def policy_average(per_draw: Mapping[str, Mapping[str, np.ndarray]], key: str) -> np.ndarray:
    """The per-draw value averaged over policies (every policy meets the same draws)."""
    stacked = np.vstack([v[key] for v in per_draw.values()])
    return stacked.mean(axis=0)


def replication_noise(p_war: list[np.ndarray], replications: int) -> float:
    """The variance finite replications add to the policy-averaged per-draw P(war)."""
    if not p_war or not len(p_war[0]):
        return 0.0
    k = max(1, len(p_war))
    reps = max(2, replications)
    return float(np.mean(sum(p * (1 - p) for p in p_war) / (k * k * (reps - 1))))
