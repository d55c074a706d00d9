"""What `brink run` reports is internally consistent."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from brink.analysis.intervals import wilson
from brink.api import run


def test_probabilities_sum_and_intervals_contain_estimates() -> None:
    result = run(
        "korea-2017",
        ["maximum-pressure", "freeze-for-freeze", "preemptive-strike", "calculating"],
        episodes=2000,
        seed=3,
    )
    for block in result.summary()["results"]:
        outcomes = block["outcomes"]
        assert math.isclose(sum(o["p"] for o in outcomes.values()), 1.0, abs_tol=1e-9)
        causes = block["war_causes"]
        assert math.isclose(
            sum(c["p"] for c in causes.values()), outcomes["war"]["p"], abs_tol=1e-9
        )
        kinds = block["war_kinds"]
        assert math.isclose(sum(k["p"] for k in kinds.values()), outcomes["war"]["p"], abs_tol=1e-9)
        for estimate in [*outcomes.values(), *causes.values(), *kinds.values()]:
            assert estimate["lo"] - 1e-4 <= estimate["p"] <= estimate["hi"] + 1e-4
        assert block["turns"] == int(result.columns[block["policy"]]["turns"].sum())
        assert block["casualties"]["p50"] <= block["casualties"]["p95"]


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 5000), st.data())
def test_wilson_interval_contains_the_estimate(n: int, data: st.DataObject) -> None:
    k = data.draw(st.integers(0, n))
    lo, hi = wilson(k, n)
    assert 0.0 <= lo <= k / n <= hi <= 1.0


def test_mixture_blocks_and_backing_down_add_up() -> None:
    """Per leader type and per side, the parts add up to the pooled figures."""
    result = run("cuba-1962", ["quarantine", "air-strike"], episodes=1500, seed=5)
    for block in result.summary()["results"]:
        outcomes = block["outcomes"]
        by_side = sum(e["p"] for e in block["capitulation_by"].values())
        assert math.isclose(by_side, outcomes["capitulation"]["p"], abs_tol=1e-12)
        types = block["by_opponent"]
        assert math.isclose(sum(t["weight"] for t in types.values()), 1.0)
        assert sum(t["episodes"] for t in types.values()) == block["episodes"]
        for outcome, pooled in outcomes.items():
            parts = sum(t["outcomes"][outcome]["p"] * t["episodes"] for t in types.values())
            assert math.isclose(parts / block["episodes"], pooled["p"], abs_tol=1e-12)
        for t in types.values():
            assert math.isclose(sum(o["p"] for o in t["outcomes"].values()), 1.0, abs_tol=1e-9)
            for est in t["outcomes"].values():
                assert est["lo"] - 1e-4 <= est["p"] <= est["hi"] + 1e-4
