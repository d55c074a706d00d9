"""Signalling game: every reported PBE verified independently, and none missing (nashpy)."""

from __future__ import annotations

import itertools

import nashpy
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from brink.errors import BrinkInputError
from brink.games.registry import solve
from brink.games.signalling import SignallingGame, analyse

TOL = 1e-7


def _payoffs(g: SignallingGame) -> dict:
    """The tree, written out independently of the solver: payoffs by type and outcome."""
    out = {}
    for t, cost, prior in (("R", g.c_res, g.pi), ("I", g.c_irr, 1 - g.pi)):
        war = g.p * g.v_c - cost
        fights = war >= -g.a
        out[t] = {
            "prior": prior,
            "fights": fights,
            "resisted": war if fights else -g.a,  # challenger, after resistance
            "d_resisted": (-g.p * g.v_d - g.c_d) if fights else 0.0,  # defender, after it
        }
    return out


def _check_pbe(g: SignallingGame, eq: dict) -> None:
    """Sequential rationality of each move and Bayes consistency, from first principles."""
    tree = _payoffs(g)
    s = {"R": eq["threat_resolute"], "I": eq["threat_irresolute"]}
    r = eq["resist"]
    for t in "RI":  # challenger's threat decision
        u = (1 - r) * g.v_c + r * tree[t]["resisted"]
        if s[t] > TOL:
            assert u >= -TOL
        if s[t] < 1 - TOL:
            assert u <= TOL
    mass = {t: tree[t]["prior"] * s[t] for t in "RI"}
    total = sum(mass.values())
    lo, hi = eq["belief_after_threat"]
    beliefs = [mass["R"] / total] if total > 0 else [lo, hi]
    if total > 0:
        assert lo == pytest.approx(beliefs[0], abs=1e-9) and hi == pytest.approx(beliefs[0])
    for mu in beliefs:  # defender: resist vs concede at this belief
        resist = mu * tree["R"]["d_resisted"] + (1 - mu) * tree["I"]["d_resisted"]
        gain = resist + g.v_d
        if r > TOL:
            assert gain >= -TOL
        if r < 1 - TOL:
            assert gain <= TOL
    p_war = sum(mass[t] * r * tree[t]["fights"] for t in "RI")
    assert eq["p_war"] == pytest.approx(p_war, abs=1e-9)


def _nash_profiles(g: SignallingGame) -> list[tuple[float, float, float]]:
    """Bayesian Nash equilibria of the ex-ante normal form (plans × resist/concede)."""
    tree = _payoffs(g)
    plans = list(itertools.product((0, 1), repeat=2))  # (resolute threatens, irresolute)
    A = np.zeros((4, 2))
    B = np.zeros((4, 2))
    for i, plan in enumerate(plans):
        for j, r in enumerate((0.0, 1.0)):
            for t, s in zip("RI", plan, strict=True):
                x = tree[t]
                A[i, j] += x["prior"] * s * ((1 - r) * g.v_c + r * x["resisted"])
                B[i, j] += x["prior"] * s * ((1 - r) * -g.v_d + r * x["d_resisted"])
    out = []
    for x, y in nashpy.Game(A, B).vertex_enumeration():
        s_r = sum(x[i] for i, p in enumerate(plans) if p[0])
        s_i = sum(x[i] for i, p in enumerate(plans) if p[1])
        out.append((float(s_r), float(s_i), float(y[1])))
    return out


games = st.builds(
    SignallingGame,
    pi=st.floats(0.02, 0.98),
    v_c=st.floats(0.2, 2.0),
    v_d=st.floats(0.2, 2.0),
    p=st.floats(0.05, 0.95),
    c_res=st.floats(0.0, 1.0),
    c_irr=st.floats(0.0, 3.0),
    c_d=st.floats(0.0, 3.0),
    a=st.floats(0.0, 1.0),
)


