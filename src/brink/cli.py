"""The `brink` command line: parse, call the Python API, render. Nothing else lives here.

Each group of commands sits in its own module under ``brink.commands`` and registers itself on
the one Typer app. Every user error becomes a single line on stderr and exit status 2.
"""

from __future__ import annotations

import sys

import typer

from brink.errors import BrinkInputError

app = typer.Typer(
    name="brink",
    help="Brink: model, simulate and analyse international crises.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _register_commands() -> None:
    """Attach every command module; imports stay light (heavy libraries load inside commands)."""
    from importlib import import_module

    for name in ("scenario", "experiments", "analysis", "report", "solve", "duel"):
        try:
            module = import_module(f"brink.commands.{name}")
        except ModuleNotFoundError as missing:
            if missing.name != f"brink.commands.{name}":
                raise
            continue  # a command group not installed in this build
        module.register(app)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: run the app and turn user errors into one line, exit 2."""
    _register_commands()
    args = sys.argv[1:] if argv is None else argv
    try:
        app(args=args, prog_name="brink")
    except BrinkInputError as error:
        print(f"brink: error: {error}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("brink: interrupted", file=sys.stderr)
        sys.exit(130)


if __name__ == "__main__":
    main()
