"""A stored experiment: one folder per run, readable by people and by DuckDB.

Layout (``FORMAT_VERSION`` 1)::

    <root>/catalog.duckdb               runs and parts, written only by the driver
    <root>/<run>/manifest.json          what the run is conditional on, options, seeds, timings
    <root>/<run>/design.parquet         one row per draw: the sampled inputs
    <root>/<run>/parts/<policy>/part-<chunk>.parquet    episode rows of one task
    <root>/<run>/timeline/<policy>/part-<chunk>.parquet (turn, rung, episodes) counts

A task (policy, chunk of draws) is written to a temporary file and renamed into place, so a
part is either whole or absent. A run killed at any moment resumes by running the tasks whose
parts are absent; because a task's rows depend only on (seed, draws, replications), the
resumed run has exactly the rows of an uninterrupted one — none lost, none twice.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brink.errors import BrinkInputError, BrinkParameterError
from brink.store.files import write_atomically as write_atomically  # re-exported
from brink.store.files import write_json as write_json  # re-exported
from brink.store.manifest import FORMAT_VERSION as FORMAT_VERSION  # re-exported
from brink.store.manifest import TOOL as TOOL  # re-exported
from brink.store.manifest import peek_manifest, read_manifest

DEFAULT_ROOT = "runs"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$")


def runs_root(out: str | os.PathLike[str] | None) -> Path:
    """The folder that holds runs: ``--out``, else $BRINK_RUNS, else ./runs."""
    return Path(out or os.environ.get("BRINK_RUNS") or DEFAULT_ROOT)


def check_name(name: str) -> str:
    if not _NAME.match(name):
        raise BrinkParameterError(
            "name", f"{name!r}: expected letters, digits, '.', '_' or '-' (at most 121)"
        )
    return name


def policy_folder(policy: str) -> str:
    """Policies are ids (letters, digits, '-', '_'), safe as folder names."""
    return policy


def part_path(run_dir: Path, kind: str, policy: str, chunk: int) -> Path:
    return run_dir / kind / policy_folder(policy) / f"part-{chunk:05d}.parquet"


@dataclass
class RunFolder:
    """An opened, checked run folder."""

    path: Path
    manifest: dict[str, Any]

    @property
    def name(self) -> str:
        return str(self.manifest["name"])

    def tasks(self) -> list[dict[str, Any]]:
        return list(self.manifest["tasks"])

    def missing_tasks(self) -> list[dict[str, Any]]:
        return [
            t
            for t in self.tasks()
            if not part_path(self.path, "parts", t["policy"], t["chunk"]).exists()
            or not part_path(self.path, "timeline", t["policy"], t["chunk"]).exists()
        ]

    @property
    def complete(self) -> bool:
        return not self.missing_tasks()

    def part_glob(self, kind: str = "parts") -> str:
        return str(self.path / kind / "*" / "part-*.parquet")

    def save_manifest(self) -> None:
        from brink.store.manifest import write_manifest

        write_manifest(self.path, self.manifest)


def open_run(name_or_path: str, out: str | None = None) -> RunFolder:
    """Open a run by name (under the runs root) or by path, checking it is one of ours."""
    candidate = Path(name_or_path)
    path = candidate if (candidate / "manifest.json").exists() else runs_root(out) / name_or_path
    if not path.is_dir():
        known = ", ".join(r["name"] for r in list_runs(out)) or "none"
        raise BrinkInputError(f"{name_or_path}: no such run in {runs_root(out)} (runs: {known})")
    return RunFolder(path, read_manifest(path))


def list_runs(out: str | None = None) -> list[dict[str, Any]]:
    """Manifests of the runs under the root (unreadable folders are reported, not fatal)."""
    root = runs_root(out)
    rows: list[dict[str, Any]] = []
    if not root.is_dir():
        return rows
    for child in sorted(root.iterdir()):
        if not (child / "manifest.json").exists():
            continue
        manifest = peek_manifest(child)
        if isinstance(manifest, dict):
            rows.append({**manifest, "name": str(manifest.get("name", child.name))})
        else:
            rows.append({"name": child.name, "status": "unreadable manifest"})
    return rows


def check_policies(run: RunFolder, policy: str | None, *, option: str = "policy") -> list[str]:
    """The run's policies, or just ``policy`` when it is one of them (else a one-line error
    naming ``option``: the library's parameter, or the CLI's flag)."""
    known = list(run.manifest["options"]["policies"])
    if policy is None:
        return known
    if policy not in known:
        raise BrinkInputError(
            f"{run.name}: {option}: {policy!r} is not in this run (policies: {', '.join(known)})"
        )
    return [policy]
