"""Calibration: a few global parameters fitted by maximum likelihood across the case library,
leave-one-case-out, so every score reported is out of sample.

The procedure (docs/backtest.md, "Calibration"), built to run in minutes:

1. **Design.** Each calibrated parameter is a scale s on its globals.yaml range; θ = ln s.
   A scrambled Sobol design of ``points`` values of θ in [ln 1/8, ln 8]^d, plus θ = 0 (the
   uncalibrated globals).
2. **Simulate once per point.** Every case is simulated at every point with the same seed and
   draws (common random numbers: only θ changes between points), giving its category counts
   and its duration-band counts (ended within 30 days, within 90, later, still running at the
   horizon).
3. **Surrogates per case.** A multinomial logistic regression of the category on (1, θ, θ⊗θ)
   (quadratic; a small ridge) fitted to each case's counts over the design: a smooth
   p̂_c(k | θ); the same for the duration band: q̂_c(b | θ).
4. **Fit per fold.** For each case i, θ̂₋ᵢ maximises Σ_{c≠i} [ln p̂_c(y_c | θ) + ln q̂_c(b_c | θ)]
   over the design box (multi-start L-BFGS-B): how each crisis ended and how long it took (b_c
   the band of ICB's duration; a case without one adds no duration term). Adding the two logs
   treats the ending and its timing as independent given θ, a stated approximation: the two
   surrogates are fitted apart.
   Optionally (``prior_sd``, ``brink backtest --prior-sd``) minus |θ|²/(2σ²): the posterior
   mode under a normal prior θ ~ N(0, σ²), which keeps a parameter the cases cannot identify
   (a flat likelihood) near its judged range instead of wherever the flat surface ends. The
   shipped calibration is the plain likelihood (docs/backtest.md).
   Case i is then *re-simulated* at θ̂₋ᵢ and that forecast is scored: the fit never saw case
   i's outcome or its duration.
5. **The shipped values** are the fit on every case; their intervals are case-bootstrap
   percentiles (cases resampled with replacement, θ refitted on the surrogates).
"""

from __future__ import annotations

import datetime as dt
import math
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from brink.backtest.outcomes import CATEGORIES, INDEX

#: The calibrated global parameters (at most six; docs/backtest.md says why these).
PARAMETERS: tuple[str, ...] = (
    "decision.temperature",
    "accidents.hazard_top",
    "perception.misperception_rate",
    "approval.weight",
)
#: Bounds of θ = ln(scale): an eighth to eight times the judged range.
LOG_BOUND = math.log(8.0)
DEFAULT_POINTS = 32
DEFAULT_DESIGN_EPISODES = 2000
RIDGE = 1e-3
BOOTSTRAP = 200
FLOOR = 1e-6


def box(parameters: Sequence[str]) -> np.ndarray:
    """(d, 2) bounds of θ = ln(scale): [ln 1/8, ln 8], the top lowered for a probability so
    that its range times the scale stays within [0, 1]."""
    from brink.scenario.checks import _UNIT_PATHS
    from brink.scenario.loader import global_defaults

    out = np.tile([-LOG_BOUND, LOG_BOUND], (len(parameters), 1))
    for j, path in enumerate(parameters):
        if path in _UNIT_PATHS:
            block, _, name = path.partition(".")
            raw = global_defaults()[block][name]
            top = float(raw.get("high", raw.get("value", 1.0)))
            out[j, 1] = min(LOG_BOUND, math.log(1.0 / top))
    return out


def design(points: int, bounds: np.ndarray | int, seed: int) -> np.ndarray:
    """(points + 1, d) values of θ: a scrambled Sobol design on the box, then θ = 0."""
    from scipy.stats import qmc

    if isinstance(bounds, int):
        bounds = np.tile([-LOG_BOUND, LOG_BOUND], (bounds, 1))
    sobol = qmc.Sobol(len(bounds), scramble=True, seed=seed)
    unit = sobol.random(points)
    theta = bounds[:, 0] + unit * (bounds[:, 1] - bounds[:, 0])
    return np.vstack([theta, np.zeros((1, len(bounds)))])


