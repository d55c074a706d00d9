"""`brink solve GAME`: solve one formal game and explain the answer (or print it as JSON)."""

from __future__ import annotations

import json
from typing import Any

import typer

from brink.errors import BrinkInputError

_HELP = (
    "Solve a formal game exactly and explain the answer in plain words.\n\n"
    "Set parameters with --param NAME=VALUE (repeatable); the rest keep their defaults. "
    "`signalling --from-scenario NAME` reduces a scenario's challenger and defender to the "
    "signalling game and reports the value of calculated ambiguity. See docs/theory.md."
)


def register(app: typer.Typer) -> None:
    """Attach ``solve`` to the app."""
    from brink.games.catalogue import help_text

    epilog = "\b\nGames, with their parameters and defaults:\n" + help_text()

    @app.command("solve", help=_HELP, epilog=epilog)
    def solve(
        game: str = typer.Argument(..., help="Game name, e.g. chicken (listed below)."),
        param: list[str] = typer.Option(  # noqa: B008
            [], "--param", "-p", metavar="NAME=VALUE", help="Set a parameter (repeatable)."
        ),
        as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
        from_scenario: str | None = typer.Option(
            None,
            "--from-scenario",
            metavar="SCENARIO",
            help="signalling only: take the parameters from a scenario (e.g. korea-2017).",
        ),
        draws: int = typer.Option(
            2000,
            "--draws",
            min=1,
            max=1_000_000,
            help="With --from-scenario: solve at this many draws of the scenario's ranges.",
        ),
        seed: int = typer.Option(0, "--seed", min=0, help="With --from-scenario: input draws."),
    ) -> None:
        from brink.games import registry

        if from_scenario is not None:
            if game != "signalling":
                registry.get_spec(game)  # unknown names first, listing the games
                raise BrinkInputError(
                    f"solve {game}: --from-scenario works only with the signalling game"
                )
            from brink.games.from_scenario import solve_scenario
            from brink.games.over_ranges import solve_over_ranges
            from brink.scenario.loader import load_scenario

            solution = solve_scenario(from_scenario, param)
            ranges = solve_over_ranges(load_scenario(from_scenario), draws, seed)
            doc = {**solution.to_json(), "over_ranges": ranges.to_json()}
            if as_json:
                typer.echo(json.dumps(doc, indent=2))
            else:
                typer.echo(render_text(doc) + "\n\n" + "\n".join(ranges.lines()))
            return
        solution = registry.solve_cli(game, param)
        if as_json:
            typer.echo(json.dumps(solution.to_json(), indent=2))
        else:
            typer.echo(render_text(solution.to_json()))


def render_text(doc: dict[str, Any]) -> str:
    """Plain-text report: the game, its parameters, the explanation, the headline numbers."""
    params = ", ".join(f"{k}={v:g}" for k, v in doc["params"].items())
    lines = [f"{doc['game']} ({params})", ""]
    lines += doc["explanation"]
    scalars = {
        k: v for k, v in doc.items() if k not in ("game", "params", "explanation") and _is_scalar(v)
    }
    if scalars:
        lines.append("")
        width = max(len(k) for k in scalars)
        lines += [f"  {k.ljust(width)}  {_fmt(v)}" for k, v in scalars.items()]
    return "\n".join(lines)


def _is_scalar(v: Any) -> bool:
    return v is None or isinstance(v, bool | int | float | str)


def _fmt(v: Any) -> str:
    if isinstance(v, float) and not isinstance(v, bool):
        return f"{v:.6g}"
    return str(v)
