"""Experiment commands: compare, runs, resume, query."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer

from brink.commands.scenario import CalibrationOption

OutOption = Annotated[
    str | None,
    typer.Option("--out", help="Folder that holds runs (default ./runs, or $BRINK_RUNS)."),
]


ForceOption = Annotated[
    bool,
    typer.Option("--force", help="Start even a job estimated to be too long or too large."),
]
ExecutorOption = Annotated[
    str,
    typer.Option(
        help="Where tasks run: process (local pool), inprocess, dask (an existing scheduler, "
        "with --address) or dask-local (a local Dask cluster of --workers processes)."
    ),
]
AddressOption = Annotated[
    str | None, typer.Option(help="Dask scheduler address, e.g. tcp://HOST:8786.")
]


@contextmanager
def _executor(workers: int, kind: str, address: str | None) -> Iterator[Any]:
    """Build the executor and close it (and any local cluster) when the run ends."""
    from brink.executors.local import make_executor

    runner = make_executor(workers, kind, address)
    try:
        yield runner
    finally:
        close = getattr(runner, "close", None)
        if close is not None:
            close()


def register(app: typer.Typer) -> None:
    """Attach the experiment commands."""
    app.command("compare")(compare)
    app.command("runs")(runs)
    app.command("resume")(resume)
    app.command("query")(query)


def compare(
    scenario: Annotated[
        str, typer.Argument(help="Built-in scenario or scenario file.")
    ] = "korea-2017",
    samples: Annotated[int, typer.Option(help="Draws of the uncertain inputs.")] = 256,
    replications: Annotated[int, typer.Option(help="Episodes per draw and policy.")] = 200,
    seed: Annotated[int, typer.Option(help="Seed of the design and the random streams.")] = 1,
    policy: Annotated[
        list[str] | None,
        typer.Option(
            "--policy", "-p", help="Policy to compare (repeat; default: all of the challenger's)."
        ),
    ] = None,
    sampler: Annotated[str, typer.Option(help="lhs (Latin hypercube) or sobol.")] = "lhs",
    overrides: Annotated[
        list[str] | None, typer.Option("--set", help="PATH=VALUE override (repeatable).")
    ] = None,
    opponent: Annotated[str | None, typer.Option(help="Defender policy.")] = None,
    out: OutOption = None,
    name: Annotated[
        str | None, typer.Option(help="Run name (default: scenario-seed-time).")
    ] = None,
    workers: Annotated[int, typer.Option(help="Worker processes (0 = one per core).")] = 0,
    executor: ExecutorOption = "process",
    address: AddressOption = None,
    episodes_per_task: Annotated[
        int, typer.Option(help="Episodes per task (resume granularity; advanced).")
    ] = 25_000,
    force: ForceOption = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    calibration: CalibrationOption = "default",
) -> None:
    """Compare policies under uncertainty, on the same draws and random numbers, and store it.

    Samples the scenario's uncertain inputs (Latin hypercube by default), runs every policy on
    every draw with the same random streams (common random numbers), stores one row per episode
    as a run folder, and prints the policy table with intervals and paired differences.
    """
    from brink.commands.guards import store_budget, workers_for
    from brink.commands.render import progress_bar
    from brink.executors.local import check_executor
    from brink.experiments.execute import execute, told_if_stopped
    from brink.experiments.runs import create_run
    from brink.store.runs import runs_root

    check_executor(executor, address, workers)
    workers = workers_for(workers, executor)
    size = f"--samples {samples:,} × --replications {replications:,}"
    run = create_run(
        scenario,
        policy,
        samples=samples,
        replications=replications,
        seed=seed,
        sampler=sampler,
        overrides=tuple(overrides or ()),
        opponent=opponent,
        out=out,
        name=name,
        episodes_per_task=episodes_per_task,
        size_check=store_budget(size, workers, force, runs_root(out)),
        calibration=calibration,
    )
    total = run.manifest["episodes_per_policy"] * len(run.manifest["options"]["policies"])
    with (
        told_if_stopped(run),
        _executor(workers, executor, address) as runner,
        progress_bar(total, quiet=as_json) as advance,
    ):
        run = execute(run, executor=runner, progress=advance)
    _report(run, as_json)


def resume(
    run: Annotated[str, typer.Argument(help="Run name (or folder) to finish.")],
    out: OutOption = None,
    workers: Annotated[int, typer.Option(help="Worker processes (0 = one per core).")] = 0,
    executor: ExecutorOption = "process",
    address: AddressOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Finish an interrupted run: runs only the tasks whose parts are missing."""
    from brink.commands.guards import workers_for
    from brink.commands.render import progress_bar
    from brink.executors.local import check_executor
    from brink.experiments.execute import execute, told_if_stopped
    from brink.store.manifest import task_rows
    from brink.store.runs import open_run

    check_executor(executor, address, workers)
    workers = workers_for(workers, executor)
    folder = open_run(run, out)
    missing = folder.missing_tasks()
    if not missing and not as_json:
        print(f"run {folder.name} is already complete: nothing to resume")
    total = sum(task_rows(folder.manifest, t) for t in missing)
    with (
        told_if_stopped(folder),
        _executor(workers, executor, address) as runner,
        progress_bar(total, quiet=as_json) as advance,
    ):
        folder = execute(folder, executor=runner, progress=advance)
    _report(folder, as_json)