def features(theta: np.ndarray) -> np.ndarray:
    """(n, F) quadratic features of θ: 1, θ_j, θ_j θ_k (j ≤ k), θ scaled to [-1, 1]."""
    t = np.atleast_2d(theta) / LOG_BOUND
    cols = [np.ones(t.shape[0])]
    d = t.shape[1]
    cols += [t[:, j] for j in range(d)]
    cols += [t[:, j] * t[:, k] for j in range(d) for k in range(j, d)]
    return np.column_stack(cols)


@dataclass
class Surrogate:
    """p̂(k | θ) of one case: softmax of W · features(θ)."""

    weights: np.ndarray  # (K, F)

    def probabilities(self, theta: np.ndarray) -> np.ndarray:
        z = features(theta) @ self.weights.T
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)


def fit_surrogate(theta: np.ndarray, counts: np.ndarray, ridge: float = RIDGE) -> Surrogate:
    """Multinomial logistic regression of the category counts (m, K) on the design's features,
    by maximum likelihood with a small ridge on every coefficient but the intercepts."""
    from scipy.optimize import minimize

    x = features(theta)
    m, f = x.shape
    k = counts.shape[1]
    total = counts.sum()
    share = (counts.sum(axis=0) + 0.5) / (total + 0.5 * k)
    w0 = np.zeros((k, f))
    w0[:, 0] = np.log(share)
    penalty = np.ones((k, f))
    penalty[:, 0] = 0.0
    scale = ridge * total / m

    def objective(w_flat: np.ndarray) -> tuple[float, np.ndarray]:
        w = w_flat.reshape(k, f)
        z = x @ w.T
        z -= z.max(axis=1, keepdims=True)
        log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        p = np.exp(log_p)
        n_row = counts.sum(axis=1, keepdims=True)
        nll = -(counts * log_p).sum() + scale * (penalty * w * w).sum()
        grad = (p * n_row - counts).T @ x + 2 * scale * penalty * w
        return float(nll / total), grad.ravel() / total

    result = minimize(objective, w0.ravel(), jac=True, method="L-BFGS-B")
    return Surrogate(result.x.reshape(k, f))


#: A case without an observed duration band.
NO_BAND = -1


