"""Helpers shared by tests in several folders (on the test path via pyproject's pythonpath)."""

from __future__ import annotations

import contextlib
import hashlib
import io
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Headless Debian Chromium for the browser tests: no sandbox (CI runs as root), no network chatter.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


ROOT = Path(__file__).resolve().parents[1]


def run_benchmark(script: str, *args: str, timeout: int = 900) -> subprocess.CompletedProcess[str]:
    """``python benchmarks/<script> args`` from the repository's root, its output captured."""
    return subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / script), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )


def folder_digest(folder: Path) -> dict[str, str]:
    """SHA-256 of every file below ``folder``: proof that an operation left it untouched."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@dataclass
class CliResult:
    """Exit status and the two streams of one in-process `brink` command line."""

    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.strip()]


def run_inprocess(*args: str) -> CliResult:
    """Run `brink ARGS` in this process (fast; what `main` does, minus `sys.exit`)."""
    from brink.cli import run_cli

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run_cli(list(args))
    return CliResult(code, out.getvalue(), err.getvalue())


def assert_one_line_error(result: CliResult, needle: str = "") -> str:
    """Exit status 2, exactly one line on stderr, no traceback; returns the line."""
    assert result.code == 2, (result.code, result.err)
    assert "Traceback" not in result.err + result.out, result.err
    lines = result.err_lines
    assert len(lines) == 1, result.err
    assert lines[0].startswith("brink: error: "), lines[0]
    assert needle in lines[0], (needle, lines[0])
    return lines[0]


def stored_episodes(run_dir: Path) -> Any:
    """Every stored episode of a run, sorted, as a DataFrame (for row-for-row comparisons)."""
    from brink.store.query import run_query
    from brink.store.runs import open_run

    frame = run_query(open_run(str(run_dir)), "SELECT * EXCLUDE (run) FROM episodes")
    frame["policy"] = frame["policy"].astype(str)
    return frame.sort_values(["policy", "draw", "replication"]).reset_index(drop=True)


def paired(before: Any, after: Any) -> tuple[float, float]:
    """Mean change ``after - before`` over episodes that share their luck (common random
    numbers: same seed, same episode numbers), and its z score (inf when it never varies)."""
    import numpy as np

    change = np.asarray(after, dtype=float) - np.asarray(before, dtype=float)
    spread = float(change.std(ddof=1)) / np.sqrt(len(change))
    mean = float(change.mean())
    if spread == 0.0:
        return mean, 0.0 if mean == 0.0 else float(np.sign(mean)) * float("inf")
    return mean, mean / spread
