"""Execute tasks: the one executor path of every experiment, in memory or into a run folder.

Tasks go to an executor (this process, a local process pool, or Dask), which yields results
in task order whatever the workers; :func:`run_tasks` is the only place tasks are mapped, and
its ``progress`` callback (episodes finished) drives the one progress bar of every command.
A stored run's driver alone writes the manifest and the catalog; workers write parts.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import BrokenExecutor
from typing import Any, TypeVar

import numpy as np

from brink import kernel_cache
from brink.errors import BrinkInputError, BrinkInterrupted
from brink.executors.local import Executor, make_executor
from brink.experiments.plan import stored_tasks
from brink.experiments.tasks import Task, simulate, simulate_and_store
from brink.store.catalog import update_catalog_quietly
from brink.store.design import read_design
from brink.store.integrity import check_design, damaged_tasks
from brink.store.parts import stray_temporaries
from brink.store.runs import RunFolder, runs_root
from brink.store.scenario_json import read_scenario
from brink.store.status import RUNNING, driver_record, is_driven_elsewhere

T = TypeVar("T")
R = TypeVar("R")
Progress = Callable[[int], None]


def _episodes(task: Any) -> int:
    return int(task.episodes)


def run_tasks(
    tasks: Sequence[T],
    executor: Executor,
    worker: Callable[[T], R],
    progress: Progress | None = None,
    size: Callable[[T], int] = _episodes,
) -> Iterator[tuple[T, R]]:
    """Each task with its result, in task order; ``progress`` hears each finished task's
    ``size`` (its episodes, unless told otherwise)."""
    kernel_cache.before_engine()  # here, not in the workers: only this process can tell
    for task, result in zip(tasks, executor.map(worker, tasks), strict=True):
        if progress is not None:
            progress(size(task))
        yield task, result


def run_in_memory(
    tasks: Sequence[Task], executor: Executor, progress: Progress | None = None
) -> dict[str | None, dict[str, np.ndarray]]:
    """Every task's episode columns joined per policy, in task order (no folder)."""
    parts: dict[str | None, list[dict[str, np.ndarray]]] = {}
    for task in tasks:
        parts.setdefault(task.policy, [])
    for task, result in run_tasks(tasks, executor, simulate, progress):
        parts[task.policy].append(result.episodes)
    return {
        name: {key: np.concatenate([p[key] for p in chunks]) for key in chunks[0]}
        for name, chunks in parts.items()
    }


def run_each(
    tasks: Sequence[Task], executor: Executor | None = None, progress: Progress | None = None
) -> list[dict[str, np.ndarray]]:
    """Each task's episode columns, in task order, nothing joined (no folder): for tasks that
    differ in more than their policy — the arms of a paired screen, the doctrines of a
    debrief. Without an executor the tasks run in this process."""
    runner = executor or make_executor(1)
    return [result.episodes for _, result in run_tasks(tasks, runner, simulate, progress)]


