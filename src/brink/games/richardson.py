"""Richardson's arms race (1960): dx/dt = k·y − a·x + g, dy/dt = l·x − b·y + h.

x, y: arms levels; k, l: reaction to the rival (defence); a, b: fatigue and expense; g, h:
grievances. The equilibrium is solved as a linear system and its stability read from the
eigenvalues of the Jacobian; both agree with the closed form x* = (bg + kh)/(ab − kl),
y* = (ah + lg)/(ab − kl), stable iff ab > kl (with a, b > 0).
"""

from __future__ import annotations

import numpy as np

from brink.games.catalogue import PARAMS, SUMMARIES
from brink.games.spec import GameSpec, Solution, bad_param, fmt

GAME = "richardson"


def jacobian(a: float, b: float, k: float, l: float) -> np.ndarray:  # noqa: E741
    """The constant Jacobian of the linear system."""
    return np.array([[-a, k], [l, -b]], dtype=float)


def check(params: dict[str, float]) -> None:
    """Fatigue must be positive so a stable race is possible at all."""
    for name in ("a", "b"):
        if params[name] <= 0:
            raise bad_param(GAME, name, "a fatigue coefficient > 0", params)


def solve(params: dict[str, float]) -> Solution:
    """Equilibrium arms levels and whether the race settles there or runs away."""
    a, b, k, l, g, h = (params[n] for n in ("a", "b", "k", "l", "g", "h"))  # noqa: E741
    J = jacobian(a, b, k, l)
    det = a * b - k * l
    eig = np.linalg.eigvals(J)
    stable = bool(np.all(eig.real < 0))
    if abs(det) <= 1e-12 * max(1.0, a * b, k * l):
        x_star = y_star = None
        where = "there is no single equilibrium (ab = kl): the nullclines are parallel."
    else:
        x_star, y_star = (float(v) for v in np.linalg.solve(-J, np.array([g, h])))
        where = f"the race has its equilibrium at x* = {fmt(x_star)}, y* = {fmt(y_star)}."
    data = {
        "x_star": x_star,
        "y_star": y_star,
        "stable": stable,
        "determinant": det,
        "eigenvalues": [float(v) for v in sorted(eig.real)],
    }
    settle = (
        f"Mutual fatigue outweighs mutual reaction (ab = {fmt(a * b)} > kl = {fmt(k * l)}), so "
        "from any start the arms levels settle there."
        if stable
        else f"Mutual reaction outweighs fatigue (kl = {fmt(k * l)} ≥ ab = {fmt(a * b)}): the race "
        "does not settle — arms levels run away (or collapse) from almost any start."
    )
    explanation = [
        f"Each side arms in reaction to the other and tires of its own burden; {where}",
        settle,
    ]
    if x_star is not None and (x_star < 0 or (y_star is not None and y_star < 0)):
        explanation.append(
            "A negative equilibrium level means the model's interior point is "
            "not a real arms level: the race ends at disarmament or grows."
        )
    return Solution(GAME, params, data, explanation)


SPECS = (
    GameSpec(
        name=GAME,
        summary=SUMMARIES["richardson"],
        params=PARAMS["richardson"],
        solve=solve,
        check=check,
    ),
)
