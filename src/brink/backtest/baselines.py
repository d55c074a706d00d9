"""Base-rate forecasters: what a forecaster that knows only history would say.

Three baselines, as the forecasting field reports against (docs/backtest.md, "Baselines"):

* ``icb`` — the ICB base rate of the case's reference class, converted to Brink's categories
  by the same rule that codes the cases (``outcomes.icb_category``);
* ``climatology`` — the library's own outcome frequencies, leave-one-out, add-one smoothed;
* ``uniform`` — 1/K on every category.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Final

import numpy as np

from brink.backtest.case_outcome import CaseReference
from brink.backtest.outcomes import CATEGORIES, ActorOutcome, icb_category

BASELINES: Final = ("icb", "climatology", "uniform")
DATA_FILE: Final = "icb_base_rates.yaml"
#: Tie-break and search order of the reference classes (most general first).
CLASS_ORDER: Final = (
    "all",
    "post-1945",
    "1918-1945",
    "protracted",
    "non-protracted",
    "nuclear-actor",
    "nuclear-both-sides",
)


@dataclass(frozen=True)
class ReferenceClass:
    """One ICB reference class: its source figures and the Brink category shares derived."""

    id: str
    label: str
    n: int
    viol: tuple[int, int, int, int]
    agreement_or_tacit: int
    definitive: float
    source: str
    definitive_source: str
    shares: dict[str, float]

    def forecast(self) -> dict[str, float]:
        return dict(self.shares)


def _logistic(x: np.ndarray | float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float)))


def form_given_violence(
    viol_counts: Sequence[int], agreement_or_tacit: int, joint: np.ndarray
) -> np.ndarray:
    """P(FOROUT | VIOL) within a class, shape (4, 7).

    The all-crises table ``joint`` gives the pattern of outcome form by violence level; the
    class reports only its VIOL counts and its share ending in FOROUT 1-3. The odds of FOROUT
    1-3 in every VIOL row are multiplied by one common factor, found so that the class's
    share is matched; within FOROUT 1-3 and within 4-7 the all-crises proportions are kept.
    For the class of all crises the factor is 1 and the table is returned as it is.
    """
    from scipy.optimize import brentq

    joint = np.asarray(joint, dtype=float)
    rows = joint / joint.sum(axis=1, keepdims=True)
    agree = rows[:, :3].sum(axis=1)
    pv = np.asarray(viol_counts, dtype=float) / float(np.sum(viol_counts))
    target = agreement_or_tacit / float(np.sum(viol_counts))
    logit = np.log(agree / (1 - agree))

    def gap(shift: float) -> float:
        return float((pv * _logistic(logit + shift)).sum() - target)

    shift = 0.0 if abs(gap(0.0)) < 1e-12 else float(brentq(gap, -30.0, 30.0, xtol=1e-14))
    new = _logistic(logit + shift)
    out = np.empty_like(rows)
    out[:, :3] = rows[:, :3] / agree[:, None] * new[:, None]
    out[:, 3:] = rows[:, 3:] / (1 - agree)[:, None] * (1 - new)[:, None]
    return out


def category_shares(
    viol_counts: Sequence[int],
    agreement_or_tacit: int,
    definitive: float,
    joint: np.ndarray,
) -> dict[str, float]:
    """A class's ICB figures as Brink category shares, through ``icb_category``.

    Each (VIOL, FOROUT, SUBOUT) cell's probability goes to the category the rule gives it.
    SUBOUT is independent of VIOL and FOROUT (an assumption: no joint table). A definitive
    cell does not say which side lost; half its mass goes to each (the challenger losing,
    the defender losing), since aggregate ICB data do not say which side was the challenger.
    """
    pv = np.asarray(viol_counts, dtype=float) / float(np.sum(viol_counts))
    form = form_given_violence(viol_counts, agreement_or_tacit, joint)
    totals: dict[str, float] = dict.fromkeys(CATEGORIES, 0.0)
    losers: tuple[tuple[ActorOutcome, ActorOutcome], ...] = (
        ("victory", "defeat"),
        ("defeat", "victory"),
    )
    for v in range(4):
        for f in range(7):
            mass = pv[v] * form[v, f]
            totals[icb_category(v + 1, f + 1, 1)] += mass * (1 - definitive)
            for c, d in losers:
                totals[icb_category(v + 1, f + 1, 2, c, d)] += mass * definitive / 2
    return {c: float(v) for c, v in totals.items()}


@cache
def _data() -> dict[str, Any]:
    import yaml

    text = resources.files("brink.backtest").joinpath(DATA_FILE).read_text(encoding="utf-8")
    return yaml.safe_load(text)


@cache
def reference_classes() -> dict[str, ReferenceClass]:
    """Every ICB reference class from the package's data file, with derived shares."""
    data = _data()
    joint = np.asarray(data["viol_by_forout"]["counts"], dtype=float)
    out = {}
    for cid, c in data["classes"].items():
        out[cid] = ReferenceClass(
            id=cid,
            label=c["label"],
            n=int(c["n"]),
            viol=tuple(int(x) for x in c["viol"]),  # type: ignore[arg-type]
            agreement_or_tacit=int(c["agreement_or_tacit"]),
            definitive=float(c["definitive"]),
            source=c["source"],
            definitive_source=c["definitive_source"],
            shares=category_shares(c["viol"], c["agreement_or_tacit"], c["definitive"], joint),
        )
    return out


