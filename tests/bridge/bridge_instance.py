"""The signalling game's reduced engine instance: the mapping, the run and the comparison.

``FIXTURE`` (signalling-bridge.yaml) is the crisis signalling game (brink.games.signalling) as
an engine scenario; :func:`overrides` writes a game's parameters into it as ``--set``
assignments (the mapping, documented in docs/theory.md, "The bridge"), and
:func:`reduced_game` reads the game back with ``brink.games.from_scenario`` (the mapping's
inverse, the very reduction ``brink solve signalling --from-scenario`` uses). :func:`measure`
runs the engine on the instance and reads off what the game predicts: who threatens on turn 1,
whether the defender concedes on turn 2, whether the crisis ends in war. :func:`compare`
checks each engine figure against the equilibrium's within its 99% Wilson interval plus a
tolerance computed from the decision temperature τ.

Used by tests/bridge/test_bridge.py and benchmarks/bridge.py (which prints the table).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from brink.analysis.intervals import wilson
from brink.engine.batch import resolve_matchup, run_batch
from brink.games.from_scenario import core_from_scenario, reduce_to_game
from brink.games.signalling import TYPES, SignallingGame, analyse, best_replies
from brink.scenario.loader import LoadedScenario, load

FIXTURE = Path(__file__).with_name("signalling-bridge.yaml")
#: Decision temperature: utility gaps at the test points are >= 0.05 stakes, so a logit choice
#: strays from the best response with probability <= exp(-0.05 / 0.005) = 4.5e-5 per
#: alternative.
TAU = 0.005
#: Tie-break cost of a threat (stakes units): the engine's challenger values a threat one step
#: ahead and does not price the audience cost of backing down later, so when it expects no
#: concession a threat and silence tie; kappa breaks the tie the way the game's bluffer would
#: (docs/theory.md, "The bridge"). Small against every payoff gap, large against TAU.
KAPPA = 0.05
#: z for a two-sided 99% interval.
Z99 = 2.5758293035489004
STRATEGIC = "challenger"
FORCED = "challenger-threatens"


@dataclass(frozen=True)
class Mapping:
    """How the game's parameters are written into the fixture (the constants of the map)."""

    tau: float = TAU
    kappa: float = KAPPA
    discount_rate: float = 1.0
    #: The defender holds the issue in the status quo (a flow worth v_d over the horizon,
    #: lost by conceding), as the game's normalisation has it. False: the plain reading of
    #: the game's payoffs (status quo 0, conceding -v_d as a capitulation payoff), with which
    #: the engine's war, (1 - p)·v_d - c_d, is worth v_d more to the defender than the
    #: game's -p·v_d - c_d — a wrong mapping.
    status_quo_flow: bool = True
    swap_stakes: bool = False  # a deliberately wrong mapping (v_c and v_d exchanged)
    calibration: str = "none"
    #: Further ``--set`` assignments, after the mapping's (e.g. an engine setting the
    #: reduction does not read, to show that it matters).
    extra: tuple[str, ...] = ()


def overrides(g: SignallingGame, m: Mapping = Mapping()) -> list[str]:
    """``--set`` assignments that make the fixture the game ``g``."""
    v_c, v_d = (g.v_d, g.v_c) if m.swap_stakes else (g.v_c, g.v_d)
    share = g.c_res / g.c_irr if g.c_irr > 0 else 1.0
    return [
        f"actors.C.resolve_prior={g.pi!r}",
        f"actors.C.stakes={v_c!r}",
        f"actors.C.payoffs.capitulation.D={v_c!r}",
        f"actors.C.war_cost={g.c_irr!r}",
        f"beliefs.resolute_war_cost={share!r}",
        f"actors.C.strength={g.p!r}",
        f"actors.D.strength={1.0 - g.p!r}",
        f"actors.C.audience_cost={g.a!r}",
        f"actors.D.stakes={v_d!r}",
        f"actors.D.war_cost={g.c_d!r}",
        f"actors.D.capability_value={(v_d * m.discount_rate if m.status_quo_flow else 0.0)!r}",
        f"actors.D.payoffs.capitulation.D={(0.0 if m.status_quo_flow else -v_d)!r}",
        f"decision.discount_rate={m.discount_rate!r}",
        f"decision.temperature={m.tau!r}",
        f"actions.threaten.cost={m.kappa!r}",
        *m.extra,
    ]


