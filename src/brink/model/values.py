"""What outcomes and states are worth to each actor: the model's valuations, written once.

Deciders weigh their options with these functions and the engine books realised payoffs with
them, so a choice and its consequence are valued the same way. Every function reads one
episode ``e`` of the batch: the static tables ``T`` (brink.model.tables), the input matrix
``X`` and the state ``S``. Values are in stakes units; flows are per year, weighed over the
decision horizon H = 1 / discount rate (years). Equations: docs/model.md, "Values".
"""

from __future__ import annotations

import numpy as np
from numba import njit

from brink.vocabulary import C_SANCTION
from brink.model.tables import (
    F_ALLIANCE,
    F_CAPABILITY,
    F_KNOT,
    F_APPROVAL,
    F_PRIVATE,
    F_SANCTIONS,
    G,
    P,
)


# Inputs and time ---------------------------------------------------------------------------
@njit(cache=True)
def gv(T, X, e, slot):  # type: ignore[no-untyped-def]
    """A global parameter of episode e."""
    return X[e, T.g[slot]]


@njit(cache=True)
def av(T, X, e, k, slot, default):  # type: ignore[no-untyped-def]
    """Actor k's input in ``slot``, or ``default`` when the scenario leaves it out."""
    column = T.p[k, slot]
    return X[e, column] if column >= 0 else default


@njit(cache=True)
def has(T, k, slot):  # type: ignore[no-untyped-def]
    return T.p[k, slot] >= 0


@njit(cache=True)
def pv(table, X, e, i, j, default):  # type: ignore[no-untyped-def]
    """A pairwise input (trade, threat, payoff) of i about j, or ``default``."""
    column = table[i, j]
    return X[e, column] if column >= 0 else default


@njit(cache=True)
def turn_years(T):  # type: ignore[no-untyped-def]
    return T.turn_days / 365.0


@njit(cache=True)
def per_turn(T, rate_per_year):  # type: ignore[no-untyped-def]
    """Probability per turn of an event with the given hazard per year."""
    return 1.0 - np.exp(-rate_per_year * T.turn_days / 365.0)


@njit(cache=True)
def kept(T, half_life_days):  # type: ignore[no-untyped-def]
    """Share of a gap kept per turn for a half-life in days."""
    return 0.5 ** (T.turn_days / half_life_days)


@njit(cache=True)
def horizon(T, X, e):  # type: ignore[no-untyped-def]
    """How far ahead deciders weigh flows, in years: 1 / discount rate."""
    return 1.0 / max(gv(T, X, e, G.DISCOUNT_RATE), 1e-6)


# Sides and war ------------------------------------------------------------------------------
@njit(cache=True)
def side_strength(T, X, S, e, side):  # type: ignore[no-untyped-def]
    """A side's military weight: its members' strength, allies' weighed by cohesion."""
    total = 0.0
    for k in range(T.k):
        if T.side[k] == side:
            total += av(T, X, e, k, P.STRENGTH, 0.0) * S.cohesion[e, k]
    return max(total, 1e-9)


@njit(cache=True)
def prevail(T, X, S, e, side, attacker_side):  # type: ignore[no-untyped-def]
    """P(side prevails in a major war); an attacking side gains the first-strike bonus."""
    mine = side_strength(T, X, S, e, side)
    theirs = side_strength(T, X, S, e, 1 - side)
    p = mine / (mine + theirs)
    if attacker_side >= 0:
        bonus = gv(T, X, e, G.FIRST_STRIKE_BONUS)
        p += bonus if attacker_side == side else -bonus
    return min(max(p, 0.0), 1.0)


@njit(cache=True)
def nuclear_use(T, X, S, e, k):  # type: ignore[no-untyped-def]
    """P(actor k uses nuclear weapons in a major war), growing with its capability."""
    if S.nuclear_off[e, k]:
        return 0.0
    base = av(T, X, e, k, P.NUCLEAR_USE, 0.0)
    if T.flags[F_CAPABILITY] and has(T, k, P.CAPABILITY_START):
        start = av(T, X, e, k, P.CAPABILITY_START, 0.0)
        if start > 0:
            base *= S.capability[e, k] / start
    return min(max(base, 0.0), 1.0)


@njit(cache=True)
def p_nuclear(T, X, S, e, spare, spared):  # type: ignore[no-untyped-def]
    """P(a major war goes nuclear); actor ``spare`` (if >= 0) is disarmed with prob ``spared``."""
    keep = 1.0
    for k in range(T.k):
        if T.side[k] < 0:
            continue
        use = nuclear_use(T, X, S, e, k)
        if k == spare:
            use *= 1.0 - spared
        keep *= 1.0 - use
    return 1.0 - keep


