"""The `brink` command line: parse, call the Python API, render. Nothing else lives here.

Each group of commands sits in its own module under ``brink.commands`` and registers itself on
the one Typer app. Every user error becomes a single line on stderr and exit status 2 — also
usage errors, a standard output that cannot be written and a full disk; Ctrl-C is one line and
exit status 130.
"""

from __future__ import annotations

import errno
import os
import sys
from typing import Annotated, Any

import typer

from brink import __version__
from brink.errors import BrinkInputError, BrinkInterrupted, one_line

app = typer.Typer(
    name="brink",
    help="Brink: model, simulate and analyse international crises.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

#: Exit status of a run stopped by Ctrl-C (128 + SIGINT), as shells report it.
INTERRUPTED = 130


def _show_version(value: bool) -> None:
    if value:
        print(f"brink {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Brink: model, simulate and analyse international crises."""


_registered: list[bool] = []


def _register_commands() -> None:
    """Attach every command module, once; imports stay light (heavy libraries load inside
    commands)."""
    from importlib import import_module

    if _registered:
        return
    _registered.append(True)
    for name in (
        "scenario",
        "model",
        "experiments",
        "manage",
        "analysis",
        "report",
        "solve",
        "duel",
        "play",
        "backtest",
    ):
        try:
            module = import_module(f"brink.commands.{name}")
        except ModuleNotFoundError as missing:
            if missing.name != f"brink.commands.{name}":
                raise
            continue  # a command group not installed in this build
        module.register(app)


class StdoutError(OSError):
    """Standard output could not be written (a full disk, /dev/full, a closed pipe)."""


class _GuardedStdout:
    """Standard output that tags its write failures, so they are told apart from file errors."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except OSError as error:
            raise StdoutError(error.errno, error.strerror) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as error:
            raise StdoutError(error.errno, error.strerror) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _error(message: str) -> None:
    print(f"brink: error: {one_line(message)}", file=sys.stderr)


def _usage_message(error: Any) -> str:
    """A usage error of Typer/Click as one line, with where to find help."""
    ctx = getattr(error, "ctx", None)
    command = ctx.command_path if ctx is not None else "brink"
    return f"{error.format_message()} (see `{command} --help`)"


def _silence_stdout() -> None:
    """After stdout failed, point it at /dev/null so the interpreter's exit flush stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        stdout = sys.__stdout__
        if stdout is not None:  # None when Python started without a stdout
            os.dup2(devnull, stdout.fileno())
    except (OSError, AttributeError, ValueError):
        pass
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (lives until exit)


def run_cli(args: list[str]) -> int:
    """Run one command line and return its exit status (in-process; tests call this)."""
    real_stdout = sys.stdout
    sys.stdout = _GuardedStdout(real_stdout)
    try:
        status = _dispatch(args)
        sys.stdout.flush()
        return status
    except StdoutError as error:
        sys.stdout = real_stdout
        if real_stdout is sys.__stdout__:
            _silence_stdout()
        if error.errno == errno.EPIPE:  # the reader went away (`brink runs | head -1`): quiet
            return 1
        _error(f"cannot write to standard output: {error.strerror} (send it to a file or a pager)")
        return 2
    finally:
        if isinstance(sys.stdout, _GuardedStdout):
            sys.stdout = real_stdout


def _say_compiling() -> None:
    """Printed just before an uncompiled engine first runs: after the command's input is
    checked (a bad input stays one line), before the minute it takes."""
    from brink.commands.render import COMPILING

    print(COMPILING, file=sys.stderr)


def _dispatch(args: list[str]) -> int:
    """Run the app; every error a user can meet becomes one line and an exit status."""
    from typer._click.exceptions import NoArgsIsHelpError, UsageError

    from brink import kernel_cache

    kernel_cache.notify_compiling(_say_compiling)
    try:
        _register_commands()
        result = app(args=args, prog_name="brink", standalone_mode=False)
    except NoArgsIsHelpError as error:
        print(error.format_message())
        return 0
    except UsageError as error:
        _error(_usage_message(error))
        return 2
    except typer.Abort:
        _error("aborted")
        return 2
    except BrinkInterrupted as stop:
        print(f"brink: interrupted: {one_line(str(stop))}", file=sys.stderr)
        return INTERRUPTED
    except BrinkInputError as error:
        from brink.commands.flags import problems

        for problem in problems(error):  # a library parameter is told as its flag
            _error(problem)
        return 2
    except KeyboardInterrupt:
        print("brink: interrupted (Ctrl-C)", file=sys.stderr)
        return INTERRUPTED
    except StdoutError:
        raise
    except MemoryError:
        _error("ran out of memory (ask for fewer episodes, or fewer --workers)")
        return 2
    except OSError as error:  # the machine said no: a full disk, a read-only folder, ...
        where = f"{error.filename}: " if error.filename else ""
        _error(f"{where}{error.strerror or error}")
        return 2
    finally:
        kernel_cache.notify_compiling(None)
    if result == INTERRUPTED:  # Typer turns Ctrl-C inside a command into exit 130
        print("brink: interrupted (Ctrl-C)", file=sys.stderr)
        return INTERRUPTED
    return result if isinstance(result, int) else 0


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: run the app and exit with its status."""
    sys.exit(run_cli(sys.argv[1:] if argv is None else list(argv)))


if __name__ == "__main__":
    main()
