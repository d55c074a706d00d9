"""What outcomes and states are worth to each actor: the model's valuations, written once.

Deciders weigh their options with these functions and the engine books realised payoffs with
them, so a choice and its consequence are valued the same way. Each function reads one
episode: the static tables ``T`` (a record, brink.model.tables), the episode's state record
``s`` (brink.model.state) and its inputs ``x`` (a row of the input matrix). Values are in
stakes units; flows are per year, weighed over the decision horizon H = 1 / discount rate
(years). Equations: docs/model.md, "Values". ``Context`` holds, for one episode, the values a
turn needs many times, computed once.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from brink.model.layout import MAX_ACTIONS, MAX_ACTORS, SHAPES, record_dtype
from brink.model.tables import (
    F_ALLIANCE,
    F_APPROVAL,
    F_CAPABILITY,
    F_KNOT,
    F_PRIVATE,
    F_SANCTIONS,
    G,
    P,
)

# Compiled helpers, inlined where they are called (numba IR inlining): the same operations in
# the same order, without a call per seat and action.
inline = njit(cache=True, error_model="numpy", inline="always")
small = njit(cache=True, error_model="numpy")  # left to LLVM, which inlines it
NO_ATTACKER = 2  # index of "nobody started it" in Context.prevail


# Inputs and time ---------------------------------------------------------------------------
@small
def gv(T, x, slot):  # type: ignore[no-untyped-def]
    """A global parameter of episode e."""
    return x[T.g[slot]]


@small
def av(T, x, k, slot, default):  # type: ignore[no-untyped-def]
    """Actor k's input in ``slot``, or ``default`` when the scenario leaves it out."""
    column = T.p[k, slot]
    return x[column] if column >= 0 else default


@small
def has(T, k, slot):  # type: ignore[no-untyped-def]
    return T.p[k, slot] >= 0


@small
def pv(table, x, i, j, default):  # type: ignore[no-untyped-def]
    """A pairwise input (trade, threat, payoff) of i about j, or ``default``."""
    column = table[i, j]
    return x[column] if column >= 0 else default


@small
def turn_years(T):  # type: ignore[no-untyped-def]
    return T.turn_days / 365.0


@small
def per_turn(T, rate_per_year):  # type: ignore[no-untyped-def]
    """Probability per turn of an event with the given hazard per year."""
    return 1.0 - np.exp(-rate_per_year * T.turn_days / 365.0)


@small
def kept(T, half_life_days):  # type: ignore[no-untyped-def]
    """Share of a gap kept per turn for a half-life in days."""
    return 0.5 ** (T.turn_days / half_life_days)


@small
def horizon(T, x):  # type: ignore[no-untyped-def]
    """How far ahead deciders weigh flows, in years: 1 / discount rate."""
    return 1.0 / max(gv(T, x, G.DISCOUNT_RATE), 1e-6)


@small
def lead_of(T, side):  # type: ignore[no-untyped-def]
    return T.challenger if side == 0 else T.defender


# Sides and war ------------------------------------------------------------------------------
@inline
def side_strength(T, s, x, side):  # type: ignore[no-untyped-def]
    """A side's military weight: its members' strength, allies' weighed by cohesion."""
    total = 0.0
    for m in range(T.n_members[side]):
        k = T.members[side, m]
        total += av(T, x, k, P.STRENGTH, 0.0) * s.cohesion[k]
    return max(total, 1e-9)


@inline
def prevail(T, x, strength0, strength1, side, attacker_side):  # type: ignore[no-untyped-def]
    """P(side prevails in a major war); an attacking side gains the first-strike bonus."""
    mine = strength0 if side == 0 else strength1
    p = mine / (strength0 + strength1)
    if attacker_side != NO_ATTACKER:
        bonus = gv(T, x, G.FIRST_STRIKE_BONUS)
        p += bonus if attacker_side == side else -bonus
    return min(max(p, 0.0), 1.0)


@inline
def nuclear_use(T, s, x, k):  # type: ignore[no-untyped-def]
    """P(actor k uses nuclear weapons in a major war), growing with its capability."""
    if s.nuclear_off[k]:
        return 0.0
    base = av(T, x, k, P.NUCLEAR_USE, 0.0)
    if T.flags[F_CAPABILITY] and has(T, k, P.CAPABILITY_START):
        start = av(T, x, k, P.CAPABILITY_START, 0.0)
        if start > 0:
            base *= s.capability[k] / start
    return min(max(base, 0.0), 1.0)


