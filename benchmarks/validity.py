"""Does the model show what issue "Model v2" requires? Prints each figure with its interval.

Every contrast is a paired run with common random numbers (same seed, same draws, same
streams), so differences between the two arms come from the change alone. Run:

    python benchmarks/validity.py [--episodes N] [--seed S]

Checks (each line says PASS or FAIL):
* war by intent with perception and accidents off: above zero (lower bound > 0) under at least
  two korea-2017 US doctrines other than pre-emption and `calculating`, and in cuba-1962 under a
  doctrine other than air strike, invasion and `calculating`;
* korea-2017 at the defaults: nuclear tests <= 3 per 52 weeks under every built-in US policy;
  missile-test events between 5 and 30 under strategic patience and maximum pressure, fewer
  under freeze-for-freeze and engagement once a freeze holds; strategic patience's P(war) per
  year <= 3%; maximum pressure reaches a settlement with P > 1%;
* US ego 0 vs 1 moves P(war), tests or settlement beyond simulation noise under maximum
  pressure and under freeze-for-freeze; approval.enabled=false and
  policies.preemptive-strike.consult_allies=true each change an outcome;
* cuba-1962 reports P(war) pooled over its opponent mixture and per type.
"""

from __future__ import annotations

import argparse
import math
import sys
import time

import numpy as np

import brink
from brink.analysis.intervals import wilson

KOREA_DOCTRINES = (
    "strategic-patience",
    "maximum-pressure",
    "freeze-for-freeze",
    "engagement",
    "tit-for-tat",
    "generous-tit-for-tat",
    "grit",
)
CUBA_DOCTRINES = ("quarantine", "do-nothing", "diplomacy", "turkey-trade", "tit-for-tat")
NOISE_OFF = ("perception.enabled=false", "accidents.enabled=false")


def pct(k: int, n: int) -> str:
    lo, hi = wilson(k, n)
    return f"{100 * k / n:.2f}% ({100 * lo:.2f}–{100 * hi:.2f})"


def mean_ci(x: np.ndarray) -> tuple[float, float, float]:
    m = float(np.mean(x))
    half = 1.96 * float(np.std(x, ddof=1)) / math.sqrt(len(x)) if len(x) > 1 else 0.0
    return m, m - half, m + half


def paired(a: np.ndarray, b: np.ndarray) -> tuple[float, float, float, float]:
    """Mean difference b − a, its 95% interval and z (paired episodes)."""
    d = np.asarray(b, dtype=float) - np.asarray(a, dtype=float)
    m, lo, hi = mean_ci(d)
    se = float(np.std(d, ddof=1)) / math.sqrt(len(d)) if len(d) > 1 else 0.0
    return m, lo, hi, (m / se if se > 0 else (0.0 if m == 0 else math.inf))


