"""Stored runs end to end: plan, write the folder, execute — `brink compare` and `resume`.

Every policy meets the same draws of the uncertain inputs and the same random streams (common
random numbers), so differences between policies are sharp. ``resume`` runs only the tasks
whose parts are missing.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from typing import Any

from brink.errors import BrinkParameterError
from brink.executors.local import Executor
from brink.experiments.execute import Progress, execute
from brink.experiments.plan import EPISODES_PER_TASK, RunPlan, plan_run
from brink.store.design import write_design
from brink.store.runs import RunFolder, open_run
from brink.store.scenario_json import write_scenario


def write_run(plan: RunPlan) -> RunFolder:
    """Create the planned run folder: scenario, design and manifest (no simulation yet).

    A folder that cannot be completed (a full disk, Ctrl-C) is removed again: it was new and
    held nothing computed.
    """
    path = plan.path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.mkdir()
    except FileExistsError:
        raise BrinkParameterError(
            "name", f"run {path.name!r} already exists in {path.parent} (choose another name)"
        ) from None
    except OSError as error:
        raise BrinkParameterError(
            "out",
            f"cannot create the run folder {path} ({error.strerror}); choose a writable folder",
        ) from None
    try:
        write_scenario(path, plan.scenario_json)
        write_design(path, plan.design)
        run = RunFolder(path, plan.manifest)
        run.save_manifest()
    except BaseException as error:
        shutil.rmtree(path, ignore_errors=True)
        if isinstance(error, OSError):
            raise BrinkParameterError(
                "out", f"cannot write the run folder {path} ({error.strerror}); nothing was kept"
            ) from None
        raise
    return run


def create_run(scenario: str, policies: Sequence[str] | None, **options: Any) -> RunFolder:
    """Validate everything, sample the design and write the run folder (no simulation yet).

    Takes the keyword arguments of :func:`~brink.experiments.plan.plan_run`.
    """
    return write_run(plan_run(scenario, policies, **options))


def compare(
    scenario: str = "korea-2017",
    policies: Sequence[str] | None = None,
    *,
    samples: int = 256,
    replications: int = 200,
    seed: int = 1,
    sampler: str = "lhs",
    overrides: Sequence[str] = (),
    opponent: str | None = None,
    out: str | None = None,
    name: str | None = None,
    workers: int | None = None,
    executor: Executor | None = None,
    progress: Progress | None = None,
    episodes_per_task: int = EPISODES_PER_TASK,
) -> RunFolder:
    """Create a run and execute it: the Python face of `brink compare`."""
    run = create_run(
        scenario,
        policies,
        samples=samples,
        replications=replications,
        seed=seed,
        sampler=sampler,
        overrides=overrides,
        opponent=opponent,
        out=out,
        name=name,
        episodes_per_task=episodes_per_task,
    )
    return execute(run, workers=workers, executor=executor, progress=progress)


def resume(
    run_name: str,
    *,
    out: str | None = None,
    workers: int | None = None,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> RunFolder:
    """Finish an interrupted run: only the tasks whose parts are missing are run."""
    run = open_run(run_name, out)
    return execute(run, workers=workers, executor=executor, progress=progress)