@inline
def p_nuclear(T, w, spare, spared):  # type: ignore[no-untyped-def]
    """P(a major war goes nuclear); actor ``spare`` (if >= 0) is disarmed with prob ``spared``.
    From each side member's ``nuclear_use`` of this turn (``w.nuclear_use``, the context's)."""
    keep = 1.0
    for index in range(T.n_members[0] + T.n_members[1]):
        side = 0 if index < T.n_members[0] else 1
        k = T.members[side, index - side * T.n_members[0]]
        use = w.nuclear_use[k]
        if k == spare:
            use *= 1.0 - spared
        keep *= 1.0 - use
    return 1.0 - keep


@inline
def war_cost(T, s, x, k, resolute):  # type: ignore[no-untyped-def]
    """Cost of a major war to k: a resolute type feels a share of it; a lead also bears lost
    cohesion and weighs its allies' exposure."""
    irresolute, resolute_cost = war_costs(T, s, x, k)
    return resolute_cost if resolute else irresolute


@inline
def war_costs(T, s, x, k):  # type: ignore[no-untyped-def]
    """``war_cost`` of k's irresolute and resolute types, the alliance's factors computed once
    (the same products, in the same order, as each alone)."""
    base = av(T, x, k, P.WAR_COST, 0.0)
    irresolute = base
    resolute = base * gv(T, x, G.RESOLUTE_WAR_COST) if T.typed[k] else base
    side = T.side[k]
    if side >= 0 and T.flags[F_ALLIANCE] and k == lead_of(T, side):
        lost = 0.0
        exposed = 0.0
        allies = 0
        for index in range(T.n_members[side]):
            m = T.members[side, index]
            if m != k:
                allies += 1
                lost += 1.0 - s.cohesion[m]
                exposed += av(T, x, m, P.EXPOSURE, 0.0) * s.cohesion[m]
        if allies:
            strained = 1.0 + gv(T, x, G.WAR_COST_FACTOR) * lost / allies
            cared = 1.0 + gv(T, x, G.ALLY_CARE) * exposed
            irresolute = irresolute * strained * cared
            resolute = resolute * strained * cared
    return irresolute, resolute


# The standoff going on -----------------------------------------------------------------------
@inline
def level_flow(T, s, x, k, projected, zeroed):  # type: ignore[no-untyped-def]
    """Per-year value to k of the capabilities standing: its own, and others' that it fears.

    These flows outlive the crisis; an outcome changes them only by changing capability.
    ``projected``: others' capability grown at its recent rate over half the horizon (the
    standoff going on). ``zeroed``: an actor whose capability programme is given up (-1 none).
    """
    if not T.flags[F_CAPABILITY]:
        return 0.0
    out = 0.0
    if has(T, k, P.CAPABILITY_START) and k != zeroed:
        out += av(T, x, k, P.CAPABILITY_VALUE, 0.0) * s.capability[k]
    years = horizon(T, x)
    for index in range(T.n_threats[k]):
        j = T.threats[k, index]
        if j == zeroed:
            continue
        column = T.threat[k, j]
        level = s.capability[j]
        if projected:
            level = min(level + s.capability_rate[j] * years / 2.0, 1.0)
        out -= x[column] * level
    return out


@inline
def secondary_pressure(T, s, x, k):  # type: ignore[no-untyped-def]
    """Cost per year to k of trading with a target that others sanction (while k does not)."""
    if not has(T, k, P.PRESSURE_SENSITIVITY):
        return 0.0
    pressure = 0.0
    for index in range(T.n_trades_with[k]):
        j = T.trades_with[k, index]
        for sender in range(T.n_senders[j]):
            m = T.senders[j, sender]
            if m != k:
                pressure = max(pressure, s.sanction[m])
    return av(T, x, k, P.PRESSURE_SENSITIVITY, 0.0) * pressure


@inline
def upkeep(T, x, k):  # type: ignore[no-untyped-def]
    """Cost per year to k of its own sanctions at full level."""
    a = T.sanction_action[k]
    if a >= 0 and T.upkeep[a] >= 0:
        return x[T.upkeep[a]]
    return 0.0


