"""Typed backtest results and ``score_forecasts``, the one entry point that scores forecasts.

``BacktestResult.to_json()`` is the ``brink backtest --json`` contract::

    {"cases": [{"id", "forecast", "observed", "brier", "brier_base", ...}, ...],
     "summary": {"n", "brier", "brier_base", "skill", "skill_lo", "skill_hi", "log_score",
                 "rps", ...}}

``brier_base`` and ``skill`` are against the ICB base rate of each case's reference class;
skills against the library's climatology and the uniform forecast are extra keys. A skill that
cannot be computed (a reference with mean score 0) is ``null``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from brink.backtest.case_outcome import CaseReference
from brink.backtest.outcomes import CATEGORIES, INDEX

if TYPE_CHECKING:
    import pandas as pd

_TOLERANCE = 1e-6


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_forecast(value: dict[str, float]) -> dict[str, float]:
    unknown = set(value) - set(CATEGORIES)
    if unknown:
        raise ValueError(f"unknown categories {sorted(unknown)} (expected {CATEGORIES})")
    if any(p < 0 or not math.isfinite(p) for p in value.values()):
        raise ValueError("probabilities must be finite and >= 0")
    if abs(sum(value.values()) - 1) > _TOLERANCE:
        raise ValueError(f"probabilities must sum to 1 (got {sum(value.values())})")
    return {c: float(value.get(c, 0.0)) for c in CATEGORIES}


def _check_category(value: str) -> str:
    if value not in INDEX:
        raise ValueError(f"expected one of {CATEGORIES} (got {value!r})")
    return value


class CaseScore(_Model):
    """One case: the model's forecast, what happened, and the scores of it and its baselines."""

    id: str
    forecast: dict[str, float] = Field(description="Category -> p, in category order.")
    observed: str
    brier: float
    brier_base: float = Field(description="Brier score of the ICB base-rate forecast.")
    log_score: float
    rps: float
    top: str = Field(description="The forecast's most probable category.")
    p_observed: float = Field(description="Probability the forecast gave what happened.")
    reference_class: str
    base_forecast: dict[str, float]
    log_score_base: float
    rps_base: float
    brier_climatology: float
    brier_uniform: float

    @field_validator("forecast", "base_forecast")
    @classmethod
    def _forecasts(cls, value: dict[str, float]) -> dict[str, float]:
        return _check_forecast(value)

    @field_validator("observed", "top")
    @classmethod
    def _categories(cls, value: str) -> str:
        return _check_category(value)


class Summary(_Model):
    """Means over cases, skills with case-bootstrap intervals, and calibration diagnostics."""

    n: int
    brier: float
    brier_base: float
    skill: float | None = Field(description="Brier skill vs the ICB base rate.")
    skill_lo: float | None
    skill_hi: float | None
    log_score: float
    rps: float
    brier_lo: float
    brier_hi: float
    brier_climatology: float
    brier_uniform: float
    skill_climatology: float | None
    skill_climatology_lo: float | None
    skill_climatology_hi: float | None
    skill_uniform: float | None
    skill_uniform_lo: float | None
    skill_uniform_hi: float | None
    log_score_base: float
    log_score_climatology: float
    log_score_uniform: float
    rps_base: float
    rps_climatology: float
    rps_uniform: float
    rps_skill: float | None = Field(description="RPS skill vs the ICB base rate.")
    rps_skill_lo: float | None
    rps_skill_hi: float | None
    murphy: dict[str, float | str] = Field(description="Murphy decomposition of `brier`.")
    murphy_base: dict[str, float | str]
    reliability: list[dict[str, float | int]] = Field(description="Reliability-diagram bins.")
    categories: list[str] = Field(default_factory=lambda: list[str](CATEGORIES))
    log_floor: float
    bootstrap: dict[str, float | int | str]


class BacktestResult(_Model):
    """Every case's scores and the summary; ``to_json`` is the ``--json`` output."""

    cases: list[CaseScore]
    summary: Summary

    def to_frame(self) -> pd.DataFrame:
        """One row per case: id, observed, top, the scores, and ``p_<category>`` columns."""
        import pandas as pd

        rows = []
        for c in self.cases:
            row: dict[str, Any] = {
                "id": c.id,
                "observed": c.observed,
                "top": c.top,
                "p_observed": c.p_observed,
                "reference_class": c.reference_class,
                "brier": c.brier,
                "brier_base": c.brier_base,
                "brier_climatology": c.brier_climatology,
                "brier_uniform": c.brier_uniform,
                "log_score": c.log_score,
                "log_score_base": c.log_score_base,
                "rps": c.rps,
                "rps_base": c.rps_base,
            }
            row.update({f"p_{k}": v for k, v in c.forecast.items()})
            rows.append(row)
        return pd.DataFrame(rows)

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent)

    @classmethod
    def from_json(cls, text: str | bytes) -> BacktestResult:
        return cls.model_validate_json(text)

    def most_wrong(self, count: int | None = None) -> list[CaseScore]:
        """Cases by Brier score, worst first (ties by id, so the order is stable)."""
        ranked = sorted(self.cases, key=lambda c: (-c.brier, c.id))
        return ranked if count is None else ranked[:count]


def _finite(x: float) -> float | None:
    return x if math.isfinite(x) else None


