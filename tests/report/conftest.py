"""A small stored run shared by the report tests (two policies, a few thousand episodes)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def report_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A complete run of 2 policies × 40 draws × 50 replications (4,000 episodes)."""
    from brink.experiments.runs import compare

    root = tmp_path_factory.mktemp("report-runs")
    compare(
        "korea-2017",
        ["maximum-pressure", "freeze-for-freeze"],
        samples=40,
        replications=50,
        seed=11,
        out=str(root),
        name="small",
        workers=1,
        episodes_per_task=1000,
    )
    return root / "small"