@inline
def crisis_flow(T, s, x, k):  # type: ignore[no-untyped-def]
    """Per-year value to k of the standoff's own costs, which end with the crisis: economic
    strain, the risk of a regime's collapse, secondary pressure, upkeep, alliance ties."""
    out = 0.0
    if T.flags[F_SANCTIONS]:
        out -= av(T, x, k, P.STRAIN_COST, 0.0) * s.strain[k]
        for index in range(T.n_fears_collapse[k]):
            j = T.fears_collapse[k, index]
            hazard = av(T, x, j, P.COLLAPSE_HAZARD, 0.0)
            out += x[T.pay_collapse[k, j]] * hazard * s.strain[j] * s.strain[j]
        out -= secondary_pressure(T, s, x, k) * (1.0 - s.sanction[k])
        out -= upkeep(T, x, k) * s.sanction[k]
    side = T.side[k]
    if T.flags[F_ALLIANCE] and side >= 0 and k != lead_of(T, side):
        out += gv(T, x, G.ALLY_VALUE) * s.cohesion[k]
    return out


@inline
def flow(T, s, x, k):  # type: ignore[no-untyped-def]
    """What one more year of the standoff as it stands is worth to k (per year)."""
    return level_flow(T, s, x, k, False, -1) + crisis_flow(T, s, x, k)


@inline
def capitulation_value(T, s, x, k, lead):  # type: ignore[no-untyped-def]
    """Value to k of ``lead`` backing down: its payoff, then the capabilities that stand over
    the horizon, the capitulating lead's programme given up."""
    payoff = pv(T.pay_capitulation, x, k, lead, 0.0)
    return payoff + horizon(T, x) * level_flow(T, s, x, k, False, lead)


@inline
def settlement_value(T, s, x, k):  # type: ignore[no-untyped-def]
    """Value to k of a settlement now: its payoff, capabilities frozen where they stand."""
    return settlement_given(T, x, k, horizon(T, x), level_flow(T, s, x, k, False, -1))


@inline
def settlement_given(T, x, k, years, standing):  # type: ignore[no-untyped-def]
    """``settlement_value`` from the horizon and k's ``level_flow(..., False, -1)``, when the
    caller has them already."""
    return av(T, x, k, P.PAY_SETTLEMENT, 0.0) + years * standing


#: Approval below which a leader's need for support no longer grows (keeps values finite).
APPROVAL_FLOOR = 0.1
#: The approval at which a point of approval is worth ``approval.weight``.
APPROVAL_REFERENCE = 0.5


@inline
def approval_value(T, s, x, k):  # type: ignore[no-untyped-def]
    """What one point of approval is worth to k's leader now: approval.weight at 50% approval,
    more the less support the leader has (diminishing returns, a logarithmic utility of
    approval): a weak leader has more to gain from toughness and more to lose in a retreat."""
    if not (T.flags[F_APPROVAL] and has(T, k, P.APPROVAL_START)):
        return 0.0
    return gv(T, x, G.APPROVAL_WEIGHT) * APPROVAL_REFERENCE / max(s.approval[k], APPROVAL_FLOOR)


@inline
def retreat_cost(T, s, x, k, worth, stake):  # type: ignore[no-untyped-def]
    """What retreating from a public commitment ``stake`` (C or C_m) costs k's leader, in its
    own eyes.

    The public takes audience_cost · stake of approval (Tomz 2007); the leader values
    that approval at its current worth (``worth``: its ``approval_value``) and, ego-driven,
    by (1 + ego). Bounded: a commitment never exceeds 1.
    """
    if not (T.flags[F_KNOT] and has(T, k, P.AUDIENCE)):
        return 0.0
    return worth * av(T, x, k, P.AUDIENCE, 0.0) * stake * (1.0 + av(T, x, k, P.EGO, 0.0))


@inline
def strain_if(T, s, x, j, sender, level):  # type: ignore[no-untyped-def]
    """Steady-state strain of j if ``sender`` held its sanctions at ``level``."""
    pain = 0.0
    for index in range(T.n_traders[j]):
        m = T.traders[j, index]
        held = level if m == sender else max(s.sanction[m], s.blockade[m])
        pain += held * x[T.trade[m, j]]
    return min(pain, 1.0)


