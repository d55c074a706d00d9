"""Plans: an experiment cut into tasks before anything runs.

Two kinds of plan, one task type. An in-memory plan (`brink run`) cuts each policy's episodes
into chunks of ``CHUNK`` draws, one replication each. A stored plan (`brink compare`,
sensitivity designs) samples a design of draws, checks every option, and lists its tasks in a
manifest — all before a folder exists, so bad input never leaves a folder behind.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from brink.engine.batch import resolve_matchup
from brink.errors import BrinkParameterError, check_seed
from brink.experiments.tasks import Columns, Task
from brink.model.inputs import uncertain_inputs
from brink.outputs import probe_folder
from brink.scenario.loader import load
from brink.scenario.schema import Scenario
from brink.store.manifest import new_manifest
from brink.store.runs import check_name, runs_root
from brink.store.status import RUNNING, driver_record

#: Episodes per in-memory task (`brink run`): independent of the workers, so results are too.
CHUNK = 20_000
#: Target episodes per stored task: large enough to amortise overhead, small enough to
#: resume finely.
EPISODES_PER_TASK = 25_000

#: ``size_check(scenario, policies, opponent, episodes_per_policy)``: may refuse a run's size.
SizeCheck = Callable[[Scenario, list[str], str | None, int], None]


def memory_tasks(
    scenario: Scenario,
    policies: Sequence[str],
    opponent: dict[str, float],
    seed: int,
    episodes: int,
    chunk_size: int = CHUNK,
    columns: Columns = "kept",
) -> list[Task]:
    """Tasks of an in-memory run: each policy's episodes [0, episodes) in chunks, one
    replication per draw, inputs drawn by the engine from each draw's own stream."""
    return [
        Task(
            scenario,
            name,
            opponent,
            seed,
            start,
            min(start + chunk_size, episodes),
            chunk=chunk,
            columns=columns,
        )
        for name in policies
        for chunk, start in enumerate(range(0, episodes, chunk_size))
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
    import datetime as dt

    from brink.experiments.design import rows_for, to_inputs
    from brink.experiments.design import unit_design as make_design

    if replications < 1:
        raise BrinkParameterError(
            "replications", f"expected a positive number (got {replications})"
        )
    if episodes_per_task < 1:
        raise BrinkParameterError(
            "episodes_per_task", f"expected a positive number (got {episodes_per_task})"
        )
    check_seed(seed)
    root = runs_root(out)
    if root.exists() and not root.is_dir():
        raise BrinkParameterError("out", f"{root} is not a folder (runs are stored in a folder)")
    probe_folder(root, "out")
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
        raise BrinkParameterError(
            "name",
            f"run {run_name!r} already exists in {root} (choose another name, or "
            f"`brink resume {run_name}` to finish it)",
        )
    scenario_json = scen.model_dump_json()
    manifest = new_manifest(
        name=run_name,
        status=RUNNING,
        driver=driver_record(),
        scenario={
            "id": scen.id,
            "origin": loaded.origin,
            "sha256": loaded.sha256,
            "overrides": list(loaded.overrides),
            "calibration": loaded.calibration,
            "json_sha256": hashlib.sha256(scenario_json.encode()).hexdigest(),
        },
        seed=seed,
        design_seed=design_seed,
        options={
            "policies": names,
            "opponent": against,
            "samples": samples,
            "replications": replications,
            "sampler": sampler,
            "draws_per_task": max(1, episodes_per_task // replications),
            **(extra_options or {}),
        },
        inputs={
            path_: {"distribution": p.describe(), "low": p.bounds()[0], "high": p.bounds()[1]}
            for path_, p in params.items()
        },
        draws=rows,
    )
    design = {"draw": np.arange(rows), **values}
    return RunPlan(path, manifest, scen, scenario_json, design)


def stored_tasks(
    manifest: dict[str, Any],
    scenario: Scenario,
    values: dict[str, np.ndarray],
    wanted: Sequence[dict[str, Any]],
    run_path: Path,
) -> list[Task]:
    """Tasks of a stored run for the manifest's task entries ``wanted`` (inputs sliced from
    the design's ``values``), each writing its parts into ``run_path``."""
    options = manifest["options"]
    return [
        Task(
            scenario=scenario,
            policy=t["policy"],
            opponent=options["opponent"],
            seed=int(manifest["seed"]),
            draw_start=t["draw_start"],
            draw_stop=t["draw_stop"],
            replications=int(options["replications"]),
            inputs={k: v[t["draw_start"] : t["draw_stop"]] for k, v in values.items()},
            shared_streams=bool(options.get("shared_streams", False)),
            chunk=t["chunk"],
            timeline=True,
            columns="stored",
            run_path=str(run_path.resolve()),
            run_name=str(manifest["name"]),
        )
        for t in wanted
    ]