@settings(max_examples=200, deadline=None)
@given(g=games)
def test_every_reported_equilibrium_is_a_pbe_and_none_is_missing(g: SignallingGame) -> None:
    assume(g.c_res <= g.c_irr)
    # Stay off near-knife-edges, where nashpy's floating tolerance blurs strict inequalities.
    margins = [g.p * g.v_c - c + g.a for c in (g.c_res, g.c_irr)]
    margins += [max(g.p * g.v_c - c, -g.a) for c in (g.c_res, g.c_irr)]
    margins += [g.v_d - g.p * g.v_d - g.c_d, g.pi - g.v_d / (g.p * g.v_d + g.c_d)]
    assume(all(abs(m) > 1e-4 for m in margins))
    data = analyse(g)
    assert data["n_equilibria"] >= 1  # a finite game always has one
    for eq in data["equilibria"]:
        _check_pbe(g, eq)
    if any(eq["degenerate"] for eq in data["equilibria"]):
        return  # knife edges: continua, represented by examples
    tree = _payoffs(g)
    reported_on_path = [
        (e["threat_resolute"], e["threat_irresolute"], e["resist"])
        for e in data["equilibria"]
        if e["kind"] != "pooling: no threat"
    ]
    has_pool = any(e["kind"] == "pooling: no threat" for e in data["equilibria"])
    nash_pool = False
    for s_r, s_i, r in _nash_profiles(g):
        if s_r + s_i < TOL:
            # A Nash equilibrium without threats is a PBE iff its reply suits some belief.
            gains = [
                mu * tree["R"]["d_resisted"] + (1 - mu) * tree["I"]["d_resisted"] + g.v_d
                for mu in (0.0, 1.0)
            ]
            rational = (
                (r > 1 - TOL and max(gains) >= -TOL)
                or (r < TOL and min(gains) <= TOL)
                or (min(gains) <= TOL <= max(gains) + 2 * TOL)
            )
            nash_pool |= rational
            continue
        assert any(np.allclose((s_r, s_i, r), rep, atol=1e-6) for rep in reported_on_path), (
            (s_r, s_i, r),
            data["equilibria"],
        )
    assert len(reported_on_path) == len({tuple(np.round(p, 6)) for p in reported_on_path})
    assert has_pool == nash_pool


def test_audience_costs_cut_bluffing_and_war() -> None:
    # Semi-separating region: the irresolute type bluffs less and war falls as a rises.
    lo = solve("signalling", a=0.1).data["selected"]
    hi = solve("signalling", a=0.4).data["selected"]
    assert hi["kind"] == lo["kind"] == "semi-separating (irresolute mixes)"
    assert hi["p_war"] < lo["p_war"]
    assert hi["resist"] < lo["resist"]


def test_defaults_closed_form() -> None:
    g = SignallingGame(pi=0.3, v_c=1, v_d=1, p=0.5, c_res=0.2, c_irr=1, c_d=0.7, a=0.2)
    phi = g.v_d / (g.p * g.v_d + g.c_d)
    r_star = g.v_c / (g.v_c + g.a)
    doc = solve("signalling").to_json()
    eq = doc["selected"]
    assert eq["resist"] == pytest.approx(r_star)
    assert eq["threat_irresolute"] == pytest.approx(g.pi * (1 - phi) / ((1 - g.pi) * phi))
    assert doc["p_war"] == pytest.approx(g.pi * r_star)
    assert doc["complete_information"]["p_war"] == 0.0
    assert doc["value_of_ambiguity"]["p_war"] == pytest.approx(g.pi * r_star)


def test_bad_inputs() -> None:
    with pytest.raises(BrinkInputError, match=r"^solve signalling: parameter c_res: expected"):
        solve("signalling", c_res=2.0, c_irr=1.0)
    with pytest.raises(BrinkInputError, match=r"^solve signalling: parameter pi: expected"):
        solve("signalling", pi=-0.1)
