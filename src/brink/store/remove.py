"""Remove a stored run — only a Brink run folder, and only what Brink put in it.

`brink rm` deletes a folder tree, so it checks first that the folder is a run (a manifest
written by brink), that no live process is computing it, and that every entry in it is one
Brink writes. Anything else (a file of the user's, a symlink) makes it refuse, naming the
entry: a mistyped path never costs more than an error message.
"""

from __future__ import annotations

import fnmatch
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from brink.errors import BrinkInputError
from brink.store.runs import TOOL, runs_root

#: What a run folder holds at its top level (patterns), and in parts/ and timeline/.
_TOP = (
    "manifest.json",
    "scenario.json",
    "design.parquet",
    "sensitivity-*.json",
    "discover-*.json",
    ".tmp-*",
)
_PART = ("part-*.parquet", ".tmp-*")


@dataclass(frozen=True)
class Removable:
    """A checked run folder: its path, name, and what removing it frees."""

    path: Path
    name: str
    files: int
    size: int


def _unexpected(path: Path) -> str | None:
    """The first entry Brink would not have written, as a path relative to the run."""
    for entry in sorted(path.iterdir()):
        if entry.is_symlink():
            return entry.name
        if entry.name in ("parts", "timeline") and entry.is_dir():
            for policy in sorted(entry.iterdir()):
                if policy.is_symlink() or not policy.is_dir():
                    return f"{entry.name}/{policy.name}"
                for part in sorted(policy.iterdir()):
                    ok = part.is_file() and not part.is_symlink()
                    if not ok or not any(fnmatch.fnmatch(part.name, p) for p in _PART):
                        return f"{entry.name}/{policy.name}/{part.name}"
        elif entry.name == "results" and entry.is_dir():
            from brink.store.results import unexpected_in_results

            odd = unexpected_in_results(entry)
            if odd is not None:
                return odd
        elif not (entry.is_file() and any(fnmatch.fnmatch(entry.name, p) for p in _TOP)):
            return entry.name
    return None


def check_removable(name_or_path: str, out: str | None = None) -> Removable:
    """Find the run and check it may be removed (any brink version may be removed)."""
    from brink.store.status import effective_status, is_driven_elsewhere

    candidate = Path(name_or_path)
    path = candidate if (candidate / "manifest.json").exists() else runs_root(out) / name_or_path
    if path.is_symlink():
        raise BrinkInputError(f"{path}: is a symbolic link, not a run folder (nothing removed)")
    if not path.is_dir():
        raise BrinkInputError(f"{name_or_path}: no such run in {runs_root(out)} (nothing removed)")
    manifest_path = path / "manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text())
    except FileNotFoundError:
        raise BrinkInputError(
            f"{path}: not a Brink run folder (no manifest.json); nothing removed"
        ) from None
    except (OSError, ValueError) as error:
        raise BrinkInputError(
            f"{manifest_path}: unreadable manifest ({error}); not removing a folder that "
            "cannot be shown to be a run"
        ) from None
    if not isinstance(manifest, dict) or manifest.get("tool") != TOOL or "name" not in manifest:
        raise BrinkInputError(f"{manifest_path}: not a manifest written by brink; nothing removed")
    if is_driven_elsewhere(manifest):
        raise BrinkInputError(
            f"{path}: the run is {effective_status(manifest)} right now; stop it before removing it"
        )
    stray = _unexpected(path)
    if stray is not None:
        raise BrinkInputError(
            f"{path}: holds {stray!r}, which Brink did not write; not removing it (move "
            "that out first, or delete the folder yourself)"
        )
    files = [p for p in path.rglob("*") if p.is_file()]
    return Removable(path, str(manifest["name"]), len(files), sum(p.stat().st_size for p in files))


def remove(run: Removable) -> None:
    """Delete the run folder and its rows in the catalog (best effort for the catalog)."""
    try:
        shutil.rmtree(run.path)
    except OSError as error:
        raise BrinkInputError(
            f"{run.path}: cannot remove ({error.strerror}); the run may be partly removed — "
            "`brink rm` it again once the folder is writable"
        ) from None
    _forget(run)


def _forget(run: Removable) -> None:
    from brink.store.catalog import remove_from_catalog

    remove_from_catalog(run.path.parent, run.name)
