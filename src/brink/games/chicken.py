"""Chicken (Schelling; Snyder & Diesing 1977): two sides, each Concede (C) or stand firm (D).

Solved with nashpy's vertex enumeration, which finds every extreme equilibrium even in
degenerate games (support enumeration can miss some), then checked against the closed form
q* = (T−R)/((T−R)+(S−P)) for the mixed equilibrium and P(crash) = q*².
"""

from __future__ import annotations

import math

import numpy as np

from brink.games.catalogue import PARAMS, SUMMARIES
from brink.games.spec import GameSpec, Solution, bad_param, fmt

GAME = "chicken"
TOL = 1e-9


def payoff_matrix(T: float, R: float, S: float, P: float) -> np.ndarray:
    """Row player's payoffs, rows/columns (C, D); the column player's matrix is the transpose."""
    return np.array([[R, S], [T, P]], dtype=float)


def closed_form_q(T: float, R: float, S: float, P: float) -> float:
    """Probability of D in the mixed equilibrium: makes the other side indifferent."""
    return (T - R) / ((T - R) + (S - P))


def equilibria(T: float, R: float, S: float, P: float) -> list[dict[str, float | str]]:
    """All extreme Nash equilibria by vertex enumeration, as probabilities of standing firm."""
    import nashpy

    A = payoff_matrix(T, R, S, P)
    scaled = (A - P) / (T - P)  # an affine rescaling leaves equilibria unchanged, helps precision
    game = nashpy.Game(scaled, scaled.T)
    found: list[dict[str, float | str]] = []
    for sigma_a, sigma_b in game.vertex_enumeration():
        qa = float(np.clip(sigma_a[1], 0.0, 1.0))
        qb = float(np.clip(sigma_b[1], 0.0, 1.0))
        if any(abs(qa - e["q_a"]) < 1e-7 and abs(qb - e["q_b"]) < 1e-7 for e in found):  # type: ignore[operator]
            continue
        pa, pb = np.array([1 - qa, qa]), np.array([1 - qb, qb])
        pure = all(min(x, 1 - x) < 1e-9 for x in (qa, qb))
        found.append(
            {
                "kind": "pure" if pure else "mixed",
                "q_a": qa,
                "q_b": qb,
                "payoff_a": float(pa @ A @ pb),
                "payoff_b": float(pa @ A.T @ pb),
                "p_crash": qa * qb,
            }
        )
    found.sort(key=lambda e: (e["kind"] != "pure", -float(e["q_a"])))
    return found


def closed_form_equilibria(T: float, R: float, S: float, P: float) -> list[dict[str, float | str]]:
    """The three equilibria of strict chicken, from the closed form."""
    q = closed_form_q(T, R, S, P)
    pay = R * (1 - q) + S * q
    return [
        {"kind": "pure", "q_a": 1.0, "q_b": 0.0, "payoff_a": T, "payoff_b": S, "p_crash": 0.0},
        {"kind": "pure", "q_a": 0.0, "q_b": 1.0, "payoff_a": S, "payoff_b": T, "p_crash": 0.0},
        {"kind": "mixed", "q_a": q, "q_b": q, "payoff_a": pay, "payoff_b": pay, "p_crash": q * q},
    ]


def check(params: dict[str, float]) -> None:
    """Chicken needs the strict order T > R > S > P."""
    T, R, S, P = (params[k] for k in "TRSP")
    order = "T > R > S > P (win > both concede > concede alone > crash)"
    if not T > R:
        raise bad_param(GAME, "T", order, params)
    if not R > S:
        raise bad_param(GAME, "R", order, params)
    if not S > P:
        raise bad_param(GAME, "S", order, params)
    if not math.isfinite(T - P):
        raise bad_param(GAME, "T", "T − P to be a finite number", params)


def solve(params: dict[str, float]) -> Solution:
    """All equilibria, the mixed one highlighted, with a check against the closed form."""
    T, R, S, P = (params[k] for k in "TRSP")
    eqs = equilibria(T, R, S, P)
    mixed = [e for e in eqs if e["kind"] == "mixed"]
    q_closed = closed_form_q(T, R, S, P)
    solver = "nashpy vertex enumeration"
    if (
        len(eqs) != 3
        or len(mixed) != 1
        or not math.isclose(float(mixed[0]["q_a"]), q_closed, rel_tol=1e-6, abs_tol=1e-9)
    ):
        # Payoff gaps many orders of magnitude apart defeat floating-point pivoting; the
        # equilibria of strict chicken are known exactly, so report them from the closed form.
        eqs = closed_form_equilibria(T, R, S, P)
        mixed = [e for e in eqs if e["kind"] == "mixed"]
        solver = "closed form (nashpy lost precision at these payoff magnitudes)"
    q = float(mixed[0]["q_a"])
    mixed_payoff = float(mixed[0]["payoff_a"])
    data = {
        "q_mixed": q,
        "p_crash": q * q,
        "q_closed_form": q_closed,
        "mixed_payoff": mixed_payoff,
        "equilibria": eqs,
        "solver": solver,
    }
    explanation = [
        "Three equilibria. In two pure ones one side stands firm and the other concedes: the "
        f"firm side gets T={fmt(T)}, the one that gives way S={fmt(S)}.",
        f"In the mixed one each side stands firm with probability q* = (T−R)/((T−R)+(S−P)) = "
        f"{fmt(q)}: just enough to make the other indifferent between conceding and standing firm.",
        f"Both stand firm, and the crisis ends in a crash, with probability q*² = {fmt(q * q)}; "
        f"each side then expects {fmt(mixed_payoff)}, less than the R={fmt(R)} of both conceding.",
        "A visible, irreversible commitment to stand firm selects the committed side's preferred "
        "pure equilibrium: the other side's best reply is to concede.",
    ]
    return Solution(GAME, params, data, explanation)


SPECS = (
    GameSpec(
        name=GAME,
        summary=SUMMARIES["chicken"],
        params=PARAMS["chicken"],
        solve=solve,
        check=check,
    ),
)
