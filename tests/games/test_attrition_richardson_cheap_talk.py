"""War of attrition, Richardson arms race and Crawford–Sobel cheap talk vs closed forms."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad, solve_ivp

from brink.errors import BrinkInputError
from brink.games.registry import solve

pos = st.floats(0.01, 100.0)


@settings(max_examples=100, deadline=None)
@given(V=pos, c=pos)
def test_attrition_closed_form_and_indifference(V: float, c: float) -> None:
    doc = solve("attrition", V=V, c=c).to_json()
    lam = c / V
    assert doc["rate"] == pytest.approx(lam)
    assert doc["mean_duration"] == pytest.approx(V / (2 * c))
    assert doc["expected_payoff"] == 0.0
    # Against an opponent quitting at rate c/V, quitting at any time t pays exactly 0.
    for t in (0.3 / lam, 1 / lam, 4 / lam):
        win, _ = quad(lambda s: (V - c * s) * lam * math.exp(-lam * s), 0, t)
        assert win - c * t * math.exp(-lam * t) == pytest.approx(0.0, abs=1e-7 * V)


def test_attrition_duration_by_simulation() -> None:
    rng = np.random.default_rng(1)
    V, c = 2.0, 0.5
    t = np.minimum(rng.exponential(V / c, 200_000), rng.exponential(V / c, 200_000))
    assert t.mean() == pytest.approx(solve("attrition", V=V, c=c).data["mean_duration"], rel=0.02)


coef = st.floats(0.05, 5.0)


@settings(max_examples=100, deadline=None)
@given(a=coef, b=coef, k=coef, l=coef, g=st.floats(-2, 2), h=st.floats(-2, 2))
def test_richardson_closed_form(
    a: float,
    b: float,
    k: float,
    l: float,  # noqa: E741
    g: float,
    h: float,
) -> None:
    det = a * b - k * l
    if abs(det) < 1e-3:
        return
    doc = solve("richardson", a=a, b=b, k=k, l=l, g=g, h=h).to_json()
    assert doc["x_star"] == pytest.approx((b * g + k * h) / det, rel=1e-6, abs=1e-9)
    assert doc["y_star"] == pytest.approx((a * h + l * g) / det, rel=1e-6, abs=1e-9)
    assert doc["stable"] == (a * b > k * l)


def test_richardson_stable_race_converges() -> None:
    p = dict(a=1.0, b=2.0, k=0.5, l=1.0, g=0.3, h=0.1)
    doc = solve("richardson", **p).to_json()
    sol = solve_ivp(
        lambda _t, z: [
            p["k"] * z[1] - p["a"] * z[0] + p["g"],
            p["l"] * z[0] - p["b"] * z[1] + p["h"],
        ],
        (0, 60),
        [3.0, 0.0],
    )
    assert sol.y[0, -1] == pytest.approx(doc["x_star"], abs=1e-4)
    assert sol.y[1, -1] == pytest.approx(doc["y_star"], abs=1e-4)


def test_richardson_needs_fatigue() -> None:
    with pytest.raises(BrinkInputError, match=r"^solve richardson: parameter a:"):
        solve("richardson", a=0.0)


@settings(max_examples=200, deadline=None)
@given(b=st.floats(0.001, 1.0))
def test_cheap_talk(b: float) -> None:
    doc = solve("cheap-talk", b=b).to_json()
    n = doc["n_intervals"]
    x = -0.5 + 0.5 * math.sqrt(1 + 2 / b)
    if abs(x - round(x)) > 1e-9:  # away from the knife edges the closed form holds as written
        assert n == (1 if b >= 0.25 else math.ceil(x))
    assert 2 * b * n * (n - 1) < 1 <= 2 * b * (n + 1) * n
    a = doc["boundaries"]
    assert len(a) == n + 1 and a[0] == 0.0 and a[-1] == 1.0
    for i in range(1, n):
        assert a[i] == pytest.approx(i / n + 2 * b * i * (i - n), abs=1e-12)
        # The boundary type is indifferent between the two neighbouring actions.
        y_lo, y_hi = doc["actions"][i - 1], doc["actions"][i]
        assert abs(y_lo - (a[i] + b)) == pytest.approx(abs(y_hi - (a[i] + b)), abs=1e-9)
    assert all(hi > lo for lo, hi in itertools.pairwise(a))
    if b >= 0.25:
        assert n == 1 and not doc["informative"]


def test_cheap_talk_needs_positive_bias() -> None:
    with pytest.raises(BrinkInputError, match=r"^solve cheap-talk: parameter b: expected .* > 0"):
        solve("cheap-talk", b=0.0)
