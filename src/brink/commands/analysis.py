"""Analysis commands on a stored run: sensitivity (Morris, Sobol') and discover (PRIM, tree)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from brink.errors import BrinkInputError

OutOption = Annotated[
    str | None,
    typer.Option("--out", help="Folder that holds runs (default ./runs, or $BRINK_RUNS)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]
#: Inputs named per policy in the summary of a many-policy sensitivity analysis.
SUMMARY_TOP = 3


def register(app: typer.Typer) -> None:
    """Attach the analysis commands."""
    app.command("sensitivity")(sensitivity)
    app.command("discover")(discover)


def sensitivity(
    run: Annotated[str, typer.Argument(help="Run name (or folder).")],
    method: Annotated[
        str, typer.Option("--method", help="morris (screening) or sobol (S1 and ST).")
    ] = "morris",
    policy: Annotated[
        str | None, typer.Option("--policy", "-p", help="Only this policy (default: all).")
    ] = None,
    metric: Annotated[
        list[str] | None,
        typer.Option(
            "--metric",
            help="Output to explain (repeatable): p_war, casualties, p_settlement, "
            "p_capitulation, p_collapse, p_unresolved, payoff_challenger, payoff_defender.",
        ),
    ] = None,
    samples: Annotated[
        int | None,
        typer.Option(
            help="Design size when a new design run is needed: Morris trajectories "
            "(default 20) or Sobol' base N (default 256; powers of 2 are best)."
        ),
    ] = None,
    replications: Annotated[
        int | None,
        typer.Option(help="Replications per draw of a new design run (default: the run's)."),
    ] = None,
    top: Annotated[int, typer.Option(help="Inputs shown per table (0 = all).")] = 12,
    show_all: Annotated[
        bool,
        typer.Option(
            "--all", help="Every table in full, even for many policies (default: a summary)."
        ),
    ] = False,
    out: OutOption = None,
    workers: Annotated[int, typer.Option(help="Worker processes (0 = one per core).")] = 0,
    force: Annotated[
        bool, typer.Option("--force", help="Start even a design run estimated to be too large.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Sensitivity of P(war) and expected casualties to every uncertain input (SALib).

    Morris screening ranks inputs by mu* (mean absolute elementary effect, per full range of
    the input); Sobol' gives first-order (S1) and total (ST) variance shares with bootstrap
    intervals. When the run was not sampled for the method, a design run named RUN-morris or
    RUN-sobol (same scenario, seed, policies) is made, or reused, and analysed. The result is
    stored per policy as results/<method>/<policy>.json in the run folder (and as one
    sensitivity-<method>.json, replaced by the next command). With several policies the output
    is a summary (the inputs that matter most per policy); --all or --json gives everything.
    """
    from brink.analysis.sensitivity import check_metrics
    from brink.analysis.stored import indices_of_run, store_sensitivity
    from brink.commands.guards import store_budget, workers_for
    from brink.commands.render import progress_bar
    from brink.experiments.designs import check_method, design_run
    from brink.experiments.execute import execute, told_if_stopped
    from brink.store.runs import check_policies, open_run

    check_method(method, run, option="--method")
    metrics = check_metrics(metric or ["p_war", "casualties"], run, option="--metric")
    if top < 0:
        raise BrinkInputError(f"--top: expected 0 (all) or a positive number (got {top})")
    workers = workers_for(workers)
    asked = open_run(run, out)
    check_policies(asked, policy, option="--policy")
    root = asked.path.parent
    parent, target = design_run(
        run,
        method,
        out=out,
        policy=policy,
        samples=samples,
        replications=replications,
        size_check=store_budget(f"--method {method}", workers, force, root),
    )
    if target is not parent and not target.complete:
        from brink.store.manifest import task_rows

        total = sum(task_rows(target.manifest, t) for t in target.missing_tasks())
        with told_if_stopped(target), progress_bar(total, quiet=as_json) as advance:
            target = execute(target, workers=workers, progress=advance)
    typed = indices_of_run(parent, target, method, metrics=metrics, policy=policy)
    result = typed.to_json()
    if as_json:
        print(json.dumps(result, indent=2))
    elif show_all or len(result["outputs"]) <= 2:
        _render_sensitivity(result, top)
    else:
        _render_sensitivity_summary(result, run)
    store_result(
        parent.path / f"sensitivity-{method}.json", result, lambda: store_sensitivity(parent, typed)
    )


