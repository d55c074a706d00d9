"""Model commands: `brink effects` (the inert-input screen) and `brink new` (a starter file)."""

from __future__ import annotations

import json
import re
from importlib import resources
from typing import Annotated

import typer

from brink.commands.scenario import CalibrationOption, SetOption


def register(app: typer.Typer) -> None:
    """Attach the model commands."""
    app.command("effects")(effects)
    app.command("new")(new)


def effects(
    scenario: Annotated[str, typer.Argument(help="A scenario file, or a built-in name.")],
    policy: Annotated[
        list[str] | None,
        typer.Option("--policy", "-p", help="Screen under this challenger policy (repeatable)."),
    ] = None,
    episodes: Annotated[int, typer.Option(help="Episodes per arm.")] = 1000,
    seed: Annotated[int, typer.Option(help="Seed of the common random numbers.")] = 0,
    overrides: SetOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    calibration: CalibrationOption = "default",
) -> None:
    """Screen every input: does it move a main outcome (paired runs, common random numbers)?

    Each input is set low and high on the same episodes (everything else identical); an
    input that changes nothing is inert, unless declared `reporting: true` or it belongs to
    a mechanism the scenario does not have. Exits with status 1 when an input is inert.
    """
    from brink.analysis.effects import effects as effects_of
    from brink.analysis.effects import inert
    from brink.errors import BrinkInputError, check_seed
    from brink.experiments.effects import screen_runs
    from brink.scenario.loader import load

    if episodes < 2:
        raise BrinkInputError(f"--episodes: expected at least 2 episodes per arm (got {episodes})")
    check_seed(seed)
    loaded = load(scenario, tuple(overrides or ()), calibration)
    scen = loaded.scenario
    for name in policy or []:
        if name not in scen.policies_for(scen.challenger):
            known = ", ".join(scen.policies_for(scen.challenger))
            raise BrinkInputError(
                f"--policy {name}: not a policy of {scen.challenger} (policies: {known})"
            )
    names: list[str | None] = [*policy] if policy else [None]
    screened = {
        name: effects_of(screen_runs(scen, name, episodes=episodes, seed=seed), scen)
        for name in names
    }
    if as_json:
        out = [
            {**e.to_json(), "policy": name or "default"}
            for name, results in screened.items()
            for e in results
        ]
        print(json.dumps(out, indent=2))
    else:
        for shown, results in screened.items():
            _print_table(scen.id, shown, results, episodes, seed)
    bad = [e for results in screened.values() for e in inert(results)]
    if bad:
        raise typer.Exit(1)


def _print_table(scenario_id: str, policy: str | None, results, episodes: int, seed: int) -> None:  # type: ignore[no-untyped-def]
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title=f"{scenario_id}: effect of each input ({policy or 'default matchup'})")
    for column in ("input", "arms (low–high)", "moves most", "effect (sd)", "z", "changed", ""):
        table.add_column(column, overflow="fold")
    for e in sorted(results, key=lambda e: -abs(e.z) if e.z == e.z else 0):
        status = (
            "reporting"
            if e.reporting
            else "mechanism absent"
            if not e.applies
            else "INERT"
            if e.changed == 0
            else ("" if e.distinguishable else "within noise")
        )
        table.add_row(
            e.input,
            f"{e.low:.3g}–{e.high:.3g}",
            e.outcome or "—",
            f"{e.effect:+.3f}",
            f"{e.z:+.1f}",
            f"{100 * e.changed:.1f}%",
            status,
        )
    console.print(table)
    inert_count = sum(1 for e in results if e.changed == 0 and not e.reporting and e.applies)
    console.print(
        f"Conditional on: {scenario_id}, {policy or 'default matchup'}, {episodes:,} paired "
        f"episodes per arm, seed {seed}; effect = change of the outcome it moves most over "
        f"that outcome's standard deviation; z over the paired standard error (|z| > 4: beyond "
        f"noise). {inert_count} inert input(s)."
    )


def new(
    name: Annotated[str, typer.Argument(help="Scenario id, e.g. my-crisis (letters, digits, -).")],
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="File to write (default NAME.yaml).")
    ] = None,
) -> None:
    """Write a commented starter scenario that validates and runs, to edit into your crisis."""
    from pathlib import Path

    from brink.errors import BrinkInputError
    from brink.outputs import write_output

    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", name):
        raise BrinkInputError(
            f"NAME: expected letters, digits, '-' or '_', starting with a letter (got {name!r})"
        )
    path = Path(output or f"{name}.yaml")
    if path.exists():
        raise BrinkInputError(f"--output: {path} already exists (choose another name or -o FILE)")
    text = resources.files("brink.scenario").joinpath("starter.yaml").read_text()
    text = text.replace("__ID__", name).replace("__TITLE__", name.replace("-", " ").title())

    def write(temporary: str) -> None:
        Path(temporary).write_text(text, encoding="utf-8")

    written = write_output(path, "--output", write)
    print(f"wrote {written}: edit it, then `brink validate {written}` and `brink run {written}`")
