"""Every figure quoted in docs/, computed from real runs, and checked against the docs.

Docs quote a figure between markers:

    <!-- figure: q3.patience.war -->0.5% (0.3–0.7)<!-- /figure -->

Each id names a computation below (its command, scenario, policy, overrides, seed, N). Run:

    python scripts/figures.py --write          # recompute and rewrite every marker in docs/
    python scripts/figures.py --check          # recompute; fail if a quoted figure drifted
    python scripts/figures.py --check --quick  # the fast subset (what `make test` runs)
    python scripts/figures.py --list           # ids, and where each is quoted

A quoted figure has drifted when its point value lies outside the freshly computed 95%
interval (probabilities: Wilson; means: normal; paired differences: paired normal) or, for a
count of items, differs. The check recomputes at the documented N and seed, so it is exact when
nothing changed and fails only when a change of the model moves a figure beyond its interval.
`make docs-check` runs --check; `make test` runs --check --quick (a few figures).
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
MARKER = re.compile(r"<!-- figure: (?P<id>[\w.\-]+) -->(?P<text>.*?)<!-- /figure -->", re.S)
N = 20_000  # episodes per arm for the documented figures
SEED = 0


@dataclass(frozen=True)
class Estimate:
    """A figure with its 95% interval, and how it is printed."""

    value: float
    lo: float
    hi: float
    kind: str  # "pct", "mean", "diff", "count", "share99"

    def text(self) -> str:
        if self.kind == "pct":
            return f"{100 * self.value:.1f}% ({100 * self.lo:.1f}–{100 * self.hi:.1f})"
        if self.kind == "diff":
            return f"{100 * self.value:+.1f} points ({100 * self.lo:+.1f} to {100 * self.hi:+.1f})"
        if self.kind == "count":
            return f"{self.value:.0f}"
        if self.kind == "share99":  # docs/theory.md's bridge: a share, its 99% Wilson interval
            return f"{self.value:.3f} ({self.lo:.3f}–{self.hi:.3f})"
        return f"{self.value:.2f} ({self.lo:.2f}–{self.hi:.2f})"


def parse_with_precision(text: str, kind: str) -> tuple[float, float]:
    """The point value of a quoted figure and half a unit of its last printed digit.

    A figure quoted as 0.26 stands for anything in [0.255, 0.265]; the drift check accepts it
    when that range meets the recomputed interval.
    """
    number = re.search(r"[-+]?\d+(?:\.(\d+))?", text.replace("−", "-"))
    if number is None:
        raise ValueError(f"no number in {text!r}")
    decimals = len(number.group(1) or "")
    value, half = float(number.group()), 0.5 * 10.0**-decimals
    scale = 100 if kind in ("pct", "diff") else 1
    return value / scale, half / scale


def wilson(k: int, n: int) -> Estimate:
    from brink.analysis.intervals import wilson as interval

    lo, hi = interval(k, n)
    return Estimate(k / n, lo, hi, "pct")


def mean(x: np.ndarray) -> Estimate:
    m = float(np.mean(x))
    half = 1.96 * float(np.std(x, ddof=1)) / math.sqrt(len(x))
    return Estimate(m, m - half, m + half, "mean")


def paired(a: np.ndarray, b: np.ndarray, kind: str = "diff") -> Estimate:
    d = np.asarray(b, dtype=float) - np.asarray(a, dtype=float)
    m = float(d.mean())
    half = 1.96 * float(d.std(ddof=1)) / math.sqrt(len(d))
    return Estimate(m, m - half, m + half, kind)


@cache
def columns(scenario: str, policy: str, n: int, overrides: tuple[str, ...] = ()) -> dict:
    import brink

    result = brink.run(scenario, [policy], episodes=n, seed=SEED, overrides=list(overrides))
    return result.columns[policy]


def share(scenario: str, policy: str, test: Callable[[dict], np.ndarray], *over: str):  # type: ignore[no-untyped-def]
    def compute(n: int) -> Estimate:
        cols = columns(scenario, policy, n, over)
        hits = test(cols)
        return wilson(int(np.count_nonzero(hits)), len(hits))

    return compute


def average(scenario: str, policy: str, name: str, *over: str):  # type: ignore[no-untyped-def]
    def compute(n: int) -> Estimate:
        return mean(np.asarray(columns(scenario, policy, n, over)[name], dtype=float))

    return compute


def contrast(  # type: ignore[no-untyped-def]
    scenario: str,
    policy: str,
    test,
    left: tuple[str, ...],
    right: tuple[str, ...],
    kind: str = "diff",
):
    def compute(n: int) -> Estimate:
        a = test(columns(scenario, policy, n, left))
        b = test(columns(scenario, policy, n, right))
        return paired(a.astype(float), b.astype(float), kind)

    return compute


GAME_DRAWS = 2000  # draws of a scenario's inputs at which the reduced game is solved


@cache
def _over_ranges(scenario: str):  # type: ignore[no-untyped-def]
    from brink.games.over_ranges import solve_over_ranges
    from brink.scenario.loader import load_scenario

    return solve_over_ranges(load_scenario(scenario), GAME_DRAWS, SEED)


def game_threat_share(scenario: str):  # type: ignore[no-untyped-def]
    """Share of draws whose headline equilibrium has a threat (`brink solve signalling
    --from-scenario S --draws 2000 --seed 0`)."""

    def compute(n: int) -> Estimate:
        result = _over_ranges(scenario)
        solved = result.draws - result.outside_domain
        return wilson(round(result.threat_share * solved), solved)

    return compute


def game_ambiguity(scenario: str):  # type: ignore[no-untyped-def]
    """Mean value of ambiguity for P(war) over the draws, with the mean's 95% interval."""

    def compute(n: int) -> Estimate:
        s = _over_ranges(scenario).ambiguity_p_war
        return Estimate(s.mean, s.mean_lo, s.mean_hi, "diff")

    return compute


