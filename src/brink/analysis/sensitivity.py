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
of deaths), which carries simulation noise. Design runs made here use common random numbers
across draws (replication r of every draw meets the same luck), so an input with no effect
scores exactly zero and noise only blurs effects through interactions; an index counts as
"above noise" when its bootstrap interval excludes zero. For runs with independent streams per
draw (e.g. a stored `brink compare` run analysed in place) the result reports the level pure
noise would reach (``noise_floor`` for Morris: the ``mu_star`` of an input with no effect;
``noise_share`` for Sobol': its ``ST``) and compares against that.

Designs are ordinary experiments: the samplers ``morris`` and ``saltelli`` are listed in
``brink.experiments.design``, and ``brink.experiments.designs`` makes (or reuses) the design
run a method needs; this module only analyses it.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from brink.analysis.discover import (
    OUTCOMES,
    check_complete,
    check_policies,
    conditional_on_text,
    describe_run,
    input_names,
)
from brink.analysis.sensitivity_result import (
    FIELDS,
    NOISE_KEY,
    RANK_BY,
    IndexTable,
    OutputSummary,
    SensitivityResult,
)
from brink.analysis.stored import store_sensitivity
from brink.errors import BrinkInputError
from brink.experiments.design import (  # noqa: F401  (the samplers stay importable here)
    MORRIS_LEVELS,
    morris_design,
    saltelli_design,
)
from brink.experiments.design import salib_problem as _problem
from brink.experiments.designs import (  # noqa: F401  (design runs stay importable here)
    DEFAULT_SAMPLES,
    METHODS,
    SAMPLER_OF,
    check_method,
    design_run,
)
from brink.store.runs import RunFolder

RESAMPLES = 200
CONFIDENCE = 0.95


# ---------------------------------------------------------------- outputs of an episode table

_METRIC_SQL: dict[str, str] = {
    **{f"p_{o}": f"CASE WHEN outcome = '{o}' THEN 1.0 ELSE 0.0 END" for o in OUTCOMES},
    "casualties": "casualties::DOUBLE",
    "payoff_challenger": "payoff_challenger::DOUBLE",
    "payoff_defender": "payoff_defender::DOUBLE",
}


def check_metrics(metrics: Sequence[str], run: str = "", *, option: str = "metrics") -> list[str]:
    """The metrics asked for, each once; ``option`` names the parameter in errors."""
    unknown = [m for m in metrics if m not in _METRIC_SQL]
    if unknown or not metrics:
        where = f"{run}: " if run else ""
        raise BrinkInputError(
            f"{where}{option}: unknown metric {', '.join(map(repr, unknown)) or '(none)'} "
            f"(expected: {', '.join(_METRIC_SQL)})"
        )
    return list(dict.fromkeys(metrics))


def per_draw_outputs(
    run: RunFolder, policies: Sequence[str], metrics: Sequence[str]
) -> dict[tuple[str, str], tuple[np.ndarray, np.ndarray]]:
    """{(policy, metric): (mean per draw, variance of that mean)} in design (draw) order."""
    from brink.store.aggregate import per_draw
    from brink.store.query import connect

    draws = int(run.manifest["draws"])
    expressions = {m: _METRIC_SQL[m] for m in metrics}
    con = connect(run)
    out: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}
    try:
        for policy in policies:
            block = per_draw(con, expressions, policy=policy, statistics=("mean", "var")).get(
                policy
            )
            if block is None or not np.array_equal(block.draw, np.arange(draws)):
                raise BrinkInputError(
                    f"{run.name}: episodes of policy {policy!r} do not cover draws 0…{draws - 1}"
                )
            n = np.asarray(block.n, dtype=float)
            for m in metrics:
                out[(policy, m)] = (block.mean(m), block.var(m) / n)
    finally:
        con.close()
    return out


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


# ---------------------------------------------------------------- runs: the design's outputs


def unit_trajectories(run: RunFolder) -> np.ndarray:
    """The stored design mapped to [0, 1] per input by its range: an increasing transform
    of the Morris grid, which is all SALib reads (the direction of each step)."""
    from brink.store.design import read_design

    return read_design(run.path, input_names(run)).unit(run.manifest["inputs"])