def execute(
    run: RunFolder,
    *,
    workers: int | None = None,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> RunFolder:
    """Run the missing (or damaged) tasks of a run, store their parts, finish the manifest.

    Ctrl-C, a full disk or a dying worker stop the run with every finished part kept and the
    manifest saying so; the error names what was saved and the command that finishes it.
    """
    if is_driven_elsewhere(run.manifest):
        driver = run.manifest.get("driver") or {}
        raise BrinkInputError(
            f"{run.name}: the run is being computed right now (pid {driver.get('pid')} on "
            f"{driver.get('host')}); wait for it to finish, or stop it first"
        )
    runner = executor or make_executor(workers)
    session = Session(runner, 0)
    try:  # Ctrl-C while the tasks are prepared is told like one while they run
        tasks = _prepare(run)
    except KeyboardInterrupt:
        _close(run, session, "interrupted")
        raise BrinkInterrupted(_saved(run, session.episodes, "stopped by Ctrl-C")) from None
    session.tasks = len(tasks)
    try:
        for _, meta in run_tasks(tasks, runner, simulate_and_store, progress):
            session.add(meta)
    except KeyboardInterrupt:
        _close(run, session, "interrupted")
        raise BrinkInterrupted(_saved(run, session.episodes, "stopped by Ctrl-C")) from None
    except OSError as error:
        _close(run, session, "incomplete")
        raise BrinkInputError(
            _saved(run, session.episodes, f"{error.strerror or error} while storing the results")
        ) from None
    except BrokenExecutor:
        _close(run, session, "incomplete")
        raise BrinkInputError(
            _saved(run, session.episodes, "a worker process died (out of memory, or killed)")
        ) from None
    _close(run, session, "complete" if run.complete else "incomplete")
    return run


def _prepare(run: RunFolder) -> list[Task]:
    """Check the stored scenario and design, mark the run as driven here, and list the tasks
    still to run (missing or damaged parts)."""
    scenario = read_scenario(run.path)
    check_design(run)
    values = read_design(run.path).values
    damaged = [task for task, _, _ in damaged_tasks(run)]
    missing = run.missing_tasks() + damaged
    run.manifest["status"] = RUNNING
    run.manifest["driver"] = driver_record()
    _save_or_refuse(run)
    for stray in stray_temporaries(run.path):  # half-written files of a killed run
        stray.unlink(missing_ok=True)
    return stored_tasks(run.manifest, scenario, values, missing, run.path)


class Session:
    """What one execution of a run did: episodes, seconds and tasks per worker."""

    def __init__(self, runner: Executor, tasks: int) -> None:
        self.runner = runner
        self.tasks = tasks
        self.began = time.perf_counter()
        self.per_worker: dict[str, dict[str, float]] = {}
        self.episodes = 0
        self.done = 0
        self.storing = self.simulating = 0.0

    def add(self, meta: dict[str, Any]) -> None:
        self.done += 1
        self.episodes += meta["rows"]
        self.storing += meta["store_seconds"]
        self.simulating += meta["simulate_seconds"]
        mine = self.per_worker.setdefault(
            meta["worker"], {"episodes": 0, "seconds": 0.0, "tasks": 0}
        )
        mine["episodes"] += meta["rows"]
        mine["seconds"] += meta["simulate_seconds"] + meta["store_seconds"]
        mine["tasks"] += 1

    def record(self) -> dict[str, Any]:
        wall = time.perf_counter() - self.began
        return {
            "episodes": self.episodes,
            "tasks": self.done,
            "wall_seconds": round(wall, 3),
            "simulate_seconds": round(self.simulating, 3),
            "store_seconds": round(self.storing, 3),
            "episodes_per_second": round(self.episodes / wall, 1) if wall > 0 else None,
            "workers": self.runner.workers,
            "executor": type(self.runner).__name__,
            "per_worker": {
                worker: {
                    "episodes": int(v["episodes"]),
                    "tasks": int(v["tasks"]),
                    "episodes_per_second": round(v["episodes"] / v["seconds"], 1)
                    if v["seconds"] > 0
                    else None,
                }
                for worker, v in sorted(self.per_worker.items())
            },
        }


def _save_or_refuse(run: RunFolder) -> None:
    """Save the manifest before any work; a folder that cannot be written is refused now."""
    try:
        run.save_manifest()
    except OSError as error:
        raise BrinkInputError(
            f"{run.path}: cannot write to the run folder ({error.strerror}); nothing was "
            "changed (is it read-only, or the disk full?)"
        ) from None


@contextlib.contextmanager
def told_if_stopped(run: RunFolder) -> Iterator[None]:
    """Ctrl-C while a run is being started (its workers, its progress bar), not only while its
    tasks run, is told with what is saved and the command that finishes it."""
    try:
        yield
    except KeyboardInterrupt:
        if not run.complete:
            run.manifest["status"] = "interrupted"
            with contextlib.suppress(OSError):  # the parts are what counts (as in _close)
                run.save_manifest()
        raise BrinkInterrupted(_saved(run, 0, "stopped by Ctrl-C")) from None


def _close(run: RunFolder, session: Session, status: str) -> None:
    """Record the session and the status; on a full disk this may fail, which is then told
    (the parts themselves are what counts: resume reads the folder, not the manifest)."""
    run.manifest.setdefault("timings", {}).setdefault("sessions", []).append(session.record())
    run.manifest["status"] = status
    try:
        run.save_manifest()
    except OSError:
        if status == "complete":
            raise
        return
    update_catalog_quietly(run)


def _saved(run: RunFolder, episodes: int, why: str) -> str:
    """One line: why the run stopped, what is kept, and the command that finishes it."""
    total = len(run.tasks())
    left = len(run.missing_tasks())
    default_root = runs_root(None).resolve()
    where = "" if run.path.parent.resolve() == default_root else f" --out {run.path.parent}"
    return (
        f"run {run.name}: {why}; {total - left} of {total} tasks are saved "
        f"({episodes:,} episodes in this session), nothing saved was lost; finish it "
        f"with `brink resume {run.name}{where}`"
    )