def bridge(point: str, figure: str, policy: str = "challenger", **mapping: object):  # type: ignore[no-untyped-def]
    """A figure of the signalling bridge (docs/theory.md): the engine on the game's reduced
    instance at test point ``point`` (tests/bridge/bridge_instance.py), with a mapping changed
    by ``mapping``; ``figure`` names a count of ``Measured`` ("war", "threat",
    "threat_by_type.irresolute", "fight_by_type.resolute"). Its own N and seed, as documented."""

    def compute(n: int) -> Estimate:
        sys.path.insert(0, str(ROOT / "tests" / "bridge"))
        import bridge_instance as b

        changed = dict(mapping)
        if "tau_times" in changed:
            changed["tau"] = b.TAU * float(changed.pop("tau_times"))  # type: ignore[arg-type]
        game = b.reduced_game(b.game(**b.POINTS[point]))
        measured = b.measure(game, b.Mapping(**changed), episodes=n, seed=SEED, policy=policy)
        name, _, key = figure.partition(".")
        counts = getattr(measured, name)
        counts = counts[key] if key else counts
        lo, hi = counts.wilson()
        return Estimate(counts.share, lo, hi, "share99")

    return compute


def war(cols: dict) -> np.ndarray:
    return cols["outcome"] == "war"


def settled(cols: dict) -> np.ndarray:
    return cols["outcome"] == "settlement"


def faded(cols: dict) -> np.ndarray:
    return (cols["outcome"] == "unresolved") & np.asarray(cols["faded"], dtype=bool)


def war_by(cause: str) -> Callable[[dict], np.ndarray]:
    return lambda cols: (cols["outcome"] == "war") & (cols["war_cause"] == cause)


def backs_down(actor: str) -> Callable[[dict], np.ndarray]:
    return lambda cols: cols["capitulator"] == actor


