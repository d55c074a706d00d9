"""Global sensitivity of P(war) and expected casualties to every uncertain input (SALib).

Two methods, each with its own experimental design:

* **Morris screening** (Morris 1991; Campolongo, Cariboni & Saltelli 2007): ``r`` random
  one-at-a-time trajectories on a ``levels``-level grid of the unit cube; each step changes one
  input by Δ and yields an *elementary effect* (change of the output / Δ). ``mu_star`` (mean
  absolute effect) ranks inputs; ``sigma`` (their spread) flags non-linearity or interactions.
* **Sobol' indices** (Sobol' 2001; Saltelli 2002; Saltelli et al. 2010): a Saltelli design of
  ``N·(D+2)`` points gives each input's first-order index ``S1`` (share of the output variance
  it explains alone) and total index ``ST`` (alone and in interactions), with bootstrap
  intervals.

The output of a draw is the mean over its replications (a probability or an expected number
of deaths), which carries simulation noise. Design runs (``brink.experiments.designs``) use
common random numbers across draws (replication r of every draw meets the same luck), so an
input with no effect scores exactly zero and noise only blurs effects through interactions; an
index counts as "above noise" when its bootstrap interval excludes zero. For runs with
independent streams per draw (e.g. a stored `brink compare` run analysed in place) the result
reports the level pure noise would reach (``noise_floor`` for Morris: the ``mu_star`` of an
input with no effect; ``noise_share`` for Sobol': its ``ST``) and compares against that.

Designs are ordinary experiments: the samplers ``morris`` and ``saltelli`` are listed in
``brink.experiments.design``, and ``brink.experiments.designs`` makes (or reuses) the design
run a method needs. This module only computes: it takes a design's outputs as arrays
(:class:`DesignOutputs`) and returns a :class:`~brink.analysis.sensitivity_result.
SensitivityResult`; reading them from a stored run is ``brink.analysis.stored.indices_of_run``.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from brink.analysis.discover import conditional_on_text
from brink.analysis.sensitivity_result import (
    FIELDS,
    NOISE_KEY,
    RANK_BY,
    IndexTable,
    OutputSummary,
    SensitivityResult,
)
from brink.errors import BrinkInputError
from brink.experiments.design import (  # noqa: F401  (the samplers stay importable here)
    MORRIS_LEVELS,
    morris_design,
    saltelli_design,
)
from brink.experiments.design import salib_problem as _problem
from brink.vocabulary import REPORTED_OUTCOMES

RESAMPLES = 200
CONFIDENCE = 0.95


# ---------------------------------------------------------------- outputs of an episode

#: What an index can explain, per episode: whether it ended in each outcome, its deaths, the
#: leads' payoffs (``brink.analysis.stored`` says how each is read from a run's episodes).
METRICS: tuple[str, ...] = (
    *(f"p_{o}" for o in REPORTED_OUTCOMES),
    "casualties",
    "payoff_challenger",
    "payoff_defender",
)


def check_metrics(metrics: Sequence[str], run: str = "", *, option: str = "metrics") -> list[str]:
    """The metrics asked for, each once; ``option`` names the parameter in errors."""
    unknown = [m for m in metrics if m not in METRICS]
    if unknown or not metrics:
        where = f"{run}: " if run else ""
        raise BrinkInputError(
            f"{where}{option}: unknown metric {', '.join(map(repr, unknown)) or '(none)'} "
            f"(expected: {', '.join(METRICS)})"
        )
    return list(dict.fromkeys(metrics))


# ---------------------------------------------------------------- the indices themselves


def morris_delta(levels: int = MORRIS_LEVELS) -> float:
    """The Morris step in the unit cube: levels / (2 (levels - 1))."""
    return levels / (2.0 * (levels - 1))


def morris_indices(
    unit: np.ndarray, y: np.ndarray, *, levels: int = MORRIS_LEVELS, seed: int = 1
) -> dict[str, np.ndarray]:
    """mu, mu_star, mu_star_conf (bootstrap, 95%) and sigma per input, in output units per
    full range of the input. ``unit``: the trajectories (only the direction of each step is
    read, so any increasing transform of the unit cube will do)."""
    from SALib.analyze import morris

    dimensions = unit.shape[1]
    si = morris.analyze(
        _problem(dimensions),
        np.asarray(unit, dtype=float),
        np.asarray(y, dtype=float),
        num_resamples=RESAMPLES,
        conf_level=CONFIDENCE,
        num_levels=levels,
        seed=seed,
    )
    return {k: np.asarray(si[k], dtype=float) for k in ("mu", "mu_star", "mu_star_conf", "sigma")}


def sobol_indices(y: np.ndarray, dimensions: int, *, seed: int = 1) -> dict[str, np.ndarray]:
    """S1, S1_conf, ST, ST_conf (bootstrap, 95%) per input from outputs on a Saltelli design
    without second-order terms. A constant output has all indices 0 (nothing to explain)."""
    from SALib.analyze import sobol

    y = np.asarray(y, dtype=float)
    if y.size % (dimensions + 2):
        raise BrinkInputError(
            f"Sobol' analysis: {y.size} outputs is not a multiple of inputs + 2 = {dimensions + 2}"
        )
    if not np.ptp(y) > 0:
        zeros = np.zeros(dimensions)
        return {"S1": zeros, "S1_conf": zeros, "ST": zeros, "ST_conf": zeros}
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        si = sobol.analyze(
            _problem(dimensions),
            y,
            calc_second_order=False,
            num_resamples=RESAMPLES,
            conf_level=CONFIDENCE,
            seed=seed or 1,
        )
    return {
        k: np.nan_to_num(np.asarray(si[k], dtype=float)) for k in ("S1", "S1_conf", "ST", "ST_conf")
    }


def analyse(
    method: str,
    y: np.ndarray,
    *,
    unit: np.ndarray | None = None,
    dimensions: int | None = None,
    levels: int = MORRIS_LEVELS,
    seed: int = 1,
) -> dict[str, np.ndarray]:
    """Indices of one output vector on its design (``unit`` for Morris, ``dimensions`` for
    Sobol'): the helper behind ``sensitivity``, usable on any function."""
    if method == "morris":
        if unit is None:
            raise ValueError("Morris needs the design (unit)")
        return morris_indices(unit, y, levels=levels, seed=seed)
    if method == "sobol":
        d = dimensions if dimensions is not None else (unit.shape[1] if unit is not None else 0)
        return sobol_indices(y, d, seed=seed)
    raise BrinkInputError(f"method: unknown method {method!r} (expected morris or sobol)")


def _g(x: float) -> float:
    return float(f"{x:.6g}") if math.isfinite(x) else 0.0


# ---------------------------------------------------------------- a design's outputs


@dataclass(frozen=True)
class DesignOutputs:
    """What the indices are computed from, however it was made (a stored design run, or any
    function evaluated on a design): per (policy, metric) the mean output of each draw and the
    variance of that mean, in design order."""

    names: tuple[str, ...]
    policies: tuple[str, ...]
    metrics: tuple[str, ...]
    outputs: Mapping[tuple[str, str], tuple[np.ndarray, np.ndarray]]
    #: Morris: the trajectories, any increasing transform of the unit cube (SALib reads only the
    #: direction of each step); Sobol': None.
    unit: np.ndarray | None = None
    levels: int = MORRIS_LEVELS
    #: Common random numbers across draws: an input with no effect then scores exactly zero,
    #: so the noise level is zero.
    shared_streams: bool = False


def design_samples(method: str, draws: int, inputs: int, run: str = "") -> int:
    """Trajectories (Morris) or base samples (Sobol') of a design of ``draws`` rows over
    ``inputs`` inputs; a one-line error when the rows cannot be such a design."""
    per, name = (inputs + 1, "Morris") if method == "morris" else (inputs + 2, "Saltelli")
    if draws % per:
        where = f"{run}: " if run else ""
        plus = "1" if method == "morris" else "2"
        raise BrinkInputError(
            f"{where}draws: {draws} is not a multiple of inputs + {plus} = {per} "
            f"(not a {name} design)"
        )
    return draws // per


def indices(
    method: str,
    data: DesignOutputs,
    about: Mapping[str, Any],
    *,
    run: str | None = None,
    policy: str | None = None,
    seed: int = 1,
) -> SensitivityResult:
    """Indices per policy, metric and input of a design's outputs. ``about``: what the
    outputs are conditional on (run, scenario, policies, draws, sampler, replications, seed,
    ...: ``brink.analysis.discover.describe``); ``run``: the run asked about when the design
    is its child run; ``policy``: the one policy asked for, if any; ``seed``: the bootstrap's."""
    if method not in FIELDS:
        raise BrinkInputError(f"method: unknown method {method!r} (expected morris or sobol)")
    names = list(data.names)
    d = len(names)
    levels = data.levels
    draws = int(about["draws"])
    samples = design_samples(method, draws, d, str(about["run"]))
    if method == "morris" and data.unit is None:
        raise ValueError("Morris needs the design (unit)")
    tables: list[IndexTable] = []
    summaries: list[OutputSummary] = []
    for policy_name in data.policies:
        for metric in data.metrics:
            y, noise = data.outputs[(policy_name, metric)]
            if method == "morris":
                assert data.unit is not None
                si = morris_indices(data.unit, y, levels=levels, seed=seed)
                # |N(0, s²)| has mean s·√(2/π); an elementary effect of an input with no
                # effect is (noise of two draws) / Δ
                floor = math.sqrt(2 / math.pi) * math.sqrt(2 * noise.mean()) / morris_delta(levels)
                floor = 0.0 if data.shared_streams else floor
                level = _g(floor)
                above = si["mu_star"] - si["mu_star_conf"] > floor
            else:
                si = sobol_indices(y, d, seed=seed)
                variance = float(np.var(y))
                share = noise.mean() / variance if variance and not data.shared_streams else 0.0
                level = _g(share)
                above = si["ST"] - si["ST_conf"] > level
            order = np.argsort(-si[RANK_BY[method]], kind="stable")
            tables.append(
                IndexTable(
                    policy=policy_name,
                    metric=metric,
                    names=tuple(names),
                    values={f: tuple(_g(float(v)) for v in si[f]) for f in FIELDS[method]},
                    above_noise=tuple(bool(a) for a in above),
                    order=tuple(int(j) for j in order),
                )
            )
            summaries.append(
                OutputSummary(
                    policy=policy_name,
                    metric=metric,
                    mean=_g(float(np.mean(y))),
                    sd_across_draws=_g(float(np.std(y))),
                    constant=bool(not np.ptp(y) > 0),
                    noise_key=NOISE_KEY[method],
                    noise=level,
                )
            )
    info = dict(about)
    asked = run if run is not None else str(info["run"])
    return SensitivityResult(
        method=method,
        run=asked,
        analysed_run=str(info["run"]),
        child_run=info["run"] != asked,
        scenario=info["scenario"],
        seed=info["seed"],
        design={
            "sampler": info.get("sampler"),
            "samples": samples,
            "draws": draws,
            "replications": info["replications"],
            **({"levels": levels, "delta": _g(morris_delta(levels))} if method == "morris" else {}),
            **({"second_order": False} if method == "sobol" else {}),
        },
        inputs=tuple(names),
        metrics=tuple(data.metrics),
        policies=tuple(data.policies),
        conditional_on={**info, "text": conditional_on_text(info, policy)},
        confidence=CONFIDENCE,
        resamples=RESAMPLES,
        outputs=tuple(summaries),
        tables=tuple(tables),
    )