def store_result(
    path: Path, result: dict[str, Any], per_policy: Callable[[], object] | None = None
) -> None:
    """Store an analysis result in its run folder after it was printed: a full disk or a
    read-only folder then costs the stored copy, never the answer on the screen.

    ``per_policy`` stores it under ``results/<method>/<policy>.json`` (what the report reads:
    one policy's result never replaces another's); ``path`` is the single file of the last
    command, kept for scripts that read it."""
    from brink.store.runs import write_json

    try:
        if per_policy is not None:
            per_policy()
        write_json(path, result)
    except OSError as error:
        raise BrinkInputError(
            f"{path}: the result above could not be stored ({error.strerror}); the run "
            "folder is unchanged (free space, or make it writable, and run the command again)"
        ) from None


def _render_sensitivity_summary(result: dict[str, Any], run: str) -> None:
    """Many policies: per metric and policy, the inputs that matter most, in a few lines."""
    from rich.console import Console

    console = Console()
    method = result["method"]
    key, name = ("mu_star", "mu*") if method == "morris" else ("ST", "ST")
    metrics = list(dict.fromkeys(o["metric"] for o in result["outputs"]))
    for metric in metrics:
        unit = " (percentage points)" if metric.startswith("p_") and method == "morris" else ""
        console.rule(f"{metric}: the inputs with the largest {name}{unit}, per policy")
        for summary in (o for o in result["outputs"] if o["metric"] == metric):
            policy = summary["policy"]
            rows = [
                r for r in result["indices"] if r["policy"] == policy and r["metric"] == metric
            ][:SUMMARY_TOP]
            mean = _effect(metric, summary["mean"]) + ("%" if metric.startswith("p_") else "")
            if summary["constant"]:
                console.print(f"{policy} (mean {mean}): does not vary across draws")
                continue
            shown = ", ".join(
                f"{r['input']} {_index(method, metric, r[key])}"
                + ("" if r["above_noise"] else " (within noise)")
                for r in rows
            )
            console.print(f"{policy} (mean {mean}): {shown}")
    console.print(
        f"Conditional on: {result['conditional_on']['text']}; {result['design']['draws']} "
        f"draws of the {method} design.",
        style="dim",
    )
    console.print(
        f"Summary of {len(result['outputs'])} tables: `brink sensitivity {run} --method "
        f"{method} --all` prints them in full (or --json; --policy P for one policy).",
        style="dim",
    )


def _index(method: str, metric: str, value: float) -> str:
    return _effect(metric, value) if method == "morris" else f"{value:.3f}"


def _effect(metric: str, value: float) -> str:
    from brink.commands.render import people

    if metric.startswith("p_"):
        return f"{100 * value:.1f}"
    if metric == "casualties":
        return people(value)
    return f"{value:.3g}"