def indices_of_run(
    parent: RunFolder,
    target: RunFolder,
    method: str,
    *,
    metrics: Sequence[str] = ("p_war", "casualties"),
    policy: str | None = None,
) -> SensitivityResult:
    """Indices per policy, metric and input on a complete design run (not stored)."""
    check_method(method, parent.name)
    metrics = check_metrics(metrics, parent.name)
    policies = check_policies(parent, policy)
    check_complete(target)
    names = input_names(target)
    d = len(names)
    if d == 0:
        raise BrinkInputError(f"{target.name}: the run has no uncertain inputs")
    draws = int(target.manifest["draws"])
    levels = int(target.manifest["options"].get("morris_levels", MORRIS_LEVELS))
    if method == "morris":
        if draws % (d + 1):
            raise BrinkInputError(
                f"{target.name}: draws: {draws} is not a multiple of inputs + 1 = {d + 1} "
                "(not a Morris design)"
            )
        unit = unit_trajectories(target)
        trajectories = draws // (d + 1)
    else:
        if draws % (d + 2):
            raise BrinkInputError(
                f"{target.name}: draws: {draws} is not a multiple of inputs + 2 = {d + 2} "
                "(not a Saltelli design)"
            )
        unit = None
        trajectories = draws // (d + 2)
    outputs = per_draw_outputs(target, policies, metrics)
    shared = bool(target.manifest["options"].get("shared_streams", False))
    seed = int(target.manifest.get("design_seed", target.manifest["seed"])) or 1
    tables: list[IndexTable] = []
    summaries: list[OutputSummary] = []
    for policy_name in policies:
        for metric in metrics:
            y, noise = outputs[(policy_name, metric)]
            if method == "morris":
                assert unit is not None
                si = morris_indices(unit, y, levels=levels, seed=seed)
                # |N(0, s²)| has mean s·√(2/π); an elementary effect of an input with no
                # effect is (noise of two draws) / Δ
                floor = math.sqrt(2 / math.pi) * math.sqrt(2 * noise.mean()) / morris_delta(levels)
                floor = 0.0 if shared else floor
                level = _g(floor)
                above = si["mu_star"] - si["mu_star_conf"] > floor
            else:
                si = sobol_indices(y, d, seed=seed)
                variance = float(np.var(y))
                share = noise.mean() / variance if variance and not shared else 0.0
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
    info = describe_run(target)
    typed = SensitivityResult(
        method=method,
        run=parent.name,
        analysed_run=target.name,
        child_run=target.name != parent.name,
        scenario=info["scenario"],
        seed=info["seed"],
        design={
            "sampler": target.manifest["options"].get("sampler"),
            "samples": trajectories,
            "draws": draws,
            "replications": info["replications"],
            **({"levels": levels, "delta": _g(morris_delta(levels))} if method == "morris" else {}),
            **({"second_order": False} if method == "sobol" else {}),
        },
        inputs=tuple(names),
        metrics=tuple(metrics),
        policies=tuple(policies),
        conditional_on={**info, "text": conditional_on_text(info, policy)},
        confidence=CONFIDENCE,
        resamples=RESAMPLES,
        outputs=tuple(summaries),
        tables=tuple(tables),
    )
    return typed


def analyse_run(
    parent: RunFolder,
    target: RunFolder,
    method: str,
    *,
    metrics: Sequence[str] = ("p_war", "casualties"),
    policy: str | None = None,
    store: bool = True,
) -> dict[str, Any]:
    """:func:`indices_of_run` as the dictionary `brink sensitivity --json` prints; stored
    per policy (``results/<method>/<policy>.json``) in the folder of the run asked about."""
    typed = indices_of_run(parent, target, method, metrics=metrics, policy=policy)
    result = typed.to_json()
    if store:
        store_sensitivity(parent, typed)
    return result


def sensitivity(
    run_name: str,
    method: str,
    out: str | None = None,
    workers: int | None = None,
    outcome_metrics: Sequence[str] = ("p_war", "casualties"),
    policy: str | None = None,
    *,
    samples: int | None = None,
    replications: int | None = None,
    progress: Callable[[int], None] | None = None,
    store: bool = True,
) -> dict[str, Any]:
    """Morris or Sobol' indices of the run's outputs to every uncertain input, making (or
    reusing, or finishing) the design run when the stored run was not sampled for the method."""
    from brink.experiments.execute import execute

    check_method(method, run_name)
    check_metrics(outcome_metrics, run_name, option="outcome_metrics")
    parent, target = design_run(
        run_name, method, out=out, policy=policy, samples=samples, replications=replications
    )
    if not target.complete and target is not parent:
        target = execute(target, workers=workers, progress=progress)
    return analyse_run(parent, target, method, metrics=outcome_metrics, policy=policy, store=store)
