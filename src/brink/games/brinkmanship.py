"""Brinkmanship with a shared risk and two-sided private resolve (after Powell 1987, 1988).

Formulation (documented in docs/theory.md). While neither side has given in, the crisis runs
a risk of disaster that neither controls: in "risk time" t, disaster strikes at hazard 1, so
the cumulative risk run by time t is R(t) = 1 − e^{−t}; a ladder step that carries risk r is
−ln(1 − r) units of risk time. Each side privately knows its type, drawn from a public prior;
a type has payoffs W (prevail), C (concede) and D (disaster), hence critical risk
ρ = (W − C)/(W − D). A strategy is the risk time at which to give in (a timing game: a war of
attrition in which waiting costs risk rather than money).

Equilibrium (the one without an initial rush to concede). Standing firm a moment longer gains
(W − C)·h_j dt if the other gives in (hazard h_j) and costs (C − D)·dt if disaster strikes, so a
type is willing to randomise only if the other side concedes at hazard h_j = 1/ρ − 1. Types give
in lowest-resolve first: while type θ_i is the "active" (marginal) type of side i, side j
concedes at hazard 1/ρ_i(θ_i) − 1, and vice versa. A phase ends when the active type's prior
mass has all given in; the top types of both sides are active for ever. By single crossing,
more resolved types strictly prefer to wait and less resolved ones to quit, so this is a
Bayesian equilibrium; the lowest type of each side gets exactly its concession payoff.
Outcome probabilities are integrals of piecewise-exponential functions, integrated in closed
form phase by phase.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

from brink.games.catalogue import PARAMS, SUMMARIES
from brink.games.spec import GameSpec, Solution, bad_param, fmt

GAME = "brinkmanship"


@dataclass(frozen=True)
class ResolveType:
    """One private type: prior probability and payoffs of prevailing, conceding, disaster."""

    name: str
    prior: float
    win: float
    concede: float
    disaster: float

    @property
    def rho(self) -> float:
        """Critical risk: the largest risk of disaster worth running to prevail for sure."""
        return (self.win - self.concede) / (self.win - self.disaster)


@dataclass(frozen=True)
class Phase:
    """A stretch of risk time with one active type per side and constant concession hazards."""

    start: float
    length: float  # math.inf for the last phase
    active: tuple[int, int]  # index (into each side's sorted types) of the marginal type
    hazard: tuple[float, float]  # concession hazard of side 0 and side 1
    survive: tuple[float, float]  # P(side has not yet given in) at the phase start


def _sorted(types: list[ResolveType]) -> list[ResolveType]:
    kept = [t for t in types if t.prior > 0]
    total = sum(t.prior for t in kept)
    return [
        ResolveType(t.name, t.prior / total, t.win, t.concede, t.disaster)
        for t in sorted(kept, key=lambda t: t.rho)
    ]


def phases(sides: tuple[list[ResolveType], list[ResolveType]]) -> list[Phase]:
    """The equilibrium concession schedule, phase by phase."""
    active = [0, 0]
    left = [sides[0][0].prior, sides[1][0].prior]  # mass of the active type not yet given in
    surv = [1.0, 1.0]
    t = 0.0
    out: list[Phase] = []
    while True:
        h = (1 / sides[1][active[1]].rho - 1, 1 / sides[0][active[0]].rho - 1)
        ends = []
        for i in (0, 1):
            last = active[i] == len(sides[i]) - 1
            if last or h[i] <= 0:
                ends.append(math.inf)
            else:
                ends.append(-math.log1p(-min(left[i] / surv[i], 1.0)) / h[i])
        dt = min(ends)
        out.append(Phase(t, dt, (active[0], active[1]), (h[0], h[1]), (surv[0], surv[1])))
        if math.isinf(dt):
            return out
        for i in (0, 1):
            if ends[i] == dt:
                surv[i] -= left[i]
                active[i] += 1
                left[i] = sides[i][active[i]].prior
            else:
                gone = surv[i] * -math.expm1(-h[i] * dt)
                surv[i] -= gone
                left[i] -= gone
        t += dt


Terms = list[tuple[float, float]]  # sum of coef · e^{−rate·s} on a phase, s from its start


def _phase_terms(
    sides: tuple[list[ResolveType], list[ResolveType]],
    ph: Phase,
    i: int,
    k: int,
) -> tuple[Terms, Terms]:
    """(S, f) for type k of side i on phase ph, as sums of exponentials.

    S(s) is the chance the type still stands, f(s) its density of giving in. Only the active
    type moves: S = (G_i(s) − mass above)/prior with G_i(s) = G_i·e^{−h_i s}; f = h_i·G_i(s)/prior.
    """
    a = ph.active[i]
    if k > a:
        return [(1.0, 0.0)], []
    if k < a:
        return [], []
    prior = sides[i][a].prior
    mass_above = sum(t.prior for t in sides[i][a + 1 :])
    h, g = ph.hazard[i], ph.survive[i]
    return [(g / prior, h), (-mass_above / prior, 0.0)], [(h * g / prior, h)]


def _integral(x: Terms, y: Terms, start: float, length: float) -> float:
    """Exactly ∫_0^L e^{−(start+s)} x(s) y(s) ds for sums of exponentials x, y."""
    total = 0.0
    for cx, rx in x:
        for cy, ry in y:
            kappa = 1.0 + rx + ry
            part = 1 / kappa if math.isinf(length) else -math.expm1(-kappa * length) / kappa
            total += cx * cy * part
    return math.exp(-start) * total


def pair_outcomes(
    sides: tuple[list[ResolveType], list[ResolveType]], schedule: list[Phase]
) -> np.ndarray:
    """P(side 0 prevails), P(side 1 prevails), P(disaster) for every pair of (sorted) types.

    Shape (n0, n1, 3). With S_i(t | θ) the chance type θ has not given in by t and f_i its
    density: P(0 prevails) = ∫ e^{−t} f_1 S_0 dt, P(disaster) = ∫ e^{−t} S_0 S_1 dt. On each
    phase these are sums of exponentials, integrated in closed form.
    """
    n0, n1 = len(sides[0]), len(sides[1])
    out = np.zeros((n0, n1, 3))
    for ph in schedule:
        terms0 = [_phase_terms(sides, ph, 0, k) for k in range(n0)]
        terms1 = [_phase_terms(sides, ph, 1, k) for k in range(n1)]
        for k0, (s0, f0) in enumerate(terms0):
            for k1, (s1, f1) in enumerate(terms1):
                out[k0, k1, 0] += _integral(f1, s0, ph.start, ph.length)
                out[k0, k1, 1] += _integral(f0, s1, ph.start, ph.length)
                out[k0, k1, 2] += _integral(s0, s1, ph.start, ph.length)
    return out


def solve_types(side_a: list[ResolveType], side_b: list[ResolveType], r: float = 0.05) -> dict:
    """Solve the game for arbitrary finite type lists; ``r`` converts risk time into steps."""
    sides = (_sorted(side_a), _sorted(side_b))
    schedule = phases(sides)
    pairs = pair_outcomes(sides, schedule)
    pri = [np.array([t.prior for t in s]) for s in sides]
    joint = np.outer(pri[0], pri[1])
    p_dis = float(np.sum(joint * pairs[:, :, 2]))
    p_a, p_b = float(np.sum(joint * pairs[:, :, 0])), float(np.sum(joint * pairs[:, :, 1]))
    less = 0.0
    for i, ta in enumerate(sides[0]):
        for j, tb in enumerate(sides[1]):
            if ta.rho < tb.rho:
                less += joint[i, j] * pairs[i, j, 0]
            elif tb.rho < ta.rho:
                less += joint[i, j] * pairs[i, j, 1]
    types = []
    for side, label in ((0, "A"), (1, "B")):
        other = pri[1 - side]
        for k, t in enumerate(sides[side]):
            rows = pairs[k, :, :] if side == 0 else pairs[:, k, :]
            prevail = float(other @ rows[:, side])
            lose = float(other @ rows[:, 1 - side])
            war = float(other @ rows[:, 2])
            span = [ph for ph in schedule if ph.active[side] == k]
            lo = span[0].start if span else 0.0
            hi = span[-1].start + span[-1].length if span else 0.0
            types.append(
                {
                    "side": label,
                    "type": t.name,
                    "prior": t.prior,
                    "rho": t.rho,
                    "p_disaster": war,
                    "p_prevail": prevail,
                    "p_concede": lose,
                    "expected_payoff": t.win * prevail + t.concede * lose + t.disaster * war,
                    "gives_in_between_risk": [-math.expm1(-lo), -math.expm1(-hi)],
                }
            )
    step = -math.log1p(-r)
    return {
        "p_disaster": p_dis,
        "p_a_prevails": p_a,
        "p_b_prevails": p_b,
        "p_less_resolved_prevails": less,
        "mean_steps": p_dis / step,
        "types": types,
        "banks_monotone": _monotone(types),
        "phases": [
            {
                "start_risk": -math.expm1(-ph.start),
                "end_risk": -math.expm1(-(ph.start + ph.length)),
                "active": [sides[0][ph.active[0]].name, sides[1][ph.active[1]].name],
                "hazard_a": ph.hazard[0],
                "hazard_b": ph.hazard[1],
            }
            for ph in schedule
        ],
    }


def _monotone(types: list[dict], tol: float = 1e-9) -> bool:
    """Banks 1990: P(disaster | type) and expected payoff weakly increase with resolve."""
    for label in ("A", "B"):
        rows = sorted((t for t in types if t["side"] == label), key=lambda t: t["rho"])
        for lo, hi in itertools.pairwise(rows):
            if hi["p_disaster"] < lo["p_disaster"] - tol:
                return False
            if hi["expected_payoff"] < lo["expected_payoff"] - tol:
                return False
    return True


def _side(params: dict[str, float], s: str) -> list[ResolveType]:
    w, c, pi = params[f"win_{s}"], params[f"concede_{s}"], params[f"pi_{s}"]
    return [
        ResolveType("low", 1 - pi, w, c, params[f"disaster_{s}_low"]),
        ResolveType("high", pi, w, c, params[f"disaster_{s}_high"]),
    ]


def check(params: dict[str, float]) -> None:
    """Each type must rank prevail > concede > disaster; the 'high' type fears disaster less."""
    for s in ("a", "b"):
        if not params[f"win_{s}"] > params[f"concede_{s}"]:
            raise bad_param(GAME, f"win_{s}", f"win_{s} > concede_{s}", params)
        for kind in ("low", "high"):
            name = f"disaster_{s}_{kind}"
            if not params[name] < params[f"concede_{s}"]:
                raise bad_param(GAME, name, f"{name} < concede_{s}", params)
        if params[f"disaster_{s}_high"] < params[f"disaster_{s}_low"]:
            raise bad_param(
                GAME,
                f"disaster_{s}_high",
                f"disaster_{s}_high >= disaster_{s}_low (the high-resolve type "
                "fears disaster less)",
                params,
            )


def solve(params: dict[str, float]) -> Solution:
    """Two types per side from the CLI parameters; see :func:`solve_types` for the general case."""
    data = solve_types(_side(params, "a"), _side(params, "b"), params["r"])
    by = {(t["side"], t["type"]): t for t in data["types"]}
    lines = [
        "Critical risks ρ = (U(win) − U(concede))/(U(win) − U(disaster)): "
        + "; ".join(
            f"{s} {k}-resolve {fmt(by[(s, k)]['rho'])}" for s in ("A", "B") for k in ("low", "high")
        )
        + ".",
        "Neither side knows the other's resolve, so both stand firm and let the risk mount; "
        "each gives in at a random moment, the less resolved types first. Each side concedes "
        "just fast enough to keep the other's marginal type indifferent (hazard 1/ρ − 1 per "
        "unit of risk).",
        f"The crisis ends in disaster with probability {fmt(data['p_disaster'])}; it lasts "
        f"{fmt(data['mean_steps'])} steps on average (each step a risk r = {fmt(params['r'])}). "
        f"A prevails with probability {fmt(data['p_a_prevails'])}, "
        f"B with {fmt(data['p_b_prevails'])}.",
        f"The less resolved side still prevails with probability "
        f"{fmt(data['p_less_resolved_prevails'])}: it cannot know it is the weaker (Powell).",
        "More resolved types run more risk and do better (Banks): "
        + "; ".join(
            f"{s} P(disaster) {fmt(by[(s, 'low')]['p_disaster'])} → "
            f"{fmt(by[(s, 'high')]['p_disaster'])}, payoff "
            f"{fmt(by[(s, 'low')]['expected_payoff'])} → "
            f"{fmt(by[(s, 'high')]['expected_payoff'])}"
            for s in ("A", "B")
        )
        + f" (monotone: {'yes' if data['banks_monotone'] else 'NO'}).",
    ]
    data["critical_risk"] = {s: {k: by[(s, k)]["rho"] for k in ("low", "high")} for s in ("A", "B")}
    return Solution(GAME, params, data, lines)


SPECS = (
    GameSpec(
        name=GAME,
        summary=SUMMARIES["brinkmanship"],
        params=PARAMS["brinkmanship"],
        solve=solve,
        check=check,
    ),
)
