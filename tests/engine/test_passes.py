"""A batch simulated in passes (``run_batch``'s PASS_EPISODES) gives the columns of one pass:
episodes never read each other, so cutting the batch changes no number."""

from __future__ import annotations

import numpy as np
import pytest

from brink.engine import batch
from brink.engine.batch import resolve_matchup, run_batch
from brink.scenario.loader import load_scenario


@pytest.mark.parametrize(("name", "policy"), [("korea-2017", None), ("cuba-1962", "tit-for-tat")])
def test_passes_change_no_number(
    monkeypatch: pytest.MonkeyPatch, name: str, policy: str | None
) -> None:
    scenario = load_scenario(name)
    matchup = resolve_matchup(scenario, policy)  # tit-for-tat: a fixed rule, turn by turn
    n = 1300
    draws, reps = np.arange(n), np.arange(n) % 3
    fixed = {"decision.temperature": np.linspace(0.05, 0.5, n)}  # a given column is cut too
    whole = run_batch(scenario, matchup, 5, draws, reps, fixed).columns
    monkeypatch.setattr(batch, "PASS_EPISODES", 500)
    cut = run_batch(scenario, matchup, 5, draws, reps, fixed).columns
    assert list(cut) == list(whole)
    for column, values in whole.items():
        assert cut[column].dtype == values.dtype, column
        assert np.array_equal(cut[column], values), column
