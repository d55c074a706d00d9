"""Run management: `brink rm RUN` (asks first unless --yes)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Attach the management commands."""
    app.command("rm")(rm)


def rm(
    run: Annotated[str, typer.Argument(help="Run name (under --out) or run folder.")],
    out: Annotated[
        str | None,
        typer.Option("--out", help="Folder that holds runs (default ./runs, or $BRINK_RUNS)."),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Remove a stored run folder (only a Brink run folder, holding only what Brink wrote)."""
    from brink.errors import BrinkInputError
    from brink.store.remove import check_removable, remove

    target = check_removable(run, out)
    what = f"run {target.name} ({target.files} files, {target.size / 1e6:.1f} MB) in {target.path}"
    if not yes:
        if not sys.stdin.isatty():
            raise BrinkInputError(
                f"rm {run}: not asking on a non-interactive input; pass --yes to remove {what}"
            )
        answer = input(f"Remove {what}? [y/N] ").strip().lower()
        if answer not in ("y", "yes"):
            print(f"kept {target.name} (nothing removed)")
            return
    remove(target)
    print(f"removed {what}")
