"""Rendering of results for people: rich tables, progress bars, honest rounding."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from brink.analysis.run_result import RunResult


#: Said before a run that must compile the engine, and after it beside the time it took.
COMPILING = (
    "brink: compiling the engine for this machine (the first run of this version; about a "
    "minute, then it is cached)"
)
COMPILED_NOTE = "; the time includes compiling the engine (first run of this version)"


@contextmanager
def progress_bar(total: int, quiet: bool = False) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr with the time left (silent with --json or when stderr is not
    a terminal)."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    console = Console(stderr=True)
    if quiet or not console.is_terminal:
        yield lambda _n: None
        return
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        "left",
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("episodes", total=total)
        yield lambda n: progress.advance(task, n)


def pct(estimate: dict[str, float]) -> str:
    """'12.3% (11.8–12.9)': the estimate and its 95% interval, to one decimal of a percent."""
    return f"{100 * estimate['p']:.1f}% ({100 * estimate['lo']:.1f}–{100 * estimate['hi']:.1f})"


def interval(estimate: dict[str, float], fmt: str) -> str:
    """'mean (lo–hi)' in the given number format."""
    mean, lo, hi = (fmt.format(estimate[k]) for k in ("mean", "lo", "hi"))
    return f"{mean} ({lo} to {hi})"


def interval_of(value: float, bounds: dict[str, float], fmt: str) -> str:
    """'value (lo to hi)' for a figure whose interval is kept beside it."""
    return f"{fmt.format(value)} ({fmt.format(bounds['lo'])} to {fmt.format(bounds['hi'])})"


def spread_of(
    block: dict, name: str, show: Callable[[float | None], str], bounds: str | None = None
) -> str:
    """A casualty figure with its 95% interval, shown by ``show``: ``block[name]`` between
    ``block[bounds + "lo"]`` and ``block[bounds + "hi"]`` (``bounds`` defaults to ``name + "_"``);
    the figure alone when no interval is stored. The normal interval of a mean of heavy-tailed
    deaths can reach below zero; it is shown from 0."""
    prefix = f"{name}_" if bounds is None else bounds
    lo, hi = block.get(f"{prefix}lo"), block.get(f"{prefix}hi")
    if block.get(name) is None or lo is None or hi is None:
        return show(block.get(name))
    return f"{show(block[name])} ({show(max(lo, 0.0))} to {show(hi)})"


def people(x: float | None) -> str:
    """Casualty counts to two significant figures: more would be false precision."""
    if x is None:
        return "—"
    if x == 0:
        return "0"
    from math import floor, log10

    digits = -floor(log10(abs(x))) + 1
    return f"{round(x, digits):,.0f}"


def _print_rows(
    console: Console,
    title: str,
    corner: str,
    policies: list[str],
    blocks: list[dict],
    rows: list[tuple[str, Callable[[dict], str]]],
) -> None:
    """One row per measure, one column per policy (transposed or split when too wide)."""
    from brink.commands.tables import Grid, print_grid

    grid = Grid(
        title=title,
        corner=corner,
        rows=[label for label, _ in rows],
        columns=policies,
        cells=[[fn(b) for b in blocks] for _, fn in rows],
    )
    print_grid(console, grid, transpose_corner="policy")


def _at(fmt: Callable[[Any], str], *path: str) -> Callable[[dict], str]:
    """A table cell: ``fmt`` of a policy block's value at ``path`` (binds ``path`` now)."""

    def cell(block: dict) -> str:
        value: Any = block
        for key in path:
            value = value[key]
        return fmt(value)

    return cell


