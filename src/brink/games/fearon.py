"""Fearon 1995: the bargaining range, and the risk–return trade-off under private war costs.

Issue [0, 1]; A wins a war with probability p; war costs c_a, c_b. Under complete information
every deal x (A's share) in [p − c_a, p + c_b] beats war for both, so war is never needed.
When B's cost is private, c_b ~ U[0, c̄], A's take-it-or-leave-it offer trades a bigger share
against a higher chance of rejection (war). The closed form is checked against a numerical
maximisation of A's expected utility over every offer x in [0, 1].
"""

from __future__ import annotations

import numpy as np

from brink.games.catalogue import PARAMS, SUMMARIES
from brink.games.spec import GameSpec, Solution, fmt

# ---------------------------------------------------------------------- bargaining range


def solve_range(params: dict[str, float]) -> Solution:
    """The complete-information bargaining range [p − c_a, p + c_b]."""
    p, c_a, c_b = params["p"], params["c_a"], params["c_b"]
    low, high = p - c_a, p + c_b
    f_low, f_high = max(0.0, low), min(1.0, high)
    data = {
        "range_low": low,
        "range_high": high,
        "width": c_a + c_b,
        "feasible_low": f_low,
        "feasible_high": f_high,
        "war_payoff_a": p - c_a,
        "war_payoff_b": 1 - p - c_b,
    }
    explanation = [
        f"War gives A p − c_a = {fmt(p - c_a)} and B 1 − p − c_b = {fmt(1 - p - c_b)}: together "
        f"less than the whole issue by c_a + c_b = {fmt(c_a + c_b)}.",
        f"Every split that gives A a share x in [p − c_a, p + c_b] = [{fmt(low)}, {fmt(high)}] "
        "leaves both better off than fighting, so the range is never empty when the costs are "
        "positive and known.",
        f"Shares must lie in [0, 1], so the deals actually available are "
        f"[{fmt(f_low)}, {fmt(f_high)}]. War needs private information, a commitment problem or "
        "an indivisible issue (try `fearon-risk-return`).",
    ]
    return Solution("fearon", params, data, explanation)


# ---------------------------------------------------------------------- risk-return trade-off


def accept_probability(x: float | np.ndarray, p: float, c_bar: float) -> np.ndarray:
    """P(B accepts share x for A) = P(c_b >= x − p) with c_b ~ U[0, c̄]."""
    x = np.asarray(x, dtype=float)
    if c_bar == 0:
        return (x <= p).astype(float)
    return np.clip(1.0 - (x - p) / c_bar, 0.0, 1.0)


def offerer_utility(x: float | np.ndarray, p: float, c_a: float, c_bar: float) -> np.ndarray:
    """A's expected utility of offering x: x if accepted, p − c_a (war) if rejected."""
    q = accept_probability(x, p, c_bar)
    return q * np.asarray(x, dtype=float) + (1 - q) * (p - c_a)


def closed_form_offer(p: float, c_a: float, c_bar: float) -> tuple[float, float, float]:
    """(capped offer x*, P(war), uncapped interior optimum p + (c̄ − c_a)/2).

    The interior optimum is capped below at p (no type of B rejects x = p, and any lower offer
    just gives share away) and above at 1 (A cannot demand more than the whole issue).
    """
    interior = p + (c_bar - c_a) / 2
    offer = min(1.0, max(p, interior))
    p_war = 0.0 if c_bar == 0 else (offer - p) / c_bar
    return offer, p_war, interior


def numeric_offer(p: float, c_a: float, c_bar: float) -> float:
    """A's optimal offer by brute force on a grid, refined by bounded scalar minimisation."""
    from scipy.optimize import minimize_scalar

    grid = np.linspace(0.0, 1.0, 20001)
    values = offerer_utility(grid, p, c_a, c_bar)
    i = int(np.argmax(values))
    lo, hi = grid[max(i - 1, 0)], grid[min(i + 1, grid.size - 1)]
    best = float(grid[i])
    if hi > lo:
        res = minimize_scalar(
            lambda x: -float(offerer_utility(x, p, c_a, c_bar)),
            bounds=(lo, hi),
            method="bounded",
            options={"xatol": 1e-12},
        )
        if -res.fun >= values[i]:
            best = float(res.x)
    return best


def solve_risk_return(params: dict[str, float]) -> Solution:
    """A's optimal take-it-or-leave-it offer and the war risk it accepts."""
    p, c_a, c_bar = params["p"], params["c_a"], params["c_bar"]
    offer, p_war, interior = closed_form_offer(p, c_a, c_bar)
    x_num = numeric_offer(p, c_a, c_bar)
    u_closed = float(offerer_utility(offer, p, c_a, c_bar))
    u_num = float(offerer_utility(x_num, p, c_a, c_bar))
    if u_num > u_closed + 1e-9:
        raise RuntimeError(f"fearon-risk-return: numeric offer {x_num} beats closed form {offer}")
    capped = "none" if offer == interior else ("low" if offer == p else "high")
    data = {
        "offer": offer,
        "p_war": p_war,
        "offer_uncapped": interior,
        "cap": capped,
        "offer_numeric": x_num,
        "expected_payoff_a": u_closed,
        "war_payoff_a": p - c_a,
    }
    words = {
        "none": "the interior optimum p + (c̄ − c_a)/2",
        "low": "capped at p: A's own war cost is high enough that it buys certain peace",
        "high": "capped at 1: A cannot demand more than the whole issue",
    }[capped]
    explanation = [
        f"A offers B the share 1 − x and keeps x* = {fmt(offer)} ({words}).",
        "B accepts when its war payoff 1 − p − c_b is no better, i.e. when its private cost "
        f"c_b ≥ x − p; with c_b uniform on [0, c̄] it rejects, and war follows, with probability "
        f"(x* − p)/c̄ = {fmt(p_war)}.",
        "A accepts this risk knowingly: a bigger share from the many B types who accept is worth "
        "the occasional war with a B that is tougher than it looks. War here comes from private "
        "information plus the incentive to misrepresent it, not from irrationality.",
        f"Check: maximising A's expected utility numerically over x in [0, 1] gives "
        f"x = {fmt(x_num, 6)}.",
    ]
    return Solution("fearon-risk-return", params, data, explanation)


SPECS = (
    GameSpec(
        name="fearon",
        summary=SUMMARIES["fearon"],
        params=PARAMS["fearon"],
        solve=solve_range,
    ),
    GameSpec(
        name="fearon-risk-return",
        summary=SUMMARIES["fearon-risk-return"],
        params=PARAMS["fearon-risk-return"],
        solve=solve_risk_return,
    ),
)
