"""What the scenario loader knows of a case file: its ``outcome:`` block is not the model's.

A case file (docs/backtest.md) is a scenario file plus one top-level ``outcome:`` block, which
``brink.backtest.case_outcome`` reads and validates. The loader drops the block here, in the
scenario layer, so that loading a scenario needs nothing of the backtest above it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: The top-level key of a case file's coded outcome.
OUTCOME_KEY = "outcome"


def without_outcome(data: Mapping[str, Any]) -> dict[str, Any]:
    """The file's data as the scenario loader should see it: everything but ``outcome:``."""
    return {k: v for k, v in data.items() if k != OUTCOME_KEY}
