"""Analysis results stored in a run folder, one file per method and policy.

``results/<method>/<policy>.json`` (method: ``morris``, ``sobol``, ``discover-<outcome>``):
a later command on one policy adds or replaces that policy's file only, so what is known about
the other policies stays, and a reader can tell which policies a result covers. Run folders
made before this layout hold one ``sensitivity-<method>.json`` / ``discover-<outcome>.json``
per method (rewritten by every command); :func:`read_legacy` still reads those.

This module owns the layout and the files, not their contents: payloads are JSON objects
written by the analysis layer (``to_json`` of its typed results).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from brink.store.runs import RunFolder, write_json

RESULTS = "results"


def _folder(run: RunFolder | Path) -> Path:
    return run.path if isinstance(run, RunFolder) else Path(run)


def _file_name(policy: str) -> str:
    """A policy id as a file name (ids are slugs; anything else is percent-quoted)."""
    return quote(policy, safe="-_.") + ".json"


def result_path(run: RunFolder | Path, method: str, policy: str) -> Path:
    return _folder(run) / RESULTS / quote(method, safe="-_.") / _file_name(policy)


def legacy_path(run: RunFolder | Path, method: str) -> Path:
    """The one-file-per-method name older run folders use."""
    name = (
        f"discover-{method[len('discover-') :]}"
        if method.startswith("discover-")
        else (f"sensitivity-{method}")
    )
    return _folder(run) / f"{name}.json"


def write_result(run: RunFolder | Path, method: str, policy: str, payload: dict[str, Any]) -> Path:
    """Store one policy's result for a method (atomically; replaces only that policy's)."""
    path = result_path(run, method, policy)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_json(path, payload)
    return path


def _read(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def read_results(run: RunFolder | Path, method: str) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """({policy: payload}, [files that could not be read]) for a method; empty when none."""
    folder = _folder(run) / RESULTS / quote(method, safe="-_.")
    found: dict[str, dict[str, Any]] = {}
    unreadable: list[str] = []
    if not folder.is_dir():
        return found, unreadable
    for path in sorted(folder.glob("*.json")):
        data = _read(path)
        if data is None:
            unreadable.append(str(path.relative_to(_folder(run))))
        else:
            found[unquote(path.name[: -len(".json")])] = data
    return found, unreadable


def read_legacy(run: RunFolder | Path, method: str) -> dict[str, Any] | None:
    """The single file an older run folder holds for a method, or None (absent, unreadable)."""
    path = legacy_path(run, method)
    return _read(path) if path.is_file() else None


def methods_stored(run: RunFolder | Path) -> list[str]:
    folder = _folder(run) / RESULTS
    return sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


def unexpected_in_results(folder: Path) -> str | None:
    """The first entry of a run's ``results/`` Brink would not have written (for removal
    checks), relative to the run folder; None when there is none."""
    for method in sorted(folder.iterdir()):
        if method.is_symlink() or not method.is_dir():
            return f"{RESULTS}/{method.name}"
        for entry in sorted(method.iterdir()):
            ok = entry.is_file() and not entry.is_symlink()
            if not ok or not (entry.name.endswith(".json") or entry.name.startswith(".tmp-")):
                return f"{RESULTS}/{method.name}/{entry.name}"
    return None
