"""Symmetric war of attrition (Maynard Smith 1974; Bishop & Cannings 1978).

Two sides contest a prize V; holding out costs c per unit time each. In the symmetric
equilibrium each quits at an exponential time with rate λ = c/V: at every moment a side is
indifferent between quitting now and holding on, because the chance the other quits in the next
instant (λ dt) times the prize just pays the cost of waiting (c dt).
"""

from __future__ import annotations

from brink.games.catalogue import PARAMS, SUMMARIES
from brink.games.spec import GameSpec, Solution, fmt

GAME = "attrition"


def solve(params: dict[str, float]) -> Solution:
    """Quitting rate, mean contest length and expected payoff of the symmetric equilibrium."""
    V, c = params["V"], params["c"]
    rate = c / V
    mean_duration = V / (2 * c)
    data = {
        "rate": rate,
        "mean_duration": mean_duration,
        "mean_quit_time": 1 / rate,
        "expected_payoff": 0.0,
        "expected_cost_each": c * mean_duration,
        "expected_total_cost": 2 * c * mean_duration,
    }
    explanation = [
        f"Each side quits at a random time with constant hazard c/V = {fmt(rate)} per unit time "
        "(exponential with mean V/c): that rate makes the other indifferent at every moment.",
        f"The contest ends when the first side quits, after V/(2c) = {fmt(mean_duration)} time "
        "units on average.",
        f"Each side's expected payoff is 0: together they burn V = {fmt(V)} in costs, the whole "
        "value of the prize — the knot that both pull tight with no one gaining.",
    ]
    return Solution(GAME, params, data, explanation)


SPECS = (
    GameSpec(
        name=GAME,
        summary=SUMMARIES["attrition"],
        params=PARAMS["attrition"],
        solve=solve,
    ),
)
