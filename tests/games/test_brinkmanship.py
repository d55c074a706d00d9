"""Brinkmanship: equilibrium checks (best replies, simulation) and Powell/Banks properties."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad

from brink.errors import BrinkInputError
from brink.games.brinkmanship import ResolveType, _sorted, phases, solve_types
from brink.games.registry import solve


def _survival(schedule, side: int, t: float) -> tuple[float, float]:
    """(P(side has not given in by t), its concession hazard at t), read off the schedule."""
    ph = next(p for p in reversed(schedule) if p.start <= t)
    return ph.survive[side] * math.exp(-ph.hazard[side] * (t - ph.start)), ph.hazard[side]


def _quit_value(schedule, side: int, rt: ResolveType, tau: float) -> float:
    """Payoff of a type that gives in at risk time tau (prevail, concede or disaster)."""
    other = 1 - side

    def integrand(t: float) -> float:
        g, h = _survival(schedule, other, t)
        return math.exp(-t) * g * ((rt.win - rt.concede) * h - (rt.concede - rt.disaster))

    cuts = [p.start for p in schedule if 0 < p.start < tau]
    value, _ = quad(integrand, 0, tau, points=cuts or None, limit=200, epsabs=1e-11)
    return rt.concede + value


type_st = st.builds(lambda prior, d: (prior, d), st.floats(0.05, 1.0), st.floats(-20.0, -0.2))
side_st = st.lists(type_st, min_size=1, max_size=3)


def _side(raw: list[tuple[float, float]], label: str) -> list[ResolveType]:
    return [ResolveType(f"{label}{i}", prior, 1.0, 0.0, d) for i, (prior, d) in enumerate(raw)]


@settings(max_examples=40, deadline=None)
@given(a=side_st, b=side_st)
def test_equilibrium_properties(a: list, b: list) -> None:
    sa, sb = _side(a, "a"), _side(b, "b")
    doc = solve_types(sa, sb)
    assert doc["p_disaster"] + doc["p_a_prevails"] + doc["p_b_prevails"] == pytest.approx(1.0)
    assert doc["banks_monotone"]
    for label in ("A", "B"):
        rows = sorted((t for t in doc["types"] if t["side"] == label), key=lambda t: t["rho"])
        for t in rows:
            assert t["p_disaster"] + t["p_prevail"] + t["p_concede"] == pytest.approx(1.0)
        # Banks: risk run and payoff weakly increase with resolve.
        for lo, hi in itertools.pairwise(rows):
            assert hi["p_disaster"] >= lo["p_disaster"] - 1e-9
            assert hi["expected_payoff"] >= lo["expected_payoff"] - 1e-9
        # The least resolved type is held to its concession payoff.
        assert rows[0]["expected_payoff"] == pytest.approx(0.0, abs=1e-9)


@settings(max_examples=15, deadline=None)
@given(a=side_st, b=side_st)
def test_no_type_gains_by_giving_in_at_another_time(a: list, b: list) -> None:
    sides = (_sorted(_side(a, "a")), _sorted(_side(b, "b")))
    schedule = phases(sides)
    doc = solve_types(*sides)
    for side, label in ((0, "A"), (1, "B")):
        for k, rt in enumerate(sides[side]):
            eq = next(t for t in doc["types"] if t["side"] == label and t["type"] == rt.name)
            horizon = max(p.start for p in schedule) + 6
            best = max(_quit_value(schedule, side, rt, tau) for tau in np.linspace(0, horizon, 41))
            assert best <= eq["expected_payoff"] + 1e-6
            span = [p for p in schedule if p.active[side] == k]
            if span and math.isfinite(span[0].length):  # a time inside its interval is optimal
                mid = span[0].start + span[0].length / 2
                assert _quit_value(schedule, side, rt, mid) == pytest.approx(
                    eq["expected_payoff"], abs=1e-6
                )


def test_one_type_each_matches_closed_form() -> None:
    ra, rb = 0.3, 0.2
    a = [ResolveType("a", 1, 1.0, 0.0, 1 - 1 / ra)]
    b = [ResolveType("b", 1, 1.0, 0.0, 1 - 1 / rb)]
    doc = solve_types(a, b)
    h_a, h_b = 1 / rb - 1, 1 / ra - 1  # each side concedes at the rate set by the other's ρ
    total = 1 + h_a + h_b
    assert doc["p_disaster"] == pytest.approx(1 / total)
    assert doc["p_a_prevails"] == pytest.approx(h_b / total)
    assert doc["p_b_prevails"] == pytest.approx(h_a / total)


def test_simulation_agrees() -> None:
    rng = np.random.default_rng(7)
    sides = (
        _sorted(_side([(0.5, -8.0), (0.5, -2.0)], "a")),
        _sorted(_side([(0.6, -12.0), (0.4, -3.0)], "b")),
    )
    schedule = phases(sides)
    doc = solve_types(*sides)
    n = 200_000

    def quit_times(side: int) -> np.ndarray:
        u = rng.uniform(size=n)  # give in when the survival curve falls to u
        out = np.full(n, np.inf)
        for ph in schedule:
            g0, h = ph.survive[side], ph.hazard[side]
            dt = np.log(g0 / u) / h if h > 0 else np.full(n, np.inf)
            inside = (u <= g0) & (dt <= ph.length) & np.isinf(out)
            out[inside] = ph.start + dt[inside]
        return out

    ta, tb, td = quit_times(0), quit_times(1), rng.exponential(1.0, n)
    disaster = td < np.minimum(ta, tb)
    a_wins = ~disaster & (tb < ta)
    se = math.sqrt(0.25 / n)
    assert disaster.mean() == pytest.approx(doc["p_disaster"], abs=5 * se)
    assert a_wins.mean() == pytest.approx(doc["p_a_prevails"], abs=5 * se)


def test_cli_defaults_report_critical_risks() -> None:
    doc = solve("brinkmanship").to_json()
    assert doc["critical_risk"]["A"]["high"] == pytest.approx(1 / 3)
    assert doc["critical_risk"]["B"]["low"] == pytest.approx(1 / 13)
    assert 0 < doc["p_less_resolved_prevails"] < 1  # Powell: the weaker side sometimes wins
    assert doc["mean_steps"] == pytest.approx(doc["p_disaster"] / -math.log(1 - 0.05))


@pytest.mark.parametrize("low", [-8.0, -1e4, -1e12])
def test_extreme_fear_of_disaster_keeps_probabilities_exact(low: float) -> None:
    d = solve("brinkmanship", disaster_a_low=low, disaster_b_low=low).data
    assert d["p_disaster"] + d["p_a_prevails"] + d["p_b_prevails"] == pytest.approx(1.0, abs=1e-12)
    assert d["banks_monotone"]


def test_resolved_type_prevails_more_often() -> None:
    doc = solve("brinkmanship").to_json()
    for side in ("A", "B"):
        by = {t["type"]: t for t in doc["types"] if t["side"] == side}
        assert by["high"]["p_prevail"] > by["low"]["p_prevail"]


@pytest.mark.parametrize(
    "bad",
    [
        dict(disaster_a_high=0.5),
        dict(win_b=-1.0),
        dict(disaster_b_high=-20.0),
        dict(r=1.0),
        dict(pi_a=2.0),
    ],
)
def test_bad_inputs(bad: dict[str, float]) -> None:
    with pytest.raises(BrinkInputError, match=r"^solve brinkmanship: parameter \w+: expected"):
        solve("brinkmanship", **bad)
