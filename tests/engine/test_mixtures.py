"""Leader-type mixtures: a type nobody can draw must not change any episode."""

from __future__ import annotations

import numpy as np
import pytest

from brink.engine.batch import Matchup, resolve_matchup, run_batch
from brink.scenario.loader import load_scenario


@pytest.mark.parametrize("extra", ["preemptive-strike", "pressure-table", "engagement"])
def test_zero_weight_type_changes_nothing(extra: str) -> None:
    # preemptive-strike and pressure-table never talk: before the fix, an unweighted share of
    # talking types told the DPRK the US might be less willing than it could ever be.
    scenario = load_scenario("korea-2017")
    n = 600
    draws, reps = np.arange(n, dtype=np.int64), np.zeros(n, dtype=np.int64)
    base = resolve_matchup(scenario, "maximum-pressure")
    mixtures = dict(base.mixtures)
    mixtures["US"] = {**mixtures["US"], extra: 0.0}
    plain = run_batch(scenario, base, 3, draws, reps).columns
    padded = run_batch(scenario, Matchup(mixtures), 3, draws, reps).columns
    for column, values in plain.items():
        if column in padded:
            assert np.array_equal(np.asarray(values), np.asarray(padded[column])), column


def test_weighted_mixture_moves_with_its_weights() -> None:
    # The same two types at different weights must play differently (the weights are read).
    scenario = load_scenario("korea-2017")
    n = 3000
    draws, reps = np.arange(n, dtype=np.int64), np.zeros(n, dtype=np.int64)
    mostly = run_batch(
        scenario,
        resolve_matchup(scenario, "maximum-pressure", {"kim-calculating": 0.9, "kim-defiant": 0.1}),
        0,
        draws,
        reps,
    ).columns
    rarely = run_batch(
        scenario,
        resolve_matchup(scenario, "maximum-pressure", {"kim-calculating": 0.1, "kim-defiant": 0.9}),
        0,
        draws,
        reps,
    ).columns
    assert (np.asarray(mostly["opponent_type"]) == "kim-calculating").mean() > 0.85
    assert (np.asarray(rarely["opponent_type"]) == "kim-calculating").mean() < 0.15
    assert mostly["missile_tests"].mean() != rarely["missile_tests"].mean()
