"""`brink backtest` as a function: forecast every case, score it, add the yardsticks.

What every figure is conditional on travels with it (``conditional_on``): the cases folder, the
calibration (none, a file, or leave-one-out), the seed, the episodes per case, and the kind of
interval. The model never reads a case's ``outcome:`` (the loader strips it); the outcome is
read apart, for scoring only.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import numpy as np

from brink.analysis.intervals import Z95_ROUNDED, mean_interval
from brink.backtest.calibrate import DEFAULT_POINTS
from brink.backtest.cases import Case, load_cases
from brink.backtest.forecast import CaseTask, Simulated, run_task
from brink.backtest.outcomes import CATEGORIES, LABELS
from brink.errors import BrinkParameterError
from brink.scenario import calibration as calibration_mod

DEFAULT_EPISODES = 4000
#: North Korea's test events (shared/facts/korea-2017.md, issue "Model v2").
TEST_FACTS: dict[str, dict[str, Any]] = {
    "2016": {
        "policy": "strategic-patience",
        "nuclear_tests": 2,
        "missile_tests": 24,
        "source": "korea-2017.md: 2016 nuclear tests 6 Jan and 9 Sep; about 24 missiles "
        "(CNS/NTI counts missiles, so launch events were fewer)",
    },
    "2017": {
        "policy": "maximum-pressure",
        "nuclear_tests": 1,
        "missile_tests": 16,
        "source": "korea-2017.md: 2017 one nuclear test (3 Sep), about 15-16 launch events",
    },
}


@dataclass
class BacktestRun:
    """The options of one backtest (what its figures are conditional on)."""

    folders: list[str] | None = None
    calibration: str | None = None  # a file, or None: uncalibrated globals
    calibrate: bool = False
    episodes: int = DEFAULT_EPISODES
    seed: int = 0
    workers: int = 1
    forecast_only: bool = False
    design_points: int = DEFAULT_POINTS
    design_episodes: int = 2000
    prior_sd: float | None = None  # --prior-sd: a normal prior on ln(scale) in the fit
    fit: tuple[str, ...] | None = None  # --fit: the globals to calibrate (None: the shipped set)
    overrides: tuple[str, ...] = ()  # --set PATH=VALUE, applied to every case (and korea-2017)
    progress: Callable[[int], None] | None = None
    timings: dict[str, float] = field(default_factory=dict)


def _check(options: BacktestRun) -> None:
    if options.episodes < 100:
        raise BrinkParameterError(
            "episodes", f"expected at least 100 episodes per case (got {options.episodes})"
        )
    if options.seed < 0 or options.seed >= 2**63:
        raise BrinkParameterError(
            "seed", f"expected a whole number 0 to 2^63-1 (got {options.seed})"
        )
    if options.calibrate and options.calibration:
        raise BrinkParameterError(
            "calibrate", "it fits its own calibration, so it takes no calibration file"
        )
    if options.prior_sd is not None and not (options.calibrate and options.prior_sd > 0):
        raise BrinkParameterError(
            "prior_sd",
            "expected a positive number, and only when fitting a calibration "
            f"(got {options.prior_sd})",
        )
    if options.fit is not None:
        _check_fit(options)
    if options.calibrate and options.forecast_only:
        raise BrinkParameterError(
            "calibrate", "needs scored cases, and forecasts alone have no scores"
        )


def _check_fit(options: BacktestRun) -> None:
    """--fit: one to six distinct global parameters that can take a scale, when calibrating."""
    fit = options.fit or ()
    if not options.calibrate:
        raise BrinkParameterError(
            "fit", "names the parameters to calibrate: use it with --calibrate"
        )
    if not 1 <= len(fit) <= calibration_mod.MAX_PARAMETERS:
        raise BrinkParameterError(
            "fit",
            f"expected 1 to {calibration_mod.MAX_PARAMETERS} global parameters (got {len(fit)})",
        )
    for index, path in enumerate(fit):
        if path in fit[:index]:
            raise BrinkParameterError("fit", "named twice", subject=path)
        reason = calibration_mod.unfittable(path)
        if reason:
            raise BrinkParameterError("fit", reason, subject=path)


def forecast_all(
    cases: Sequence[Case],
    options: BacktestRun,
    scales: Mapping[str, Mapping[str, float]] | None = None,
) -> dict[str, Simulated]:
    """Simulate every case (in parallel); ``scales`` per case id for out-of-sample forecasts."""
    from brink.executors.local import make_executor
    from brink.experiments.execute import run_tasks

    tasks = [
        CaseTask(
            case.path,
            options.calibration,
            options.episodes,
            options.seed,
            tuple(sorted((scales or {}).get(case.id, {}).items())),
            options.overrides,
        )
        for case in cases
    ]
    executor = make_executor(options.workers)
    out: dict[str, Simulated] = {}
    done = run_tasks(tasks, executor, run_task, options.progress, size=lambda _case: 1)
    for case, (_, sim) in zip(cases, done, strict=True):
        out[case.id] = sim
    return out


def _score(cases: Sequence[Case], sims: Mapping[str, Simulated], seed: int) -> Any:
    from brink.backtest.results import score_forecasts

    scored = [c for c in cases if c.outcome is not None]
    return score_forecasts(
        {c.id: sims[c.id].forecast() for c in scored},
        {c.id: str(c.observed) for c in scored},
        {c.id: c.outcome.reference for c in scored if c.outcome is not None},
        seed=seed,
    )


def monte_carlo_error(episodes: int) -> float:
    """Largest standard error of a forecast probability from ``episodes`` episodes."""
    return 0.5 / math.sqrt(episodes)


def conditional_on(options: BacktestRun, cases: Sequence[Case], label: str) -> dict[str, Any]:
    from brink import __version__

    folders = options.folders or [f"{calibration_mod.__package__}.cases (the shipped library)"]
    return {
        "cases": folders,
        "n_cases": len(cases),
        "calibration": label,
        "overrides": list(options.overrides),
        "seed": options.seed,
        "episodes_per_case": options.episodes,
        "monte_carlo_error": f"at most ±{monte_carlo_error(options.episodes):.4f} (one s.e.) "
        "on each forecast probability",
        "policies": "every seat plays its case's default policy or mixture; forecasts pooled "
        "over the defender's mixture with its weights",
        "horizon": "each case's horizon (the library's rule: 52 weekly turns); an episode "
        "still going then counts as unresolved",
        "intervals": "95% percentile intervals over 2,000 case-bootstrap resamples "
        "(cases are the independent units)",
        "brink_version": __version__,
    }


def _case_notes(cases: Sequence[Case], sims: Mapping[str, Simulated]) -> dict[str, str]:
    """Why the model forecast what it did: its forecast per leader type of the defender."""
    notes = {}
    for case in cases:
        sim = sims[case.id]
        by_type = sim.by_type()
        if len(by_type) > 1:
            parts = []
            for t, f in by_type.items():
                top = max(f, key=lambda k: f[k])
                parts.append(f"{t}: {LABELS[top]} {100 * f[top]:.0f}%")
            notes[case.id] = "by the defender's type: " + "; ".join(parts)
    return notes


# ------------------------------------------------------------------------------ yardsticks


def _interval(values: np.ndarray) -> dict[str, float]:
    """A count's mean with its 95% interval (``brink.analysis.intervals``) and its 90% range."""
    mean, lo, hi = mean_interval(values, Z95_ROUNDED)
    p05, p95 = np.quantile(values, [0.05, 0.95])
    return {
        "mean": round(mean, 3),
        "lo": round(lo, 3),
        "hi": round(hi, 3),
        "p05": float(p05),
        "p95": float(p95),
    }


