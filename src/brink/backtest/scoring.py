"""Scores of categorical forecasts, vectorised over cases (pure numpy/scipy).

Conventions: ``p`` is an (n, K) array of forecast probabilities over ``outcomes.CATEGORIES``
(rows sum to 1); ``y`` is an (n,) array of observed category indices. Every score is
negatively oriented (lower is better, 0 is a perfect forecast), one value per case; summaries
average over cases. Formulas and references are in docs/backtest.md ("Scores").

These are a few lines each, so they are written here rather than taken from ``scoringrules``
(whose last release for Python 3.11 scores only binary Brier and log scores, and an RPS not
normalised) or ``model-diagnostics`` (which pulls in matplotlib and polars).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Final, Literal

import numpy as np

from brink.backtest.outcomes import CATEGORIES, INDEX

#: Floor on the probability given to the observed category before taking its log: a forecast
#: that rules the outcome out scores -ln(1e-6) = 13.8 instead of infinity, so one case cannot
#: make the mean score infinite. Reported with every log score.
LOG_FLOOR: Final = 1e-6
#: Tolerance on a forecast's total probability before it is renormalised.
SUM_TOLERANCE: Final = 1e-6
DEFAULT_BOOTSTRAP: Final = 2000
DEFAULT_BINS: Final = 10


# --------------------------------------------------------------------------- conversions


def as_probabilities(
    forecasts: Sequence[Mapping[str, float]] | np.ndarray, names: Sequence[str] | None = None
) -> np.ndarray:
    """Forecasts (category -> p mappings, or an (n, K) array) as a checked (n, K) array.

    Categories a mapping leaves out get 0. Each row must be >= 0 and sum to 1 within
    ``SUM_TOLERANCE``; it is then renormalised exactly. ``names`` labels rows in errors.
    """
    k = len(CATEGORIES)
    if isinstance(forecasts, np.ndarray):
        p = np.array(forecasts, dtype=float)
        if p.ndim != 2 or p.shape[1] != k:
            raise ValueError(f"forecasts: expected an (n, {k}) array (got shape {p.shape})")
    else:
        p = np.zeros((len(forecasts), k))
        for i, forecast in enumerate(forecasts):
            for category, value in forecast.items():
                if category not in INDEX:
                    raise ValueError(
                        f"forecast {_name(names, i)}: unknown category {category!r} "
                        f"(expected one of {CATEGORIES})"
                    )
                p[i, INDEX[category]] = value
    totals = p.sum(axis=1) if p.size else np.zeros(0)
    bad = ~np.isfinite(p).all(axis=1) | (p < 0).any(axis=1) | (np.abs(totals - 1) > SUM_TOLERANCE)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ValueError(
            f"forecast {_name(names, i)}: expected probabilities >= 0 summing to 1 "
            f"(got {dict(zip(CATEGORIES, p[i].tolist(), strict=True))})"
        )
    return p / totals[:, None] if p.size else p


def _name(names: Sequence[str] | None, i: int) -> str:
    return repr(names[i]) if names is not None else f"#{i}"


def as_indices(observed: Sequence[str] | np.ndarray) -> np.ndarray:
    """Observed categories (names, or indices already) as an int array of indices."""
    values = np.asarray(observed)
    if values.dtype.kind in "iu":
        if ((values < 0) | (values >= len(CATEGORIES))).any():
            raise ValueError(f"observed: indices must lie in 0..{len(CATEGORIES) - 1}")
        return values.astype(np.int64)
    out = np.empty(values.shape[0], dtype=np.int64)
    for i, name in enumerate(values.tolist()):
        if name not in INDEX:
            raise ValueError(f"observed: unknown category {name!r} (expected one of {CATEGORIES})")
        out[i] = INDEX[name]
    return out


def one_hot(y: np.ndarray, k: int | None = None) -> np.ndarray:
    k = len(CATEGORIES) if k is None else k
    o = np.zeros((y.shape[0], k))
    o[np.arange(y.shape[0]), y] = 1.0
    return o


def _check(p: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    p, y = np.asarray(p, dtype=float), np.asarray(y, dtype=np.int64)
    if p.ndim != 2 or y.shape != (p.shape[0],):
        raise ValueError(f"expected p (n, K) and y (n,) (got {p.shape} and {y.shape})")
    return p, y


# -------------------------------------------------------------------------------- scores


def brier(p: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Multi-category Brier score per case: sum over categories of (p_k - o_k)^2, in [0, 2]
    (Brier 1950)."""
    p, y = _check(p, y)
    return ((p - one_hot(y, p.shape[1])) ** 2).sum(axis=1)


