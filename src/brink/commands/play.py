"""CLI command ``brink play``: serve a crisis as a local web game and print its address.

Checks every input before the server starts (one line on stderr and exit 2 on a bad one),
binds 127.0.0.1 unless ``--host`` says otherwise, and warns when the game is exposed to the
network. Heavy imports (the engine, FastAPI, uvicorn) happen inside the command.
"""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path
from typing import Annotated

import typer

from brink.errors import BrinkInputError

DEFAULT_DB = "play.sqlite3"


def register(app: typer.Typer) -> None:
    app.command("play", help=_help())(play)


def _help() -> str:
    return (
        "Play a crisis in the browser: people take seats, the others play their doctrines. "
        "Starts a local web app and prints the links to join each seat, the white cell "
        "(facilitator) and the observers' view. Games are saved in SQLite after every turn "
        f"(--db, default ./runs/{DEFAULT_DB} or $BRINK_RUNS/{DEFAULT_DB}) and survive a restart."
    )


def default_db() -> Path:
    from brink.store.runs import runs_root

    return runs_root(None) / DEFAULT_DB


def check_host(host: str) -> str:
    try:
        socket.getaddrinfo(host, None)
    except (socket.gaierror, UnicodeError):
        raise BrinkInputError(f"--host {host}: not an address this machine can bind") from None
    return host


def check_port(host: str, port: int) -> None:
    if not 1 <= port <= 65535:
        raise BrinkInputError(f"--port {port}: expected 1 to 65535")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise BrinkInputError(
                f"--port {port}: cannot listen on {host}:{port} ({error.strerror}); "
                "choose another --port"
            ) from None


def play(
    scenario: Annotated[
        str | None,
        typer.Argument(
            help="A built-in scenario (korea-2017, cuba-1962); omit to choose in the browser."
        ),
    ] = None,
    seats: Annotated[
        list[str] | None,
        typer.Option(
            "--as", help="A seat people play (repeat for several; default: the challenger)."
        ),
    ] = None,
    host: Annotated[
        str, typer.Option("--host", help="Address to bind (default 127.0.0.1).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the game's random streams.")] = 0,
    db: Annotated[
        Path | None, typer.Option("--db", help="SQLite file the games are kept in.")
    ] = None,
) -> None:
    """Serve the game."""
    from brink.scenario.loader import builtin_names
    from brink.web.security import is_loopback

    if seed < 0:
        raise BrinkInputError(f"--seed {seed}: expected a whole number from 0")
    names = builtin_names()
    if scenario is not None and scenario not in names:
        raise BrinkInputError(
            f"scenario {scenario!r}: brink play serves the built-in scenarios ({', '.join(names)})"
        )
    if seats and scenario is None:
        raise BrinkInputError("--as needs a SCENARIO (e.g. brink play korea-2017 --as US)")
    check_host(host)
    check_port(host, port)
    path = db or default_db()
    if path.exists() and path.is_dir():
        raise BrinkInputError(f"--db {path}: is a folder, expected a file")

    from brink.web.game import scenario_named

    game = None
    if scenario is not None:
        loaded = scenario_named(scenario)
        chosen = list(seats or [loaded.challenger])
        for actor in chosen:
            if actor not in loaded.seats():
                raise BrinkInputError(
                    f"--as {actor}: not a seat of {scenario} (seats: {', '.join(loaded.seats())})"
                )
        if len(set(chosen)) != len(chosen):
            raise BrinkInputError("--as: each seat can be taken once")
    from brink.web import actions
    from brink.web.app import create_app

    try:
        app = create_app(path)
    except OSError as error:
        raise BrinkInputError(f"--db {path}: {error}") from None
    except Exception as error:  # sqlite3.DatabaseError: not a database
        raise BrinkInputError(f"--db {path}: cannot open it as a game store ({error})") from None
    if scenario is not None:
        game = actions.create(app.state.store, scenario, dict.fromkeys(chosen, "human"), seed)
    shown = f"[{host}]" if ":" in host else host
    base = f"http://{shown}:{port}"
    print(f"Brink play: {base}/  (games kept in {path})")
    if game is not None:
        for actor, token in game.tokens["seats"].items():
            print(f"  seat {actor}: {base}/join?game={game.id}&code={token}")
        print(f"  white cell: {base}/join?game={game.id}&code={game.tokens['facilitator']}")
        print(f"  observers:  {base}/join?game={game.id}&code={game.tokens['observer']}")
    if not is_loopback(host):
        print(
            f"brink: warning: serving on {host}: anyone who can reach this machine can open the "
            "start page and create games; share seat codes only with the players",
            file=sys.stderr,
        )
    sys.stdout.flush()
    if os.environ.get("BRINK_PLAY_DRY_RUN") == "1":  # tests: everything but the server
        return
    import uvicorn

    uvicorn.run(app, host=host, port=port, log_level="warning")