@dataclass(frozen=True)
class Evidence:
    """What the fit reads of the cases: each case's two surrogates and what was observed
    (its ICB category and the band of its ICB duration, ``NO_BAND`` when unknown)."""

    endings: np.ndarray  # (C, K, F) weights of the category surrogates
    observed: np.ndarray  # (C,) category index
    durations: np.ndarray | None = None  # (C, B, F) weights of the band surrogates
    bands: np.ndarray | None = None  # (C,) band index or NO_BAND

    @classmethod
    def of(
        cls,
        surrogates: Sequence[Surrogate],
        observed: np.ndarray,
        band_surrogates: Sequence[Surrogate] | None = None,
        bands: np.ndarray | None = None,
    ) -> Evidence:
        endings = np.stack([s.weights for s in surrogates])
        if band_surrogates is None or bands is None:
            return cls(endings, np.asarray(observed, dtype=np.int64))
        return cls(
            endings,
            np.asarray(observed, dtype=np.int64),
            np.stack([s.weights for s in band_surrogates]),
            np.asarray(bands, dtype=np.int64),
        )

    def terms(self, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(ln p̂_c(y_c | θ), ln q̂_c(b_c | θ)) for every case at once, each floored as the log
        score is; the duration term is 0 where the band is unknown."""
        phi = features(theta)[0]
        endings = _picked(self.endings @ phi, self.observed)
        durations = np.zeros(len(endings))
        if self.durations is not None and self.bands is not None:
            known = self.bands != NO_BAND
            picked = _picked(self.durations @ phi, np.where(known, self.bands, 0))
            durations = np.where(known, picked, 0.0)
        return endings, durations

    def case_logliks(self, theta: np.ndarray) -> np.ndarray:
        """Each case's log-likelihood: its ending's term plus its duration's."""
        endings, durations = self.terms(theta)
        return endings + durations

    def parts(self, theta: np.ndarray) -> dict[str, float]:
        """The log-likelihood over every case, split into endings and durations."""
        endings, durations = self.terms(np.asarray(theta, float))
        return {"endings": float(endings.sum()), "durations": float(durations.sum())}


def _picked(z: np.ndarray, index: np.ndarray) -> np.ndarray:
    """ln softmax(z_c)[index_c] for every row c, floored."""
    z = z - z.max(axis=1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return np.maximum(log_p[np.arange(len(index)), index], math.log(FLOOR))


def log_likelihood(theta: np.ndarray, evidence: Evidence) -> float:
    """Σ_c of the cases' log-likelihoods (endings and, where known, durations)."""
    return float(evidence.case_logliks(np.asarray(theta, float)).sum())


def maximise(
    evidence: Evidence,
    starts: np.ndarray,
    weights: np.ndarray | None = None,
    bounds: np.ndarray | None = None,
    prior_sd: float | None = None,
) -> np.ndarray:
    """θ maximising the (case-weighted) surrogate log-likelihood plus the log prior
    −|θ|²/(2·prior_sd²) within the design box (``prior_sd`` None: the likelihood alone)."""
    from scipy.optimize import minimize

    cases = len(evidence.observed)
    w = np.ones(cases) if weights is None else np.asarray(weights, dtype=float)
    d = starts.shape[1]
    limits = [(-LOG_BOUND, LOG_BOUND)] * d if bounds is None else [tuple(b) for b in bounds]

    penalty = 0.0 if prior_sd is None else 0.5 / prior_sd**2

    def negative(theta: np.ndarray) -> float:
        return -float(w @ evidence.case_logliks(theta)) + penalty * float(theta @ theta)

    values = np.array([negative(t) for t in starts])
    best_theta, best_value = starts[int(np.argmin(values))], float(values.min())
    for start in starts[np.argsort(values)[:3]]:
        result = minimize(negative, start, method="L-BFGS-B", bounds=limits)
        if result.fun < best_value:
            best_theta, best_value = result.x, float(result.fun)
    return np.asarray(best_theta, dtype=float)


@dataclass
class CalibrationFit:
    """Everything the calibration found, for the calibration file and the report."""

    parameters: tuple[str, ...]
    cases: list[str]
    theta: np.ndarray  # the fit on every case
    interval: np.ndarray  # (d, 2) bootstrap 95% interval of θ
    folds: dict[str, np.ndarray]  # case -> θ̂ without it
    loglik_fit: float
    loglik_zero: float
    design_points: int
    design_episodes: int
    seed: int
    seconds: dict[str, float] = field(default_factory=dict)
    prior_sd: float | None = None
    #: The two log-likelihoods split by term: {"calibrated"|"uncalibrated": {endings, durations}}.
    loglik_parts: dict[str, dict[str, float]] = field(default_factory=dict)

    def scales(self, theta: np.ndarray | None = None) -> dict[str, float]:
        t = self.theta if theta is None else theta
        return {p: float(math.exp(v)) for p, v in zip(self.parameters, t, strict=True)}

    def fold_scales(self, case: str) -> dict[str, float]:
        return self.scales(self.folds[case])


def simulate_design(
    paths: Sequence[str],
    theta: np.ndarray,
    parameters: Sequence[str],
    episodes: int,
    seed: int,
    workers: int,
    progress: Callable[[int], None] | None = None,
    overrides: tuple[str, ...] = (),
) -> tuple[np.ndarray, np.ndarray]:
    """(cases, points, K) category counts and (cases, points, B) duration-band counts of every
    case at every design point (common random numbers: the same seed and draws at every
    point)."""
    from brink.backtest.forecast import BAND_COUNT, CaseTask, run_task
    from brink.executors.local import make_executor
    from brink.experiments.execute import run_tasks

    tasks = [
        CaseTask(
            path,
            None,
            episodes,
            seed,
            tuple((p, float(math.exp(v))) for p, v in zip(parameters, point, strict=True)),
            overrides,
        )
        for path in paths
        for point in theta
    ]
    executor = make_executor(workers)
    counts = np.zeros((len(paths), len(theta), len(CATEGORIES)))
    bands = np.zeros((len(paths), len(theta), BAND_COUNT))
    done = run_tasks(tasks, executor, run_task, progress, size=lambda _case: 1)
    for index, (_, sim) in enumerate(done):
        counts[index // len(theta), index % len(theta)] = sim.counts()
        bands[index // len(theta), index % len(theta)] = sim.band_counts()
    return counts, bands


def calibrate(
    paths: Sequence[str],
    case_ids: Sequence[str],
    observed: Sequence[str],
    durations: Sequence[float | None] | None = None,
    *,
    parameters: Sequence[str] = PARAMETERS,
    points: int = DEFAULT_POINTS,
    episodes: int = DEFAULT_DESIGN_EPISODES,
    seed: int = 0,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
    prior_sd: float | None = None,
    overrides: tuple[str, ...] = (),
) -> CalibrationFit:
    """Run steps 1-5 of the module docstring (the out-of-sample re-simulation is the caller's).

    ``durations``: each case's observed duration in days (None where unknown; None for all:
    endings only). ``prior_sd``: the normal prior's standard deviation on ln(scale), None for
    none."""
    from brink.backtest.forecast import duration_band

    began = time.perf_counter()
    d = len(parameters)
    limits = box(parameters)
    theta = design(points, limits, seed)
    counts, band_counts = simulate_design(
        paths, theta, parameters, episodes, seed, workers, progress, overrides
    )
    simulated = time.perf_counter()
    surrogates = [fit_surrogate(theta, counts[c]) for c in range(len(paths))]
    y = np.array([INDEX[o] for o in observed], dtype=np.int64)
    if durations is None:
        evidence = Evidence.of(surrogates, y)
    else:
        bands = np.array([NO_BAND if v is None else duration_band(v) for v in durations])
        band_surrogates = [fit_surrogate(theta, band_counts[c]) for c in range(len(paths))]
        evidence = Evidence.of(surrogates, y, band_surrogates, bands)
    fit = maximise(evidence, theta, bounds=limits, prior_sd=prior_sd)
    folds = {}
    for i, case in enumerate(case_ids):
        w = np.ones(len(paths))
        w[i] = 0.0
        folds[case] = maximise(evidence, theta, w, bounds=limits, prior_sd=prior_sd)
    rng = np.random.default_rng(seed)
    boot = []
    for _ in range(BOOTSTRAP):
        drawn = np.bincount(rng.integers(0, len(paths), len(paths)), minlength=len(paths))
        starts = np.vstack([fit, theta[-1:]])
        boot.append(
            maximise(evidence, starts, drawn.astype(float), bounds=limits, prior_sd=prior_sd)
        )
    interval = np.quantile(np.array(boot), [0.025, 0.975], axis=0).T
    return CalibrationFit(
        parameters=tuple(parameters),
        cases=list(case_ids),
        theta=fit,
        interval=interval,
        folds=folds,
        loglik_fit=log_likelihood(fit, evidence),
        loglik_zero=log_likelihood(np.zeros(d), evidence),
        loglik_parts={
            "calibrated": evidence.parts(fit),
            "uncalibrated": evidence.parts(np.zeros(d)),
        },
        design_points=len(theta),
        design_episodes=episodes,
        seed=seed,
        prior_sd=prior_sd,
        seconds={
            "simulate": simulated - began,
            "fit": time.perf_counter() - simulated,
        },
    )


def code_commit() -> str:
    """The git commit of the code (``unknown`` outside a git checkout)."""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"],
            cwd=Path(__file__).parent,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return out.stdout.strip() or "unknown"


def calibration_document(fit: CalibrationFit, out_of_sample: dict[str, Any]) -> dict[str, Any]:
    """The calibration file's content (see brink.scenario.calibration for how it is read)."""
    from brink import __version__

    scales = fit.scales()
    return {
        "format": 1,
        "brink_version": __version__,
        "commit": code_commit(),
        "date": dt.date.today().isoformat(),
        "procedure": (
            (
                "maximum likelihood"
                if fit.prior_sd is None
                else f"posterior mode (a normal prior on ln(scale), sd {fit.prior_sd:.3g})"
            )
            + " of the observed ICB categories and duration bands (within 30 days, within 90, "
            "later, still running at the horizon) across the case library: a "
            f"scrambled Sobol design of {fit.design_points - 1} points plus the uncalibrated "
            f"globals, {fit.design_episodes} episodes per case and point (common random numbers, "
            f"seed {fit.seed}), quadratic multinomial-logistic surrogates per case (the ending, "
            "the duration band), the surrogate log-likelihood (their sum) maximised over "
            "ln(scale) in [ln 1/8, ln 8] (a probability's top lowered to keep it within [0, 1]); "
            f"intervals: {BOOTSTRAP} case-bootstrap refits, 2.5-97.5 percentiles (docs/backtest.md)"
        ),
        "cases": list(fit.cases),
        "parameters": {
            p: {
                "scale": round(scales[p], 4),
                "interval": [round(math.exp(v), 4) for v in fit.interval[j]],
                "leave_one_out": {c: round(math.exp(t[j]), 4) for c, t in fit.folds.items()},
            }
            for j, p in enumerate(fit.parameters)
        },
        "log_likelihood": {
            "calibrated": round(fit.loglik_fit, 4),
            "uncalibrated": round(fit.loglik_zero, 4),
            **{
                term: {k: round(v[term], 4) for k, v in fit.loglik_parts.items()}
                for term in ("endings", "durations")
                if fit.loglik_parts
            },
            "note": "in sample, on the surrogates; the out-of-sample scores are below",
        },
        "out_of_sample": out_of_sample,
        "seconds": {k: round(v, 1) for k, v in fit.seconds.items()},
    }


def out_of_sample_scores(result: dict[str, Any]) -> dict[str, Any]:
    """The scores a calibration file records, from a `brink backtest --calibrate` result: the
    leave-one-out summary and the uncalibrated one."""
    keys = (
        "n",
        "brier",
        "brier_base",
        "skill",
        "skill_lo",
        "skill_hi",
        "skill_climatology",
        "skill_climatology_lo",
        "skill_climatology_hi",
        "skill_uniform",
        "skill_uniform_lo",
        "skill_uniform_hi",
        "log_score",
        "rps",
    )
    after = {k: result["summary"][k] for k in keys}
    before = {k: result["uncalibrated"]["summary"][k] for k in keys}
    return {"leave_one_out": after, "uncalibrated": before}


def write_calibration(document: dict[str, Any], path: str | Path) -> Path:
    """Write the calibration file (YAML), whole or not at all."""
    import yaml

    from brink.errors import BrinkParameterError
    from brink.store.runs import write_atomically

    out = Path(path)
    if out.is_dir() or not out.parent.is_dir():
        raise BrinkParameterError("calibration_out", f"cannot write a calibration file at {out}")
    header = (
        "# A Brink calibration file, written by `brink backtest --calibrate`.\n"
        "# Apply it with `--calibration FILE` (brink run, compare, backtest).\n"
    )
    text = header + yaml.safe_dump(document, sort_keys=False, width=100)
    write_atomically(out, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))
    return out
