"""Games saved in SQLite after every change, so they survive a server restart.

One row per game holds its script (game.Game.to_record as JSON); a restarted server replays it
to the same state. The server's CSRF secret lives here too. Games in play are kept in memory;
a game not in memory is loaded (replayed) on first use.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from brink.web import security
from brink.web.game import Game

SCHEMA = """
CREATE TABLE IF NOT EXISTS games (
    id TEXT PRIMARY KEY,
    scenario TEXT NOT NULL,
    created REAL NOT NULL,
    updated REAL NOT NULL,
    record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class GameStore:
    """Games by id, in memory and in one SQLite file (``":memory:"`` for tests)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._lock = threading.Lock()
        with self._lock:
            if self.path != ":memory:":
                # WAL with synchronous=NORMAL: a commit survives the server's crash or restart
                # (what matters here) without an fsync per move; an OS crash may lose the last
                # moments of play.
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(SCHEMA)
            row = self._db.execute("SELECT value FROM meta WHERE key='secret'").fetchone()
            if row is None:
                self.secret = security.new_secret()
                self._db.execute(
                    "INSERT INTO meta(key, value) VALUES ('secret', ?)", (self.secret,)
                )
            else:
                self.secret = str(row[0])
        self._games: dict[str, Game] = {}

    def add(self, game: Game) -> Game:
        self._games[game.id] = game
        self.save(game)
        return game

    def get(self, game_id: str) -> Game | None:
        game = self._games.get(game_id)
        if game is not None:
            return game
        with self._lock:
            row = self._db.execute("SELECT record FROM games WHERE id=?", (game_id,)).fetchone()
        if row is None:
            return None
        game = Game.from_record(json.loads(row[0]))
        return self._games.setdefault(game_id, game)

    def save(self, game: Game) -> None:
        record = json.dumps(game.to_record(), separators=(",", ":"))
        now = time.time()
        with self._lock:
            self._db.execute(
                "INSERT INTO games(id, scenario, created, updated, record) VALUES (?,?,?,?,?) "
                "ON CONFLICT(id) DO UPDATE SET updated=excluded.updated, record=excluded.record",
                (game.id, game.scenario_name, game.created, now, record),
            )

    def ids(self) -> list[str]:
        with self._lock:
            return [r[0] for r in self._db.execute("SELECT id FROM games ORDER BY created")]

    def forget(self) -> None:
        """Drop the in-memory games (tests: as after a restart)."""
        self._games.clear()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def stats(self) -> dict[str, Any]:
        return {"in_memory": len(self._games), "saved": len(self.ids())}