def load_instance(g: SignallingGame, m: Mapping = Mapping()) -> LoadedScenario:
    """The fixture with the game written in (a LoadedScenario)."""
    return load(str(FIXTURE), tuple(overrides(g, m)), calibration=m.calibration)


def reduced_game(g: SignallingGame, m: Mapping = Mapping()) -> SignallingGame:
    """The game from_scenario reads off the instance (the game the engine is compared with)."""
    return reduce_to_game(core_from_scenario(load_instance(g, m).scenario))


@dataclass
class Counts:
    """Events and the episodes they are counted among."""

    hits: int
    among: int

    @property
    def share(self) -> float:
        return self.hits / self.among if self.among else float("nan")

    def wilson(self, z: float = Z99) -> tuple[float, float]:
        """Wilson score interval of the share (exact at the ends)."""
        return wilson(self.hits, self.among, z)


@dataclass
class Measured:
    """What the engine did on the instance (counts over episodes)."""

    threat: Counts  # turn 1: the challenger escalates (threatens, or goes to war at once)
    threat_by_type: dict[str, Counts]
    war_at_once: Counts  # turn 1: war without a threat first
    concede: Counts  # turn 2: the defender concedes, among turn-1 threats
    fight_by_type: dict[str, Counts]  # turn 3: war, among threats the defender resisted
    war: Counts  # the episode ends in war
    belief_after_threat: float  # the defender's mean belief after a turn-1 threat


def measure(
    g: SignallingGame,
    m: Mapping = Mapping(),
    episodes: int = 4000,
    seed: int = 0,
    policy: str = STRATEGIC,
) -> Measured:
    """Run the engine on the instance and count the game's moves turn by turn."""
    loaded = load_instance(g, m)
    scenario = loaded.scenario
    table = scenario.actions
    index = {a.id: i for i, a in enumerate(table)}
    c, d = 0, 1  # actors in file order: C, D
    moves: dict[int, np.ndarray] = {}
    beliefs: dict[int, np.ndarray] = {}

    def keep(crisis, record):  # type: ignore[no-untyped-def]
        moves[record.turn] = record.action.copy()
        beliefs[record.turn] = record.belief[:, d, c].copy()

    matchup = resolve_matchup(scenario, policy)
    cols = run_batch(
        scenario, matchup, seed, np.arange(episodes), np.zeros(episodes, dtype=np.int64), None, keep
    ).columns
    resolute = cols["resolute_challenger"].astype(bool)
    first = moves[1][:, c]
    escalated = (first == index["threaten"]) | (first == index["war"])
    threatened = first == index["threaten"]
    ended_1 = first == index["war"]
    none = np.full((episodes, 2), -1)
    second = moves.get(2, none)
    conceded = threatened & (second[:, d] == index["concede"])
    resisted = threatened & (second[:, d] == index["resist"])
    # A war is a state that runs its course: the challenger's war move of turn 3 fights back
    # a resistance only if it did not start the war on turn 2, before the answer came.
    third = moves.get(3, none)[:, c]
    answered = resisted & (second[:, c] != index["war"])
    fought = answered & (third == index["war"])
    war = cols["outcome"] == "war"
    type_mask = {"resolute": resolute, "irresolute": ~resolute}
    belief = float(beliefs[1][threatened].mean()) if threatened.any() else float("nan")
    return Measured(
        threat=Counts(int(escalated.sum()), episodes),
        threat_by_type={
            t: Counts(int((escalated & mask).sum()), int(mask.sum()))
            for t, mask in type_mask.items()
        },
        war_at_once=Counts(int(ended_1.sum()), episodes),
        concede=Counts(int(conceded.sum()), int(threatened.sum())),
        fight_by_type={
            t: Counts(int((fought & mask).sum()), int((answered & mask).sum()))
            for t, mask in type_mask.items()
        },
        war=Counts(int(war.sum()), episodes),
        belief_after_threat=belief,
    )


