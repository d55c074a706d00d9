"""Brink's Python API: what the commands do, taking and returning objects.

Each function is the library behind one command — ``compare`` and ``resume`` behind
``brink compare``/``brink resume``, ``table`` behind the policy table they print,
``sensitivity`` and ``discover`` behind theirs, ``write_report`` behind ``brink report``
(``brink.report`` is the package that builds it) — with the same defaults, but it
takes a run as a :class:`~brink.store.runs.RunFolder` or a name, returns typed results
(:class:`~brink.analysis.policy_table.PolicyTable`,
:class:`~brink.analysis.sensitivity_result.SensitivityResult`,
:class:`~brink.analysis.discovery_result.DiscoveryResult`, each with ``to_frame()`` and
``to_json()``), prints nothing, and names its own parameters in errors. ``run`` is
``brink run`` (in memory, no folder): :func:`brink.simulation.run`'s episodes as a
:class:`~brink.analysis.run_result.RunResult` that summarises itself. An example:
examples/python_api.py.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from brink.analysis.discovery_result import DiscoveryResult
from brink.analysis.policy_table import PolicyTable
from brink.analysis.run_result import RunResult
from brink.analysis.sensitivity import check_metrics
from brink.analysis.sensitivity_result import SensitivityResult
from brink.analysis.stored import discovery, indices_of_run, policy_table, store_sensitivity
from brink.experiments import runs as _runs
from brink.experiments.designs import check_method, design_run
from brink.experiments.execute import execute
from brink.report.build import build_report
from brink.simulation import run as simulate
from brink.store.runs import RunFolder, open_run

Run = RunFolder | str

__all__ = [
    "RunResult",
    "compare",
    "discover",
    "open_run",
    "resume",
    "run",
    "sensitivity",
    "table",
    "write_report",
]


def _folder(run: Run, out: str | None = None) -> RunFolder:
    return run if isinstance(run, RunFolder) else open_run(run, out)


def _name(run: Run) -> str:
    return str(run.path) if isinstance(run, RunFolder) else run


def run(
    scenario: str = "korea-2017", policies: Sequence[str] | None = None, **options: Any
) -> RunResult:
    """Simulate ``episodes`` episodes of each policy in memory (``brink run``) and return them
    with their summary (``summary()``, ``outcome_table()``, ``episodes_frame()``); keyword
    options as :func:`brink.simulation.run` (episodes, seed, overrides, workers, opponent,
    ...)."""
    return RunResult.of(simulate(scenario, policies, **options))


def compare(
    scenario: str = "korea-2017", policies: Sequence[str] | None = None, **options: Any
) -> RunFolder:
    """Sample the scenario's uncertain inputs, simulate every policy at every draw and store
    the run folder (``brink compare``); keyword options as
    :func:`brink.experiments.runs.compare` (samples, replications, seed, sampler, overrides,
    opponent, out, name, workers, progress, ...)."""
    return _runs.compare(scenario, policies, **options)


def resume(run: Run, *, out: str | None = None, workers: int | None = None) -> RunFolder:
    """Finish an interrupted run: only the tasks whose parts are missing are run."""
    return _runs.resume(_name(run), out=out, workers=workers)


def table(run: Run, *, out: str | None = None) -> PolicyTable:
    """The policy table of a stored run: outcome probabilities and means with their
    cluster-robust intervals, and paired differences between policies."""
    return policy_table(_folder(run, out))


def sensitivity(
    run: Run,
    method: str = "morris",
    *,
    metrics: Sequence[str] = ("p_war", "casualties"),
    policy: str | None = None,
    samples: int | None = None,
    replications: int | None = None,
    workers: int | None = None,
    out: str | None = None,
    store: bool = True,
    progress: Callable[[int], None] | None = None,
) -> SensitivityResult:
    """Morris or Sobol' indices of the run's outcomes to every input that can act. When the
    run was not sampled for the method, its design run (RUN-morris / RUN-sobol: same scenario,
    seed, policies) is made or reused and executed, as ``brink sensitivity`` does. Stored per
    policy under ``results/<method>/`` unless ``store`` is false."""
    name = _name(run)
    check_method(method, name)
    metrics = check_metrics(metrics, name, option="metrics")
    parent, target = design_run(
        name, method, out=out, policy=policy, samples=samples, replications=replications
    )
    if target is not parent and not target.complete:
        target = execute(target, workers=workers, progress=progress)
    result = indices_of_run(parent, target, method, metrics=metrics, policy=policy)
    if store:
        store_sensitivity(parent, result)
    return result


def discover(
    run: Run,
    outcome: str = "war",
    *,
    policy: str | None = None,
    out: str | None = None,
    store: bool = True,
    **options: Any,
) -> DiscoveryResult:
    """Scenario discovery (PRIM boxes and a decision tree) for ``outcome`` on a stored run;
    options as :func:`brink.analysis.stored.discovery` (alpha, min_coverage, ...)."""
    return discovery(_folder(run, out), outcome, policy, out, store=store, **options)


def write_report(run: Run, output_path: str | Path, *, out: str | None = None) -> Path:
    """Write the run's report (one offline HTML file) and return its path; ``brink.report(run,
    output_path)`` is the same call."""
    return build_report(_name(run), output_path, out)