def test_yardsticks(
    options: BacktestRun, scales: Mapping[str, float] | None = None, label: str | None = None
) -> dict[str, Any]:
    """North Korea's test events in 2016 and 2017 against korea-2017's episodes (52 weeks);
    ``scales``: the calibrated globals (a --calibrate run's fit on every case)."""
    from brink.backtest.forecast import simulate
    from brink.scenario.loader import load

    spec = options.calibration if options.calibration else calibration_mod.NONE
    loaded = load("korea-2017", options.overrides, calibration=spec)
    out: dict[str, Any] = {
        "scenario": "korea-2017 (built-in)",
        "calibration": label or loaded.calibration,
        "episodes": options.episodes,
        "interval": "mean with its 95% interval; p05-p95: the 90% range of one episode's count",
    }
    for year, fact in TEST_FACTS.items():
        sim = simulate(
            loaded.scenario, options.episodes, options.seed, scales, policy=fact["policy"]
        )
        row: dict[str, Any] = {"policy": fact["policy"], "source": fact["source"]}
        for column in ("nuclear_tests", "missile_tests"):
            values = getattr(sim, column).astype(float)
            model = _interval(values)
            observed = fact[column]
            row[column] = {
                "observed": observed,
                "model": model,
                "within_90": bool(model["p05"] <= observed <= model["p95"]),
                "share_at_most_observed": round(float((values <= observed).mean()), 3),
            }
        out[year] = row
    return out