@inline
def disarm_chance(T, s, x, j):  # type: ignore[no-untyped-def]
    """P(a disarming strike destroys all of j's nuclear weapons): falls as capability grows."""
    if s.nuclear_off[j]:
        return 0.0
    base = av(T, x, j, P.DISARM, 0.0)
    if T.flags[F_CAPABILITY] and has(T, j, P.CAPABILITY_START):
        start = av(T, x, j, P.CAPABILITY_START, 0.0)
        room = (1.0 - s.capability[j]) / max(1.0 - start, 1e-9)
        base *= min(max(room, 0.0), 1.0)
    return base


@small
def type_weight(T, s, observer, actor):  # type: ignore[no-untyped-def]
    """P(actor resolute) as ``observer`` sees it: its belief if the type is private, else truth."""
    if T.typed[actor] and T.flags[F_PRIVATE]:
        return s.belief[observer, actor]
    return 1.0 if s.resolute[actor] else 0.0


# One episode's values, computed once per turn -------------------------------------------------
#: The work record of a turn: one episode's values at the start of the turn (``ctx`` fields,
#: what decisions read many times) and the buffers the turn's kernels share.
WORK_FIELDS: list[tuple[str, type, str]] = [
    ("continuation", np.float64, "K"),  # W_k: the standoff's value over the horizon
    ("flow", np.float64, "K"),  # the standoff's value per year as it stands (booked each turn)
    ("retreat", np.float64, "K"),  # what leaving its threat empty costs the leader
    ("abandon", np.float64, "K"),  # what forfeiting its held measures' commitment costs it
    # Value to k of the challenger (0) / the defender (1) backing down.
    ("capitulation", np.float64, "K2"),
    ("war_cost", np.float64, "K2"),  # a major war's cost by type (irresolute, resolute)
    ("prevail", np.float64, "23"),  # P(side wins) if side 0 / side 1 / nobody started it
    ("stakes", np.float64, "K"),
    ("settlement", np.float64, "K"),  # value to k of a settlement now
    ("approval_value", np.float64, "K"),  # value to k's leader of one point of approval
    ("nuclear_use", np.float64, "K"),  # P(k uses nuclear weapons in a major war), this turn
    ("p_nuclear", np.float64, ""),
    ("decisive", np.float64, ""),  # share of major wars decided by defeat (not a ceasefire)
    ("nuclear_multiplier", np.float64, ""),
    ("limited_share", np.float64, ""),
    # Shares kept per turn (of a gap with a half-life): constant in an episode, but a power
    # each; the turn's mechanics and decisions read them from here.
    ("keep_knot", np.float64, ""),  # of a commitment (0 with the knot off)
    ("keep_approval", np.float64, ""),  # of approval's distance from its baseline
    ("keep_strain", np.float64, ""),  # of strain (sanctions on)
    ("recover", np.float64, ""),  # share of lost cohesion regained per turn (alliances on)
    # The decider's buffers.
    ("available", bool, "A"),
    ("seat_available", bool, "KA"),  # each seat's available actions this turn (decide)
    ("open", bool, "A"),
    ("common", np.float64, "A"),
    ("typed_part", np.float64, "2A"),
    ("utility", np.float64, "A"),
    ("truth_probs", np.float64, "2A"),
    ("would_force", bool, "K"),
    ("struck_done", bool, "K"),  # the struck-side response, per observer, this turn
    ("struck_lead", np.int64, "K"),  # ... about which lead
    ("struck_war", np.float64, "K"),
    ("struck_limited", np.float64, "K"),
    ("logit_done", bool, "K"),  # the struck lead's logit weights, per lead, this turn
    ("logit_attacker", np.int64, "K"),  # ... struck by which side
    ("struck_logit", np.float64, "K23"),  # ... [type, (war, limited, total)]
    ("fired_misread", bool, "K"),
    # The turn's moves and what observers learn from them.
    ("moves", np.int64, "K"),
    ("chosen", np.int64, "K"),
    ("intended", np.int64, "K"),
    ("cause", np.int8, "K"),
    ("red_line", bool, "K"),
    ("empty", bool, "K"),
    ("probs", np.float64, "K2A"),
    ("informative", bool, "K"),
    ("next_force", np.float64, "K2"),  # this turn's p_force, p_talks (published after all
    ("next_talks", np.float64, "K2"),  # seats decide: moves are simultaneous)
    ("consults", bool, "K"),
    ("previous", np.int64, "K"),
]
SHAPES.update(
    {
        "23": (2, 3),
        "K23": (MAX_ACTORS, 2, 3),
        "2A": (2, MAX_ACTIONS),
        "K2A": (MAX_ACTORS, 2, MAX_ACTIONS),
    }
)
WORK_DTYPE = record_dtype(WORK_FIELDS)


