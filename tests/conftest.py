"""Shared helpers for the test suite."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def brink_cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run the installed `brink` command as a user would (a fresh process)."""
    return subprocess.run(
        [sys.executable, "-m", "brink.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )


@pytest.fixture
def cli():  # type: ignore[no-untyped-def]
    return brink_cli