@dataclass
class Prediction:
    """What the game says the engine should show, with the utility gaps behind each choice."""

    label: str
    figures: dict[str, float]
    gaps: list[float] = field(default_factory=list)


def equilibrium_prediction(g: SignallingGame, eq: dict) -> Prediction:
    """The figures of one perfect Bayesian equilibrium (the strategic challenger)."""
    s = {"resolute": eq["threat_resolute"], "irresolute": eq["threat_irresolute"]}
    r = eq["resist"]
    figures = {
        "P(threat)": g.pi * s["resolute"] + (1 - g.pi) * s["irresolute"],
        "P(threat | resolute)": s["resolute"],
        "P(threat | irresolute)": s["irresolute"],
        "P(war)": eq["p_war"],
    }
    if figures["P(threat)"] > 0:
        figures["P(concede | threat)"] = 1 - r
    mu = eq["belief_after_threat"][0]
    gaps = [abs(g.war_c(t) + g.a) for t in TYPES]
    if figures["P(threat)"] > 0 and r in (0.0, 1.0):  # (a mixing defender is indifferent)
        gaps.append(abs(g.resist_gain(mu)))
    for t in TYPES:  # turn 1: threaten (or war at once) against silence, which kappa tips
        if 0 < s[t] < 1:
            continue  # a mixing type is indifferent: no gap, and no bound from one
        gaps.append(abs(g.threat_value(t, r)) if s[t] > 0 else KAPPA)
        if g.war_c(t) > 0:
            gaps.append(g.war_c(t))
    return Prediction(eq["kind"], figures, gaps)


def continuation_prediction(g: SignallingGame) -> Prediction:
    """After a threat its type did not choose (the doctrine's opening), the defender's belief
    stays at the prior: the game's last two moves by sequential rationality at belief pi."""
    lo, hi = best_replies(g, g.pi)
    if lo != hi:
        raise ValueError("the defender is indifferent at the prior: a knife edge")
    r = lo
    figures = {
        "P(concede | threat)": 1 - r,
        "P(war)": r * g.p_fight(g.pi),
    }
    for t in TYPES:
        if r > 0:
            figures[f"P(fight | resisted, {t})"] = float(g.fights(t))
    gaps = [abs(g.war_c(t) + g.a) for t in TYPES] + [abs(g.resist_gain(g.pi))]
    return Prediction("continuation after a threat (belief = prior)", figures, gaps)


def engine_figures(measured: Measured) -> dict[str, Counts]:
    """The engine's counts under the names the predictions use."""
    out = {
        "P(threat)": measured.threat,
        "P(threat | resolute)": measured.threat_by_type["resolute"],
        "P(threat | irresolute)": measured.threat_by_type["irresolute"],
        "P(war)": measured.war,
        "P(concede | threat)": measured.concede,
    }
    for t in TYPES:
        out[f"P(fight | resisted, {t})"] = measured.fight_by_type[t]
    return out


def tau_tolerance(prediction: Prediction, tau: float, decisions: int = 3) -> float:
    """How far the logit's finite τ can move a figure from best-response play: each of the
    ``decisions`` moves on the path strays with probability at most (alternatives) ×
    exp(-gap / τ), gap the smallest utility gap between the best move and another (at most
    three alternatives per move)."""
    gap = min(prediction.gaps) if prediction.gaps else 0.0
    return min(1.0, decisions * 3 * math.exp(-gap / tau))


@dataclass
class Check:
    """One figure: the game's value, the engine's share and interval, and the verdict."""

    figure: str
    game: float
    engine: float
    lo: float
    hi: float
    n: int
    tolerance: float

    @property
    def measured(self) -> bool:
        """The engine produced episodes to count this figure on."""
        return self.n > 0

    @property
    def ok(self) -> bool:
        return self.measured and self.lo - self.tolerance <= self.game <= self.hi + self.tolerance


