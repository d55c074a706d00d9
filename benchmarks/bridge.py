"""The bridge between the signalling game and the engine: prints docs/theory.md's table.

For each test point (tests/bridge/bridge_instance.py, POINTS) the game is read off the reduced
engine instance by brink.games.from_scenario and solved exactly; the engine plays the instance
(N episodes, seed S, no calibration) with the strategic challenger and, separately, with a
threat made by the doctrine on turn 1 (the game's continuation at the prior belief). Each
engine figure is shown with its 99% Wilson interval; a row says which of the game's perfect
Bayesian equilibria every measured figure agrees with (interval widened by the tolerance
computed from τ), or "none". A second table runs deliberately wrong mappings; a third the
instance with ``war.ceasefire_share`` 0.35, against the game the reduction reads off it and
the game read as if wars were decisive. Run:

    python benchmarks/bridge.py [--episodes N] [--seed S]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "bridge"))

import bridge_instance as b

from brink.games.signalling import analyse

SHORT = {
    "pooling: both threaten": "pool-threat",
    "pooling: no threat": "pool-none",
    "separating": "separating",
    "separating (reverse)": "sep-reverse",
    "semi-separating (irresolute mixes)": "semi-sep",
    "semi-separating (resolute mixes)": "semi-sep-res",
    "semi-separating (both mix)": "semi-sep-both",
}
WRONG = [
    ("concede", b.STRATEGIC, "v_c and v_d swapped", b.Mapping(swap_stakes=True)),
    ("concede", b.FORCED, "no status-quo flow (plain payoffs)", b.Mapping(status_quo_flow=False)),
    ("resist", b.FORCED, "tau x 10 (0.05)", b.Mapping(tau=10 * b.TAU)),
    ("no-threat", b.STRATEGIC, "no tie-break (kappa = 0)", b.Mapping(kappa=0.0)),
    ("separating", b.STRATEGIC, "no tie-break (kappa = 0)", b.Mapping(kappa=0.0)),
]
#: Runs of the instance with war.ceasefire_share 0.35, against the game the reduction reads
#: off it and the game read as if wars were decisive (the reduction before it read the share).
CEASEFIRE_RUNS = [
    ("ceasefire", b.STRATEGIC),
    ("ceasefire", b.FORCED),
    ("tied-hands", b.FORCED),
    ("concede", b.FORCED),
    ("resist", b.FORCED),
]


def share(c: b.Counts, total: int | None = None) -> str:
    """A share with its 99% Wilson interval (and its denominator when it is conditional)."""
    if c.among == 0:
        return "n/a (n = 0)"
    lo, hi = c.wilson()
    among = "" if c.among == total else f", n = {c.among}"
    return f"{num(c.share)} ({num(lo)}-{num(hi)}{among})"


def num(x: float) -> str:
    if 0 < x < 0.001:
        return f"{x:.1e}"
    return f"{x:.4f}" if x < 0.01 or 0.99 < x < 1 else f"{x:.3f}"


def label_of(figure: str) -> str:
    """A figure's name without the bar, which would split a Markdown table's cell."""
    return figure.replace(" | ", " given ")


def agrees(checks: list[b.Check]) -> bool:
    measured = [c for c in checks if c.measured]
    return bool(measured) and all(c.ok for c in measured)


def game_row(eq: dict, g: b.SignallingGame) -> str:
    p = b.equilibrium_prediction(g, eq).figures
    concede = f"{p['P(concede | threat)']:.2f}" if "P(concede | threat)" in p else "-"
    return (
        f"{SHORT.get(eq['kind'], eq['kind'])}: threat {p['P(threat)']:.2f} "
        f"(res {p['P(threat | resolute)']:.2f}, irr {p['P(threat | irresolute)']:.2f}), "
        f"concede {concede}, war {p['P(war)']:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    n, seed = args.episodes, args.seed
    print(f"bridge: N = {n} episodes per run, seed {seed}, tau = {b.TAU}, kappa = {b.KAPPA}")
    print()
    print("| point | game's equilibria (* headline) | engine, strategic challenger | agrees with |")
    print("|---|---|---|---|")
    for point, params in b.POINTS.items():
        g = b.reduced_game(b.game(**params))
        data = analyse(g)
        eqs = data["equilibria"]
        head = data["selected"]
        m = b.measure(g, episodes=n, seed=seed)
        matched = [
            SHORT.get(e["kind"], e["kind"]) + ("*" if e is head else "")
            for e in eqs
            if agrees(b.compare(b.equilibrium_prediction(g, e), m, b.TAU))
        ]
        games = "; ".join(("*" if e is head else "") + game_row(e, g) for e in eqs)
        engine = (
            f"threat {share(m.threat, n)} (res {share(m.threat_by_type['resolute'])}, irr "
            f"{share(m.threat_by_type['irresolute'])}; war at once {share(m.war_at_once, n)}), "
            f"concede {share(m.concede)}, war {share(m.war, n)}"
        )
        print(f"| {point} | {games} | {engine} | {', '.join(matched) or 'none'} |")
    print()
    print(
        "| point | game after a threat at belief pi | engine, threat by rule on turn 1 | agrees |"
    )
    print("|---|---|---|---|")
    for point, params in b.POINTS.items():
        g = b.reduced_game(b.game(**params))
        if g.war_c("resolute") > 0:
            continue  # the resolute type attacks before the defender answers (see the docs)
        pred = b.continuation_prediction(g)
        m = b.measure(g, episodes=n, seed=seed, policy=b.FORCED)
        checks = b.compare(pred, m, b.TAU)
        game_text = ", ".join(f"{label_of(k)} {v:.2f}" for k, v in pred.figures.items())
        engine = (
            f"concede {share(m.concede, n)}, fight res {share(m.fight_by_type['resolute'])}, "
            f"irr {share(m.fight_by_type['irresolute'])}, war {share(m.war, n)}"
        )
        print(f"| {point} | {game_text} | {engine} | {'yes' if agrees(checks) else 'no'} |")
    print()
    print("Wrong mappings (the game is the right one; the tolerance is tau = 0.005's):")
    print()
    print("| point | run | mapping | failing figures (game vs engine) |")
    print("|---|---|---|---|")
    for point, policy, label, wrong in WRONG:
        g = b.reduced_game(b.game(**b.POINTS[point]))
        if policy == b.FORCED:
            pred = b.continuation_prediction(g)
        else:
            pred = b.equilibrium_prediction(g, b.analyse_selected(g))
        checks = b.compare(pred, b.measure(g, wrong, episodes=n, seed=seed, policy=policy), b.TAU)
        bad = [
            f"{label_of(c.figure)} {c.game:.2f} vs {num(c.engine)} ({num(c.lo)}-{num(c.hi)})"
            for c in checks
            if c.measured and not c.ok
        ]
        run = "strategic" if policy == b.STRATEGIC else "threat by rule"
        print(f"| {point} | {run} | {label} | {'; '.join(bad) or 'NONE (the test would pass)'} |")
    print()
    ceasefire_table(n, seed)


def ceasefire_table(n: int, seed: int) -> None:
    """The instance with war.ceasefire_share 0.35: the game the reduction reads off it, and
    whether the engine agrees with it and with the game read as if wars were decisive."""
    print("The reduction reads war.ceasefire_share (0.35 written into the instance):")
    print()
    print("| point | run | game read with the share | engine | agrees (with / without) |")
    print("|---|---|---|---|---|")
    for point, policy in CEASEFIRE_RUNS:
        g0 = b.game(**(b.CEASEFIRE_POINT if point == "ceasefire" else b.POINTS[point]))
        g = b.reduced_game(g0, b.CEASEFIRE)
        m = b.measure(g0, b.CEASEFIRE, episodes=n, seed=seed, policy=policy)
        verdicts = []
        for game in (g, g0):
            if policy == b.FORCED:
                pred = b.continuation_prediction(game)
            else:
                pred = b.equilibrium_prediction(game, b.analyse_selected(game))
            checks = b.compare(pred, m, b.TAU)
            tol = checks[0].tolerance if checks else 0.0
            verdicts.append(("yes" if agrees(checks) else "no") + f" (tol {tol:.2g})")
        if policy == b.FORCED:
            figures = b.continuation_prediction(g).figures
            text = ", ".join(f"{label_of(k)} {v:.2f}" for k, v in figures.items())
            engine = (
                f"concede {share(m.concede, n)}, fight res {share(m.fight_by_type['resolute'])}, "
                f"irr {share(m.fight_by_type['irresolute'])}, war {share(m.war, n)}"
            )
        else:
            text = "*" + game_row(b.analyse_selected(g), g)
            engine = (
                f"threat {share(m.threat, n)}, concede {share(m.concede)}, war {share(m.war, n)}"
            )
        run = "strategic" if policy == b.STRATEGIC else "threat by rule"
        params = f"p {g.p:.3g}, c_d {g.c_d:.3g}"
        print(f"| {point} | {run} | {params}: {text} | {engine} | {' / '.join(verdicts)} |")
    g0 = b.game(**b.CEASEFIRE_POINT)
    m = b.measure(g0, episodes=n, seed=seed)
    matched = [
        SHORT.get(e["kind"], e["kind"])
        for e in analyse(g0)["equilibria"]
        if agrees(b.compare(b.equilibrium_prediction(g0, e), m, b.TAU))
    ]
    print()
    print(
        f"ceasefire with decisive wars (share 0), strategic: headline "
        f"{SHORT[b.analyse_selected(g0)['kind']]}; engine threat {share(m.threat, n)}, "
        f"war {share(m.war, n)}; agrees with {', '.join(matched) or 'none'}"
    )


if __name__ == "__main__":
    main()
