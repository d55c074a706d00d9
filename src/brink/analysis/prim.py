"""PRIM, the Patient Rule Induction Method, for scenario discovery (written here, numpy only).

Scenario discovery asks which ranges of the uncertain inputs make an outcome (war) likely.
PRIM answers with a box — an interval per input — found by *peeling*: repeatedly cut a thin
slice (a fraction ``alpha`` of the points in the box) off the low or high end of one input,
choosing the cut that raises the density of the outcome most, until the box holds too few
points. The boxes along the way form the *peeling trajectory*, which trades **coverage**
(the share of all cases of interest that fall in the box) against **density** (the share of
the box's points that are cases of interest). A box is chosen from the trajectory, then
*pasted*: its limits are widened again where that raises density (Friedman & Fisher 1999).
For each restricted input a *quasi-p-value* says whether the restriction matters: a one-sided
binomial test of the box's cases of interest against the density of the same box with that
restriction removed (Bryant & Lempert 2010; Kwakkel & Jaxa-Rozen 2016).

Points may carry weights: ``counts[i]`` episodes of which ``hits[i]`` are cases of interest.
An experiment stores many replications per draw of the inputs, so PRIM runs on the distinct
draws with their counts — exactly the same boxes as on the episodes, at a fraction of the cost.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal, cast

import numpy as np

Objective = Literal["original", "lenient"]
Rule = Literal["1se", "max"]


@dataclass
class BoxStats:
    """One box: its limits (lower, upper per input, inclusive) and what it holds."""

    limits: np.ndarray  # shape (d, 2)
    weight: float  # episodes in the box
    hits: float  # cases of interest in the box
    coverage: float  # hits / all hits
    density: float  # hits / weight
    mass: float  # weight / all weight
    restricted: list[int] = field(default_factory=list)

    def to_dict(self, names: list[str]) -> dict[str, Any]:
        return {
            "coverage": _r(self.coverage),
            "density": _r(self.density),
            "mass": _r(self.mass),
            "episodes": round(self.weight),
            "hits": round(self.hits),
            "restricted": [names[j] for j in self.restricted],
        }


@dataclass
class PrimResult:
    """The peeling trajectory, the chosen (pasted) box and its quasi-p-values."""

    names: list[str]
    bounds: np.ndarray  # (d, 2): the full range of every input
    trajectory: list[BoxStats]
    chosen_index: int  # position of the chosen box on the trajectory (before pasting)
    box: BoxStats  # the chosen box after pasting
    quasi_p: dict[str, float]
    unrestricted: dict[str, dict[str, float]]  # box stats with one restriction removed
    simplified: BoxStats  # the box without restrictions whose quasi-p >= p_threshold
    simplified_quasi_p: dict[str, float]
    base_rate: float
    total_weight: float
    total_hits: float
    settings: dict[str, Any]

    def limits(self, box: BoxStats | None = None) -> dict[str, dict[str, float | None]]:
        """Restricted inputs only: {input: {low, high, full_low, full_high}}; ``None`` marks
        an end that is not restricted."""
        box = box or self.box
        out: dict[str, dict[str, float | None]] = {}
        for j in box.restricted:
            lo, hi = box.limits[j]
            full_lo, full_hi = self.bounds[j]
            out[self.names[j]] = {
                "low": _r(lo, 6) if lo > full_lo else None,
                "high": _r(hi, 6) if hi < full_hi else None,
                "full_low": _r(full_lo, 6),
                "full_high": _r(full_hi, 6),
            }
        return out

    def to_dict(self) -> dict[str, Any]:
        """``box``: the answer — the chosen, pasted box keeping only restrictions whose
        quasi-p-value is below ``p_threshold``. ``peeled_box``: the chosen, pasted box with
        every restriction peeling made (noise included), for inspection."""
        dropped = [
            self.names[j] for j in self.box.restricted if j not in self.simplified.restricted
        ]
        return {
            "settings": self.settings,
            "base_rate": _r(self.base_rate),
            "episodes": round(self.total_weight),
            "hits": round(self.total_hits),
            "box": {
                **self.simplified.to_dict(self.names),
                "limits": self.limits(self.simplified),
                "quasi_p": {k: _p(v) for k, v in self.simplified_quasi_p.items()},
                "dropped": dropped,
            },
            "peeled_box": {
                **self.box.to_dict(self.names),
                "trajectory_index": self.chosen_index,
                "limits": self.limits(),
                "quasi_p": {k: _p(v) for k, v in self.quasi_p.items()},
                "without_restriction": self.unrestricted,
            },
            "trajectory": [
                {"step": i, **b.to_dict(self.names)} for i, b in enumerate(self.trajectory)
            ],
        }


def _r(x: float, digits: int = 4) -> float:
    return float(round(float(x), digits))


def _p(x: float) -> float:
    """p-values keep their order of magnitude (1e-30 is not 0)."""
    return float(f"{x:.3g}")


class _Data:
    """Points, weights, hits and one sort order per input (computed once)."""

    def __init__(self, x: np.ndarray, weight: np.ndarray, hits: np.ndarray) -> None:
        self.x = x
        self.w = weight
        self.h = hits
        self.order = np.argsort(x, axis=0, kind="stable")
        self.total_w = float(weight.sum())
        self.total_h = float(hits.sum())

    def inside(self, limits: np.ndarray) -> np.ndarray:
        """(n, d) booleans: point within the limits of each input."""
        return (self.x >= limits[:, 0]) & (self.x <= limits[:, 1])

    def stats(self, limits: np.ndarray, bounds: np.ndarray) -> BoxStats:
        mask = self.inside(limits).all(axis=1)
        weight = float(self.w[mask].sum())
        hits = float(self.h[mask].sum())
        restricted = [
            j
            for j in range(len(limits))
            if limits[j, 0] > bounds[j, 0] or limits[j, 1] < bounds[j, 1]
        ]
        return BoxStats(
            limits=limits.copy(),
            weight=weight,
            hits=hits,
            coverage=hits / self.total_h if self.total_h else 0.0,
            density=hits / weight if weight else 0.0,
            mass=weight / self.total_w if self.total_w else 0.0,
            restricted=restricted,
        )


def _cut(values: np.ndarray, weights: np.ndarray, amount: float) -> int:
    """How many leading points to take: every point that starts before ``amount`` of weight
    is reached (so grouped and repeated points cut alike), at least one, never splitting tied
    values, never all (returns 0 when impossible)."""
    before = np.cumsum(weights) - weights  # weight of the points ahead of each point
    m = max(1, int(np.searchsorted(before, amount, side="left")))
    m = int(np.searchsorted(values, values[m - 1], side="right"))  # keep ties together
    return m if m < len(values) else 0


def _peel_candidates(
    data: _Data, limits: np.ndarray, mask: np.ndarray, alpha: float
) -> list[tuple[int, int, float, float, float]]:
    """Every admissible peel: (input, side 0=low/1=high, new limit, weight, hits) left."""
    weight = float(data.w[mask].sum())
    hits = float(data.h[mask].sum())
    out = []
    for j in range(data.x.shape[1]):
        idx = data.order[:, j][mask[data.order[:, j]]]
        if len(idx) < 2:
            continue
        values = data.x[idx, j]
        w = data.w[idx]
        h = data.h[idx]
        m = _cut(values, w, alpha * weight)  # low end
        if m:
            new = 0.5 * (values[m - 1] + values[m])
            out.append((j, 0, new, weight - float(w[:m].sum()), hits - float(h[:m].sum())))
        rv = -values[::-1]  # high end, as a low end of the reflected values
        m = _cut(rv, w[::-1], alpha * weight)
        if m:
            new = -0.5 * (rv[m - 1] + rv[m])
            out.append(
                (j, 1, new, weight - float(w[::-1][:m].sum()), hits - float(h[::-1][:m].sum()))
            )
    return out


def peel(
    data: _Data,
    bounds: np.ndarray,
    *,
    alpha: float,
    mass_min: float,
    objective: Objective,
) -> list[BoxStats]:
    """The peeling trajectory from the full box; stops when no peel raises the density or
    the box would hold less than ``mass_min`` of the weight."""
    limits = bounds.astype(float).copy()
    trajectory = [data.stats(limits, bounds)]
    while True:
        current = trajectory[-1]
        mask = cast(np.ndarray, data.inside(limits).all(axis=1))
        best: tuple[float, tuple[int, int, float, float, float]] | None = None
        for cand in _peel_candidates(data, limits, mask, alpha):
            _, _, _, weight, hits = cand
            if weight <= 0:
                continue
            density = hits / weight
            if objective == "original":
                score = density
            else:  # gain in density per unit of weight removed
                score = (density - current.density) / (current.weight - weight)
            if best is None or score > best[0]:
                best = (score, cand)
        if best is None:
            break
        j, side, new, weight, hits = best[1]
        if hits / weight <= current.density or weight < mass_min * data.total_w:
            break
        limits[j, side] = new
        trajectory.append(data.stats(limits, bounds))
    return trajectory


def paste(data: _Data, box: BoxStats, bounds: np.ndarray, *, alpha: float) -> BoxStats:
    """Widen the box's restricted ends a slice at a time while that raises the density."""
    limits = box.limits.copy()
    current = box
    while True:
        ok = data.inside(limits)
        failing = (~ok).sum(axis=1)
        best: tuple[float, int, int, float] | None = None
        for j in current.restricted:
            # points inside every other limit but outside this input's limits
            others = (failing == 0) | ((failing == 1) & ~ok[:, j])
            for side in (0, 1):
                if (side == 0 and limits[j, 0] <= bounds[j, 0]) or (
                    side == 1 and limits[j, 1] >= bounds[j, 1]
                ):
                    continue
                outside = others & (
                    data.x[:, j] < limits[j, 0] if side == 0 else data.x[:, j] > limits[j, 1]
                )
                idx = np.flatnonzero(outside)
                if not len(idx):
                    continue
                values = data.x[idx, j]
                order = np.argsort(-values if side == 0 else values, kind="stable")
                idx, values = idx[order], values[order]
                key = -values if side == 0 else values
                m = _cut(key, data.w[idx], alpha * current.weight) or len(idx)
                new = bounds[j, side] if m == len(idx) else 0.5 * (values[m - 1] + values[m])
                weight = current.weight + float(data.w[idx[:m]].sum())
                hits = current.hits + float(data.h[idx[:m]].sum())
                density = hits / weight
                if density > current.density and (best is None or density > best[0]):
                    best = (density, j, side, float(new))
        if best is None:
            return current
        _, j, side, new = best
        limits[j, side] = new
        current = data.stats(limits, bounds)


