"""Chicken: nashpy's vertex enumeration against the closed form, over many payoff orders."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brink.errors import BrinkInputError
from brink.games.chicken import equilibria
from brink.games.registry import solve

gaps = st.floats(min_value=0.01, max_value=100.0, allow_nan=False)


@settings(max_examples=150, deadline=None)
@given(P=st.floats(-50, 50), d1=gaps, d2=gaps, d3=gaps)
def test_mixed_equilibrium_matches_closed_form(P: float, d1: float, d2: float, d3: float) -> None:
    S, R = P + d1, P + d1 + d2
    T = R + d3
    doc = solve("chicken", T=T, R=R, S=S, P=P).to_json()
    q = (T - R) / ((T - R) + (S - P))
    assert math.isclose(doc["q_mixed"], q, rel_tol=1e-6, abs_tol=1e-9)
    assert math.isclose(doc["p_crash"], q * q, rel_tol=1e-6, abs_tol=1e-12)
    kinds = sorted(e["kind"] for e in doc["equilibria"])
    assert kinds == ["mixed", "pure", "pure"]
    pure = {(round(e["q_a"]), round(e["q_b"])) for e in doc["equilibria"] if e["kind"] == "pure"}
    assert pure == {(1, 0), (0, 1)}
    # In the mixed equilibrium each side is indifferent: C and D earn the same.
    pay_c, pay_d = R * (1 - q) + S * q, T * (1 - q) + P * q
    assert math.isclose(pay_c, pay_d, rel_tol=1e-9, abs_tol=1e-9)
    assert math.isclose(doc["mixed_payoff"], pay_c, rel_tol=1e-6, abs_tol=1e-9)


def test_vertex_enumeration_finds_all_in_a_degenerate_game() -> None:
    # Not chicken (T = R): a degenerate game where support enumeration misses extreme points.
    eqs = equilibria(1.0, 1.0, 0.0, -1.0)
    assert len(eqs) >= 2


@pytest.mark.parametrize("bad", [dict(T=0.0), dict(R=-1.0), dict(S=-20.0), dict(T=float("nan"))])
def test_order_is_enforced(bad: dict[str, float]) -> None:
    with pytest.raises(BrinkInputError, match=r"^solve chicken: parameter [TRSP]"):
        solve("chicken", **bad)