def render_run(result: RunResult, compiled_now: bool = False) -> None:
    """Print the per-policy tables of `brink run`, fitted to the terminal; ``compiled_now``:
    the run compiled the engine first, which its time includes."""
    from rich.console import Console

    console = Console()
    summary = result.summary()
    scen = result.scenario
    blocks = summary["results"]
    policies = [block["policy"] for block in blocks]
    rows: list[tuple[str, Callable[[dict], str]]] = []
    for name in ("war", "settlement", "capitulation", "collapse", "unresolved"):
        rows.append((name, _at(pct, "outcomes", name)))
    if scen.fading.enabled:
        rows.append(("  unresolved: faded", _at(pct, "faded")))
    for kind in ("limited", "conventional", "nuclear"):
        rows.append((f"  war: {kind}", _at(pct, "war_kinds", kind)))
    for cause in ("intent", "misperception", "accident"):
        rows.append((f"  war by {cause}", _at(pct, "war_causes", cause)))
    for seat in (scen.challenger, scen.defender):
        rows.append((f"  {seat} backs down", _at(pct, "capitulation_by", seat)))
    _print_rows(
        console,
        f"{scen.title}: outcome odds per policy (95% intervals)",
        "outcome",
        policies,
        blocks,
        rows,
    )

    rows = []

    def row(label: str, fn: Callable[[dict], str]) -> None:
        rows.append((label, fn))

    row("deaths, mean over episodes", lambda b: spread_of(b["casualties"], "mean", people))
    row(
        "deaths, median / 95th pct",
        lambda b: (
            spread_of(b["casualties"], "p50", people)
            + " / "
            + spread_of(b["casualties"], "p95", people)
        ),
    )
    row("deaths if war, median", lambda b: spread_of(b["casualties_given_war"], "p50", people))
    row(
        f"median turns to the end (of {scen.horizon_turns})",
        lambda b: interval_of(b["median_turns"]["value"], b["median_turns"], "{:.0f}"),
    )
    row(
        "median turns, episodes that ended",
        lambda b: (
            "—"
            if b["median_turns_to_end_given_ended"] is None
            else interval_of(
                b["median_turns_to_end_given_ended"],
                b["median_turns_to_end_given_ended_interval"],
                "{:.0f}",
            )
        ),
    )
    yard = "yardsticks"
    row(
        f"missile tests (per {scen.horizon_turns} turns)",
        lambda b: interval(b[yard]["missile_tests"], "{:.1f}"),
    )
    row(
        f"nuclear tests (per {scen.horizon_turns} turns)",
        lambda b: interval(b[yard]["nuclear_tests"], "{:.2f}"),
    )
    neutrals = [a.name for a in scen.actors.values() if a.side is None and a.trade]
    if neutrals:
        row(
            f"{' or '.join(neutrals)} ever enforces sanctions",
            lambda b: pct(b[yard]["third_party_enforced"]),
        )
    row(
        "final approval (challenger)",
        lambda b: "{:.0f}% ({:.0f}–{:.0f})".format(
            *(100 * b[yard]["approval"][k] for k in ("mean", "lo", "hi"))
        ),
    )
    row("final alliance cohesion", lambda b: interval(b[yard]["alliance_cohesion"], "{:.2f}"))
    row("loose nukes after war", lambda b: pct(b[yard]["loose_nukes"]))
    for seat in (scen.challenger, scen.defender):
        row(
            f"expected payoff to {seat}",
            _at(lambda v: interval(v, "{:+.2f}"), "payoff", seat),
        )
    _print_rows(
        console,
        "Casualties, timing and the seed analysis's yardsticks",
        "measure",
        policies,
        blocks,
        rows,
    )
    cond = summary["conditional_on"]
    episode_turns = sum(b["turns"] for b in blocks)
    overrides = ", ".join(cond["overrides"]) or "none"
    console.print(
        f"Conditional on: scenario {scen.id} ({cond['scenario_file']}, sha256 "
        f"{cond['scenario_sha256'][:12]}), overrides: {overrides}; {scen.defender} plays "
        f"{result.opponent}; global parameters: {cond['calibration']}; {cond['inputs']}; "
        f"seed {result.seed}; N = {result.episodes:,} episodes per policy; "
        f"{cond['interval']} intervals."
    )
    rate = episode_turns / result.seconds if result.seconds > 0 else float("nan")
    console.print(
        f"Run: {result.episodes * len(blocks):,} episodes, {episode_turns:,} episode-turns in "
        f"{result.seconds:.1f} s ({rate:,.0f} episode-turns/s) on {result.workers} worker(s)"
        + (COMPILED_NOTE if compiled_now else "")
        + ".",
        style="dim",
    )
