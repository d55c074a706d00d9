"""Shared data for the backtest tests: the 19 historical cases' outcome blocks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[2]


def icb_cases() -> dict[str, dict[str, Any]]:
    """case id -> {challenger, defender, outcome} as transcribed from icb-cases.md."""
    return yaml.safe_load((DATA / "icb_outcomes.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def cases() -> dict[str, dict[str, Any]]:
    return icb_cases()
