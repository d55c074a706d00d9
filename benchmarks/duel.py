"""Benchmark: the vectorised duel against a plain per-move Python loop of the same duel.

Run ``python benchmarks/duel.py``. For each duel it times ``play_duel`` on 10,000 repetitions of
1,000 turns (median of several runs), then a straightforward scalar implementation — one
repetition and one move at a time, Python's ``random`` for the noise — on fewer repetitions,
scaled per move to the same size. It prints both medians, the ratio, and both mean payoffs
(they must agree within sampling error: same doctrines, same noise, different random numbers).
Targets from issue 3: vectorised under 2 s, at least 50 times faster than the loop.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable

from brink.games.duel import play_duel

TURNS, REPETITIONS = 1_000, 10_000
REFERENCE_REPETITIONS = 300
RUNS = 5
NOISE = 0.01
PAYOFF = {
    (True, True): (3, 3),
    (True, False): (0, 5),
    (False, True): (5, 0),
    (False, False): (1, 1),
}


class Tft:
    """Scalar tit-for-tat."""

    stochastic = False

    def __init__(self) -> None:
        self.seen = True

    def intend(self, u: float) -> bool:
        return self.seen

    def observe(self, intended: bool, played: bool, seen: bool) -> None:
        self.seen = seen


class Gtft(Tft):
    """Scalar generous tit-for-tat, generosity 1/3."""

    stochastic = True

    def intend(self, u: float) -> bool:
        return self.seen or u < 1 / 3


class Ctft:
    """Scalar contrite tit-for-tat (standing rule)."""

    stochastic = False

    def __init__(self) -> None:
        self.good = self.other_good = True

    def intend(self, u: float) -> bool:
        return not self.good or self.other_good

    def observe(self, intended: bool, played: bool, seen: bool) -> None:
        good, other = self.good, self.other_good
        self.good = played or (good and not other)
        self.other_good = seen or (other and not good)


def reference_duel(make_a: Callable, make_b: Callable, repetitions: int, seed: int) -> float:
    """The duel one move at a time; returns A's mean payoff per turn.

    Like the vectorised duel it draws a doctrine's uniform only for a randomising doctrine.
    """
    total = 0.0
    for repetition in range(repetitions):
        rng = random.Random(seed * 1_000_003 + repetition)
        a, b = make_a(), make_b()
        score = 0
        for _ in range(TURNS):
            want_a = a.intend(rng.random() if a.stochastic else 0.0)
            want_b = b.intend(rng.random() if b.stochastic else 0.0)
            move_a = want_a != (rng.random() < NOISE)
            move_b = want_b != (rng.random() < NOISE)
            a.observe(want_a, move_a, move_b)
            b.observe(want_b, move_b, move_a)
            score += PAYOFF[move_a, move_b][0]
        total += score / TURNS
    return total / repetitions


def median_seconds(job: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench(name_a: str, name_b: str, make_a: Callable, make_b: Callable) -> tuple[float, float]:
    play_duel(name_a, name_b, noise=NOISE, turns=50, repetitions=100)  # warm up imports
    vectorised = median_seconds(
        lambda: play_duel(name_a, name_b, noise=NOISE, turns=TURNS, repetitions=REPETITIONS),
        RUNS,
    )
    loop = median_seconds(
        lambda: reference_duel(make_a, make_b, REFERENCE_REPETITIONS, seed=1), 3
    ) * (REPETITIONS / REFERENCE_REPETITIONS)
    fast = play_duel(name_a, name_b, noise=NOISE, turns=TURNS, repetitions=REPETITIONS).summary("a")
    slow = reference_duel(make_a, make_b, REFERENCE_REPETITIONS, seed=2)
    ratio = loop / vectorised
    print(
        f"{name_a} vs {name_b}, execution noise {NOISE}: "
        f"vectorised {vectorised:.3f} s, per-move loop {loop:.1f} s (scaled from "
        f"{REFERENCE_REPETITIONS} repetitions), ratio {ratio:.0f}x; "
        f"mean payoff A {fast[0]:.3f} [{fast[1]:.3f}, {fast[2]:.3f}] vs loop {slow:.3f}"
    )
    return vectorised, ratio


def main() -> int:
    print(
        f"{REPETITIONS:,} repetitions x {TURNS:,} turns; medians of {RUNS} vectorised runs "
        f"and 3 loop runs; Python {sys.version.split()[0]}, one core"
    )
    results = [
        bench("tft", "tft", Tft, Tft),
        bench("gtft", "ctft", Gtft, Ctft),
    ]
    ok = all(seconds < 2.0 and ratio >= 50 for seconds, ratio in results)
    print("targets (< 2 s, >= 50x):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
