"""CLI commands ``brink duel`` and ``brink tournament``: parse, call the games API, render.

Heavy imports (numpy, the games, rich) happen inside the commands so ``brink --help`` stays fast.
"""

from __future__ import annotations

import json
import math
from typing import Annotated, Any

import typer

NOISE_HELP = "Probability in [0, 1] that each move is flipped (or misread: see --noise-kind)."
KIND_HELP = (
    "execution: each intended move is flipped before it is played (Axelrod's noise); "
    "perception: moves are played as meant but each side misreads the other's move; "
    "both: both at the same rate."
)
PAYOFF_HELP = "Stage-game payoffs T,R,P,S with T > R > P > S."
SEED_HELP = "Seed of the random streams; the same seed gives identical results."

Noise = Annotated[float, typer.Option("--noise", help=NOISE_HELP)]
NoiseKind = Annotated[str, typer.Option("--noise-kind", help=KIND_HELP)]
Turns = Annotated[int, typer.Option("--turns", help="Turns per repetition.")]
Repetitions = Annotated[int, typer.Option("--repetitions", help="Independent repetitions.")]
Seed = Annotated[int, typer.Option("--seed", help=SEED_HELP)]
Payoffs = Annotated[str, typer.Option("--payoffs", help=PAYOFF_HELP)]
AsJson = Annotated[bool, typer.Option("--json", help="Print one JSON object instead of a table.")]
Force = Annotated[
    bool, typer.Option("--force", help="Start even a job estimated to take over an hour.")
]


def _budget(turns: int, repetitions: int, matches: int, force: bool) -> None:
    """Say what a long duel or tournament will take; refuse a runaway one unless --force."""
    from brink import budget
    from brink.commands.guards import note

    est = budget.duel_estimate(turns, repetitions, matches)
    message = budget.check(est, f"--turns {turns:,} × --repetitions {repetitions:,}", force=force)
    if message:
        note(message)


def register(app: typer.Typer) -> None:
    """Attach ``duel`` and ``tournament`` to the app."""
    app.command("duel", help=_duel_help())(duel)
    app.command("tournament", help=_tournament_help())(tournament)


def _doctrine_lines() -> str:
    from brink.deciders.doctrines import DOCTRINES, SPEC_HELP

    lines = [f"  {name:<6} {doctrine.description}" for name, doctrine in DOCTRINES.items()]
    return "Doctrines (" + SPEC_HELP + "):\n\n\b\n" + "\n".join(lines)


def _duel_help() -> str:
    return (
        "Play a noisy iterated prisoner's dilemma between doctrines A and B, many times over, "
        "and report each side's mean payoff per turn with a 95% interval.\n\n" + _doctrine_lines()
    )


def _tournament_help() -> str:
    return (
        "Round robin among DOCTRINES (default: all), self-play included unless "
        "--no-self-play, ranked by mean payoff per turn.\n\n" + _doctrine_lines()
    )


def duel(
    a: Annotated[
        str, typer.Argument(metavar="A", help="Doctrine of side A, e.g. tft or gtft:0.1.")
    ],
    b: Annotated[str, typer.Argument(metavar="B", help="Doctrine of side B.")],
    noise: Noise = 0.0,
    noise_kind: NoiseKind = "execution",
    turns: Turns = 200,
    repetitions: Repetitions = 1000,
    seed: Seed = 0,
    payoffs: Payoffs = "5,3,1,0",
    force: Force = False,
    as_json: AsJson = False,
) -> None:
    from brink.games.duel import StagePayoffs, check_run, play_duel

    check_run(turns, repetitions)
    _budget(turns, repetitions, 1, force)

    result = play_duel(
        a,
        b,
        noise=noise,
        noise_kind=noise_kind,
        turns=turns,
        repetitions=repetitions,
        seed=seed,
        payoffs=StagePayoffs.parse(payoffs),
    )
    data = result.to_dict()
    if as_json:
        print(json.dumps(data))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Mean payoff per turn", title_justify="left")
    for column in ("side", "doctrine", "mean", "95% interval", "cooperation"):
        table.add_column(column, justify="left" if column in ("side", "doctrine") else "right")
    rows = [(data[f"mean_{s}"], data[f"lo_{s}"], data[f"hi_{s}"]) for s in ("a", "b")]
    decimals = _decimals(rows)
    for side, row in zip(("a", "b"), rows, strict=True):
        table.add_row(
            side.upper(),
            data[side],
            *_estimate(*row, decimals),
            f"{data[f'cooperation_{side}']:.1%}",
        )
    console = Console()
    console.print(_conditions(data))
    console.print(table)
    console.print(_interval_note(data["repetitions"]))


