"""Analysis on stored runs: the one module of ``brink.analysis`` that touches a run folder.

Sensitivity (``brink.analysis.sensitivity``) and discovery (``brink.analysis.discover``,
``brink.analysis.prim``) compute on arrays and return typed results; here a stored run is read
(its manifest, design and per-draw aggregates, through ``brink.store``) and handed to them:
:func:`indices_of_run` and :func:`discovery`, what `brink sensitivity`, `brink discover`,
``brink.sensitivity``, ``brink.discover`` and the report call, and :func:`policy_table`, the
policy table of `brink compare`, ``brink.table`` and the report (with cluster-robust intervals:
the per-draw means are the independent units, Cameron & Miller 2015).

Typed results also go to and from the run folder here, per method and policy. Writing splits a
result by policy (``brink.store.results`` owns the files); reading merges the policies stored,
says which of the run's policies are not covered, and falls back to the single file older run
folders hold. A file that cannot be read as the typed result is reported, never guessed at.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import numpy as np

from brink.analysis.discover import describe, discover_boxes, parse_outcome
from brink.analysis.discovery_result import DiscoveryResult
from brink.analysis.policy_table import SIDES, TABLE_METRICS, PolicyTable, policy_rows
from brink.analysis.sensitivity import (
    DesignOutputs,
    check_metrics,
    design_samples,
    indices,
)
from brink.analysis.sensitivity_result import SensitivityResult
from brink.errors import BrinkInputError
from brink.experiments.design import MORRIS_LEVELS
from brink.experiments.designs import check_method
from brink.store.query import connect
from brink.store.results import legacy_path, read_legacy, read_results, write_result
from brink.store.runs import RunFolder, check_policies, open_run
from brink.vocabulary import REPORTED_CAUSES, REPORTED_OUTCOMES

R = TypeVar("R", SensitivityResult, DiscoveryResult)


@dataclass(frozen=True)
class Stored(Generic[R]):
    """What a run folder holds for one method: the merged result (None if nothing usable),
    where it came from, the run's policies it does not cover, and files that could not be read."""

    result: R | None
    source: str
    missing: tuple[str, ...] = ()
    unreadable: tuple[str, ...] = field(default=())


def store_sensitivity(run: RunFolder, result: SensitivityResult) -> list[str]:
    """One file per analysed policy under ``results/<method>/``; returns their paths."""
    return [
        str(write_result(run, result.method, p, result.for_policy(p).to_json()))
        for p in result.policies
    ]


def store_discovery(run: RunFolder, result: DiscoveryResult) -> list[str]:
    return [
        str(write_result(run, result.method, p, result.for_policy(p).to_json()))
        for p in result.policies
    ]


def _load(
    run: RunFolder,
    method: str,
    parse: Callable[[dict[str, Any]], R],
    merge: Callable[[Sequence[R], Sequence[str]], R],
) -> Stored[R]:
    policies = list(run.manifest["options"]["policies"])
    found, unreadable = read_results(run, method)
    parts: list[R] = []
    bad = list(unreadable)
    for policy, payload in found.items():
        try:
            parts.append(parse(payload))
        except (KeyError, TypeError, ValueError):
            bad.append(f"results/{method}/{policy}.json")
    source = f"results/{method}/"
    if not parts:
        legacy = read_legacy(run, method)
        path = legacy_path(run, method)
        if legacy is not None:
            try:
                parts = [parse(legacy)]
                source = path.name
            except (KeyError, TypeError, ValueError):
                bad.append(path.name)
        elif path.is_file():
            bad.append(path.name)
    if not parts:
        return Stored(None, "", tuple(policies), tuple(bad))
    result = merge(parts, policies)
    missing = tuple(p for p in policies if p not in result.policies)
    return Stored(result, source, missing, tuple(bad))


def load_sensitivity(run: RunFolder, method: str) -> Stored[SensitivityResult]:
    return _load(run, method, SensitivityResult.from_json, SensitivityResult.merge)


def load_discovery(run: RunFolder, outcome: str = "war") -> Stored[DiscoveryResult]:
    method = f"discover-{outcome.replace(':', '-')}"
    return _load(run, method, DiscoveryResult.from_json, DiscoveryResult.merge)


# ---------------------------------------------------------------- reading a stored run