def run(scenario: str, policy: str, n: int, seed: int, *overrides: str):  # type: ignore[no-untyped-def]
    return brink.run(scenario, [policy], episodes=n, seed=seed, overrides=list(overrides))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    n, seed = args.episodes, args.seed
    began = time.perf_counter()
    failures = 0

    def verdict(ok: bool) -> str:
        nonlocal failures
        failures += 0 if ok else 1
        return "PASS" if ok else "FAIL"

    print(f"Model v2 validity, N = {n:,} episodes per arm, seed {seed}\n")
    print("1. War by intent with perception and accidents off (lower bound of the 95% interval)")
    for scenario, doctrines, need in (
        ("korea-2017", KOREA_DOCTRINES, 2),
        ("cuba-1962", CUBA_DOCTRINES, 1),
    ):
        positive = []
        for policy in doctrines:
            cols = run(scenario, policy, n, seed, *NOISE_OFF).columns[policy]
            intent = int(np.sum((cols["outcome"] == "war") & (cols["war_cause"] == "intent")))
            lo, _ = wilson(intent, n)
            print(f"   {scenario} {policy:<22} war by intent {pct(intent, n)}")
            if lo > 0:
                positive.append(policy)
        ok = len(positive) >= need
        print(f"   {verdict(ok)}: {len(positive)} doctrine(s) above zero (need {need})\n")

    print("2. korea-2017 at the defaults")
    per_policy = {}
    for policy in brink.load_scenario("korea-2017").policies_for("US"):
        per_policy[policy] = run("korea-2017", policy, n, seed).columns[policy]
    worst_nuclear = 0.0
    for policy, cols in per_policy.items():
        m, lo, hi = mean_ci(cols["nuclear_tests"])
        mm, mlo, mhi = mean_ci(cols["missile_tests"])
        war = int(np.sum(cols["outcome"] == "war"))
        settled = int(np.sum(cols["outcome"] == "settlement"))
        worst_nuclear = max(worst_nuclear, hi)
        print(
            f"   {policy:<22} nuclear tests {m:.2f} ({lo:.2f}–{hi:.2f}), missile tests "
            f"{mm:.1f} ({mlo:.1f}–{mhi:.1f}), P(war) {pct(war, n)}, settlement {pct(settled, n)}"
        )
    print(f"   {verdict(worst_nuclear <= 3)}: nuclear tests <= 3 per 52 weeks under every policy")
    for policy in ("strategic-patience", "maximum-pressure"):
        m, lo, hi = mean_ci(per_policy[policy]["missile_tests"])
        print(f"   {verdict(lo >= 5 and hi <= 30)}: {policy} missile tests in [5, 30]")
    base = min(
        mean_ci(per_policy[p]["missile_tests"])[0]
        for p in ("strategic-patience", "maximum-pressure")
    )
    for policy in ("freeze-for-freeze", "engagement"):
        cols = per_policy[policy]
        m = mean_ci(cols["missile_tests"])[0]
        print(f"   {verdict(m < base)}: {policy} fewer missile tests ({m:.1f} < {base:.1f})")
    war = int(np.sum(per_policy["strategic-patience"]["outcome"] == "war"))
    lo, hi = wilson(war, n)
    print(f"   {verdict(hi <= 0.03)}: strategic patience P(war) per year {pct(war, n)} <= 3%")
    settled = int(np.sum(per_policy["maximum-pressure"]["outcome"] == "settlement"))
    lo, hi = wilson(settled, n)
    print(f"   {verdict(lo > 0.01)}: maximum pressure settles with P {pct(settled, n)} > 1%\n")

    print("3. Paired contrasts (difference b − a with its 95% interval; |z| > 3 counts as moved)")
    contrasts = [
        *(
            (policy, "US ego 0 -> 1", ("actors.US.traits.ego=0",), ("actors.US.traits.ego=1",))
            for policy in ("maximum-pressure", "freeze-for-freeze")
        ),
        ("maximum-pressure", "approval on -> off", (), ("approval.enabled=false",)),
        (
            "preemptive-strike",
            "consult_allies false -> true",
            (),
            ("policies.preemptive-strike.consult_allies=true",),
        ),
    ]
    for policy, label, left, right in contrasts:
        a = run("korea-2017", policy, n, seed, *left).columns[policy]
        b = run("korea-2017", policy, n, seed, *right).columns[policy]
        moved = []
        for name, values in (
            ("P(war)", lambda c: c["outcome"] == "war"),
            ("P(settlement)", lambda c: c["outcome"] == "settlement"),
            ("tests", lambda c: c["tests"]),
            ("P(US backs down)", lambda c: c["capitulator"] == "US"),
            ("P(DPRK backs down)", lambda c: c["capitulator"] == "DPRK"),
        ):
            m, lo, hi, z = paired(values(a), values(b))
            print(f"   {policy} {label}: {name} {m:+.4f} ({lo:+.4f} to {hi:+.4f}), z = {z:+.1f}")
            if abs(z) > 3:
                moved.append(name)
        print(f"   {verdict(bool(moved))}: moved {', '.join(moved) or 'nothing'}\n")

    print("4. cuba-1962 pooled over the opponent mixture and per type")
    result = run("cuba-1962", "quarantine", n, seed)
    block = result.summary()["results"][0]
    war = block["outcomes"]["war"]
    print(f"   pooled P(war) {100 * war['p']:.2f}% ({100 * war['lo']:.2f}–{100 * war['hi']:.2f})")
    for name, part in block.get("by_opponent", {}).items():
        w = part["outcomes"]["war"]
        print(
            f"   {name} (weight {part['weight']:g}, {part['episodes']:,} episodes): "
            f"P(war) {100 * w['p']:.2f}% ({100 * w['lo']:.2f}–{100 * w['hi']:.2f})"
        )
    print(f"   {verdict(bool(block.get('by_opponent')))}: reported per type\n")
    print(f"{failures} check(s) failed; {time.perf_counter() - began:.0f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
