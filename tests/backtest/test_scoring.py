"""Scores against hand calculations and known properties (propriety, perfect and uniform
forecasts), the bootstrap, Murphy's decomposition and the reliability diagram."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brink.backtest import scoring
from brink.backtest.outcomes import CATEGORIES

K = len(CATEGORIES)
P = np.array([[0.5, 0.2, 0.1, 0.1, 0.05, 0.05]])


def test_hand_calculations() -> None:
    first, last = np.array([0]), np.array([5])
    assert scoring.brier(P, first)[0] == pytest.approx(0.25 + 0.04 + 0.01 + 0.01 + 0.0025 * 2)
    assert scoring.log_score(P, first)[0] == pytest.approx(math.log(2))
    # cumulative forecast 0.5 0.7 0.8 0.9 0.95 against 1 1 1 1 1, then against 0 0 0 0 0
    assert scoring.rps(P, first)[0] == pytest.approx((0.25 + 0.09 + 0.04 + 0.01 + 0.0025) / 5)
    assert scoring.rps(P, last)[0] == pytest.approx((0.25 + 0.49 + 0.64 + 0.81 + 0.9025) / 5)
    assert scoring.log_score(P, last)[0] == pytest.approx(-math.log(0.05))


def test_perfect_forecast_scores_zero() -> None:
    y = np.arange(K)
    p = np.eye(K)
    for score in (scoring.brier, scoring.log_score, scoring.rps):
        assert np.allclose(score(p, y), 0.0)


def test_uniform_forecast_known_values() -> None:
    y = np.arange(K)
    p = np.full((K, K), 1 / K)
    assert np.allclose(scoring.brier(p, y), 1 - 1 / K)
    assert np.allclose(scoring.log_score(p, y), math.log(K))
    # RPS of 1/K everywhere: the end categories 11/36, the third 19/180 (worked by hand)
    got = scoring.rps(p, y)
    assert got[0] == pytest.approx(11 / 36) and got[-1] == pytest.approx(11 / 36)
    assert got[2] == pytest.approx(19 / 180)


def test_log_floor_and_bounds() -> None:
    p = np.zeros((1, K))
    p[0, 0] = 1.0
    assert scoring.log_score(p, np.array([3]))[0] == pytest.approx(-math.log(scoring.LOG_FLOOR))
    assert scoring.brier(p, np.array([3]))[0] == pytest.approx(2.0)
    assert scoring.rps(p, np.array([5]))[0] == pytest.approx(1.0)


def test_rps_rewards_near_misses_on_the_scale() -> None:
    y = np.array([5])
    near, far = np.zeros((1, K)), np.zeros((1, K))
    near[0, 4], far[0, 0] = 1.0, 1.0
    assert scoring.rps(near, y)[0] == pytest.approx(1 / 5)
    assert scoring.rps(far, y)[0] == pytest.approx(1.0)
    assert scoring.brier(near, y)[0] == scoring.brier(far, y)[0], "Brier ignores the order"


simplex = st.lists(st.floats(0.0, 1.0), min_size=K, max_size=K).filter(lambda v: sum(v) > 1e-3)
inner = st.lists(st.floats(0.01, 1.0), min_size=K, max_size=K)


def _norm(v: list[float]) -> np.ndarray:
    a = np.asarray(v, dtype=float)
    return a / a.sum()


def _expected(score, p: np.ndarray, q: np.ndarray) -> float:  # type: ignore[no-untyped-def]
    """E_{y ~ q} score(p, y)."""
    rows = np.repeat(p[None, :], K, axis=0)
    return float((q * score(rows, np.arange(K))).sum())


@settings(max_examples=200, deadline=None)
@given(truth=inner, other=simplex)
def test_scores_are_proper(truth: list[float], other: list[float]) -> None:
    """The expected score is minimised by the true distribution (Gneiting & Raftery 2007);
    for Brier and RPS the excess is exactly a squared distance, for the log score the
    Kullback-Leibler divergence (true probabilities above the floor)."""
    q, p = _norm(truth), _norm(other)
    excess_brier = _expected(scoring.brier, p, q) - _expected(scoring.brier, q, q)
    assert excess_brier == pytest.approx(((p - q) ** 2).sum(), abs=1e-12)
    excess_rps = _expected(scoring.rps, p, q) - _expected(scoring.rps, q, q)
    cum = np.cumsum(p - q)[:-1]
    assert excess_rps == pytest.approx((cum**2).sum() / (K - 1), abs=1e-12)
    excess_log = _expected(scoring.log_score, p, q) - _expected(scoring.log_score, q, q)
    assert excess_log >= -1e-12
    if p.min() > scoring.LOG_FLOOR:
        assert excess_log == pytest.approx(float((q * np.log(q / p)).sum()), abs=1e-9)


def test_as_probabilities_checks_and_fills() -> None:
    p = scoring.as_probabilities([{"settlement": 0.4, "war_major": 0.6}], names=["x"])
    assert p.shape == (1, K) and p[0, 0] == 0.4 and p[0, -1] == 0.6 and p[0, 1:5].sum() == 0
    with pytest.raises(ValueError, match=r"'x'.*summing to 1"):
        scoring.as_probabilities([{"settlement": 0.4}], names=["x"])
    with pytest.raises(ValueError, match="unknown category 'peace'"):
        scoring.as_probabilities([{"peace": 1.0}])
    with pytest.raises(ValueError, match=">= 0"):
        scoring.as_probabilities([{"settlement": 1.2, "war_major": -0.2}])
    with pytest.raises(ValueError, match="array"):
        scoring.as_probabilities(np.ones((2, 3)) / 3)
    assert scoring.as_indices(["settlement", "war_major"]).tolist() == [0, 5]
    with pytest.raises(ValueError, match="unknown category"):
        scoring.as_indices(["war"])


def test_skill_and_bootstrap() -> None:
    rng = np.random.default_rng(3)
    model, ref = rng.uniform(0, 1, 30), rng.uniform(0.5, 1.5, 30)
    assert scoring.skill(model, ref) == pytest.approx(1 - model.mean() / ref.mean())
    assert math.isnan(scoring.skill(model, np.zeros(30)))
    a = scoring.bootstrap_skill(model, ref, seed=5)
    b = scoring.bootstrap_skill(model, ref, seed=5)
    c = scoring.bootstrap_skill(model, ref, seed=6)
    assert a == b and a != c
    assert a.lo < a.estimate < a.hi
    # the same by brute force: resample cases, ratio of means, percentiles
    idx = np.random.default_rng(5).integers(0, 30, size=(scoring.DEFAULT_BOOTSTRAP, 30))
    boot = [1 - model[i].mean() / ref[i].mean() for i in idx]
    assert (a.lo, a.hi) == pytest.approx(tuple(np.quantile(boot, [0.025, 0.975])))
    same = scoring.bootstrap_skill(ref, ref)
    assert (same.estimate, same.lo, same.hi) == (0.0, 0.0, 0.0)
    m = scoring.bootstrap_mean(model, seed=5)
    assert m.estimate == pytest.approx(model.mean()) and m.lo < m.estimate < m.hi
    with pytest.raises(ValueError):
        scoring.bootstrap_indices(0)


def _random(n: int, seed: int, values: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    if values is None:
        p = rng.dirichlet(np.ones(K), size=n)
    else:  # forecasts drawn from a few distinct rows: bins hold repeated values
        p = rng.dirichlet(np.ones(K), size=values)[rng.integers(0, values, n)]
    y = np.array([rng.choice(K, p=row) for row in p])
    return p, y


def test_murphy_identity_exact_with_unique_bins() -> None:
    for seed in range(5):
        p, y = _random(40, seed)
        m = scoring.murphy(p, y, bins="unique")
        assert m.brier == pytest.approx(scoring.brier(p, y).mean())
        assert abs(m.residual) < 1e-12
        assert m.within_variance == pytest.approx(0, abs=1e-15)


def test_murphy_binned_residual_is_the_within_bin_terms() -> None:
    p, y = _random(60, 11)
    m = scoring.murphy(p, y, bins=10)
    assert abs(m.residual) > 1e-6, "with binned distinct forecasts the identity is not exact"
    assert m.residual == pytest.approx(m.within_variance - m.within_covariance, abs=1e-12)
    assert m.to_dict()["residual"] == m.residual


def test_murphy_special_forecasts() -> None:
    _, y = _random(50, 2)
    freq = np.bincount(y, minlength=K) / len(y)
    clim = np.repeat(freq[None, :], len(y), axis=0)
    m = scoring.murphy(clim, y, bins="unique")
    assert m.reliability == pytest.approx(0, abs=1e-15)
    assert m.resolution == pytest.approx(0, abs=1e-15)
    assert m.brier == pytest.approx(m.uncertainty)
    assert m.uncertainty == pytest.approx(float((freq * (1 - freq)).sum()))
    perfect = scoring.murphy(np.eye(K)[y], y)
    assert perfect.brier == 0 and perfect.reliability == 0
    assert perfect.resolution == pytest.approx(perfect.uncertainty)


def test_murphy_hand_example() -> None:
    """Two cases, forecasts 0.8/0.2 on the first two categories (unique values)."""
    p = np.zeros((2, K))
    p[0, :2] = [0.8, 0.2]
    p[1, :2] = [0.8, 0.2]
    y = np.array([0, 1])
    m = scoring.murphy(p, y, bins="unique")
    # category 0: one bin p=0.8, observed 1/2 -> REL (0.3)^2, RES 0, UNC 1/4; category 1 same
    assert m.reliability == pytest.approx(2 * 0.09)
    assert m.resolution == pytest.approx(0)
    assert m.uncertainty == pytest.approx(0.5)
    assert m.brier == pytest.approx(0.68)


def test_wilson_known_values() -> None:
    lo, hi = scoring.wilson_interval(0, 10)
    z2 = 1.959963984540054**2
    assert float(lo) == 0.0 and float(hi) == pytest.approx(z2 / (10 + z2))
    lo, hi = scoring.wilson_interval(5, 10)
    assert (float(lo), float(hi)) == pytest.approx((0.2366, 0.7634), abs=1e-4)
    lo, hi = scoring.wilson_interval(np.array([10]), np.array([10]))
    assert float(hi[0]) == 1.0 and float(lo[0]) == pytest.approx(10 / (10 + z2))
    with pytest.raises(ValueError):
        scoring.wilson_interval(3, 2)


def test_reliability_diagram() -> None:
    p, y = _random(30, 4)
    bins = scoring.reliability_diagram(p, y)
    assert sum(b.count for b in bins) == 30 * K
    o = np.eye(K)[y]
    for b in bins:
        mask = (p >= b.lower) & ((p < b.upper) | (b.upper == 1.0))
        assert b.count == int(mask.sum())
        assert b.mean_forecast == pytest.approx(p[mask].mean())
        assert b.observed == pytest.approx(o[mask].mean())
        assert b.lo <= b.observed <= b.hi
    one = scoring.reliability_diagram(p, y, bins=5, category="war_major")
    assert sum(b.count for b in one) == 30 and all(
        b.upper - b.lower == pytest.approx(0.2) for b in one
    )
    edge = scoring.reliability_diagram(np.eye(K)[[0]], np.array([0]))
    assert [(b.lower, b.count) for b in edge] == [(0.0, K - 1), (0.9, 1)]
    with pytest.raises(ValueError):
        scoring.reliability_diagram(p, y, category="peace")
    with pytest.raises(ValueError):
        scoring.reliability_diagram(p, y, bins=0)