@njit(cache=True)
def war_cost(T, X, S, e, k, resolute):  # type: ignore[no-untyped-def]
    """Cost of a major war to k: a resolute type feels a share of it; a lead also bears lost
    cohesion and weighs its allies' exposure."""
    cost = av(T, X, e, k, P.WAR_COST, 0.0)
    if resolute and T.typed[k]:
        cost *= gv(T, X, e, G.RESOLUTE_WAR_COST)
    side = T.side[k]
    if side >= 0 and T.flags[F_ALLIANCE] and k == (T.challenger if side == 0 else T.defender):
        lost = 0.0
        exposed = 0.0
        allies = 0
        for m in range(T.k):
            if m != k and T.side[m] == side:
                allies += 1
                lost += 1.0 - S.cohesion[e, m]
                exposed += av(T, X, e, m, P.EXPOSURE, 0.0) * S.cohesion[e, m]
        if allies:
            cost *= 1.0 + gv(T, X, e, G.WAR_COST_FACTOR) * lost / allies
            cost *= 1.0 + gv(T, X, e, G.ALLY_CARE) * exposed
    return cost


@njit(cache=True)
def war_value(T, X, S, e, k, resolute, attacker_side, p_nuc):  # type: ignore[no-untyped-def]
    """Value to k of a major war: Fearon's p·stakes − cost, the cost raised if it goes nuclear."""
    multiplier = gv(T, X, e, G.NUCLEAR_MULTIPLIER)
    cost = war_cost(T, X, S, e, k, resolute) * (1.0 - p_nuc + p_nuc * multiplier)
    side = T.side[k]
    if side < 0:
        return -cost
    stakes = av(T, X, e, k, P.STAKES, 0.0)
    return stakes * prevail(T, X, S, e, side, attacker_side) - cost


@njit(cache=True)
def limited_war_value(T, X, S, e, k, resolute):  # type: ignore[no-untyped-def]
    """Value to k of a limited war (an exchange of strikes ended by a ceasefire)."""
    return -gv(T, X, e, G.LIMITED_SHARE) * war_cost(T, X, S, e, k, resolute)


# The standoff going on -----------------------------------------------------------------------
@njit(cache=True)
def level_flow(T, X, S, e, k, projected, zeroed):  # type: ignore[no-untyped-def]
    """Per-year value to k of the capabilities standing: its own, and others' that it fears.

    These flows outlive the crisis; an outcome changes them only by changing capability.
    ``projected``: others' capability grown at its recent rate over half the horizon (the
    standoff going on). ``zeroed``: an actor whose capability programme is given up (-1 none).
    """
    if not T.flags[F_CAPABILITY]:
        return 0.0
    out = 0.0
    if has(T, k, P.CAPABILITY_START) and k != zeroed:
        out += av(T, X, e, k, P.CAPABILITY_VALUE, 0.0) * S.capability[e, k]
    years = horizon(T, X, e)
    for j in range(T.k):
        column = T.threat[k, j]
        if column < 0 or j == zeroed:
            continue
        level = S.capability[e, j]
        if projected:
            level = min(level + S.capability_rate[e, j] * years / 2.0, 1.0)
        out -= X[e, column] * level
    return out


@njit(cache=True)
def secondary_pressure(T, X, S, e, k):  # type: ignore[no-untyped-def]
    """Cost per year to k of trading with a target that others sanction (while k does not)."""
    if not has(T, k, P.PRESSURE_SENSITIVITY):
        return 0.0
    pressure = 0.0
    for j in range(T.k):
        if T.trade[k, j] < 0:
            continue
        for m in range(T.k):
            if m != k and T.sanction_target[m] == j:
                pressure = max(pressure, S.sanction[e, m])
    return av(T, X, e, k, P.PRESSURE_SENSITIVITY, 0.0) * pressure


@njit(cache=True)
def upkeep(T, X, e, k):  # type: ignore[no-untyped-def]
    """Cost per year to k of its own sanctions at full level."""
    for j in range(T.own_count[k]):
        a = T.own[T.own_start[k] + j]
        if T.category[a] == C_SANCTION and T.upkeep[a] >= 0:
            return X[e, T.upkeep[a]]
    return 0.0