#: How each metric is read from a run's episodes (SQL over the ``episodes`` view).
METRIC_SQL: dict[str, str] = {
    **{f"p_{o}": f"CASE WHEN outcome = '{o}' THEN 1.0 ELSE 0.0 END" for o in REPORTED_OUTCOMES},
    "casualties": "casualties::DOUBLE",
    "payoff_challenger": "payoff_challenger::DOUBLE",
    "payoff_defender": "payoff_defender::DOUBLE",
}


def describe_run(run: RunFolder) -> dict[str, Any]:
    """What every figure from this run is conditional on."""
    return describe(run.manifest, run.name)


def check_complete(run: RunFolder) -> None:
    if not run.complete:
        raise BrinkInputError(
            f"{run.name}: the run is incomplete ({len(run.missing_tasks())} task(s) missing); "
            f"finish it with `brink resume {run.name}`"
        )


def input_names(run: RunFolder) -> list[str]:
    return list(run.manifest.get("inputs", {}))


def design_matrix(run: RunFolder) -> np.ndarray:
    """Input values per draw, in design order, one column per uncertain input."""
    from brink.store.design import read_design

    return read_design(run.path, input_names(run)).matrix()


def unit_trajectories(run: RunFolder) -> np.ndarray:
    """The stored design mapped to [0, 1] per input by its range: an increasing transform
    of the Morris grid, which is all SALib reads (the direction of each step)."""
    from brink.store.design import read_design

    return read_design(run.path, input_names(run)).unit(run.manifest["inputs"])


def per_draw_outputs(
    run: RunFolder, policies: Sequence[str], metrics: Sequence[str]
) -> dict[tuple[str, str], tuple[np.ndarray, np.ndarray]]:
    """{(policy, metric): (mean per draw, variance of that mean)} in design (draw) order."""
    from brink.store.aggregate import per_draw

    draws = int(run.manifest["draws"])
    expressions = {m: METRIC_SQL[m] for m in metrics}
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


def outcome_counts(
    con: Any, policy: str, hit_sql: str, draws: int
) -> tuple[np.ndarray, np.ndarray]:
    """Per draw: episodes and episodes with the outcome, for one policy."""
    from brink.store.aggregate import per_draw

    block = per_draw(
        con, {"k": f"CASE WHEN {hit_sql} THEN 1 ELSE 0 END"}, policy=policy, statistics=("sum",)
    ).get(policy)
    n = np.zeros(draws)
    k = np.zeros(draws)
    if block is not None:
        index = np.asarray(block.draw, dtype=np.int64)
        n[index] = block.n
        k[index] = block.sum("k")
    return n, k


# ---------------------------------------------------------------- the entry points


def indices_of_run(
    parent: RunFolder,
    target: RunFolder,
    method: str,
    *,
    metrics: Sequence[str] = ("p_war", "casualties"),
    policy: str | None = None,
) -> SensitivityResult:
    """Indices per policy, metric and input on a complete design run ``target`` (the run
    asked about, ``parent``, or its design run); not stored."""
    check_method(method, parent.name)
    metrics = check_metrics(metrics, parent.name)
    policies = check_policies(parent, policy)
    check_complete(target)
    names = input_names(target)
    if not names:
        raise BrinkInputError(f"{target.name}: the run has no uncertain inputs")
    options = target.manifest["options"]
    design_samples(method, int(target.manifest["draws"]), len(names), target.name)
    data = DesignOutputs(
        names=tuple(names),
        policies=tuple(policies),
        metrics=tuple(metrics),
        outputs=per_draw_outputs(target, policies, metrics),
        unit=unit_trajectories(target) if method == "morris" else None,
        levels=int(options.get("morris_levels", MORRIS_LEVELS)),
        shared_streams=bool(options.get("shared_streams", False)),
    )
    seed = int(target.manifest.get("design_seed", target.manifest["seed"])) or 1
    return indices(method, data, describe_run(target), run=parent.name, policy=policy, seed=seed)