def score_forecasts(
    forecasts: Mapping[str, Mapping[str, float]],
    observed: Mapping[str, str],
    reference_class: Mapping[str, CaseReference | str],
    seed: int = 0,
    *,
    n_boot: int = 2000,
    bins: int = 10,
    level: float = 0.95,
) -> BacktestResult:
    """Score the model's forecasts (case id -> category -> p) against what happened.

    ``observed`` gives each case's category (``CaseOutcome.category``); ``reference_class``
    each case's ICB reference (its ``CaseReference``, or a class id). The ICB base rate is the
    primary baseline (``brier_base``, ``skill``); climatology is leave-one-out over these same
    cases. Intervals: percentile, ``n_boot`` case resamples from ``seed``, shared by all
    skills (paired). Cases are scored in the order of ``forecasts``.
    """
    import numpy as np

    from brink.backtest import baselines, scoring

    ids = list(forecasts)
    if not ids:
        raise ValueError("forecasts: expected at least one case")
    for name, other in (("observed", observed), ("reference_class", reference_class)):
        missing = [i for i in ids if i not in other]
        extra = [i for i in other if i not in forecasts]
        if missing or extra:
            raise ValueError(
                f"{name}: expected the same case ids as forecasts "
                f"(missing {missing}, not forecast {extra})"
            )
    p = scoring.as_probabilities([forecasts[i] for i in ids], names=ids)
    y = scoring.as_indices([observed[i] for i in ids])
    classes = [
        r if isinstance(r, str) else baselines.choose_reference_class(r)
        for r in (reference_class[i] for i in ids)
    ]
    forecasters = {
        "model": p,
        "icb": baselines.icb_forecasts(classes),
        "climatology": baselines.climatology_loo(y),
        "uniform": baselines.uniform(len(ids)),
    }
    brier = {k: scoring.brier(v, y) for k, v in forecasters.items()}
    logs = {k: scoring.log_score(v, y) for k, v in forecasters.items()}
    rps = {k: scoring.rps(v, y) for k, v in forecasters.items()}
    idx = scoring.bootstrap_indices(len(ids), n_boot, seed)

    def skill(score: np.ndarray, ref: np.ndarray) -> scoring.Interval:
        return scoring.bootstrap_skill(score, ref, level=level, indices=idx)

    vs = {k: skill(brier["model"], brier[k]) for k in baselines.BASELINES}
    rps_vs = skill(rps["model"], rps["icb"])
    mean_brier = scoring.bootstrap_mean(brier["model"], level=level, indices=idx)

    cases = []
    for i, case_id in enumerate(ids):
        cases.append(
            CaseScore(
                id=case_id,
                forecast={c: float(p[i, j]) for j, c in enumerate(CATEGORIES)},
                observed=CATEGORIES[y[i]],
                brier=float(brier["model"][i]),
                brier_base=float(brier["icb"][i]),
                log_score=float(logs["model"][i]),
                rps=float(rps["model"][i]),
                top=CATEGORIES[int(np.argmax(p[i]))],
                p_observed=float(p[i, y[i]]),
                reference_class=classes[i],
                base_forecast={
                    c: float(forecasters["icb"][i, j]) for j, c in enumerate(CATEGORIES)
                },
                log_score_base=float(logs["icb"][i]),
                rps_base=float(rps["icb"][i]),
                brier_climatology=float(brier["climatology"][i]),
                brier_uniform=float(brier["uniform"][i]),
            )
        )
    summary = Summary(
        n=len(ids),
        brier=float(brier["model"].mean()),
        brier_base=float(brier["icb"].mean()),
        skill=_finite(vs["icb"].estimate),
        skill_lo=_finite(vs["icb"].lo),
        skill_hi=_finite(vs["icb"].hi),
        log_score=float(logs["model"].mean()),
        rps=float(rps["model"].mean()),
        brier_lo=mean_brier.lo,
        brier_hi=mean_brier.hi,
        brier_climatology=float(brier["climatology"].mean()),
        brier_uniform=float(brier["uniform"].mean()),
        skill_climatology=_finite(vs["climatology"].estimate),
        skill_climatology_lo=_finite(vs["climatology"].lo),
        skill_climatology_hi=_finite(vs["climatology"].hi),
        skill_uniform=_finite(vs["uniform"].estimate),
        skill_uniform_lo=_finite(vs["uniform"].lo),
        skill_uniform_hi=_finite(vs["uniform"].hi),
        log_score_base=float(logs["icb"].mean()),
        log_score_climatology=float(logs["climatology"].mean()),
        log_score_uniform=float(logs["uniform"].mean()),
        rps_base=float(rps["icb"].mean()),
        rps_climatology=float(rps["climatology"].mean()),
        rps_uniform=float(rps["uniform"].mean()),
        rps_skill=_finite(rps_vs.estimate),
        rps_skill_lo=_finite(rps_vs.lo),
        rps_skill_hi=_finite(rps_vs.hi),
        murphy=scoring.murphy(p, y, bins).to_dict(),
        murphy_base=scoring.murphy(forecasters["icb"], y, bins).to_dict(),
        reliability=[vars(b) for b in scoring.reliability_diagram(p, y, bins, level=level)],
        log_floor=scoring.LOG_FLOOR,
        bootstrap={
            "n_boot": n_boot,
            "seed": seed,
            "level": level,
            "method": "percentile interval over case resamples, paired across baselines",
        },
    )
    return BacktestResult(cases=cases, summary=summary)