def _icb_durations() -> dict[str, Any]:
    import yaml

    text = resources.files("brink.backtest").joinpath("icb_durations.yaml").read_text()
    return yaml.safe_load(text)


def duration_yardsticks(
    cases: Sequence[Case], sims: Mapping[str, Simulated], seed: int
) -> dict[str, Any]:
    """Crisis durations: the model's against ICB's, over the library and case by case."""
    data = _icb_durations()
    icb = data["all_crises"]
    per_case = []
    shares = []
    for case in cases:
        sim = sims[case.id]
        days = np.where(sim.ended, sim.days, np.inf)  # an unresolved episode outlasts the horizon
        w = sim.weights
        order = np.argsort(days)
        cum = np.cumsum(w[order])

        def quantile(
            q: float, days: np.ndarray = days, order: np.ndarray = order, cum: np.ndarray = cum
        ) -> float:
            return float(days[order][min(int(np.searchsorted(cum, q)), len(order) - 1)])

        within30 = float(w[days <= 30].sum())
        within90 = float(w[days <= 90].sum())
        over365 = float(w[~sim.ended].sum())
        shares.append((within30, within90, over365, quantile(0.5)))
        known = data["cases"].get(case.id)
        row: dict[str, Any] = {
            "id": case.id,
            "model_median_days": quantile(0.5),
            "model_p10_days": quantile(0.1),
            "model_p90_days": quantile(0.9),
            "model_within_90": round(within90, 3),
            "model_unresolved_at_horizon": round(over365, 3),
        }
        if known:
            observed = float(known["days"])
            row["icb_days"] = observed
            row["pit"] = round(float(w[days <= observed].sum()), 3)
            row["within_80"] = bool(quantile(0.1) <= observed <= quantile(0.9))
        per_case.append(row)
    arr = np.array(shares)
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(arr), size=(2000, len(arr)))

    def summary(column: int, name: str, reference: float) -> dict[str, Any]:
        boot = arr[idx, column]
        if name == "median_days":
            # A case's median may be "over a year" (inf), and so may the median over cases:
            # order statistics keep those resamples in the interval, which holds the point.
            means = np.median(boot, axis=1)
            point = float(np.median(arr[:, column]))
            lo, hi = np.quantile(means, [0.025, 0.975], method="inverted_cdf")
        else:
            means = boot.mean(axis=1)
            point = float(arr[:, column].mean())
            lo, hi = np.quantile(means, [0.025, 0.975])
        return {
            "model": round(point, 3),
            "lo": round(float(lo), 3),
            "hi": round(float(hi), 3),
            "icb": reference,
        }

    known_rows = [r for r in per_case if "icb_days" in r]
    coverage = float(np.mean([r["within_80"] for r in known_rows])) if known_rows else float("nan")
    return {
        "source": data["source"],
        "library": {
            "within_30_days": summary(0, "within_30", icb["within_30"]),
            "within_90_days": summary(1, "within_90", icb["within_90"]),
            "over_one_year": summary(2, "over_365", icb["over_365"]),
            "median_days": summary(3, "median_days", icb["median"]),
        },
        "coverage_80": {
            "share": round(coverage, 3),
            "n": len(known_rows),
            "note": "share of cases whose ICB duration lies in the model's 10-90% range "
            "(80% if calibrated)",
        },
        "cases": per_case,
        "note": "model shares are means over cases of each case's pooled episode shares; the "
        "median is the median over cases of each case's median; intervals: 95% case bootstrap. "
        "An episode unresolved at the horizon (364 days) counts as lasting over a year; a "
        "number of days that is over a year is null in the JSON.",
    }


# --------------------------------------------------------------------------------- the run


