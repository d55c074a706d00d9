"""Crisis signalling with private resolve and audience costs (Fearon 1994, 1997; Schultz 2001).

Moves. Nature makes the challenger resolute (prior π) or irresolute. The challenger threatens
or not (no threat: status quo, payoffs 0, 0). After a threat the defender, not knowing the
type, concedes (challenger +v_c, defender −v_d) or resists. After resistance the challenger
fights (war: p·v_c − c_θ for the challenger of type θ, −p·v_d − c_d for the defender) or backs
down (challenger −a, the audience cost; defender 0). A type fights iff p·v_c − c_θ ≥ −a.

Solver. The game is small enough to enumerate every perfect Bayesian equilibrium in closed
form: for each shape of the challenger's threat strategy (each type threatens never, always or
with a probability in between) the defender's reply and beliefs are forced by Bayes' rule and
indifference conditions; each candidate is then verified by :func:`verify` (sequential
rationality of every move plus Bayes consistency). Pooling on "no threat" leaves the
defender's belief after a threat free; we report the interval of beliefs that supports it and
whether it survives the Intuitive Criterion. A general extensive-form solver (pygambit, GPL;
OpenSpiel's CFR, approximate) would add a dependency and no exactness for a tree of this size.
Parameter values on a knife edge (a type or the defender exactly indifferent) can have
continua of equilibria; those are flagged ``degenerate`` and reported by representatives.
"""

from __future__ import annotations

from dataclasses import dataclass

from brink.games.catalogue import PARAMS, SUMMARIES
from brink.games.spec import GameSpec, Solution, bad_param, fmt

GAME = "signalling"
TOL = 1e-9
TYPES = ("resolute", "irresolute")


@dataclass(frozen=True)
class SignallingGame:
    """Parameters of the crisis signalling game (names as on the command line)."""

    pi: float
    v_c: float
    v_d: float
    p: float
    c_res: float
    c_irr: float
    c_d: float
    a: float

    def prior(self, t: str) -> float:
        """Prior probability of challenger type ``t``."""
        return self.pi if t == "resolute" else 1 - self.pi

    def war_c(self, t: str) -> float:
        """Challenger type ``t``'s payoff from war."""
        return self.p * self.v_c - (self.c_res if t == "resolute" else self.c_irr)

    @property
    def war_d(self) -> float:
        """Defender's payoff from war."""
        return -self.p * self.v_d - self.c_d

    def fights(self, t: str) -> bool:
        """Sequential rationality at the last node (ties: fight)."""
        return self.war_c(t) >= -self.a

    def after_resist(self, t: str) -> float:
        """Type ``t``'s payoff once resisted: fight or back down, whichever is better."""
        return max(self.war_c(t), -self.a)

    def threat_value(self, t: str, r: float) -> float:
        """Type ``t``'s payoff from threatening when the defender resists with probability r."""
        return (1 - r) * self.v_c + r * self.after_resist(t)

    def p_fight(self, mu: float) -> float:
        """P(challenger fights if resisted), given belief mu that it is resolute."""
        return mu * self.fights("resolute") + (1 - mu) * self.fights("irresolute")

    def resist_gain(self, mu: float) -> float:
        """Defender's gain from resisting rather than conceding, at belief mu."""
        return self.p_fight(mu) * self.war_d + self.v_d


def best_replies(g: SignallingGame, mu: float) -> tuple[float, float]:
    """Interval [lo, hi] of the defender's optimal resist probabilities at belief mu."""
    gain = g.resist_gain(mu)
    if gain > TOL:
        return 1.0, 1.0
    if gain < -TOL:
        return 0.0, 0.0
    return 0.0, 1.0


def _belief(g: SignallingGame, s_res: float, s_irr: float) -> float | None:
    total = g.pi * s_res + (1 - g.pi) * s_irr
    return None if total <= 0 else g.pi * s_res / total


def _indifferent_r(g: SignallingGame, t: str) -> float | None:
    """Resist probability that leaves type t indifferent between threatening or not."""
    w = g.after_resist(t)
    if w >= 0:
        return None
    return g.v_c / (g.v_c - w)


def _defender_indifferent_mu(g: SignallingGame) -> float | None:
    f_r, f_i = g.fights("resolute"), g.fights("irresolute")
    if f_r == f_i:
        return None
    phi = g.v_d / -g.war_d
    return (phi - f_i) / (f_r - f_i)