def runs(
    out: OutOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List stored runs with their manifests."""
    from brink.store.runs import list_runs, runs_root
    from brink.store.status import INTERRUPTED, effective_status

    manifests = [{**m, "status": effective_status(m)} for m in list_runs(out)]
    if as_json:
        print(json.dumps(manifests, indent=2))
        return
    if not manifests:
        print(f"no runs in {runs_root(out)}")
        return
    for m in manifests:
        options = m.get("options", {})
        scenario = m.get("scenario", {})
        status = m.get("status")
        if status in (INTERRUPTED, "incomplete"):
            where = "" if out is None else f" --out {out}"
            status = f"{status} (finish it with `brink resume {m.get('name')}{where}`)"
        print(
            f"{m.get('name')}: {status} — {scenario.get('id', '?')} "
            f"(sha256 {str(scenario.get('sha256', ''))[:12]}), seed {m.get('seed')}, "
            f"{m.get('draws', '?')} draws × {options.get('replications', '?')} replications, "
            f"{options.get('sampler', '?')}; policies: {', '.join(options.get('policies', []))}; "
            f"created {m.get('created', '?')}, brink {m.get('tool_version', '?')}"
        )


def query(
    run: Annotated[str, typer.Argument(help="Run name (or folder).")],
    sql: Annotated[
        str, typer.Argument(help="One SELECT over the views episodes, timeline, design.")
    ],
    out: OutOption = None,
    limit: Annotated[
        int, typer.Option(help="Rows shown at most (0 = all); exports are never cut.")
    ] = 50,
    csv: Annotated[
        str | None, typer.Option("--csv", metavar="FILE", help="Write every row to a CSV file.")
    ] = None,
    parquet: Annotated[
        str | None,
        typer.Option("--parquet", metavar="FILE", help="Write every row to a Parquet file."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON records.")] = False,
) -> None:
    """SQL over a stored run (DuckDB): views episodes, timeline and design, nothing else.

    Example: brink query RUN "SELECT policy, avg((outcome='war')::INT) FROM episodes GROUP BY 1"

    Files, extensions and settings are off inside a query. At most --limit rows are shown;
    --csv FILE or --parquet FILE writes all of them.
    """
    from brink.errors import BrinkInputError
    from brink.store.query import export, query_rows
    from brink.store.runs import open_run

    if limit < 0:
        raise BrinkInputError(f"--limit: expected 0 (all rows) or a positive number (got {limit})")
    if csv is not None and parquet is not None:
        raise BrinkInputError("--csv, --parquet: give one of them (run the query twice for both)")
    folder = open_run(run, out)
    target = csv if csv is not None else parquet
    if target is not None:
        path, rows = export(folder, sql, target, "csv" if csv is not None else "parquet")
        print(f"wrote {rows:,} rows to {path}")
        return
    result = query_rows(folder, sql, limit)
    frame = result.frame
    from brink.commands.guards import note

    missing = len(folder.missing_tasks())
    if missing:
        note(
            f"run {folder.name} is incomplete ({missing} of {len(folder.tasks())} tasks "
            f"missing): this covers the stored episodes only; `brink resume {folder.name}`"
        )
    if result.more:
        note(
            f"showing the first {limit} rows; --limit N shows more (0 = all), "
            "--csv FILE or --parquet FILE writes them all"
        )
    if as_json:
        print(frame.to_json(orient="records", indent=2))
        return
    from rich.console import Console

    from brink.commands.tables import Grid, print_grid

    grid = Grid(
        title="",
        corner="#",
        rows=[str(i) for i in range(1, len(frame) + 1)],
        columns=[str(c) for c in frame.columns],
        cells=[[_cell(v) for v in row] for row in frame.itertuples(index=False)],
        justify="left",
    )
    print_grid(Console(), grid, transpose_corner="column" if len(frame) <= 3 else None)


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return "" if math.isnan(value) else f"{value:.6g}"
    return str(value)


def _report(run, as_json: bool) -> None:  # type: ignore[no-untyped-def]
    from brink.analysis.compare_summary import summarise_run

    summary = summarise_run(run)
    session = run.manifest["timings"]["sessions"][-1]
    if as_json:
        print(json.dumps(summary, indent=2))
        return
    from rich.console import Console

    from brink.commands.render import interval, people, spread_of
    from brink.commands.tables import Grid, print_grid

    console = Console()

    def pm(est: dict[str, float], scale: float = 100.0, unit: str = "%", to: str = "–") -> str:
        lo, hi = scale * est["lo"], scale * est["hi"]
        return f"{scale * est['mean']:.1f}{unit} ({lo:.1f}{to}{hi:.1f})"

    policies = summary["policies"]
    labels = [
        ("p_war", "war"),
        ("p_settlement", "settlement"),
        ("p_backs_down_challenger", f"{summary['challenger']} backs down"),
        ("p_backs_down_defender", f"{summary['defender']} backs down"),
        ("p_collapse", "collapse"),
        ("p_unresolved", "unresolved"),
        *([("p_faded", "  unresolved: faded")] if summary["conditional_on"].get("fading") else []),
        ("p_war_intent", "war by intent"),
        ("p_war_misperception", "war by misperception"),
        ("p_war_accident", "war by accident"),
    ]
    rows = [[pm(r[key]) for r in policies] for key, _ in labels]
    rows.append([spread_of(r["casualties"], "mean", people, bounds="") for r in policies])
    rows.append([interval(r["missile_tests"], "{:.1f}") for r in policies])
    rows.append([interval(r["nuclear_tests"], "{:.2f}") for r in policies])
    print_grid(
        console,
        Grid(
            title=f"{summary['scenario']}: policies compared (run {summary['run']})",
            corner="measure",
            rows=[label for _, label in labels]
            + [
                "deaths, mean",
                "missile tests per episode",
                "nuclear tests per episode",
            ],
            columns=[r["policy"] for r in policies],
            cells=rows,
        ),
        transpose_corner="policy",
    )
    if summary["paired_differences"]:
        diffs = summary["paired_differences"]
        print_grid(
            console,
            Grid(
                title="Paired differences (same draws, same random numbers)",
                corner="policy − baseline",
                rows=[f"{d['policy']} − {d['versus']}" for d in diffs],
                columns=["Δ P(war), points", "Δ P(settlement), points", "Δ deaths, mean"],
                cells=[
                    [
                        pm(d["p_war"], unit="", to=" to "),
                        pm(d["p_settlement"], unit="", to=" to "),
                        f"{people(d['casualties']['mean'])} ({people(d['casualties']['lo'])} "
                        f"to {people(d['casualties']['hi'])})",
                    ]
                    for d in diffs
                ],
            ),
        )
    cond = summary["conditional_on"]
    console.print(
        f"Conditional on: scenario {summary['scenario']} (sha256 {cond['scenario_sha256'][:12]}), "
        f"overrides: {', '.join(cond['overrides']) or 'none'}; defender plays {cond['opponent']}; "
        f"{cond['draws']} {cond['sampler']} draws of {cond['uncertain_inputs']} uncertain inputs × "
        f"{cond['replications']} replications; seed {summary['seed']}; {cond['interval']}."
    )
    if not summary["complete"]:
        console.print(
            f"[bold]Run incomplete[/bold]: finish it with `brink resume {summary['run']}`."
        )
    per_worker = session.get("per_worker", {})
    if len(per_worker) > 1:
        console.print(
            "Per worker: "
            + "; ".join(
                f"{worker} {v['episodes']:,} episodes in {v['tasks']} tasks "
                f"({v['episodes_per_second'] or 0:,.0f}/s)"
                for worker, v in per_worker.items()
            ),
            style="dim",
        )
    rate = session["episodes_per_second"] or 0
    console.print(
        f"Run {summary['run']}: {session['episodes']:,} episodes in "
        f"{session['wall_seconds']:.1f} s ({rate:,.0f} episodes/s, of which storing "
        f"{session['store_seconds']:.1f} s) on {session['workers']} worker(s); "
        f"stored in {run.path}.",
        style="dim",
    )