def compare(prediction: Prediction, measured: Measured, tau: float) -> list[Check]:
    """Each predicted figure against the engine's (99% Wilson interval + τ tolerance)."""
    tol = tau_tolerance(prediction, tau)
    engine = engine_figures(measured)
    checks = []
    for name, value in prediction.figures.items():
        counts = engine[name]
        lo, hi = counts.wilson()
        checks.append(Check(name, value, counts.share, lo, hi, counts.among, tol))
    return checks


def pick(g: SignallingGame, kind: str) -> dict:
    """The game's equilibrium of the given kind (the solver's own list)."""
    found = [e for e in analyse(g)["equilibria"] if e["kind"] == kind]
    if len(found) != 1:
        raise ValueError(f"expected one {kind!r} equilibrium, found {len(found)}")
    return found[0]


#: The test points (game parameters), each a distinct equilibrium shape; docs/theory.md's
#: bridge table is printed from them by benchmarks/bridge.py.
POINTS: dict[str, dict[str, float]] = {
    # pi > phi = 3/4, the resolute type fights (-0.1 >= -a), the irresolute does not.
    "concede": dict(pi=0.9, v_c=1.2, v_d=0.6, p=0.5, c_res=0.7, c_irr=1.4, c_d=0.5, a=0.3),
    # Neither type would fight (p v_c - c_res = -0.3 < -a): nobody threatens.
    "no-threat": dict(pi=0.4, v_c=0.6, v_d=1.2, p=0.5, c_res=0.6, c_irr=1.2, c_d=1.2, a=0.1),
    # phi > 1 (the defender prefers war to conceding), the resolute type prefers war to the
    # status quo (p v_c - c_res = 0.3 > 0): only it threatens, and fights.
    "separating": dict(pi=0.5, v_c=1.0, v_d=1.2, p=0.5, c_res=0.2, c_irr=1.2, c_d=0.3, a=0.3),
    # pi < phi: the defender resists a threat it cannot read; the game's headline equilibrium
    # is semi-separating (bluffs), which the strategic decider does not reproduce.
    "resist": dict(pi=0.4, v_c=0.6, v_d=1.2, p=0.5, c_res=0.4, c_irr=1.2, c_d=1.2, a=0.3),
    # Tied hands: both types would fight (a = 0.95 > 0.9), the defender concedes to any threat.
    "tied-hands": dict(pi=0.4, v_c=0.6, v_d=1.2, p=0.5, c_res=0.4, c_irr=1.2, c_d=1.2, a=0.95),
    # Neither type would fight, but pi > phi: the look-ahead expects a concession.
    "empty-threats": dict(pi=0.8, v_c=0.6, v_d=1.2, p=0.5, c_res=0.6, c_irr=1.2, c_d=1.2, a=0.1),
}


#: The shipped ``war.ceasefire_share`` (ICB): written into the instance, the reduction reads it
#: (p = (1 − share)·P(prevail), the defender's war cost + share·v_d), so the game changes.
CEASEFIRE = Mapping(extra=("war.ceasefire_share=0.35",))
#: A point whose headline equilibrium the ceasefire share changes into one the strategic
#: decider plays: with decisive wars pi < phi = 0.86 (semi-separating bluffs, or no threat);
#: with the share, war is worth less to the defender (phi = 0.75 < pi) and the resolute type
#: still fights (0.325 - 0.6 >= -0.5): both types threaten and the defender concedes.
CEASEFIRE_POINT: dict[str, float] = dict(
    pi=0.8, v_c=1.0, v_d=1.2, p=0.5, c_res=0.6, c_irr=1.4, c_d=0.8, a=0.5
)


def analyse_selected(g: SignallingGame) -> dict:
    """The solver's headline equilibrium (intuitive, non-degenerate, most threats)."""
    return analyse(g)["selected"]


def game(**params: float) -> SignallingGame:
    """A signalling game from keyword parameters (the CLI names)."""
    return SignallingGame(**params)