def _record(
    g: SignallingGame,
    kind: str,
    s_res: float,
    s_irr: float,
    r: float,
    belief: tuple[float, float],
    degenerate: bool = False,
    intuitive: bool = True,
) -> dict:
    pay_c = {t: s * g.threat_value(t, r) for t, s in zip(TYPES, (s_res, s_irr), strict=True)}
    p_war, pay_d = 0.0, 0.0
    for t, s in zip(TYPES, (s_res, s_irr), strict=True):
        f = g.fights(t)
        p_war += g.prior(t) * s * r * f
        pay_d += g.prior(t) * s * ((1 - r) * -g.v_d + r * f * g.war_d)
    return {
        "kind": kind,
        "threat_resolute": s_res,
        "threat_irresolute": s_irr,
        "resist": r,
        "belief_after_threat": list(belief),
        "fights": {t: g.fights(t) for t in TYPES},
        "p_war": p_war,
        "payoff_challenger": g.pi * pay_c["resolute"] + (1 - g.pi) * pay_c["irresolute"],
        "payoff_challenger_resolute": pay_c["resolute"],
        "payoff_challenger_irresolute": pay_c["irresolute"],
        "payoff_defender": pay_d,
        "intuitive": intuitive,
        "degenerate": degenerate
        or any(  # a pure-strategy type exactly indifferent
            s in (0.0, 1.0) and abs(g.threat_value(t, r)) <= TOL
            for t, s in zip(TYPES, (s_res, s_irr), strict=True)
        ),
    }


def _sender_ok(g: SignallingGame, t: str, s: float, r: float) -> bool:
    u = g.threat_value(t, r)
    if s >= 1:
        return u >= -TOL
    if s <= 0:
        return u <= TOL
    return abs(u) <= TOL


def _no_threat_pooling(g: SignallingGame) -> dict | None:
    """Nobody threatens; supported by an off-path belief making the defender resist."""
    if any(g.threat_value(t, 1.0) > TOL for t in TYPES):
        return None
    grid_ok = [mu for mu in (0.0, 1.0) if g.resist_gain(mu) >= -TOL]
    mu_star = _defender_indifferent_mu(g)
    if not grid_ok:
        return None
    # resist_gain is linear in mu: the supporting beliefs are an interval with an endpoint at
    # 0 or 1 and the other at 0, 1 or the defender's indifference belief.
    if len(grid_ok) == 2:
        lo, hi = 0.0, 1.0
    elif grid_ok == [0.0]:
        lo, hi = 0.0, mu_star if mu_star is not None else 0.0
    else:
        lo, hi = mu_star if mu_star is not None else 1.0, 1.0
    return _record(
        g, "pooling: no threat", 0.0, 0.0, 1.0, (lo, hi), intuitive=_intuitive_no_threat(g)
    )


def _intuitive_no_threat(g: SignallingGame) -> bool:
    """Cho–Kreps: does some type gain from threatening whatever 'reasonable' belief follows?"""
    any_concede = any(best_replies(g, mu)[0] == 0.0 for mu in (0.0, 1.0))
    best_dev = {t: g.threat_value(t, 0.0 if any_concede else 1.0) for t in TYPES}
    undominated = [t for t in TYPES if best_dev[t] >= -TOL]
    if not undominated:
        return True
    by_types: dict[tuple[str, ...], list[float]] = {("resolute",): [1.0], ("irresolute",): [0.0]}
    beliefs = by_types.get(tuple(undominated), [0.0, 1.0])
    mu_star = _defender_indifferent_mu(g)
    if len(beliefs) == 2 and mu_star is not None and 0 <= mu_star <= 1:
        beliefs.append(mu_star)
    r_hi = max(best_replies(g, mu)[1] for mu in beliefs)
    return not any(g.threat_value(t, r_hi) > TOL for t in undominated)


def equilibria(g: SignallingGame) -> list[dict]:
    """Every perfect Bayesian equilibrium (representatives of continua on knife edges)."""
    found: list[dict] = []
    pooled = _no_threat_pooling(g)
    if pooled is not None:
        found.append(pooled)
    shapes = [(a, b) for a in ("0", "1", "m") for b in ("0", "1", "m") if (a, b) != ("0", "0")]
    for shape in shapes:
        found.extend(_solve_shape(g, shape))
    for eq in found:
        if not verify(g, eq):
            raise RuntimeError(f"signalling: candidate failed verification: {eq}")
    return found


