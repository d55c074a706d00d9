"""Typed analysis results: JSON round trips, frames, one estimate shape, per-policy storage."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from brink.analysis.discovery_result import DiscoveryResult
from brink.analysis.estimate import Estimate
from brink.analysis.given_data import (
    FirstOrderIndices,
    QuintileScreen,
    given_data_sobol,
    quintile_screen,
)
from brink.analysis.intervals import Z95, cluster_interval, mean_interval
from brink.analysis.policy_table import PolicyTable, policy_rows
from brink.analysis.sensitivity_result import SensitivityResult
from results_fixtures import discovery_result, policy_discovery, sensitivity_result

POLICIES = ["maximum-pressure", "freeze-for-freeze"]
NAMES = ["a.x", "b.y", "c.z"]


def _dumped(obj: object) -> str:
    return json.dumps(obj, indent=2)


def test_estimate_keeps_the_json_key_commands_print() -> None:
    for key in ("mean", "p", "value"):
        e = Estimate(0.25, 0.2, 0.3, key=key)
        assert list(e.to_json()) == [key, "lo", "hi"]
        assert Estimate.from_json(e.to_json()) == e
    with pytest.raises(ValueError, match="estimate needs one of"):
        Estimate.from_json({"lo": 0.1, "hi": 0.2})
    assert Estimate(0.01, -0.02, 1.2).clipped() == Estimate(0.01, 0.0, 1.0)
    assert Estimate(0.1, 0.05, 0.2).excludes(0.0) and not Estimate(0.0, -0.1, 0.1).excludes()
    assert list(Estimate(1.0, 0.5, 1.5).to_frame().columns) == ["value", "lo", "hi"]


def test_cluster_interval_against_the_textbook() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(2.0, 3.0, 500)
    mean, lo, hi = cluster_interval(x)
    half = Z95 * x.std(ddof=1) / math.sqrt(len(x))
    assert mean == pytest.approx(x.mean()) and hi - mean == pytest.approx(half)
    assert mean - lo == pytest.approx(half)
    single = cluster_interval(np.array([0.3]))
    assert single[0] == 0.3 and math.isnan(single[1]) and math.isnan(single[2])
    assert mean_interval(np.array([0.3])) == (0.3, 0.3, 0.3)  # a point, for episodes
    assert all(math.isnan(v) for v in cluster_interval(np.array([])))


def test_policy_table_round_trip_and_frame() -> None:
    rng = np.random.default_rng(1)
    draws = np.arange(30)
    means = {
        p: {"draw": draws, "p_war": rng.random(30) * s, "casualties": rng.random(30) * 1e5}
        for p, s in zip(POLICIES, (0.1, 0.2), strict=True)
    }
    rows, diffs = policy_rows(means, POLICIES, ("p_war", "casualties"))
    table = PolicyTable(
        "r", "korea-2017", 1, "US", "DPRK", {"draws": 30}, rows, diffs, True, tuple(POLICIES)
    )
    data = json.loads(_dumped(table.to_json()))
    back = PolicyTable.from_json(data)
    assert _dumped(back.to_json()) == _dumped(table.to_json())
    assert back.row("freeze-for-freeze")["p_war"] == rows[1]["p_war"]
    frame = table.to_frame()
    assert list(frame.index) == POLICIES
    assert frame.loc["maximum-pressure", "p_war"] == pytest.approx(
        means[POLICIES[0]]["p_war"].mean()
    )
    diff = diffs[0]["p_war"]
    assert diff.value == pytest.approx(
        (means[POLICIES[1]]["p_war"] - means[POLICIES[0]]["p_war"]).mean()
    )
    assert rows[0]["p_war"].lo >= 0.0  # probabilities stay in [0, 1], differences do not


@pytest.mark.parametrize("method", ["morris", "sobol"])
def test_sensitivity_round_trip_frame_and_per_policy_merge(method: str) -> None:
    result = sensitivity_result(method, POLICIES, NAMES, {p: [0.3, 0.1, 0.2] for p in POLICIES})
    text = _dumped(result.to_json())
    assert _dumped(SensitivityResult.from_json(json.loads(text)).to_json()) == text
    ranks = [r["rank"] for r in result.to_json()["indices"] if r["policy"] == POLICIES[0]]
    assert ranks == [1, 2, 3]
    parts = [result.for_policy(p) for p in reversed(POLICIES)]
    merged = SensitivityResult.merge(parts, POLICIES)
    assert _dumped(merged.to_json()) == text
    frame = result.to_frame()
    assert len(frame) == len(POLICIES) * len(NAMES) and set(frame["input"]) == set(NAMES)


def test_discovery_round_trip_frame_and_per_policy_merge() -> None:
    result = discovery_result(POLICIES)
    text = _dumped(result.to_json())
    assert _dumped(DiscoveryResult.from_json(json.loads(text)).to_json()) == text
    assert result.method == "discover-war"
    merged = DiscoveryResult.merge([result.for_policy(p) for p in reversed(POLICIES)], POLICIES)
    assert _dumped(merged.to_json()) == text
    frame = result.to_frame()
    assert set(frame["policy"]) == set(POLICIES) and "quasi_p" in frame
    with pytest.raises(ValueError, match="not a discovery result"):
        DiscoveryResult.from_json({"kind": "sensitivity"})
    certain = policy_discovery("x", base_rate=1.0, episodes=10, hits=10)
    assert certain.certain and not certain.never


def test_given_data_results_round_trip() -> None:
    rng = np.random.default_rng(2)
    design = {"a": rng.random(200), "b": rng.random(200)}
    y = design["a"] + rng.normal(0, 0.1, 200)
    screen = quintile_screen(y, design)
    assert QuintileScreen.from_json(json.loads(_dumped(screen.to_json()))) == screen
    assert screen.rows[0].span > screen.rows[1].span  # the input that matters spans more
    first = given_data_sobol(y, design, noise=0.0)
    assert FirstOrderIndices.from_json(json.loads(_dumped(first.to_json()))) == first
    assert list(first.to_frame()["path"]) == ["a", "b"]


def test_results_are_stored_per_policy(tmp_path: Path) -> None:
    """A later result for one policy replaces that policy's file only."""
    from brink.store.results import read_results, result_path, write_result

    result = sensitivity_result("morris", POLICIES, NAMES, {p: [0.3, 0.1, 0.2] for p in POLICIES})
    for p in POLICIES:
        write_result(tmp_path, "morris", p, result.for_policy(p).to_json())
    newer = sensitivity_result(
        "morris", ["freeze-for-freeze"], NAMES, {"freeze-for-freeze": [0.9, 0.1, 0.2]}
    )
    write_result(tmp_path, "morris", "freeze-for-freeze", newer.to_json())
    found, unreadable = read_results(tmp_path, "morris")
    assert sorted(found) == sorted(POLICIES) and not unreadable
    assert found["maximum-pressure"]["tables"]["p_war"]["maximum-pressure"]["mu_star"][0] == 0.3
    assert found["freeze-for-freeze"]["tables"]["p_war"]["freeze-for-freeze"]["mu_star"][0] == 0.9
    assert result_path(tmp_path, "morris", "a/b").parent == tmp_path / "results" / "morris"
    result_path(tmp_path, "morris", "broken").write_text("{")
    assert read_results(tmp_path, "morris")[1] == ["results/morris/broken.json"]