def share_among(  # type: ignore[no-untyped-def]
    scenario: str, policy: str, test: Callable[[dict], np.ndarray], column: str, value: str
):
    """P(test) among the episodes whose `column` equals `value` (e.g. one leader type)."""

    def compute(n: int) -> Estimate:
        cols = columns(scenario, policy, n)
        among = np.asarray(cols[column]) == value
        hits = test(cols)[among]
        return wilson(int(np.count_nonzero(hits)), len(hits))

    return compute


def outcome_is(name: str) -> Callable[[dict], np.ndarray]:
    return lambda cols: cols["outcome"] == name


def war_kind(kind: str) -> Callable[[dict], np.ndarray]:
    return lambda cols: (cols["outcome"] == "war") & (cols["war_kind"] == kind)


def tests(cols: dict) -> np.ndarray:
    return np.asarray(cols["tests"], dtype=float)


K = "korea-2017"
C = "cuba-1962"
NOISE_OFF = ("perception.enabled=false", "accidents.enabled=false")
#: Every documented figure: id → computation(n). Ids in QUICK run in `make test`.
FIGURES: dict[str, Callable[[int], Estimate]] = {
    # Q1: does coercive pressure deter tests?
    "q1.patience.missile": average(K, "strategic-patience", "missile_tests"),
    "q1.pressure.missile": average(K, "maximum-pressure", "missile_tests"),
    "q1.freeze.missile": average(K, "freeze-for-freeze", "missile_tests"),
    "q1.pressure.nuclear": average(K, "maximum-pressure", "nuclear_tests"),
    # Q2: China's enforcement and whether sanctions bite only then.
    "q2.pressure.enforces": share(K, "maximum-pressure", lambda c: c["enforced_turns"] > 0),
    "q2.china.never-always.dprk-backs-down": contrast(
        K,
        "maximum-pressure",
        backs_down("DPRK"),
        ("actors.China.enforcement=never",),
        ("actors.China.enforcement=always",),
    ),
    # Q3: war and its causes.
    "q3.patience.war": share(K, "strategic-patience", war),
    "q3.pressure.war": share(K, "maximum-pressure", war),
    "q3.pressure.intent": share(K, "maximum-pressure", war_by("intent")),
    "q3.pressure.misperception": share(K, "maximum-pressure", war_by("misperception")),
    "q3.pressure.accident": share(K, "maximum-pressure", war_by("accident")),
    "q3.pressure.intent-noise-off": share(K, "maximum-pressure", war_by("intent"), *NOISE_OFF),
    # Q4: a direct channel.
    "q4.channel.war": contrast(K, "maximum-pressure", war, (), ("channels.us-dprk.enabled=true",)),
    "q4.channel.settlement": contrast(
        K, "maximum-pressure", settled, (), ("channels.us-dprk.enabled=true",)
    ),
    # Q5: pre-emption.
    "q5.strike.war": share(K, "preemptive-strike", war),
    "q5.strike.payoff": average(K, "preemptive-strike", "payoff_challenger"),
    "q5.patience.payoff": average(K, "strategic-patience", "payoff_challenger"),
    "q5.strike.consulted.war": contrast(
        K, "preemptive-strike", war, (), ("policies.preemptive-strike.consult_allies=true",)
    ),
    # Q6: freeze for freeze.
    "q6.freeze.settlement": share(K, "freeze-for-freeze", settled),
    "q6.pressure.settlement": share(K, "maximum-pressure", settled),
    # Q7: leaders' traits.
    "q7.ego.pressure.settlement": contrast(
        K, "maximum-pressure", settled, ("actors.US.traits.ego=0",), ("actors.US.traits.ego=1",)
    ),
    "q7.ego.pressure.tests": contrast(
        K,
        "maximum-pressure",
        tests,
        ("actors.US.traits.ego=0",),
        ("actors.US.traits.ego=1",),
        "mean",
    ),
    # Q8: allies.
    "q8.rok.cohesion.strike": average(K, "preemptive-strike", "cohesion"),
    # Q9: approval.
    "q9.pressure.approval": average(K, "maximum-pressure", "approval"),
    "q9.patience.approval": average(K, "strategic-patience", "approval"),
    "q9.approval-off.settlement": contrast(
        K, "maximum-pressure", settled, (), ("approval.enabled=false",)
    ),
    # Q10: calculated ambiguity — private resolve on against types known.
    "q10.ambiguity.war": contrast(
        K, "maximum-pressure", war, ("beliefs.private_resolve=false",), ()
    ),
    "q10.ambiguity.dprk-backs-down": contrast(
        K, "maximum-pressure", backs_down("DPRK"), ("beliefs.private_resolve=false",), ()
    ),
    # Q10 in the formal game, solved over the scenario's ranges.
    "q10.game.threat-share": game_threat_share(K),
    "q10.game.ambiguity.war": game_ambiguity(K),
    "cuba.game.ambiguity.war": game_ambiguity(C),
    "cuba.game.threat-share": game_threat_share(C),
    # cuba-1962.
    "cuba.quarantine.war": share(C, "quarantine", war),
    "cuba.quarantine.settlement": share(C, "quarantine", settled),
    "cuba.airstrike.war": share(C, "air-strike", war),
    "cuba.channel-off.war": contrast(
        C, "quarantine", war, (), ("channels.rfk-dobrynin.enabled=false",)
    ),
    # docs/scenarios/cuba-1962.md: the quarantine by Khrushchev's type; accidents off; the
    # back channel's effect on settlement. The per-policy table is added below the dict.
    "cuba.quarantine.accident": share(C, "quarantine", war_by("accident")),
    "cuba.quarantine.misperception": share(C, "quarantine", war_by("misperception")),
    "cuba.quarantine.intent": share(C, "quarantine", war_by("intent")),
    "cuba.accidents-off.war": share(C, "quarantine", war, "accidents.enabled=false"),
    "cuba.accidents-off.settlement": share(C, "quarantine", settled, "accidents.enabled=false"),
    "cuba.accidents-off.war-change": contrast(
        C, "quarantine", war, (), ("accidents.enabled=false",)
    ),
    "cuba.channel-off.settlement": contrast(
        C, "quarantine", settled, (), ("channels.rfk-dobrynin.enabled=false",)
    ),
    # docs/model.md, Limitations: empty threats recur in a standoff of daily turns.
    "cuba.quarantine.approval": average(C, "quarantine", "approval"),
    "cuba.quarantine.empty-threats": average(C, "quarantine", "empty_threats"),
    "q9.pressure.empty-threats": average(K, "maximum-pressure", "empty_threats"),
    # docs/theory.md, the bridge: the engine on the signalling game's reduced instance.
    "bridge.separating.war": bridge("separating", "war"),
    "bridge.resist.by-rule.war": bridge("resist", "war", "challenger-threatens"),
    "bridge.concede.by-rule.no-flow.war": bridge(
        "concede", "war", "challenger-threatens", status_quo_flow=False
    ),
    "bridge.resist.by-rule.tau10.fight": bridge(
        "resist", "fight_by_type.resolute", "challenger-threatens", tau_times=10
    ),
    "bridge.no-threat.kappa0.threat": bridge("no-threat", "threat", kappa=0.0),
    "bridge.separating.kappa0.threat-irresolute": bridge(
        "separating", "threat_by_type.irresolute", kappa=0.0
    ),
    # docs/model.md §17a: the held quarantine keeps every cuba-1962 crisis from fading.
    "cuba.fading.quarantine.faded": share(
        C, "quarantine", faded, "fading.enabled=true", "fading.calm_days=14"
    ),
    # A sensitivity, not a setting: each stage held a week, the bottom of the global range.
    "cuba.diplomacy.hold-7.settlement": share(C, "diplomacy", settled, "negotiation.hold_days=7"),
}
#: cuba-1962's built-in US policies against the default Khrushchev (the 75/25 mixture), and
#: the quarantine against each of his two types (docs/scenarios/cuba-1962.md).
CUBA_MEASURES: dict[str, Callable[[dict], np.ndarray]] = {
    "war": war,
    "nuclear": war_kind("nuclear"),
    "settlement": settled,
    "us-backs-down": backs_down("US"),
    "ussr-backs-down": backs_down("USSR"),
    "unresolved": outcome_is("unresolved"),
}
for _policy in (
    "do-nothing",
    "diplomacy",
    "turkey-trade",
    "quarantine",
    "air-strike",
    "invasion",
    "tit-for-tat",
    "blockade-table",
    "calculating",
):
    for _measure, _test in CUBA_MEASURES.items():
        # setdefault: the ids docs/questions.md already quotes keep their computation.
        _id = f"cuba.{_policy.replace('air-strike', 'airstrike')}.{_measure}"
        FIGURES.setdefault(_id, share(C, _policy, _test))
