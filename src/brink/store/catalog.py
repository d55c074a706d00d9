"""The catalog: ``<root>/catalog.duckdb``, an index of the runs under a root and their parts.

An index over the manifests, written only by the driver after a session: losing it loses
nothing (the run folders are what counts), so a failure to update it is never fatal.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from brink.store.runs import RunFolder, part_path

FILE = "catalog.duckdb"


def catalog_path(root: Path) -> Path:
    return root / FILE


def update_catalog(run: RunFolder) -> None:
    """Record the run and its stored parts (replacing what the catalog said about it)."""
    import duckdb

    with duckdb.connect(str(catalog_path(run.path.parent))) as con:
        con.execute(
            "CREATE TABLE IF NOT EXISTS runs (name VARCHAR PRIMARY KEY, scenario VARCHAR, "
            "seed BIGINT, created VARCHAR, status VARCHAR, episodes_per_policy BIGINT, "
            "path VARCHAR)"
        )
        con.execute(
            "CREATE TABLE IF NOT EXISTS parts (run VARCHAR, policy VARCHAR, chunk INTEGER, "
            "path VARCHAR, PRIMARY KEY (run, policy, chunk))"
        )
        m = run.manifest
        con.execute("DELETE FROM runs WHERE name = ?", [run.name])
        con.execute(
            "INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                run.name,
                m["scenario"]["id"],
                m["seed"],
                m["created"],
                m["status"],
                m["episodes_per_policy"],
                str(run.path.resolve()),
            ],
        )
        con.execute("DELETE FROM parts WHERE run = ?", [run.name])
        rows = [
            [run.name, t["policy"], t["chunk"], str(path.resolve())]
            for t in run.tasks()
            if (path := part_path(run.path, "parts", t["policy"], t["chunk"])).exists()
        ]
        if rows:
            con.executemany("INSERT INTO parts VALUES (?, ?, ?, ?)", rows)


def update_catalog_quietly(run: RunFolder) -> None:
    """Update the catalog, shrugging off a full disk or a locked catalog (nothing is lost)."""
    import contextlib

    import duckdb

    with contextlib.suppress(OSError, duckdb.Error):
        update_catalog(run)


def read_catalog(root: Path) -> dict[str, list[dict[str, Any]]]:
    """The catalog's tables as records: ``{"runs": […], "parts": […]}`` (empty if none)."""
    import duckdb

    path = catalog_path(root)
    if not path.exists():
        return {"runs": [], "parts": []}
    with duckdb.connect(str(path), read_only=True) as con:
        out: dict[str, list[dict[str, Any]]] = {}
        for table in ("runs", "parts"):
            cursor = con.execute(f"SELECT * FROM {table} ORDER BY ALL")
            names = [d[0] for d in cursor.description]
            out[table] = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return out


def remove_from_catalog(root: Path, name: str) -> None:
    """Forget a run (after `brink rm`); a missing catalog is fine."""
    import contextlib

    import duckdb

    path = catalog_path(root)
    if not path.exists():
        return
    with contextlib.suppress(OSError, duckdb.Error), duckdb.connect(str(path)) as con:
        for table, key in (("runs", "name"), ("parts", "run")):
            con.execute(f"DELETE FROM {table} WHERE {key} = ?", [name])
