"""The manifest of a run (``manifest.json``): what the run is conditional on, its options,
seeds, tasks, status and timings. Written by the driver only; checked on every read.

A manifest from another tool, format or version of Brink is refused rather than read: the
numbers of a run made by other code would not be comparable with this code's.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from brink import __version__
from brink.errors import BrinkInputError
from brink.store.files import write_json

FILE = "manifest.json"
FORMAT_VERSION = 1
TOOL = "brink"
#: Keys every manifest has (a manifest without one is refused).
REQUIRED = ("name", "tasks", "scenario", "seed", "options")


def new_manifest(
    *,
    name: str,
    scenario: dict[str, Any],
    seed: int,
    design_seed: int,
    options: dict[str, Any],
    inputs: dict[str, Any],
    draws: int,
    driver: dict[str, Any],
    status: str,
) -> dict[str, Any]:
    """A new run's manifest, its tasks listed (``options`` must hold ``policies``,
    ``replications`` and ``draws_per_task``)."""
    manifest: dict[str, Any] = {
        "tool": TOOL,
        "tool_version": __version__,
        "format_version": FORMAT_VERSION,
        "name": name,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "status": status,
        "driver": driver,
        "scenario": scenario,
        "seed": seed,
        "design_seed": design_seed,
        "options": options,
        "inputs": inputs,
        "draws": draws,
        "episodes_per_policy": draws * int(options["replications"]),
        "timings": {},
    }
    manifest["tasks"] = tasks_for(manifest)
    return manifest


def tasks_for(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    """The run's tasks: every policy over chunks of ``draws_per_task`` draws."""
    options = manifest["options"]
    rows = manifest["draws"]
    per_task = options["draws_per_task"]
    return [
        {
            "policy": policy,
            "chunk": chunk,
            "draw_start": start,
            "draw_stop": min(start + per_task, rows),
        }
        for policy in options["policies"]
        for chunk, start in enumerate(range(0, rows, per_task))
    ]


def task_rows(manifest: dict[str, Any], task: dict[str, Any]) -> int:
    """Episode rows of one task (its draws × the run's replications)."""
    return (task["draw_stop"] - task["draw_start"]) * int(manifest["options"]["replications"])


def read_manifest(run_path: Path) -> dict[str, Any]:
    """The checked manifest of the run folder at ``run_path`` (one-line errors)."""
    path = run_path / FILE
    if not path.exists():
        raise BrinkInputError(f"{run_path}: not a Brink run folder (no manifest.json)")
    try:
        manifest = json.loads(path.read_text())
    except (json.JSONDecodeError, UnicodeDecodeError, OSError) as error:
        raise BrinkInputError(f"{path}: corrupt manifest ({error})") from None
    if not isinstance(manifest, dict) or manifest.get("tool") != TOOL:
        raise BrinkInputError(f"{path}: tool: expected a manifest written by brink")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BrinkInputError(
            f"{path}: format_version: expected {FORMAT_VERSION}, "
            f"found {manifest.get('format_version')!r}"
        )
    if manifest.get("tool_version") != __version__:
        raise BrinkInputError(
            f"{path}: tool_version: run written by brink {manifest.get('tool_version')}, "
            f"this is brink {__version__}; results would not be comparable (rerun it)"
        )
    for key in REQUIRED:
        if key not in manifest:
            raise BrinkInputError(f"{path}: {key}: required field is missing")
    return manifest


def peek_manifest(run_path: Path) -> dict[str, Any] | None:
    """The manifest as it is, unchecked (for listings); None when unreadable or not JSON."""
    try:
        manifest = json.loads((run_path / FILE).read_text())
    except (ValueError, OSError):  # not JSON, not UTF-8, unreadable
        return None
    return manifest if isinstance(manifest, dict) else None


def write_manifest(run_path: Path, manifest: dict[str, Any]) -> None:
    """Write the manifest whole or not at all."""
    write_json(run_path / FILE, manifest)