@njit(cache=True)
def crisis_flow(T, X, S, e, k):  # type: ignore[no-untyped-def]
    """Per-year value to k of the standoff's own costs, which end with the crisis: economic
    strain, the risk of a regime's collapse, secondary pressure, upkeep, alliance ties."""
    out = 0.0
    if T.flags[F_SANCTIONS]:
        out -= av(T, X, e, k, P.STRAIN_COST, 0.0) * S.strain[e, k]
        for j in range(T.k):
            column = T.pay_collapse[k, j]
            if column >= 0 and has(T, j, P.COLLAPSE_HAZARD):
                hazard = av(T, X, e, j, P.COLLAPSE_HAZARD, 0.0)
                out += X[e, column] * hazard * S.strain[e, j] ** 2
        out -= secondary_pressure(T, X, S, e, k) * (1.0 - S.sanction[e, k])
        out -= upkeep(T, X, e, k) * S.sanction[e, k]
    side = T.side[k]
    lead = T.challenger if side == 0 else T.defender
    if T.flags[F_ALLIANCE] and side >= 0 and k != lead:
        out += gv(T, X, e, G.ALLY_VALUE) * S.cohesion[e, k]
    return out


@njit(cache=True)
def flow(T, X, S, e, k):  # type: ignore[no-untyped-def]
    """What one more year of the standoff as it stands is worth to k (per year)."""
    return level_flow(T, X, S, e, k, False, -1) + crisis_flow(T, X, S, e, k)


@njit(cache=True)
def continuation(T, X, S, e, k):  # type: ignore[no-untyped-def]
    """W_k: the standoff's value to k over its horizon, others' capability projected."""
    return horizon(T, X, e) * (level_flow(T, X, S, e, k, True, -1) + crisis_flow(T, X, S, e, k))


@njit(cache=True)
def capitulation_value(T, X, S, e, k, lead):  # type: ignore[no-untyped-def]
    """Value to k of ``lead`` backing down: its payoff, then the capabilities that stand over
    the horizon, the capitulating lead's programme given up."""
    payoff = pv(T.pay_capitulation, X, e, k, lead, 0.0)
    return payoff + horizon(T, X, e) * level_flow(T, X, S, e, k, False, lead)


@njit(cache=True)
def retreat_cost(T, X, S, e, k):  # type: ignore[no-untyped-def]
    """What retreating from its public commitments costs k's leader, in its own eyes.

    The public takes audience_cost · commitment of approval (Tomz 2007); the leader weighs it
    at approval.weight and, ego-driven, by (1 + ego). Bounded: commitment never exceeds 1.
    """
    if not (T.flags[F_KNOT] and T.flags[F_APPROVAL] and has(T, k, P.AUDIENCE)):
        return 0.0
    return (
        gv(T, X, e, G.APPROVAL_WEIGHT)
        * av(T, X, e, k, P.AUDIENCE, 0.0)
        * S.commitment[e, k]
        * (1.0 + av(T, X, e, k, P.EGO, 0.0))
    )


@njit(cache=True)
def strain_if(T, X, S, e, j, sender, level):  # type: ignore[no-untyped-def]
    """Steady-state strain of j if ``sender`` held its sanctions at ``level``."""
    pain = 0.0
    for m in range(T.k):
        column = T.trade[m, j]
        if column < 0:
            continue
        held = level if m == sender else max(S.sanction[e, m], S.blockade[e, m])
        pain += held * X[e, column]
    return min(pain, 1.0)


@njit(cache=True)
def disarm_chance(T, X, S, e, j):  # type: ignore[no-untyped-def]
    """P(a disarming strike destroys all of j's nuclear weapons): falls as capability grows."""
    if S.nuclear_off[e, j]:
        return 0.0
    base = av(T, X, e, j, P.DISARM, 0.0)
    if T.flags[F_CAPABILITY] and has(T, j, P.CAPABILITY_START):
        start = av(T, X, e, j, P.CAPABILITY_START, 0.0)
        room = (1.0 - S.capability[e, j]) / max(1.0 - start, 1e-9)
        base *= min(max(room, 0.0), 1.0)
    return base


@njit(cache=True)
def type_weight(T, S, e, observer, actor):  # type: ignore[no-untyped-def]
    """P(actor resolute) as ``observer`` sees it: its belief if the type is private, else truth."""
    if T.typed[actor] and T.flags[F_PRIVATE]:
        return S.belief[e, observer, actor]
    return 1.0 if S.resolute[e, actor] else 0.0