def min_class_size() -> int:
    return int(_data()["min_class_size"])


def matching_classes(reference: CaseReference) -> list[str]:
    """The ICB classes a case belongs to. ICB begins in 1918: a pre-1918 case (July 1914) is
    placed with 1918-1945, the nearest era (multipolar, pre-nuclear) — a judgement."""
    found = {"all"}
    found.add("post-1945" if reference.period == "post-1945" else "1918-1945")
    found.add("protracted" if reference.protracted else "non-protracted")
    if reference.nuclear != "none":
        found.add("nuclear-actor")
    if reference.nuclear == "both-sides":
        found.add("nuclear-both-sides")
    return [c for c in CLASS_ORDER if c in found]


def choose_reference_class(reference: CaseReference) -> str:
    """The most specific matching class (fewest crises) with at least ``min_class_size``
    crises; ties go to the more general in ``CLASS_ORDER``. ICB gives no crossed subsets
    (e.g. post-1945 and protracted), so classes are chosen, not intersected."""
    classes = reference_classes()
    usable = [c for c in matching_classes(reference) if classes[c].n >= min_class_size()]
    return min(usable, key=lambda c: (classes[c].n, CLASS_ORDER.index(c)))


def icb_forecast(reference: CaseReference | str) -> dict[str, float]:
    """The ICB base-rate forecast for a case (its ``CaseReference``) or a class id."""
    cid = reference if isinstance(reference, str) else choose_reference_class(reference)
    classes = reference_classes()
    if cid not in classes:
        raise ValueError(f"reference class: expected one of {sorted(classes)} (got {cid!r})")
    return classes[cid].forecast()


def icb_forecasts(references: Sequence[CaseReference | str]) -> np.ndarray:
    """ICB base-rate forecasts as an (n, K) array, one row per case."""
    rows = [icb_forecast(r) for r in references]
    return np.array([[row[c] for c in CATEGORIES] for row in rows], dtype=float).reshape(
        len(rows), len(CATEGORIES)
    )


def climatology_loo(observed: Sequence[str] | np.ndarray) -> np.ndarray:
    """Leave-one-out climatology with add-one (Laplace) smoothing, (n, K).

    For case i: p_k = (n_k - [y_i = k] + 1) / (n - 1 + K), the category frequencies among the
    *other* cases with one pseudo-case per category, so no category gets probability 0 (which
    the log score would punish without limit) and a case never forecasts itself.
    """
    from brink.backtest.scoring import as_indices, one_hot

    y = as_indices(observed)
    k = len(CATEGORIES)
    counts = np.bincount(y, minlength=k).astype(float)
    return (counts[None, :] - one_hot(y, k) + 1.0) / (y.shape[0] - 1 + k)


def uniform(n: int) -> np.ndarray:
    """1/K on every category for n cases: the forecaster that knows nothing."""
    return np.full((n, len(CATEGORIES)), 1.0 / len(CATEGORIES))


def describe_shares(shares: Mapping[str, float]) -> str:
    """One line, e.g. for a report: the shares in category order as percentages."""
    return ", ".join(f"{c} {100 * shares[c]:.1f}%" for c in CATEGORIES)
