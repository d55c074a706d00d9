"""Experiments: policies × sampled inputs × replications, stored as a run folder.

Every policy meets the same draws of the uncertain inputs and the same random streams (common
random numbers), so differences between policies are sharp. The work is cut into tasks
(policy, chunk of draws); executors run tasks anywhere and return columnar batches; the driver
alone writes parts, the manifest and the catalog. ``resume`` runs only the tasks whose parts
are missing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable, Sequence
from concurrent.futures import BrokenExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from brink import __version__
from brink.engine.batch import resolve_matchup, run_batch
from brink.engine.turn import TurnRecord
from brink.errors import BrinkInputError, BrinkInterrupted, check_seed
from brink.executors.local import Executor, make_executor
from brink.model.crisis import Crisis
from brink.model.inputs import uncertain_inputs
from brink.outputs import probe_folder
from brink.scenario.loader import load
from brink.scenario.schema import Scenario
from brink.store.runs import (
    FORMAT_VERSION,
    TOOL,
    RunFolder,
    check_name,
    open_run,
    part_path,
    runs_root,
    write_atomically,
)
from brink.store.status import RUNNING, driver_record
from brink.vocabulary import STRIKE_RUNG, TOP_RUNG, WAR

#: ``size_check(scenario, policies, opponent, episodes_per_policy)``: may refuse a run's size.
SizeCheck = Callable[[Scenario, list[str], str | None, int], None]

#: Target episodes per task: large enough to amortise overhead, small enough to resume finely.
EPISODES_PER_TASK = 25_000


@dataclass(frozen=True)
class ExperimentTask:
    """One policy over a chunk of draws, each with all its replications."""

    scenario: Scenario
    policy: str
    opponent: str
    seed: int
    chunk: int
    draw_start: int
    draw_stop: int
    replications: int
    inputs: dict[str, np.ndarray]  # values for draws [draw_start, draw_stop)
    run_path: str = ""  # where the worker writes the task's parts (shared by all workers)
    run_name: str = ""
    shared_streams: bool = False  # common random numbers across draws (sensitivity designs)


def simulate_task(task: ExperimentTask) -> dict[str, dict[str, np.ndarray]]:
    """Worker entry point: the task's episode rows and its escalation timeline, as columns."""
    count = task.draw_stop - task.draw_start
    draws = np.repeat(np.arange(task.draw_start, task.draw_stop), task.replications)
    replications = np.tile(np.arange(task.replications), count)
    local = draws - task.draw_start
    fixed = {path: values[local] for path, values in task.inputs.items()}
    horizon = task.scenario.horizon_turns
    counts = np.zeros((horizon, TOP_RUNG + 1), dtype=np.int64)
    level = np.zeros(len(draws), dtype=np.int64)

    def track(crisis: Crisis, record: TurnRecord) -> None:
        s = crisis.state
        acting = crisis.compiled.seats
        rungs = crisis.table.rung[np.maximum(record.action[:, acting], 0)]
        was_active = s.active | record.ended
        now = rungs.max(axis=1)
        war_level = np.clip(STRIKE_RUNG - 1 + s.war_kind, 0, TOP_RUNG)
        ended_level = np.where(s.outcome == WAR, war_level, 0)
        level[:] = np.where(was_active, np.where(record.ended, ended_level, now), level)
        counts[record.turn - 1] = np.bincount(level, minlength=TOP_RUNG + 1)

    result = run_batch(
        task.scenario,
        resolve_matchup(task.scenario, task.policy, task.opponent),
        task.seed,
        draws,
        replications,
        fixed,
        on_turn=track,
        shared_streams=task.shared_streams,
    )
    last = int(result.columns["turns"].max()) if len(draws) else 0
    if last < horizon:  # every episode ended early: levels stay as they were
        counts[last:] = counts[last - 1] if last > 0 else 0
    columns = {
        (name[len("input:") :] if name.startswith("input:") else name): values
        for name, values in result.columns.items()
    }
    turns, rungs = np.meshgrid(np.arange(1, horizon + 1), np.arange(TOP_RUNG + 1), indexing="ij")
    timeline: dict[str, np.ndarray] = {
        "turn": turns.ravel().astype(np.int32),
        "level": rungs.ravel().astype(np.int8),
        "episodes": counts.ravel(),
    }
    return {"episodes": columns, "timeline": timeline}