def run_backtest(options: BacktestRun) -> dict[str, Any]:
    """The whole backtest; returns the JSON-able result (``--json`` prints it)."""
    _check(options)
    began = time.perf_counter()
    # ``none``, ``default`` or a file; a bad file is one line, now, before any case is read.
    applied = calibration_mod.resolve(options.calibration)
    cases = load_cases(
        options.folders, options.calibration, not options.forecast_only, options.overrides
    )
    label = calibration_mod.describe(applied)
    result: dict[str, Any] = {}
    if applied is not None:
        fitted_cases = set(applied.cases)
        overlap = [c.id for c in cases if c.id in fitted_cases]
        if overlap:
            label += (
                f"; IN SAMPLE for {len(overlap)} of these cases (the file was fitted on them): "
                "use --calibrate for out-of-sample scores"
            )
    if options.forecast_only:
        sims = forecast_all(cases, options)
        result["conditional_on"] = conditional_on(options, cases, label)
        result["cases"] = [{"id": c.id, "forecast": sims[c.id].forecast()} for c in cases]
        return result
    sims = forecast_all(cases, options)
    options.timings["forecast"] = time.perf_counter() - began
    scored = _score(cases, sims, options.seed)
    if options.calibrate:
        from brink.backtest import calibrate as cal

        start = time.perf_counter()
        known = _icb_durations()["cases"]
        fit = cal.calibrate(
            [c.path for c in cases],
            [c.id for c in cases],
            [str(c.observed) for c in cases],
            [float(known[c.id]["days"]) if c.id in known else None for c in cases],
            parameters=options.fit or cal.PARAMETERS,
            points=options.design_points,
            episodes=options.design_episodes,
            seed=options.seed,
            prior_sd=options.prior_sd,
            workers=options.workers,
            progress=options.progress,
            overrides=options.overrides,
        )
        folds = {c.id: fit.fold_scales(c.id) for c in cases}
        loo_sims = forecast_all(cases, options, folds)
        loo = _score(cases, loo_sims, options.seed)
        options.timings["calibrate"] = time.perf_counter() - start
        result["uncalibrated"] = {
            "conditional_on": conditional_on(options, cases, label),
            **scored.model_dump(mode="json"),
        }
        label = (
            "leave-one-case-out calibration of " + ", ".join(fit.parameters) + f" ({len(cases)} "
            "folds: each case forecast with the parameters fitted on the others)"
        )
        scored, sims = loo, loo_sims
        result["calibration"] = {
            "parameters": list(fit.parameters),
            "fit": fit.scales(),
            "interval": {
                p: [float(math.exp(lo)), float(math.exp(hi))]
                for p, (lo, hi) in zip(fit.parameters, fit.interval, strict=True)
            },
            "folds": folds,
            "log_likelihood": {
                "calibrated": fit.loglik_fit,
                "uncalibrated": fit.loglik_zero,
                # the same split by term: how each crisis ended, how long it took
                **{
                    term: {k: v[term] for k, v in fit.loglik_parts.items()}
                    for term in ("endings", "durations")
                },
            },
            "seconds": {**fit.seconds, "total": options.timings["calibrate"]},
        }
        result["_fit"] = fit
    result["conditional_on"] = conditional_on(options, cases, label)
    result.update(scored.model_dump(mode="json"))
    fitted = result["_fit"].scales() if "_fit" in result else None
    result["yardsticks"] = {
        "tests": test_yardsticks(
            options,
            fitted,
            "the fit on every case (korea-2017 among them): "
            + ", ".join(f"{p} x{v:.3g}" for p, v in fitted.items())
            if fitted
            else None,
        ),
        "durations": duration_yardsticks(cases, sims, options.seed),
    }
    result["_result"] = scored
    result["_notes"] = _case_notes(cases, sims)
    options.timings["total"] = time.perf_counter() - began
    return result


def public(result: Mapping[str, Any]) -> dict[str, Any]:
    """The result without its private entries, as strict JSON can carry it: a duration that is
    "over a year" (inf) becomes null, as the durations' note says (JSON has no infinity)."""
    return {k: _strict(v) for k, v in result.items() if not k.startswith("_")}


def _strict(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, Mapping):
        return {k: _strict(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_strict(v) for v in value]
    return value


def category_line(forecast: Mapping[str, float]) -> str:
    return " ".join(f"{100 * forecast[c]:5.1f}" for c in CATEGORIES)
