"""Crawford & Sobel (1982), uniform-quadratic case: how much a biased sender can tell.

State θ ~ U[0, 1]; the receiver acts y and loses (y − θ)²; the sender wants y = θ + b. In an
equilibrium with N intervals the sender names the interval holding θ, the receiver picks its
midpoint, and each boundary type is indifferent between neighbouring midpoints, which gives
a_{i+1} − a_i = a_i − a_{i−1} + 4b and so a_i = i/N + 2b·i(i − N). The most informative
equilibrium has the largest N with all intervals non-empty: 2b·N(N − 1) < 1.
"""

from __future__ import annotations

import math

import numpy as np

from brink.games.catalogue import PARAMS, SUMMARIES
from brink.games.spec import GameSpec, Solution, bad_param, fmt

GAME = "cheap-talk"


def max_intervals(b: float) -> int:
    """N(b) = ⌈−1/2 + ½·√(1 + 2/b)⌉, corrected for rounding so that 2b·N(N − 1) < 1 holds."""
    if b >= 0.25:
        return 1
    n = max(1, math.ceil(-0.5 + 0.5 * math.sqrt(1 + 2 / b)))
    while n > 1 and 2 * b * n * (n - 1) >= 1:
        n -= 1
    while 2 * b * (n + 1) * n < 1:
        n += 1
    return n


def boundaries(b: float, n: int) -> list[float]:
    """Interval boundaries a_0 = 0 < a_1 < … < a_N = 1."""
    return [i / n + 2 * b * i * (i - n) for i in range(n + 1)]


def check(params: dict[str, float]) -> None:
    """Tiny biases mean a huge number of intervals; keep the answer listable."""
    if params["b"] < 1e-6:
        raise bad_param(GAME, "b", "b >= 1e-6 (smaller biases give over 700 intervals)", params)


def solve(params: dict[str, float]) -> Solution:
    """The most informative equilibrium: its intervals, the receiver's actions and losses."""
    b = params["b"]
    n = max_intervals(b)
    a = np.array(boundaries(b, n))
    a[0], a[-1] = 0.0, 1.0
    widths = np.diff(a)
    actions = (a[:-1] + a[1:]) / 2
    receiver_loss = float(np.sum(widths**3) / 12)
    data = {
        "n_intervals": n,
        "boundaries": [float(x) for x in a],
        "actions": [float(x) for x in actions],
        "informative": n > 1,
        "receiver_loss": receiver_loss,
        "sender_loss": receiver_loss + b * b,
        "full_information_loss": 0.0,
    }
    if n == 1:
        talk = (
            f"With bias b = {fmt(b)} ≥ 1/4 talk is babbling: the receiver ignores every "
            "message and acts on its prior (y = 1/2)."
        )
    else:
        talk = (
            f"With bias b = {fmt(b)} the best the sender can credibly do is say which of "
            f"{n} intervals the state lies in; the intervals widen by 4b each step, so "
            "talk is finer where the sender's and receiver's interests are least in tension."
        )
    explanation = [
        talk,
        f"The receiver's expected loss is {fmt(receiver_loss)} (1/12 ≈ 0.0833 with no talk); "
        "smaller bias means more intervals and better decisions.",
        "Informative talk needs b < 1/4: a channel helps only if the sides' interests are close "
        "enough for words to be believed.",
    ]
    return Solution(GAME, params, data, explanation)


SPECS = (
    GameSpec(
        name=GAME,
        summary=SUMMARIES["cheap-talk"],
        params=PARAMS["cheap-talk"],
        solve=solve,
        check=check,
    ),
)