def _render_sensitivity(result: dict[str, Any], top: int) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    method = result["method"]
    design = result["design"]
    summaries = {(o["policy"], o["metric"]): o for o in result["outputs"]}
    for (policy, metric), summary in summaries.items():
        rows = [r for r in result["indices"] if r["policy"] == policy and r["metric"] == metric]
        shown = rows if top <= 0 else rows[:top]
        unit = "points" if metric.startswith("p_") else ("deaths" if metric == "casualties" else "")
        mean = _effect(metric, summary["mean"])
        title = f"{metric} under {policy} (mean {mean}{' %' if metric.startswith('p_') else ''})"
        table = Table(title=title)
        table.add_column("rank", justify="right")
        table.add_column("input", overflow="fold")
        if method == "morris":
            table.add_column(f"mu* ({unit}, ±95%)", justify="right")
            table.add_column("sigma", justify="right")
            table.add_column("mu", justify="right")
        else:
            table.add_column("S1 (±95%)", justify="right")
            table.add_column("ST (±95%)", justify="right")
        table.add_column("above noise")
        for r in shown:
            flag = "yes" if r["above_noise"] else "no"
            if method == "morris":
                table.add_row(
                    str(r["rank"]),
                    r["input"],
                    f"{_effect(metric, r['mu_star'])} ± {_effect(metric, r['mu_star_conf'])}",
                    _effect(metric, r["sigma"]),
                    _effect(metric, r["mu"]),
                    flag,
                )
            else:
                table.add_row(
                    str(r["rank"]),
                    r["input"],
                    f"{r['S1']:.3f} ± {r['S1_conf']:.3f}",
                    f"{r['ST']:.3f} ± {r['ST_conf']:.3f}",
                    flag,
                )
        console.print(table)
        if len(rows) > len(shown):
            more = len(rows) - len(shown)
            console.print(f"… {more} more inputs (--top 0 shows all)", style="dim")
        if summary["constant"]:
            console.print(f"{metric} does not vary across draws: every index is 0.")
        elif method == "morris":
            console.print(
                f"Noise floor: an input with no effect would show mu* ≈ "
                f"{_effect(metric, summary['noise_floor'])} {unit} (simulation noise of "
                f"{design['replications']} replications per draw).",
                style="dim",
            )
        else:
            console.print(
                f"Noise share: an input with no effect would show ST ≈ "
                f"{summary['noise_share']:.3f} (simulation noise of {design['replications']} "
                "replications per draw).",
                style="dim",
            )
    if method == "morris":
        how = (
            f"{design['samples']} Morris trajectories ({design['levels']} levels) = "
            f"{design['draws']} draws"
        )
        reading = (
            "mu* = mean absolute change of the output when the input moves across its range "
            "(P(war) in percentage points); sigma large vs mu* = non-linear or interacting."
        )
    else:
        how = f"Saltelli design N = {design['samples']} ({design['draws']} draws)"
        reading = (
            "S1 = share of the output's variance due to the input alone; ST = alone and "
            "with others; ST − S1 = interactions."
        )
    child = f" (design run {result['analysed_run']})" if result["child_run"] else ""
    cond = result["conditional_on"]
    console.print(
        f"Conditional on: run {result['run']}{child}, scenario {cond['scenario']} (overrides: "
        f"{', '.join(cond['overrides']) or 'none'}), defender plays {cond['opponent']}; {how} × "
        f"{design['replications']} replications; seed {result['seed']}; 95% bootstrap "
        f"intervals ({result['bootstrap_resamples']} resamples)."
    )
    console.print(reading, style="dim")