def quasi_p_values(
    data: _Data, box: BoxStats, bounds: np.ndarray, names: list[str]
) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """Per restricted input: P(Binomial(n_box, p0) >= hits_box), where p0 is the density of
    the box with that input's restriction removed — small when the restriction matters."""
    from scipy.stats import binom

    pvalues: dict[str, float] = {}
    without: dict[str, dict[str, float]] = {}
    n = round(box.weight)
    k = round(box.hits)
    for j in box.restricted:
        limits = box.limits.copy()
        limits[j] = bounds[j]
        wider = data.stats(limits, bounds)
        p0 = wider.density
        pvalues[names[j]] = float(binom.sf(k - 1, n, p0)) if n else 1.0
        without[names[j]] = {"density": _r(wider.density), "coverage": _r(wider.coverage)}
    return pvalues, without


def choose(
    trajectory: list[BoxStats],
    *,
    min_coverage: float | None = 0.5,
    min_density: float | None = None,
    rule: Rule = "1se",
) -> int:
    """Pick a box on the trajectory.

    With ``min_density``: the box of highest coverage whose density reaches it. Otherwise,
    among boxes with coverage >= ``min_coverage``: the densest (``rule="max"``), or — the
    default — the first (largest) box whose density is within one binomial standard error of
    the densest (``"1se"``, as in CART's one-standard-error rule), so that peels which only
    chase noise inside a flat region are not taken.
    """
    if min_density is not None:
        ok = [i for i, b in enumerate(trajectory) if b.density >= min_density]
        if ok:
            return max(ok, key=lambda i: (trajectory[i].coverage, -i))
        return max(range(len(trajectory)), key=lambda i: trajectory[i].density)
    threshold = 0.0 if min_coverage is None else min_coverage
    ok = [i for i, b in enumerate(trajectory) if b.coverage >= threshold] or [0]
    best = max(ok, key=lambda i: (trajectory[i].density, -i))
    if rule == "max":
        return best
    top = trajectory[best]
    se = math.sqrt(top.density * (1 - top.density) / top.weight) if top.weight else 0.0
    return next(i for i in ok if trajectory[i].density >= top.density - se)