def discovery(
    run_name: str | RunFolder,
    outcome: str = "war",
    policy: str | None = None,
    out: str | None = None,
    *,
    alpha: float = 0.05,
    mass_min: float = 0.05,
    min_coverage: float | None = 0.5,
    min_density: float | None = None,
    p_threshold: float = 0.05,
    tree_depth: int = 3,
    tree_min_leaf: float = 0.05,
    store: bool = True,
) -> DiscoveryResult:
    """PRIM and a decision tree on a stored run, per policy; stored (with ``store``) as
    ``results/discover-<outcome>/<policy>.json`` in the run folder."""
    run = open_run(str(run_name.path) if isinstance(run_name, RunFolder) else run_name, out)
    wanted = parse_outcome(outcome, run.name)
    policies = check_policies(run, policy)
    check_complete(run)
    names = input_names(run)
    if not names:
        raise BrinkInputError(f"{run.name}: the run has no uncertain inputs to discover over")
    inputs = run.manifest["inputs"]
    bounds = np.array([[inputs[n]["low"], inputs[n]["high"]] for n in names], dtype=float)
    con = connect(run)
    try:
        x = design_matrix(run)
        counts = {p: outcome_counts(con, p, wanted.sql, len(x)) for p in policies}
    finally:
        con.close()
    result = discover_boxes(
        x,
        counts,
        names,
        bounds,
        wanted,
        describe_run(run),
        alpha=alpha,
        mass_min=mass_min,
        min_coverage=min_coverage,
        min_density=min_density,
        p_threshold=p_threshold,
        tree_depth=tree_depth,
        tree_min_leaf=tree_min_leaf,
    )
    if store:
        store_discovery(run, result)
    return result


# ---------------------------------------------------------------- the policy table of a run


#: Unresolved crises that faded before the horizon (the ``faded`` column). Runs stored before
#: fading existed have no such column: none of their crises could fade.
FADED = "(outcome = 'unresolved' AND faded)::DOUBLE"


def _has_column(con: Any, name: str) -> bool:
    return name in {row[0] for row in con.execute("DESCRIBE episodes").fetchall()}


def _leads(run: RunFolder) -> tuple[str, str]:
    """The challenger's and the defender's ids, from the run's stored scenario."""
    from brink.store.scenario_json import read_scenario

    scenario = read_scenario(run.path)
    return scenario.challenger, scenario.defender


def _fading(run: RunFolder) -> bool:
    """Whether the run's crises could fade (its stored scenario, overrides applied)."""
    from brink.store.scenario_json import read_scenario

    return read_scenario(run.path).fading.enabled


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def per_draw_means(run: RunFolder) -> dict[str, dict[str, np.ndarray]]:
    """For each policy, each metric's mean per draw (arrays ordered by draw)."""
    from brink.store.aggregate import per_draw

    leads = _leads(run)
    expressions = {f"p_{o}": f"(outcome = '{o}')::DOUBLE" for o in REPORTED_OUTCOMES}
    expressions.update(
        {
            f"p_backs_down_{side}": (
                f"(outcome = 'capitulation' AND capitulator = {_quoted(lead)})::DOUBLE"
            )
            for side, lead in zip(SIDES, leads, strict=True)
        }
    )
    expressions.update(
        {f"p_war_{c}": f"(outcome = 'war' AND war_cause = '{c}')::DOUBLE" for c in REPORTED_CAUSES}
    )
    # The table's means of episode columns (casualties, tests, payoffs) are those columns.
    expressions.update(
        {name: f"{name}::DOUBLE" for name in TABLE_METRICS if not name.startswith("p_")}
    )
    con = connect(run)
    try:
        expressions["p_faded"] = FADED if _has_column(con, "faded") else "0::DOUBLE"
        blocks = per_draw(con, expressions)
    finally:
        con.close()
    return {
        policy: {"draw": block.draw, **{m: block.mean(m) for m in TABLE_METRICS}}
        for policy, block in blocks.items()
    }


def policy_table(run: RunFolder) -> PolicyTable:
    """The typed policy table of a stored run (rows for the policies with episodes stored)."""
    means = per_draw_means(run)
    leads = _leads(run)
    fading = _fading(run)
    planned = tuple(run.manifest["options"]["policies"])
    order = [p for p in planned if p in means]
    rows, differences = policy_rows(means, order, TABLE_METRICS)
    m = run.manifest
    options = m["options"]
    return PolicyTable(
        run=run.name,
        scenario=m["scenario"]["id"],
        seed=m["seed"],
        challenger=leads[0],
        defender=leads[1],
        conditional_on={
            "scenario_sha256": m["scenario"]["sha256"],
            "overrides": m["scenario"]["overrides"],
            "opponent": options["opponent"],
            "sampler": options["sampler"],
            "draws": m["draws"],
            "replications": options["replications"],
            "uncertain_inputs": len(m.get("inputs", {})),
            "interval": "95%, cluster-robust over draws (per-draw means as units)",
            "fading": fading,
        },
        rows=rows,
        differences=differences,
        complete=run.complete,
        planned=planned,
    )


def summarise_run(run: RunFolder) -> dict[str, Any]:
    """Policy table and paired differences against the first policy (JSON-ready)."""
    return policy_table(run).to_json()