def discover(
    run: Annotated[str, typer.Argument(help="Run name (or folder).")],
    outcome: Annotated[
        str,
        typer.Option(
            "--outcome",
            help="war, settlement, capitulation, collapse, unresolved; war:KIND "
            "(limited, conventional, nuclear); cause:CAUSE (intent, misperception, accident).",
        ),
    ] = "war",
    policy: Annotated[
        str | None, typer.Option("--policy", "-p", help="Only this policy (default: all).")
    ] = None,
    min_coverage: Annotated[
        float, typer.Option(help="Choose among boxes covering at least this share of cases.")
    ] = 0.5,
    min_density: Annotated[
        float | None,
        typer.Option(help="Instead: the widest box with at least this density."),
    ] = None,
    alpha: Annotated[float, typer.Option(help="Share of the box peeled per step.")] = 0.05,
    out: OutOption = None,
    as_json: JsonOption = False,
) -> None:
    """Which input ranges lead to an outcome: PRIM boxes and a decision tree (scenario discovery).

    PRIM peels the input space down to a box where the outcome is dense; the box is chosen on
    the coverage/density trade-off and each restriction gets a quasi-p-value. A shallow
    decision tree gives a second view. Stored per policy as results/discover-<outcome>/<policy>.json
    in the run folder (and as one discover-<outcome>.json, replaced by the next command).
    """
    import math

    from brink.analysis.discover import parse_outcome
    from brink.analysis.stored import discovery, store_discovery
    from brink.store.runs import check_policies, open_run

    if not 0 < alpha < 0.5:
        raise BrinkInputError(f"--alpha: expected a share in (0, 0.5) (got {alpha})")
    for option, value in (("--min-coverage", min_coverage), ("--min-density", min_density)):
        if value is not None and not (math.isfinite(value) and 0 < value <= 1):
            raise BrinkInputError(f"{option}: expected a share in (0, 1] (got {value})")
    folder = open_run(run, out)
    wanted = parse_outcome(outcome, folder.name, option="--outcome")
    check_policies(folder, policy, option="--policy")
    typed = discovery(
        folder,
        outcome,
        policy,
        out,
        alpha=alpha,
        min_coverage=min_coverage,
        min_density=min_density,
        store=False,
    )
    result = typed.to_json()
    if as_json:
        print(json.dumps(result, indent=2))
    else:
        _render_discover(result)
    store_result(
        folder.path / f"discover-{wanted.slug}.json", result, lambda: store_discovery(folder, typed)
    )


def _render_discover(result: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    label = result["outcome_label"]
    for warning in result["warnings"]:
        console.print(f"[bold]Note[/bold]: {warning}.")
    for block in result["boxes"]:
        console.rule(f"{label}: policy {block['policy']}")
        console.print(block["sentence"])
        final, peeled = block["box"], block["peeled_box"]
        table = Table(
            title=(
                f"PRIM box (trajectory step {peeled['trajectory_index']} of "
                f"{len(block['trajectory']) - 1}, pasted): coverage "
                f"{100 * peeled['coverage']:.0f}%, density {peeled['density']:.3f} vs "
                f"{block['base_rate']:.3f} overall, {100 * peeled['mass']:.0f}% of episodes"
            )
        )
        table.add_column("input", overflow="fold")
        table.add_column("box", justify="right")
        table.add_column("full range", justify="right")
        table.add_column("quasi-p", justify="right")
        table.add_column("kept")
        order = sorted(peeled["limits"], key=lambda name: peeled["quasi_p"][name])
        for name in order:
            lim = peeled["limits"][name]
            lo = "…" if lim["low"] is None else f"{lim['low']:.3g}"
            hi = "…" if lim["high"] is None else f"{lim['high']:.3g}"
            table.add_row(
                name,
                f"{lo} to {hi}",
                f"{lim['full_low']:.3g} to {lim['full_high']:.3g}",
                f"{peeled['quasi_p'][name]:.2g}",
                "yes" if name in final["limits"] else "",
            )
        if peeled["limits"]:
            console.print(table)
            console.print(
                f"kept = the restrictions that remain when those with quasi-p ≥ "
                f"{block['settings']['p_threshold']} are dropped one by one; the kept box has "
                f"coverage {100 * final['coverage']:.0f}% and density {final['density']:.3f} "
                "(the sentence above).",
                style="dim",
            )
        trajectory = block["trajectory"]
        stride = max(1, len(trajectory) // 8)
        points = trajectory[::stride] + ([trajectory[-1]] if (len(trajectory) - 1) % stride else [])
        console.print(
            "Peeling trajectory (coverage → density): "
            + ", ".join(f"{100 * p['coverage']:.0f}% → {p['density']:.3f}" for p in points),
            style="dim",
        )
        if block["tree"]["text"]:
            console.print(f"Decision tree (depth {block['tree']['max_depth']}), densest leaves:")
            for line in block["tree"]["text"].splitlines()[:4]:
                console.print(f"  {line}")
        console.print(f"Conditional on: {block['conditional_on']}.", style="dim")