def _write_parquet(path: Path, columns: dict[str, np.ndarray], extra: dict[str, str]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = len(next(iter(columns.values())))
    arrays: dict[str, Any] = {
        key: pa.DictionaryArray.from_arrays(pa.array(np.zeros(rows, dtype=np.int32)), [value])
        for key, value in extra.items()
    }
    for key, values in columns.items():
        arrays[key] = pa.array(values.tolist() if values.dtype == object else values)
    table = pa.table(arrays)
    write_atomically(path, lambda temporary: pq.write_table(table, temporary))
    return rows


def store_task_result(
    run_path: Path,
    run_name: str,
    policy: str,
    chunk: int,
    result: dict[str, dict[str, np.ndarray]],
) -> int:
    """Write one task's parts (timeline first, episodes last: the episodes part marks done)."""
    extra = {"run": run_name, "policy": policy}
    _write_parquet(part_path(run_path, "timeline", policy, chunk), result["timeline"], extra)
    return _write_parquet(part_path(run_path, "parts", policy, chunk), result["episodes"], extra)


def simulate_and_store(task: ExperimentTask) -> dict[str, Any]:
    """Worker entry point: simulate a task, write its parts where all workers can reach them,
    and return only a few numbers to the driver (never the rows themselves)."""
    import os
    import socket

    began = time.perf_counter()
    result = simulate_task(task)
    simulated = time.perf_counter()
    rows = store_task_result(Path(task.run_path), task.run_name, task.policy, task.chunk, result)
    return {
        "policy": task.policy,
        "chunk": task.chunk,
        "rows": rows,
        "simulate_seconds": simulated - began,
        "store_seconds": time.perf_counter() - simulated,
        "worker": f"{socket.gethostname()}:{os.getpid()}",
    }


def _design_values(run: RunFolder) -> dict[str, np.ndarray]:
    import pyarrow.parquet as pq

    table = pq.read_table(run.path / "design.parquet")
    return {name: table.column(name).to_numpy() for name in table.column_names if name != "draw"}


def _scenario_of(run: RunFolder) -> Scenario:
    path = run.path / "scenario.json"
    try:
        scenario = Scenario.model_validate_json(path.read_text())
    except (OSError, ValueError) as error:
        raise BrinkInputError(f"{path}: cannot read the run's scenario ({error})") from None
    return scenario


def _tasks_for(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    options = manifest["options"]
    rows = manifest["draws"]
    per_task = options["draws_per_task"]
    return [
        {
            "policy": policy,
            "chunk": chunk,
            "draw_start": start,
            "draw_stop": min(start + per_task, rows),
        }
        for policy in options["policies"]
        for chunk, start in enumerate(range(0, rows, per_task))
    ]


@dataclass(frozen=True)
class RunPlan:
    """A checked run not yet on disk: its folder, manifest, scenario and design."""

    path: Path
    manifest: dict[str, Any]
    scenario: Scenario
    scenario_json: str
    design: dict[str, np.ndarray]


def plan_run(
    scenario: str,
    policies: Sequence[str] | None,
    *,
    samples: int,
    replications: int,
    seed: int,
    sampler: str = "lhs",
    overrides: Sequence[str] = (),
    opponent: str | None = None,
    out: str | None = None,
    name: str | None = None,
    unit_design: np.ndarray | None = None,
    extra_options: dict[str, Any] | None = None,
    episodes_per_task: int = EPISODES_PER_TASK,
    size_check: SizeCheck | None = None,
    calibration: str | None = "default",
) -> RunPlan:
    """Validate everything and sample the design, touching nothing on disk.

    Every bad input is refused here, so no run folder is ever left behind by one.
    ``size_check(scenario, policies, opponent, episodes_per_policy)``, if given, sees the
    size of the run before the design is sampled (the CLI's time, memory and disk budget).
    """
    from brink.analysis.design import rows_for, to_inputs
    from brink.analysis.design import unit_design as make_design

    if replications < 1:
        raise BrinkInputError(f"--replications: expected a positive number (got {replications})")
    if episodes_per_task < 1:
        raise BrinkInputError(
            f"--episodes-per-task: expected a positive number (got {episodes_per_task})"
        )
    check_seed(seed)
    root = runs_root(out)
    if root.exists() and not root.is_dir():
        raise BrinkInputError(f"--out: {root} is not a folder (runs are stored in a folder)")
    probe_folder(root, "--out")
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    if name is not None:
        check_name(name)
    loaded = load(scenario, tuple(overrides), calibration=calibration)  # docs/backtest.md
    scen = loaded.scenario
    names = list(dict.fromkeys(policies)) if policies else scen.policies_for(scen.challenger)
    against = None
    for policy in names:
        against = resolve_matchup(scen, policy, opponent).label(scen.defender)
    params = uncertain_inputs(scen)
    if size_check is not None:
        rows = len(unit_design) if unit_design is not None else rows_for(sampler, samples, params)
        size_check(scen, names, against, rows * replications)
    design_seed = int(np.random.SeedSequence(seed).generate_state(1)[0])
    unit = (
        unit_design
        if unit_design is not None
        else make_design(sampler, samples, len(params), design_seed)
    )
    values = to_inputs(unit, params)
    rows = len(unit)
    run_name = check_name(name or f"{scen.id}-seed{seed}-{stamp}")
    path = root / run_name
    if path.exists():
        raise BrinkInputError(
            f"--name: run {run_name!r} already exists in {root} (choose another name, or "
            f"`brink resume {run_name}` to finish it)"
        )
    scenario_json = scen.model_dump_json()
    per_task = max(1, episodes_per_task // replications)
    manifest: dict[str, Any] = {
        "tool": TOOL,
        "tool_version": __version__,
        "format_version": FORMAT_VERSION,
        "name": run_name,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "status": RUNNING,
        "driver": driver_record(),
        "scenario": {
            "id": scen.id,
            "origin": loaded.origin,
            "sha256": loaded.sha256,
            "overrides": list(loaded.overrides),
            "calibration": loaded.calibration,
            "json_sha256": hashlib.sha256(scenario_json.encode()).hexdigest(),
        },
        "seed": seed,
        "design_seed": design_seed,
        "options": {
            "policies": names,
            "opponent": against,
            "samples": samples,
            "replications": replications,
            "sampler": sampler,
            "draws_per_task": per_task,
            **(extra_options or {}),
        },
        "inputs": {
            path_: {"distribution": p.describe(), "low": p.bounds()[0], "high": p.bounds()[1]}
            for path_, p in params.items()
        },
        "draws": rows,
        "episodes_per_policy": rows * replications,
        "timings": {},
    }
    manifest["tasks"] = _tasks_for(manifest)
    design = {"draw": np.arange(rows), **values}
    return RunPlan(path, manifest, scen, scenario_json, design)


def write_run(plan: RunPlan) -> RunFolder:
    """Create the planned run folder: scenario, design and manifest (no simulation yet).

    A folder that cannot be completed (a full disk, Ctrl-C) is removed again: it was new and
    held nothing computed.
    """
    import shutil

    import pyarrow as pa
    import pyarrow.parquet as pq

    path = plan.path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.mkdir()
    except FileExistsError:
        raise BrinkInputError(
            f"--name: run {path.name!r} already exists in {path.parent} (choose another name)"
        ) from None
    except OSError as error:
        raise BrinkInputError(
            f"--out: cannot create the run folder {path} ({error.strerror}); choose a "
            "writable folder with --out"
        ) from None
    try:
        (path / "scenario.json").write_text(plan.scenario_json)
        design_table = pa.table(plan.design)
        write_atomically(path / "design.parquet", lambda t: pq.write_table(design_table, t))
        run = RunFolder(path, plan.manifest)
        run.save_manifest()
    except BaseException as error:
        shutil.rmtree(path, ignore_errors=True)
        if isinstance(error, OSError):
            raise BrinkInputError(
                f"--out: cannot write the run folder {path} ({error.strerror}); nothing was kept"
            ) from None
        raise
    return run


def create_run(scenario: str, policies: Sequence[str] | None, **options: Any) -> RunFolder:
    """Validate everything, sample the design and write the run folder (no simulation yet).

    Takes the keyword arguments of :func:`plan_run`.
    """
    return write_run(plan_run(scenario, policies, **options))


def execute(
    run: RunFolder,
    *,
    workers: int | None = None,
    executor: Executor | None = None,
    progress: Callable[[int], None] | None = None,
) -> RunFolder:
    """Run the missing (or damaged) tasks of a run, store their parts, finish the manifest.

    Ctrl-C, a full disk or a dying worker stop the run with every finished part kept and the
    manifest saying so; the error names what was saved and the command that finishes it.
    """
    from brink.store.status import is_driven_elsewhere

    if is_driven_elsewhere(run.manifest):
        driver = run.manifest.get("driver") or {}
        raise BrinkInputError(
            f"{run.name}: the run is being computed right now (pid {driver.get('pid')} on "
            f"{driver.get('host')}); wait for it to finish, or stop it first"
        )
    runner = executor or make_executor(workers)
    session = _Session(runner, 0)
    try:  # Ctrl-C while the tasks are prepared is told like one while they run
        tasks = _prepare(run)
    except KeyboardInterrupt:
        _close(run, session, "interrupted")
        raise BrinkInterrupted(_saved(run, session, "stopped by Ctrl-C")) from None
    session.tasks = len(tasks)
    try:
        for meta in runner.map(simulate_and_store, tasks):
            session.add(meta)
            if progress is not None:
                progress(meta["rows"])
    except KeyboardInterrupt:
        _close(run, session, "interrupted")
        raise BrinkInterrupted(_saved(run, session, "stopped by Ctrl-C")) from None
    except OSError as error:
        _close(run, session, "incomplete")
        raise BrinkInputError(
            _saved(run, session, f"{error.strerror or error} while storing the results")
        ) from None
    except BrokenExecutor:
        _close(run, session, "incomplete")
        raise BrinkInputError(
            _saved(run, session, "a worker process died (out of memory, or killed)")
        ) from None
    _close(run, session, "complete" if run.complete else "incomplete")
    return run


def _prepare(run: RunFolder) -> list[ExperimentTask]:
    """Check the stored scenario and design, mark the run as driven here, and list the tasks
    still to run (missing or damaged parts)."""
    from brink.store.integrity import check_design, damaged_tasks

    scen = _scenario_of(run)
    check_design(run)
    values = _design_values(run)
    options = run.manifest["options"]
    damaged = [task for task, _, _ in damaged_tasks(run)]
    missing = run.missing_tasks() + damaged
    run.manifest["status"] = RUNNING
    run.manifest["driver"] = driver_record()
    _save_or_refuse(run)
    for stray in run.path.glob("*/*/.tmp-*"):  # half-written files of a killed run
        stray.unlink(missing_ok=True)
    return [
        ExperimentTask(
            scenario=scen,
            policy=t["policy"],
            opponent=options["opponent"],
            seed=int(run.manifest["seed"]),
            chunk=t["chunk"],
            draw_start=t["draw_start"],
            draw_stop=t["draw_stop"],
            replications=int(options["replications"]),
            inputs={k: v[t["draw_start"] : t["draw_stop"]] for k, v in values.items()},
            run_path=str(run.path.resolve()),
            run_name=run.name,
            shared_streams=bool(options.get("shared_streams", False)),
        )
        for t in missing
    ]


class _Session:
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


def _close(run: RunFolder, session: _Session, status: str) -> None:
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
    _update_catalog_quietly(run)


def _update_catalog_quietly(run: RunFolder) -> None:
    """The catalog is an index over the manifests; failing to update it loses nothing."""
    import contextlib

    import duckdb

    with contextlib.suppress(OSError, duckdb.Error):
        update_catalog(run)


def _saved(run: RunFolder, session: _Session, why: str) -> str:
    """One line: why the run stopped, what is kept, and the command that finishes it."""
    total = len(run.tasks())
    left = len(run.missing_tasks())
    default_root = runs_root(None).resolve()
    where = "" if run.path.parent.resolve() == default_root else f" --out {run.path.parent}"
    return (
        f"run {run.name}: {why}; {total - left} of {total} tasks are saved "
        f"({session.episodes:,} episodes in this session), nothing saved was lost; finish it "
        f"with `brink resume {run.name}{where}`"
    )


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
    progress: Callable[[int], None] | None = None,
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
    progress: Callable[[int], None] | None = None,
) -> RunFolder:
    """Finish an interrupted run: only the tasks whose parts are missing are run."""
    run = open_run(run_name, out)
    return execute(run, workers=workers, executor=executor, progress=progress)


def update_catalog(run: RunFolder) -> None:
    """Record the run and its parts in <root>/catalog.duckdb (the driver is the only writer)."""
    import duckdb

    catalog = run.path.parent / "catalog.duckdb"
    with duckdb.connect(str(catalog)) as con:
        con.execute(
            "CREATE TABLE IF NOT EXISTS runs (name VARCHAR PRIMARY KEY, scenario VARCHAR, "
            "seed BIGINT, created VARCHAR, status VARCHAR, episodes_per_policy BIGINT, "
            "path VARCHAR)"
        )
        con.execute(
            "CREATE TABLE IF NOT EXISTS parts (run VARCHAR, policy VARCHAR, chunk INTEGER, "
            "path VARCHAR, PRIMARY KEY (run, policy, chunk))"
        )
        m = run.manifest
        con.execute("DELETE FROM runs WHERE name = ?", [run.name])
        con.execute(
            "INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                run.name,
                m["scenario"]["id"],
                m["seed"],
                m["created"],
                m["status"],
                m["episodes_per_policy"],
                str(run.path.resolve()),
            ],
        )
        con.execute("DELETE FROM parts WHERE run = ?", [run.name])
        rows = [
            [
                run.name,
                t["policy"],
                t["chunk"],
                str(part_path(run.path, "parts", t["policy"], t["chunk"]).resolve()),
            ]
            for t in run.tasks()
            if part_path(run.path, "parts", t["policy"], t["chunk"]).exists()
        ]
        if rows:
            con.executemany("INSERT INTO parts VALUES (?, ?, ?, ?)", rows)