for _type in ("calculating", "defiant"):
    for _measure, _test in CUBA_MEASURES.items():
        FIGURES[f"cuba.quarantine.{_type}.{_measure}"] = share_among(
            C, "quarantine", _test, "opponent_type", f"khrushchev-{_type}"
        )
QUICK = ("q3.patience.war", "q1.pressure.missile", "cuba.quarantine.war")


def quoted() -> dict[str, list[tuple[Path, str]]]:
    """Every figure quoted in docs/: id → [(file, quoted text)]."""
    out: dict[str, list[tuple[Path, str]]] = {}
    for path in sorted(DOCS.rglob("*.md")):
        for match in MARKER.finditer(path.read_text(encoding="utf-8")):
            out.setdefault(match["id"], []).append((path, match["text"]))
    return out


def write(ids: list[str], n: int) -> None:
    values = {i: FIGURES[i](n) for i in ids}
    for path in sorted(DOCS.rglob("*.md")):
        text = path.read_text(encoding="utf-8")

        def fill(match: re.Match[str]) -> str:
            if match["id"] not in values:
                return match.group(0)
            return f"<!-- figure: {match['id']} -->{values[match['id']].text()}<!-- /figure -->"

        new = MARKER.sub(fill, text)
        if new != text:
            path.write_text(new, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")


def check(ids: list[str], n: int) -> int:
    where = quoted()
    failures = 0
    for figure in ids:
        estimate = FIGURES[figure](n)
        for path, text in where.get(figure, []):
            point, half = parse_with_precision(text, estimate.kind)
            ok = estimate.lo - half - 1e-9 <= point <= estimate.hi + half + 1e-9
            if estimate.kind == "count":
                ok = point == estimate.value
            status = "ok" if ok else "DRIFTED"
            failures += 0 if ok else 1
            print(
                f"{status:8} {figure}: quoted {text.strip()} in {path.relative_to(ROOT)}; "
                f"recomputed {estimate.text()} (N = {n:,}, seed {SEED})"
            )
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true")
    mode.add_argument("--check", action="store_true")
    mode.add_argument("--list", action="store_true")
    parser.add_argument("--quick", action="store_true", help="only the fast subset")
    args = parser.parse_args()
    where = quoted()
    unknown = sorted(set(where) - set(FIGURES))
    if unknown:
        print(f"docs quote figures no computation defines: {', '.join(unknown)}")
        return 1
    if args.list:
        for figure in FIGURES:
            places = ", ".join(str(p.relative_to(ROOT)) for p, _ in where.get(figure, []))
            print(f"{figure}: {places or 'not quoted'}")
        return 0
    ids = list(QUICK) if args.quick else [i for i in FIGURES if i in where or args.write]
    n = N  # the same N and seed as documented: the check is deterministic
    if args.write:
        write(ids, n)
        return 0
    failures = check(ids, n)
    print(f"{failures} figure(s) drifted out of their interval" if failures else "all figures hold")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