def log_score(p: np.ndarray, y: np.ndarray, floor: float = LOG_FLOOR) -> np.ndarray:
    """Log score per case: -ln p(observed), with p clipped below at ``floor`` (LOG_FLOOR)."""
    p, y = _check(p, y)
    return -np.log(np.maximum(p[np.arange(p.shape[0]), y], floor))


def rps(p: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Ranked probability score per case over the ordered categories, normalised by K - 1 so it
    lies in [0, 1]: sum_k (P_k - O_k)^2 / (K - 1) with P, O cumulative (Epstein 1969;
    Murphy 1971)."""
    p, y = _check(p, y)
    k = p.shape[1]
    cum_p = np.cumsum(p, axis=1)[:, :-1]
    cum_o = np.cumsum(one_hot(y, k), axis=1)[:, :-1]
    return ((cum_p - cum_o) ** 2).sum(axis=1) / (k - 1)


def skill(score: np.ndarray, reference: np.ndarray) -> float:
    """Skill score: 1 - mean(score) / mean(reference); > 0 beats the reference, 1 is perfect.
    NaN when the reference's mean score is 0 (a perfect reference leaves nothing to beat)."""
    ref = float(np.mean(reference))
    return float("nan") if ref == 0 else 1.0 - float(np.mean(score)) / ref


# ------------------------------------------------------------------------------ bootstrap


@dataclass(frozen=True)
class Interval:
    """A point estimate and a percentile bootstrap interval."""

    estimate: float
    lo: float
    hi: float


def bootstrap_indices(n: int, n_boot: int = DEFAULT_BOOTSTRAP, seed: int = 0) -> np.ndarray:
    """(n_boot, n) case indices drawn with replacement: resample cases, not episodes, since the
    cases are the independent units. Seeded, so an interval is reproducible."""
    if n < 1 or n_boot < 1:
        raise ValueError(f"bootstrap: need n >= 1 cases and n_boot >= 1 (got {n}, {n_boot})")
    return np.random.default_rng(seed).integers(0, n, size=(n_boot, n))


def _percentiles(values: np.ndarray, level: float) -> tuple[float, float]:
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return float("nan"), float("nan")
    a = (1 - level) / 2
    lo, hi = np.quantile(finite, [a, 1 - a])
    return float(lo), float(hi)


def bootstrap_skill(
    score: np.ndarray,
    reference: np.ndarray,
    *,
    n_boot: int = DEFAULT_BOOTSTRAP,
    seed: int = 0,
    level: float = 0.95,
    indices: np.ndarray | None = None,
) -> Interval:
    """Skill with a case-bootstrap percentile interval (resamples whose reference mean is 0 are
    dropped). Pass the same ``indices`` to pair intervals across baselines."""
    score, reference = np.asarray(score, float), np.asarray(reference, float)
    idx = bootstrap_indices(score.shape[0], n_boot, seed) if indices is None else indices
    ref = reference[idx].mean(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        boot = np.where(ref > 0, 1.0 - score[idx].mean(axis=1) / ref, np.nan)
    return Interval(skill(score, reference), *_percentiles(boot, level))


def bootstrap_mean(
    score: np.ndarray,
    *,
    n_boot: int = DEFAULT_BOOTSTRAP,
    seed: int = 0,
    level: float = 0.95,
    indices: np.ndarray | None = None,
) -> Interval:
    """A mean score with a case-bootstrap percentile interval."""
    score = np.asarray(score, float)
    idx = bootstrap_indices(score.shape[0], n_boot, seed) if indices is None else indices
    return Interval(float(score.mean()), *_percentiles(score[idx].mean(axis=1), level))


# ------------------------------------------------------------------ binning, calibration


Bins = int | Literal["unique"]


def _bin_ids(values: np.ndarray, bins: Bins) -> np.ndarray:
    """Bin index of each forecast value: ``bins`` equal-width bins on [0, 1] (the last closed,
    so p = 1 falls in it), or one bin per distinct value (``"unique"``)."""
    if bins == "unique":
        return np.unique(values, return_inverse=True)[1].reshape(-1)
    if isinstance(bins, bool) or not isinstance(bins, int) or bins < 1:
        raise ValueError(f"bins: expected a whole number >= 1 or 'unique' (got {bins!r})")
    return np.minimum((values * bins).astype(np.int64), bins - 1)


@dataclass(frozen=True)
class Murphy:
    """Murphy's (1973) decomposition of the mean multi-category Brier score.

    ``brier = reliability - resolution + uncertainty + within_variance - within_covariance``
    holds exactly; the last two terms (Stephenson et al. 2008) vanish when every bin holds one
    distinct forecast value (``bins="unique"``), and only then is
    ``brier = reliability - resolution + uncertainty`` exact.
    """

    brier: float
    reliability: float
    resolution: float
    uncertainty: float
    within_variance: float
    within_covariance: float
    bins: str

    @property
    def residual(self) -> float:
        """What REL - RES + UNC misses of the Brier score (0 with unique-value bins)."""
        return self.brier - (self.reliability - self.resolution + self.uncertainty)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "residual": self.residual}


def murphy(p: np.ndarray, y: np.ndarray, bins: Bins = DEFAULT_BINS) -> Murphy:
    """Reliability, resolution and uncertainty of the mean Brier score: the sum over
    categories of the binary decomposition of "this category vs the rest", each with its
    forecasts binned by ``bins``."""
    p, y = _check(p, y)
    n, k = p.shape
    o = one_hot(y, k)
    rel = res = unc = wbv = wbc = 0.0
    for j in range(k):
        pj, oj = p[:, j], o[:, j]
        ids = _bin_ids(pj, bins)
        counts = np.bincount(ids)
        used = counts > 0
        mean_p = np.bincount(ids, weights=pj)[used] / counts[used]
        mean_o = np.bincount(ids, weights=oj)[used] / counts[used]
        base = oj.mean()
        rel += float((counts[used] * (mean_p - mean_o) ** 2).sum() / n)
        res += float((counts[used] * (mean_o - base) ** 2).sum() / n)
        unc += float(base * (1 - base))
        dp = pj - np.bincount(ids, weights=pj)[ids] / counts[ids]
        do = oj - np.bincount(ids, weights=oj)[ids] / counts[ids]
        wbv += float((dp**2).sum() / n)
        wbc += float(2 * (dp * do).sum() / n)
    return Murphy(
        brier=float(brier(p, y).mean()),
        reliability=rel,
        resolution=res,
        uncertainty=unc,
        within_variance=wbv,
        within_covariance=wbc,
        bins=str(bins) if bins == "unique" else f"{bins} equal-width",
    )


def wilson_interval(
    successes: np.ndarray | int, trials: np.ndarray | int, level: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for a binomial proportion, element by element: Brink's one
    (``brink.analysis.intervals.wilson``) at the given level, over arrays."""
    from scipy.stats import norm

    from brink.analysis.intervals import wilson

    k, n = np.asarray(successes, float), np.asarray(trials, float)
    if (n <= 0).any() or (k < 0).any() or (k > n).any():
        raise ValueError("wilson_interval: expected 0 <= successes <= trials and trials >= 1")
    z = float(norm.ppf(1 - (1 - level) / 2))
    k, n = np.broadcast_arrays(k, n)
    pairs = zip(k.flat, n.flat, strict=True)
    bounds = [wilson(round(hits), round(total), z) for hits, total in pairs]
    lo = np.array([b[0] for b in bounds], dtype=float).reshape(k.shape)
    hi = np.array([b[1] for b in bounds], dtype=float).reshape(k.shape)
    return lo, hi


@dataclass(frozen=True)
class ReliabilityBin:
    """One point of a reliability diagram."""

    lower: float
    upper: float
    mean_forecast: float
    observed: float
    count: int
    lo: float
    hi: float


def reliability_diagram(
    p: np.ndarray,
    y: np.ndarray,
    bins: int = DEFAULT_BINS,
    category: str | None = None,
    level: float = 0.95,
) -> list[ReliabilityBin]:
    """Reliability-diagram data: per non-empty bin of forecast probability, the mean forecast,
    the observed frequency with its Wilson interval, and the count.

    With ``category=None`` every (case, category) pair is one binary forecast, pooled: with a
    few dozen cases one category alone leaves most bins empty.
    """
    p, y = _check(p, y)
    o = one_hot(y, p.shape[1])
    if category is None:
        values, hits = p.reshape(-1), o.reshape(-1)
    else:
        if category not in INDEX:
            raise ValueError(f"category: expected one of {CATEGORIES} (got {category!r})")
        values, hits = p[:, INDEX[category]], o[:, INDEX[category]]
    ids = _bin_ids(values, bins)
    counts = np.bincount(ids, minlength=bins)
    sum_p = np.bincount(ids, weights=values, minlength=bins)
    sum_o = np.bincount(ids, weights=hits, minlength=bins)
    out = []
    for b in np.flatnonzero(counts):
        lo, hi = wilson_interval(sum_o[b], counts[b], level)
        out.append(
            ReliabilityBin(
                lower=b / bins,
                upper=(b + 1) / bins,
                mean_forecast=float(sum_p[b] / counts[b]),
                observed=float(sum_o[b] / counts[b]),
                count=int(counts[b]),
                lo=float(lo),
                hi=float(hi),
            )
        )
    return out