def _solve_shape(g: SignallingGame, shape: tuple[str, str]) -> list[dict]:
    kinds = {
        ("1", "1"): "pooling: both threaten",
        ("1", "0"): "separating",
        ("0", "1"): "separating (reverse)",
    }
    mixers = [t for t, s in zip(TYPES, shape, strict=True) if s == "m"]
    if len(mixers) == 2:
        r_res, r_irr = _indifferent_r(g, "resolute"), _indifferent_r(g, "irresolute")
        if r_res is None or r_irr is None or abs(r_res - r_irr) > TOL:
            return []
        mu = _defender_indifferent_mu(g)
        # Both types indifferent at the same r: a knife edge; report the defender's belief mix.
        if mu is None or not 0 < mu < 1:
            return []
        s_irr = 1.0
        s_res = mu * (1 - g.pi) / (g.pi * (1 - mu))
        if s_res > 1:
            s_res, s_irr = 1.0, g.pi * (1 - mu) / ((1 - g.pi) * mu)
        return [
            _record(g, "semi-separating (both mix)", s_res, s_irr, r_res, (mu, mu), degenerate=True)
        ]
    if len(mixers) == 1:
        m = mixers[0]
        other = TYPES[1 - TYPES.index(m)]
        s_other = 1.0 if shape[TYPES.index(other)] == "1" else 0.0
        r = _indifferent_r(g, m)
        if r is None:
            return []
        if r >= 1 - TOL:  # the mixer is indifferent only when the defender surely resists
            return []
        mu = _defender_indifferent_mu(g)
        if mu is None or not 0 <= mu <= 1:
            return []
        # Bayes: mu = pi s_res / (pi s_res + (1 - pi) s_irr), solved for the mixer's s.
        if m == "irresolute":
            if s_other == 0 or mu <= 0:
                return []
            s_m = g.pi * (1 - mu) / ((1 - g.pi) * mu) if g.pi < 1 else 0.0
            s_res, s_irr = s_other, s_m
        else:
            if s_other == 0 or mu >= 1:
                return []
            s_m = mu * (1 - g.pi) / (g.pi * (1 - mu)) if g.pi > 0 else 0.0
            s_res, s_irr = s_m, s_other
        if not TOL < s_m < 1 - TOL:
            return []
        if not _sender_ok(g, other, s_other, r):
            return []
        return [_record(g, f"semi-separating ({m} mixes)", s_res, s_irr, r, (mu, mu))]
    s_res, s_irr = (1.0 if s == "1" else 0.0 for s in shape)
    mu = _belief(g, s_res, s_irr)
    if mu is None:
        return []
    lo, hi = best_replies(g, mu)
    out = []
    candidates = [lo] if lo == hi else [lo, hi]
    for r in candidates:
        if all(_sender_ok(g, t, s, r) for t, s in zip(TYPES, (s_res, s_irr), strict=True)):
            out.append(_record(g, kinds[shape], s_res, s_irr, r, (mu, mu), degenerate=lo != hi))
    return out


def verify(g: SignallingGame, eq: dict, tol: float = 1e-7) -> bool:
    """Check a reported PBE: every move optimal given beliefs, beliefs from Bayes' rule.

    Off the path (nobody threatens) every belief in the reported interval must support the
    defender's reply.
    """
    s = {"resolute": eq["threat_resolute"], "irresolute": eq["threat_irresolute"]}
    r = eq["resist"]
    lo, hi = eq["belief_after_threat"]
    if not (0 <= lo <= hi <= 1 and 0 <= r <= 1 and all(0 <= x <= 1 for x in s.values())):
        return False
    for t in TYPES:  # last node: fight iff war beats backing down
        if eq["fights"][t] != (g.war_c(t) >= -g.a):
            return False
    total = g.pi * s["resolute"] + (1 - g.pi) * s["irresolute"]
    if total > 0:
        mu = g.pi * s["resolute"] / total
        if abs(mu - lo) > tol or abs(mu - hi) > tol:
            return False
        beliefs = [mu]
    else:
        beliefs = [lo, hi]
    for mu in beliefs:
        gain = g.resist_gain(mu)
        if (r > tol and gain < -tol) or (r < 1 - tol and gain > tol):
            return False
    for t in TYPES:
        u = g.threat_value(t, r)
        if (s[t] > tol and u < -tol) or (s[t] < 1 - tol and u > tol):
            return False
    return True


