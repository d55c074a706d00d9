"""PRIM finds planted boxes: limits, coverage/density, peeling trajectory, quasi-p-values."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brink.analysis.prim import choose, prim


def _planted(
    seed: int, d: int, lo: dict[int, float], hi: dict[int, float], n: int = 2000
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """x uniform in [0, 1]^d; y = 1 with probability 0.85 inside the box, 0.05 outside."""
    rng = np.random.default_rng(seed)
    low, high = np.zeros(d), np.ones(d)
    for j, v in lo.items():
        low[j] = v
    for j, v in hi.items():
        high[j] = v
    x = rng.random((n, d))
    inside = np.all((x >= low) & (x <= high), axis=1)
    y = (rng.random(n) < np.where(inside, 0.85, 0.05)).astype(float)
    return x, y, low, high


def _recovered(result, j: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    lo, hi = result.box.limits[j]
    return float(lo), float(hi)


def test_planted_box_is_found_with_its_limits_and_significance() -> None:
    x, y, *_ = _planted(0, 5, lo={0: 0.3}, hi={1: 0.5}, n=3000)
    result = prim(x, y)
    lo0, _ = _recovered(result, 0)
    _, hi1 = _recovered(result, 1)
    assert abs(lo0 - 0.3) < 0.1 and abs(hi1 - 0.5) < 0.1
    assert result.box.coverage >= 0.5
    assert result.box.density > 0.7 and result.box.density > 2 * result.base_rate
    assert {"x0", "x1"} <= set(result.quasi_p)
    assert result.quasi_p["x0"] < 1e-6 and result.quasi_p["x1"] < 1e-6
    for name in ("x2", "x3", "x4"):
        assert result.quasi_p.get(name, 1.0) > 1e-3
    assert [result.names[j] for j in result.simplified.restricted] == ["x0", "x1"]
    densities = [b.density for b in result.trajectory]
    coverages = [b.coverage for b in result.trajectory]
    assert all(np.diff(densities) > 0), "peeling only takes steps that raise the density"
    assert all(np.diff(coverages) <= 0), "peeling never gains cases"
    assert result.trajectory[0].coverage == 1.0
    assert result.trajectory[0].density == pytest.approx(y.mean())
    masses = [b.mass for b in result.trajectory]
    assert min(masses) >= 0.05


def test_to_dict_reports_limits_with_full_range() -> None:
    x, y, *_ = _planted(1, 3, lo={0: 0.4}, hi={}, n=1500)
    out = prim(x, y, names=["a", "b", "c"], bounds=np.array([[0, 1]] * 3)).to_dict()
    limits = out["box"]["limits"]["a"]
    assert limits["high"] is None and 0.3 < limits["low"] < 0.5
    assert limits["full_low"] == 0 and limits["full_high"] == 1
    assert out["box"]["quasi_p"]["a"] < 1e-6
    assert out["trajectory"][0]["coverage"] == 1.0
    assert out["base_rate"] == pytest.approx(y.mean(), abs=1e-4)


def test_weighted_points_give_the_same_box_as_repeated_episodes() -> None:
    """Episodes that share a draw can be grouped: (count, hits) per draw is the same data."""
    rng = np.random.default_rng(3)
    draws = rng.random((300, 3))
    counts = np.full(300, 10.0)
    p = np.where(draws[:, 0] > 0.6, 0.7, 0.1)
    hits = rng.binomial(10, p).astype(float)
    grouped = prim(draws, hits, counts=counts)
    x = np.repeat(draws, 10, axis=0)
    y = np.concatenate([np.r_[np.ones(int(k)), np.zeros(10 - int(k))] for k in hits])
    episodes = prim(x, y)
    assert np.allclose(grouped.box.limits, episodes.box.limits)
    assert grouped.box.density == pytest.approx(episodes.box.density)
    assert [b.coverage for b in grouped.trajectory] == pytest.approx(
        [b.coverage for b in episodes.trajectory]
    )


def test_ties_are_never_split() -> None:
    """Inputs on a coarse grid: a peel removes whole groups of equal values."""
    rng = np.random.default_rng(5)
    x = rng.integers(0, 5, size=(2000, 2)).astype(float)
    y = (rng.random(2000) < np.where(x[:, 0] >= 3, 0.8, 0.05)).astype(float)
    result = prim(x, y)
    lo, hi = result.box.limits[0]
    assert 2 < lo < 3 and hi >= 4
    inside = (x[:, 0] >= lo) & (x[:, 0] <= hi)
    assert set(np.unique(x[inside, 0])) == {3.0, 4.0}


def test_no_cases_and_all_cases_leave_the_full_box() -> None:
    x = np.random.default_rng(0).random((200, 2))
    none = prim(x, np.zeros(200))
    assert none.box.restricted == [] and none.box.coverage == 0.0
    every = prim(x, np.ones(200))
    assert every.box.restricted == [] and every.box.density == 1.0


def test_choose_by_density_or_coverage() -> None:
    x, y, *_ = _planted(2, 4, lo={0: 0.5}, hi={1: 0.5}, n=2000)
    result = prim(x, y)
    t = result.trajectory
    wide = choose(t, min_coverage=0.95)
    assert t[wide].coverage >= 0.95
    dense = choose(t, min_coverage=0.2, rule="max")
    assert t[dense].density == max(b.density for b in t if b.coverage >= 0.2)
    target = choose(t, min_density=0.5)
    assert t[target].density >= 0.5
    assert all(b.coverage <= t[target].coverage for b in t if b.density >= 0.5)


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError):
        prim(np.zeros(5), np.zeros(5))
    with pytest.raises(ValueError):
        prim(np.zeros((5, 2)), np.zeros(4))
    with pytest.raises(ValueError):
        prim(np.zeros((5, 2)), np.full(5, 2.0), counts=np.ones(5))
    with pytest.raises(ValueError):
        prim(np.zeros((5, 2)), np.zeros(5), alpha=0.7)


@st.composite
def planted_boxes(draw: st.DrawFn) -> tuple[int, int, dict[int, float], dict[int, float]]:
    d = draw(st.integers(3, 6))
    dims = draw(st.lists(st.integers(0, d - 1), min_size=2, max_size=2, unique=True))
    lo: dict[int, float] = {}
    hi: dict[int, float] = {}
    for j in dims:
        width = draw(st.floats(0.45, 0.7))
        kind = draw(st.sampled_from(["below", "above", "between"]))
        if kind == "below":
            hi[j] = width
        elif kind == "above":
            lo[j] = 1 - width
        else:
            start = draw(st.floats(0.05, max(0.05, 0.95 - width)))
            lo[j], hi[j] = start, min(start + width, 0.95)
    seed = draw(st.integers(0, 2**31 - 1))
    return seed, d, lo, hi


@settings(max_examples=25, deadline=None)
@given(planted_boxes())
def test_random_planted_boxes_are_recovered(
    case: tuple[int, int, dict[int, float], dict[int, float]],
) -> None:
    seed, d, lo, hi = case
    x, y, low, high = _planted(seed, d, lo, hi)
    result = prim(x, y)
    real = set(lo) | set(hi)
    for j in real:
        got_lo, got_hi = _recovered(result, j)
        # PRIM may peel a little inside a flat box, never far: 0.2 of the range at most
        assert abs(max(got_lo, 0.0) - low[j]) < 0.2
        assert abs(min(got_hi, 1.0) - high[j]) < 0.2
        assert result.quasi_p[f"x{j}"] < 1e-6
    for j in set(range(d)) - real:
        assert result.quasi_p.get(f"x{j}", 1.0) > 1e-3
    assert {f"x{j}" for j in real} <= {result.names[j] for j in result.simplified.restricted}
    assert result.box.coverage >= 0.5
    assert result.box.density > 0.6
    assert all(np.diff([b.density for b in result.trajectory]) > 0)