@inline
def fill_context(T, s, x, w):  # type: ignore[no-untyped-def]
    """Compute the episode's values for this turn into the work record ``w``."""
    years = horizon(T, x)
    strength0 = side_strength(T, s, x, 0)
    strength1 = side_strength(T, s, x, 1)
    for side in range(2):
        for attacker in range(3):
            w.prevail[side, attacker] = prevail(T, x, strength0, strength1, side, attacker)
    for k in range(T.k):
        w.nuclear_use[k] = nuclear_use(T, s, x, k) if T.side[k] >= 0 else 0.0
    w.p_nuclear = p_nuclear(T, w, -1, 0.0)
    w.decisive = 1.0 - gv(T, x, G.CEASEFIRE_SHARE)
    w.nuclear_multiplier = gv(T, x, G.NUCLEAR_MULTIPLIER)
    w.limited_share = gv(T, x, G.LIMITED_SHARE)
    w.keep_knot = kept(T, gv(T, x, G.KNOT_HALF_LIFE)) if T.flags[F_KNOT] else 0.0
    w.keep_approval = kept(T, gv(T, x, G.REVERSION_DAYS))
    if T.flags[F_SANCTIONS]:
        w.keep_strain = kept(T, gv(T, x, G.STRAIN_HALF_LIFE))
    if T.flags[F_ALLIANCE]:
        w.recover = 1.0 - kept(T, gv(T, x, G.RECOVERY_DAYS))
    for k in range(T.k):
        w.struck_done[k] = False
        w.logit_done[k] = False
        standing = crisis_flow(T, s, x, k)
        w.continuation[k] = years * (level_flow(T, s, x, k, True, -1) + standing)
        level = level_flow(T, s, x, k, False, -1)
        w.flow[k] = level + standing
        worth = approval_value(T, s, x, k)
        w.retreat[k] = retreat_cost(T, s, x, k, worth, s.commitment[k])
        w.abandon[k] = retreat_cost(T, s, x, k, worth, s.measure_commitment[k])
        if k == T.challenger or k == T.defender:  # only leads weigh the other's backing down
            w.capitulation[k, 0] = capitulation_value(T, s, x, k, T.challenger)
            w.capitulation[k, 1] = capitulation_value(T, s, x, k, T.defender)
        w.war_cost[k, 0], w.war_cost[k, 1] = war_costs(T, s, x, k)
        w.stakes[k] = av(T, x, k, P.STAKES, 0.0)
        w.settlement[k] = settlement_given(T, x, k, years, level)
        w.approval_value[k] = worth


@small
def war_value(T, w, k, resolute, attacker_side, p_nuc):  # type: ignore[no-untyped-def]
    """Value to k of a major war: Fearon's p·stakes − cost, the cost raised if it goes nuclear.
    A neutral only bears the cost (a war on its border)."""
    flag = 1 if resolute else 0
    cost = w.war_cost[k, flag] * (1.0 - p_nuc + p_nuc * w.nuclear_multiplier)
    side = T.side[k]
    if side < 0:
        return -cost
    return w.stakes[k] * w.decisive * w.prevail[side, attacker_side] - cost


@small
def limited_war_value(w, k, resolute):  # type: ignore[no-untyped-def]
    """Value to k of a limited war (an exchange of strikes ended by a ceasefire)."""
    return -w.limited_share * w.war_cost[k, 1 if resolute else 0]


@small
def capitulation_of(T, w, k, lead):  # type: ignore[no-untyped-def]
    """Value to k of ``lead`` (a side's lead) backing down, from the work record."""
    return w.capitulation[k, 0 if lead == T.challenger else 1]