def complete_information(g: SignallingGame) -> dict:
    """Benchmark with the challenger's resolve known to both: subgame-perfect play per type."""
    per_type = {}
    for t in TYPES:
        f = g.fights(t)
        resist = (g.war_d if f else 0.0) > -g.v_d
        threat_payoff = g.after_resist(t) if resist else g.v_c
        threat = threat_payoff > 0
        war = threat and resist and f
        per_type[t] = {
            "threatens": threat,
            "resisted": threat and resist,
            "war": war,
            "payoff_challenger": threat_payoff if threat else 0.0,
            "payoff_defender": (
                0.0 if not threat else (g.war_d if war else (0.0 if resist else -g.v_d))
            ),
        }
    return {
        "p_war": sum(g.prior(t) * per_type[t]["war"] for t in TYPES),
        "payoff_challenger": sum(g.prior(t) * per_type[t]["payoff_challenger"] for t in TYPES),
        "payoff_defender": sum(g.prior(t) * per_type[t]["payoff_defender"] for t in TYPES),
        "by_type": per_type,
    }


def select(eqs: list[dict]) -> dict:
    """Headline equilibrium: intuitive, non-degenerate, then the most threats on path."""
    return sorted(
        eqs,
        key=lambda e: (
            not e["intuitive"],
            e["degenerate"],
            -(e["threat_resolute"] + e["threat_irresolute"]),
        ),
    )[0]


def analyse(g: SignallingGame) -> dict:
    """All PBE, the headline one, and the complete-information benchmark."""
    eqs = equilibria(g)
    full = complete_information(g)
    head = select(eqs)
    return {
        "equilibria": eqs,
        "n_equilibria": len(eqs),
        "selected": head,
        "p_war": head["p_war"],
        "p_war_range": [min(e["p_war"] for e in eqs), max(e["p_war"] for e in eqs)],
        "complete_information": full,
        "value_of_ambiguity": {
            "p_war": head["p_war"] - full["p_war"] + 0.0,
            "payoff_challenger": head["payoff_challenger"] - full["payoff_challenger"] + 0.0,
            "payoff_defender": head["payoff_defender"] - full["payoff_defender"] + 0.0,
        },
    }


def check(params: dict[str, float]) -> None:
    """The resolute type must fear war no more than the irresolute one."""
    if params["c_res"] > params["c_irr"]:
        raise bad_param(
            GAME, "c_res", "c_res <= c_irr (the resolute type's war cost is lower)", params
        )


def game_from(params: dict[str, float]) -> SignallingGame:
    """Build the game from checked parameters."""
    return SignallingGame(**{k: params[k] for k in SignallingGame.__dataclass_fields__})


def explain(g: SignallingGame, data: dict) -> list[str]:
    """Plain words for the equilibria and the value of ambiguity."""
    lines = [
        f"A resolute challenger would fight if resisted: {'yes' if g.fights('resolute') else 'no'}"
        f"; an irresolute one: {'yes' if g.fights('irresolute') else 'no'} (fight iff "
        f"p·v_c − c ≥ −a, with audience cost a = {fmt(g.a)}).",
        f"{data['n_equilibria']} perfect Bayesian "
        f"equilibri{'um' if data['n_equilibria'] == 1 else 'a'}:",
    ]
    for e in data["equilibria"]:
        mu_lo, mu_hi = e["belief_after_threat"]
        belief = (
            f"belief resolute after a threat {fmt(mu_lo)}"
            if mu_lo == mu_hi
            else f"off-path belief resolute in [{fmt(mu_lo)}, {fmt(mu_hi)}]"
        )
        lines.append(
            f"  - {e['kind']}: resolute threatens w.p. {fmt(e['threat_resolute'])}, irresolute "
            f"w.p. {fmt(e['threat_irresolute'])}; defender resists w.p. {fmt(e['resist'])} "
            f"({belief}); P(war) = {fmt(e['p_war'])}"
            + ("" if e["intuitive"] else "; fails the Intuitive Criterion")
            + ("; knife-edge parameters" if e["degenerate"] else "")
            + "."
        )
    full = data["complete_information"]
    lines.append(
        f"With resolve known to both, P(war) = {fmt(full['p_war'])}, challenger expects "
        f"{fmt(full['payoff_challenger'])}, defender {fmt(full['payoff_defender'])}; in the "
        f"headline equilibrium ({data['selected']['kind']}) ambiguity changes P(war) by "
        f"{fmt(data['value_of_ambiguity']['p_war'])} and the challenger's payoff by "
        f"{fmt(data['value_of_ambiguity']['payoff_challenger'])}."
    )
    return lines


def solve(params: dict[str, float]) -> Solution:
    """Solve the signalling game from CLI parameters."""
    g = game_from(params)
    data = analyse(g)
    return Solution(GAME, params, data, explain(g, data))


SPECS = (
    GameSpec(
        name=GAME,
        summary=SUMMARIES["signalling"],
        params=PARAMS["signalling"],
        solve=solve,
        check=check,
    ),
)