def tournament(
    doctrines: Annotated[
        list[str] | None,
        typer.Argument(metavar="DOCTRINES", help="Doctrines to enter (default: all)."),
    ] = None,
    noise: Noise = 0.0,
    noise_kind: NoiseKind = "execution",
    turns: Turns = 200,
    repetitions: Repetitions = 1000,
    seed: Seed = 0,
    payoffs: Payoffs = "5,3,1,0",
    self_play: Annotated[
        bool,
        typer.Option(
            "--self-play/--no-self-play", help="Count each doctrine's match with its twin."
        ),
    ] = True,
    force: Force = False,
    as_json: AsJson = False,
) -> None:
    from brink.deciders.doctrines import DOCTRINES
    from brink.games.duel import StagePayoffs, check_run
    from brink.games.tournament import play_tournament

    check_run(turns, repetitions)
    entrants = len(doctrines or DOCTRINES)
    _budget(turns, repetitions, entrants * (entrants + (1 if self_play else -1)) // 2, force)

    result = play_tournament(
        doctrines or None,
        noise=noise,
        noise_kind=noise_kind,
        turns=turns,
        repetitions=repetitions,
        seed=seed,
        payoffs=StagePayoffs.parse(payoffs),
        self_play=self_play,
    )
    data = result.to_dict()
    if as_json:
        print(json.dumps(data))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Ranking by mean payoff per turn", title_justify="left")
    for column in ("rank", "doctrine", "mean", "95% interval", "cooperation"):
        table.add_column(column, justify="left" if column == "doctrine" else "right")
    decimals = _decimals([(row["mean"], row["lo"], row["hi"]) for row in data["ranking"]])
    for row in data["ranking"]:
        table.add_row(
            str(row["rank"]),
            row["doctrine"],
            *_estimate(row["mean"], row["lo"], row["hi"], decimals),
            f"{row['cooperation']:.1%}",
        )
    console = Console()
    console.print(_conditions(data))
    console.print(
        "Round robin, "
        + ("self-play included" if data["self_play"] else "self-play excluded")
        + "; score = mean over opponents of the payoff per turn."
    )
    console.print(table)
    console.print(_interval_note(data["repetitions"]))


def _conditions(data: dict[str, Any]) -> str:
    """One line stating everything the numbers are conditional on."""
    payoffs = ",".join(f"{v:g}" for v in data["payoffs"].values())
    who = f"{data['a']} (A) vs {data['b']} (B)" if "a" in data else ", ".join(data["doctrines"])
    return (
        f"{who}: {_count(data['repetitions'], 'repetition')} × {_count(data['turns'], 'turn')}, "
        f"{data['noise_kind']} noise {data['noise']:g}, payoffs T,R,P,S = {payoffs}, "
        f"seed {data['seed']}."
    )


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def _interval_note(repetitions: int) -> str:
    if repetitions < 2:
        return "No interval: it needs at least two repetitions."
    return "95% Student-t interval of the mean over repetitions; cooperation = share of moves C."


def _decimals(rows: list[tuple[float, float | None, float | None]]) -> int:
    """Decimals for a column: one past the first significant digit of the widest half-interval.

    No digit is printed that the sampling noise swamps; exact results get three decimals.
    """
    halves = [(hi - lo) / 2 for _, lo, hi in rows if lo is not None and hi is not None]
    widest = max(halves, default=0.0)
    if widest <= 0:
        return 3 if halves else 2
    return min(4, max(1, 1 - math.floor(math.log10(widest))))


def _estimate(mean: float, lo: float | None, hi: float | None, decimals: int) -> tuple[str, str]:
    """Mean and interval as text, rounded to ``decimals``."""
    if lo is None or hi is None:
        return f"{mean:.{decimals}f}", "—"
    if hi - lo <= 0:
        return f"{mean:.{decimals}f}", "exact (no variation)"
    return f"{mean:.{decimals}f}", f"{lo:.{decimals}f} – {hi:.{decimals}f}"
