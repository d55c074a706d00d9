"""Fearon's bargaining range and the risk–return trade-off, against their closed forms."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brink.errors import BrinkInputError
from brink.games.fearon import offerer_utility
from brink.games.registry import solve

prob = st.floats(0.0, 1.0)
cost = st.floats(0.0, 1.0)


@settings(max_examples=100, deadline=None)
@given(p=prob, c_a=cost, c_b=cost)
def test_range(p: float, c_a: float, c_b: float) -> None:
    doc = solve("fearon", p=p, c_a=c_a, c_b=c_b).to_json()
    assert doc["range_low"] == pytest.approx(p - c_a)
    assert doc["range_high"] == pytest.approx(p + c_b)
    assert doc["range_low"] <= doc["range_high"]
    # Every deal inside the range beats war for both sides.
    for x in np.linspace(doc["range_low"], doc["range_high"], 7):
        assert x >= p - c_a - 1e-12 and 1 - x >= 1 - p - c_b - 1e-12


@settings(max_examples=150, deadline=None)
@given(p=prob, c_a=cost, c_bar=st.floats(0.01, 1.0))
def test_risk_return_closed_form_with_cap(p: float, c_a: float, c_bar: float) -> None:
    doc = solve("fearon-risk-return", p=p, c_a=c_a, c_bar=c_bar).to_json()
    x = min(1.0, max(p, p + (c_bar - c_a) / 2))
    assert doc["offer"] == pytest.approx(x, abs=1e-12)
    assert doc["p_war"] == pytest.approx((x - p) / c_bar, abs=1e-12)
    if x < 1.0:  # theory.md's formula holds when the upper cap does not bind
        assert doc["p_war"] == pytest.approx(max(0.0, (c_bar - c_a) / (2 * c_bar)), abs=1e-12)
    # Independent brute force: no offer on a fine grid does better than the closed form.
    grid = np.linspace(0, 1, 4001)
    best = offerer_utility(grid, p, c_a, c_bar).max()
    assert float(offerer_utility(x, p, c_a, c_bar)) >= best - 1e-12
    assert doc["offer_numeric"] == pytest.approx(x, abs=2e-4)


def test_upper_cap_changes_the_war_risk() -> None:
    doc = solve("fearon-risk-return", p=0.9, c_a=0.0, c_bar=0.5).to_json()
    assert doc["offer"] == 1.0 and doc["cap"] == "high"
    assert math.isclose(doc["p_war"], 0.2)  # (1 − p)/c̄, not (c̄ − c_a)/(2c̄) = 0.5


@pytest.mark.parametrize(
    ("game", "bad"),
    [("fearon", dict(p=1.5)), ("fearon", dict(c_a=-0.1)), ("fearon-risk-return", dict(c_bar=-1.0))],
)
def test_bad_inputs(game: str, bad: dict[str, float]) -> None:
    name = next(iter(bad))
    with pytest.raises(BrinkInputError, match=rf"^solve {game}: parameter {name}: expected"):
        solve(game, **bad)
