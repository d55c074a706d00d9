"""Shared helpers for the case-library tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from brink.backtest.cases import case_files, library_folder

CASES = library_folder()


def raw(path: Path) -> dict[str, Any]:
    """A case file's YAML as written (before the loader fills in globals)."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def files() -> list[Path]:
    return case_files()