def prim(
    x: np.ndarray,
    y: np.ndarray,
    *,
    counts: np.ndarray | None = None,
    names: list[str] | None = None,
    bounds: np.ndarray | None = None,
    alpha: float = 0.05,
    mass_min: float = 0.05,
    min_coverage: float | None = 0.5,
    min_density: float | None = None,
    rule: Rule = "1se",
    objective: Objective = "original",
    pasting: bool = True,
    p_threshold: float = 0.05,
) -> PrimResult:
    """Find a box where ``y`` is dense.

    ``x``: (n, d) inputs. ``y``: 0/1 per point, or — with ``counts`` — the number of cases of
    interest among ``counts[i]`` episodes at point i. ``bounds``: (d, 2) full range of each
    input (default: the range of the data); limits equal to a bound are unrestricted.
    """
    x = np.asarray(x, dtype=float)
    if x.ndim != 2:
        raise ValueError("x must be a 2-D array (points × inputs)")
    n, d = x.shape
    hits = np.asarray(y, dtype=float).reshape(-1)
    weight = np.ones(n) if counts is None else np.asarray(counts, dtype=float).reshape(-1)
    if len(hits) != n or len(weight) != n:
        raise ValueError("x, y and counts must have the same number of rows")
    if np.any(hits < 0) or np.any(hits > weight):
        raise ValueError("y must lie between 0 and the count of each point")
    if not 0 < alpha < 0.5:
        raise ValueError("alpha must lie in (0, 0.5)")
    names = list(names) if names is not None else [f"x{j}" for j in range(d)]
    if bounds is None:
        bounds = np.column_stack([x.min(axis=0), x.max(axis=0)]) if n else np.zeros((d, 2))
    bounds = np.asarray(bounds, dtype=float)
    # bounds never cut data off: widen to the data where the stated range is narrower
    if n:
        bounds = np.column_stack(
            [np.minimum(bounds[:, 0], x.min(axis=0)), np.maximum(bounds[:, 1], x.max(axis=0))]
        )
    data = _Data(x, weight, hits)
    trajectory = peel(data, bounds, alpha=alpha, mass_min=mass_min, objective=objective)
    index = choose(trajectory, min_coverage=min_coverage, min_density=min_density, rule=rule)
    box = trajectory[index]
    if pasting and box.restricted:
        box = paste(data, box, bounds, alpha=alpha)
    pvalues, without = quasi_p_values(data, box, bounds, names)
    simple, simple_p = simplify(data, box, bounds, names, p_threshold)
    return PrimResult(
        names=names,
        bounds=bounds,
        trajectory=trajectory,
        chosen_index=index,
        box=box,
        quasi_p=pvalues,
        unrestricted=without,
        simplified=simple,
        simplified_quasi_p=simple_p,
        base_rate=data.total_h / data.total_w if data.total_w else 0.0,
        total_weight=data.total_w,
        total_hits=data.total_h,
        settings={
            "alpha": alpha,
            "mass_min": mass_min,
            "min_coverage": min_coverage,
            "min_density": min_density,
            "rule": rule,
            "objective": objective,
            "pasting": pasting,
            "p_threshold": p_threshold,
        },
    )


def simplify(
    data: _Data, box: BoxStats, bounds: np.ndarray, names: list[str], p_threshold: float
) -> tuple[BoxStats, dict[str, float]]:
    """A simpler box: remove, one at a time, the restriction with the largest quasi-p-value
    while it is at least ``p_threshold`` (p-values are recomputed after each removal)."""
    pvalues, _ = quasi_p_values(data, box, bounds, names)
    while pvalues:
        worst = max(pvalues, key=lambda k: pvalues[k])
        if pvalues[worst] < p_threshold:
            break
        limits = box.limits.copy()
        limits[names.index(worst)] = bounds[names.index(worst)]
        box = data.stats(limits, bounds)
        pvalues, _ = quasi_p_values(data, box, bounds, names)
    return box, pvalues
