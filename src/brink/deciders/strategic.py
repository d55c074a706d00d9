"""The strategic decider: every seat weighs its options by expected value and picks by logit.

One model of choice for principals, allies and third parties alike. For each of its open
actions a seat values the lottery over how the crisis could go from here — the other side's
lead backing down or attacking in response, war, a limited exchange, a clash nobody chose, the
standoff going on — with the valuations of ``brink.model.values``, then picks with logit noise
(McKelvey & Palfrey 1995): P(a) ∝ exp(U(a)/τ), drawn by inverting the softmax CDF at one
uniform.

A doctrine (a `strategic` policy) constrains and weights this decider: the actions it leaves
open, a utility bonus on those it prefers, whether it talks first, answers offers or never
talks. So traits, approval, allies and beliefs act under every doctrine. Both of a seat's
possible types are valued in one pass (only war's cost differs between them), because
observers' beliefs need the choice probabilities of each.

Everything the seat reads of the others' moves goes through ``seen``: with ``truth`` set it
reads their true last moves instead of its perceptions — the counterfactual that attributes a
war to misperception. Equations: docs/model.md, "The strategic decider".
"""

from __future__ import annotations

import numpy as np
from numba import njit

from brink.model import values as v
from brink.model.tables import (
    F_ACCIDENTS,
    F_ALLIANCE,
    F_CAPABILITY,
    F_KNOT,
    F_NEGOTIATION,
    F_SANCTIONS,
    TRIGGER_ATTACKED,
    G,
    P,
)
from brink.vocabulary import (
    C_BLOCKADE,
    C_CONCEDE,
    C_HOLD,
    C_LIFT,
    C_NUCLEAR,
    C_RESTRAIN,
    C_SANCTION,
    C_STRIKE,
    C_SUPPORT,
    C_TALKS,
    C_WAR,
    READABLE_TOP,
    STRIKE_RUNG,
)

inline = njit(cache=True, error_model="numpy", inline="always")
small = njit(cache=True, error_model="numpy")  # left to LLVM, which inlines it
#: Perceived moves at or above this rung defy a seat's public commitment.
DEFIANCE_RUNG = 3
#: A defiance ends when none is seen for this many days: a quiet day between two days of
#: defiance does not end it (a public judges compliance over days, whatever the turn's length).
PAUSE_DAYS = 7.0
_NEG_INF = -np.inf


@small
def _exp(d):  # type: ignore[no-untyped-def]
    """np.exp(d), without the call where d is zero (the top of a softmax): exp(±0) is 1 exactly."""
    return 1.0 if d == 0.0 else np.exp(d)


@small
def is_force(category):  # type: ignore[no-untyped-def]
    return category == C_STRIKE or category == C_WAR or category == C_NUCLEAR


@small
def is_quiet(category):  # type: ignore[no-untyped-def]
    return (
        category == C_TALKS
        or category == C_HOLD
        or category == C_CONCEDE
        or category == C_LIFT
        or category == C_RESTRAIN
    )


@small
def is_held_measure(category):  # type: ignore[no-untyped-def]
    """Sanctions and a blockade: policies in force until lifted, so the commitment staked on
    them is carried out by holding them (a threat of force only by force)."""
    return category == C_SANCTION or category == C_BLOCKADE


@small
def attacker_index(side):  # type: ignore[no-untyped-def]
    return side if side >= 0 else v.NO_ATTACKER


@small
def seen(s, k, j, truth):  # type: ignore[no-untyped-def]
    """What k saw j do last turn (-1: nothing yet), or what j really did when ``truth``."""
    if truth:
        return s.previous[j]
    return s.perceived[k, j]


@small
def seen_rung(T, s, k, j, truth):  # type: ignore[no-untyped-def]
    a = seen(s, k, j, truth)
    return T.rung[a] if a >= 0 else 0


@small
def seen_category(T, s, k, j, truth):  # type: ignore[no-untyped-def]
    a = seen(s, k, j, truth)
    return T.category[a] if a >= 0 else -1


@inline
def expected_force(T, s, observer, k):  # type: ignore[no-untyped-def]
    """P(k uses force) at its last decision as ``observer`` expects it: by type, weighted by
    the observer's belief about k's resolve (its own seat: its own type)."""
    if observer == k:
        return s.p_force[k, 1 if s.resolute[k] else 0]
    weight = v.type_weight(T, s, observer, k)
    return weight * s.p_force[k, 1] + (1.0 - weight) * s.p_force[k, 0]


@inline
def expected_talks(T, s, observer, k):  # type: ignore[no-untyped-def]
    """P(k offers talks) at its last decision as ``observer`` expects it (as expected_force)."""
    if observer == k:
        return s.p_talks[k, 1 if s.resolute[k] else 0]
    weight = v.type_weight(T, s, observer, k)
    return weight * s.p_talks[k, 1] + (1.0 - weight) * s.p_talks[k, 0]


@small
def adversaries(T, k, j):  # type: ignore[no-untyped-def]
    """j is on the other side from k (neither neutral)."""
    return T.side[k] >= 0 and T.side[j] >= 0 and T.side[j] != T.side[k]


@inline
def defiance_seen(T, s, k, truth):  # type: ignore[no-untyped-def]
    """k saw an adversary defy it last turn: a move at rung ≥ DEFIANCE_RUNG."""
    for j in range(T.k):
        if adversaries(T, k, j) and seen_rung(T, s, k, j, truth) >= DEFIANCE_RUNG:
            return True
    return False


@inline
def defied(T, s, k, truth):  # type: ignore[no-untyped-def]
    """k holds a public threat and saw an adversary defy it last turn, in a defiance that has
    not already called one of its threats."""
    if not T.flags[F_KNOT] or s.commitment[k] <= 0.0 or s.called[k]:
        return False
    return defiance_seen(T, s, k, truth)


@inline
def measures_defied(T, s, k, truth):  # type: ignore[no-untyped-def]
    """k has staked a commitment on the measures it holds and saw an adversary defy them."""
    if not T.flags[F_KNOT] or s.measure_commitment[k] <= 0.0:
        return False
    return defiance_seen(T, s, k, truth)


@inline
def _red_line_of_type(T, x, k, t):  # type: ignore[no-untyped-def]
    for r in range(T.red_count[k, t]):
        if T.red_trigger[k, t, r] == TRIGGER_ATTACKED and is_force(T.category[T.red_then[k, t, r]]):
            return x[T.red_probability[k, t, r]]
    return 0.0


@inline
def attacked_red_line(T, s, x, k, observer):  # type: ignore[no-untyped-def]
    """P(k answers an attack automatically with force) as ``observer`` expects it: k's own
    doctrine's 'attacked' red line, or for another seat the red lines of k's leader types
    weighted as k's mixture is (which type leads k is not observed)."""
    if observer == k or T.n_types[k] <= 1:
        return _red_line_of_type(T, x, k, s.policy[k])
    p = 0.0
    for t in range(T.n_types[k]):
        p += T.type_share[k, t] * _red_line_of_type(T, x, k, t)
    return p


@inline
def struck_response(T, s, x, w, lead, attacker_side, observer):  # type: ignore[no-untyped-def]
    """(P(war), P(strike back)) when ``lead``'s side is struck by ``observer``'s side, as the
    observer expects it: the lead's 'attacked' red line, else logit over its values of war, a
    limited exchange and containing the blow (which costs it honour). Computed once per
    observer and turn (kept in the work record)."""
    if w.struck_done[observer] and w.struck_lead[observer] == lead:
        return w.struck_war[observer], w.struck_limited[observer]
    p_war, p_limited = _struck_response(T, s, x, w, lead, attacker_side, observer)
    w.struck_war[observer] = p_war
    w.struck_limited[observer] = p_limited
    w.struck_lead[observer] = lead
    w.struck_done[observer] = True
    return p_war, p_limited


@inline
def _struck_response(T, s, x, w, lead, attacker_side, observer):  # type: ignore[no-untyped-def]
    automatic = attacked_red_line(T, s, x, lead, observer)
    weight = v.type_weight(T, s, observer, lead)
    logit = _struck_logit(T, x, w, lead, attacker_side)
    p_war = 0.0
    p_limited = 0.0
    for flag in range(2):
        share = weight if flag == 1 else 1.0 - weight
        if share <= 0.0:
            continue
        ew = logit[flag, 0]
        el = logit[flag, 1]
        total = logit[flag, 2]
        p_war += share * ew / total
        p_limited += share * el / total
    return automatic + (1.0 - automatic) * p_war, (1.0 - automatic) * p_limited


@inline
def _struck_logit(T, x, w, lead, attacker_side):  # type: ignore[no-untyped-def]
    """The struck lead's logit weights of war and a limited exchange, and their total with
    containing the blow, by its type (``[flag, 0..2]``): they do not depend on who observes,
    so they are computed once per lead and turn (observers differ in belief and red lines)."""
    logit = w.struck_logit[lead]
    if w.logit_done[lead] and w.logit_attacker[lead] == attacker_side:
        return logit
    tau = max(v.gv(T, x, G.TEMPERATURE), 1e-6)
    honour = v.gv(T, x, G.HONOUR) * v.av(T, x, lead, P.THIN_SKIN, 0.0)
    contain = w.continuation[lead] - honour
    for flag in range(2):
        war = v.war_value(T, w, lead, flag == 1, attacker_side, w.p_nuclear)
        limited = v.limited_war_value(w, lead, flag == 1)
        top = max(war, max(limited, contain))
        ew = _exp((war - top) / tau)
        el = _exp((limited - top) / tau)
        ec = _exp((contain - top) / tau)
        logit[flag, 0] = ew
        logit[flag, 1] = el
        logit[flag, 2] = ew + el + ec
    w.logit_done[lead] = True
    w.logit_attacker[lead] = attacker_side
    return logit


@inline
def strike_values(T, s, x, w, k, a):  # type: ignore[no-untyped-def]
    """Expected value of a limited strike, for an irresolute and a resolute striker: the
    target's side answers with war (its red line or its choice), strikes back (a limited war)
    or contains it; a disarming strike may destroy the target's nuclear force, lowering the
    odds of nuclear war and removing its threat."""
    target = T.target[k, a]
    if target < 0:
        return _NEG_INF, _NEG_INF
    lead = v.lead_of(T, T.side[target]) if T.side[target] >= 0 else target
    disarm = v.disarm_chance(T, s, x, target) if T.disarming[a] else 0.0
    p_nuc = v.p_nuclear(T, w, target, disarm) if disarm > 0.0 else w.p_nuclear
    mine = attacker_index(T.side[k])
    contained = w.continuation[k]
    if disarm > 0.0:
        worry = v.pv(T.threat, x, k, target, 0.0)
        contained += disarm * worry * s.capability[target] * v.horizon(T, x)
    r_war, r_limited = struck_response(T, s, x, w, lead, mine, k)
    r_contain = 1.0 - r_war - r_limited
    irresolute = (
        r_war * v.war_value(T, w, k, False, mine, p_nuc)
        + r_limited * v.limited_war_value(w, k, False)
        + r_contain * contained
    )
    resolute = (
        r_war * v.war_value(T, w, k, True, mine, p_nuc)
        + r_limited * v.limited_war_value(w, k, True)
        + r_contain * contained
    )
    return irresolute, resolute


@inline
def seat_utilities(T, s, x, w, k, truth):  # type: ignore[no-untyped-def]
    """U(a) for each of seat k's actions, for both of its types.

    Fills ``w.common[j]`` (the part both types share) and ``w.typed_part[flag, j]`` (what
    war's cost adds for an irresolute (0) and a resolute (1) type), j over its own actions;
    actions not in ``w.open`` get -inf.
    """
    count = T.own_count[k]
    start = T.own_start[k]
    t = s.policy[k]
    years = v.horizon(T, x)
    w_self = w.continuation[k]
    side = T.side[k]
    common = w.common
    typed_part = w.typed_part
    for j in range(count):
        common[j] = 0.0
        typed_part[0, j] = 0.0
        typed_part[1, j] = 0.0

    capability_worth = 0.0
    if T.flags[F_CAPABILITY] and v.has(T, k, P.CAPABILITY_START):
        capability_worth = v.av(T, x, k, P.CAPABILITY_VALUE, 0.0) * years
    toughness = w.approval_value[k] * v.gv(T, x, G.TOUGHNESS_GAIN) * v.turn_years(T)
    retreat = w.retreat[k]
    was_defied = defied(T, s, k, truth)
    # Lifting a held measure in the face of defiance forfeits what was staked on it.
    abandon = w.abandon[k] if measures_defied(T, s, k, truth) else 0.0
    provoked = 0.0
    struck = 0.0
    for j in range(T.k):
        if adversaries(T, k, j):
            rung = seen_rung(T, s, k, j, truth)
            if 2 <= rung <= READABLE_TOP:
                provoked = 1.0
            if rung >= STRIKE_RUNG:
                struck = 1.0
    honour = v.gv(T, x, G.HONOUR) * v.av(T, x, k, P.THIN_SKIN, 0.0)
    p_nuc = w.p_nuclear
    for j in range(count):
        if not w.open[j]:  # closed: its utility is -inf whatever it would be worth
            continue
        a = T.own[start + j]
        category = T.category[a]
        rung = T.rung[a]
        force = is_force(category)
        going = not force and category != C_CONCEDE
        column = T.prefer[k, t, j]
        if column >= 0:
            common[j] += x[column]
        if T.cost[a] >= 0:
            common[j] -= x[T.cost[a]]
        if going:
            common[j] += w_self
            if was_defied:
                common[j] -= retreat
        if T.gain[a] >= 0 and capability_worth > 0.0:
            common[j] += capability_worth * x[T.gain[a]] * (1.0 - s.capability[k])
        if T.public[a] and 1 <= rung <= READABLE_TOP and not is_quiet(category):
            common[j] += toughness
            if rung >= 2:
                common[j] += honour * provoked
        if category == C_STRIKE:
            common[j] += honour * struck
        elif category == C_CONCEDE:
            common[j] += v.capitulation_of(T, w, k, k) - retreat - w.abandon[k]
        elif category == C_LIFT:
            common[j] -= abandon
        if category == C_WAR or category == C_NUCLEAR:
            p_war = p_nuc if category == C_WAR else 1.0
            for flag in range(2):
                typed_part[flag, j] += v.war_value(T, w, k, flag == 1, attacker_index(side), p_war)
        elif category == C_STRIKE:
            irresolute, resolute = strike_values(T, s, x, w, k, a)
            typed_part[0, j] += irresolute
            typed_part[1, j] += resolute
    if T.flags[F_SANCTIONS]:
        _held_terms(T, s, x, w, k, years)
    if T.flags[F_NEGOTIATION]:
        _deal_terms(T, s, x, w, k, years, truth)
    if T.flags[F_ALLIANCE] and side >= 0 and k != v.lead_of(T, side):
        _ally_terms(T, s, x, w, k, years)
    other = T.adversary[k]
    if other >= 0 and T.is_seat[other]:
        if side >= 0 and k == v.lead_of(T, side):  # allies do not bargain with the other side
            _coercion_terms(T, s, x, w, k, other, years)
        _accident_terms(T, s, x, w, k, other, truth)
    for j in range(count):
        if not w.open[j]:
            common[j] = _NEG_INF


@inline
def _held_terms(T, s, x, w, k, years):  # type: ignore[no-untyped-def]
    """Sanctions are a policy held, not a weekly coin: value the state each move leads to —
    the target's strain (and the collapse some fear), one's upkeep and the secondary pressure
    one bears, the war risk a trading partner believes its enforcement removes — less the cost
    of changing policy."""
    holds = False  # only a seat that can sanction or lift has a policy to value
    for j in range(T.own_count[k]):
        category = T.category[T.own[T.own_start[k] + j]]
        holds |= w.open[j] and (category == C_SANCTION or category == C_LIFT)
    if not holds:
        return
    common = w.common
    target = T.sanction_target[k]
    level = s.sanction[k]
    switch = v.av(T, x, k, P.SWITCH_COST, 0.0)
    cost = v.upkeep(T, x, k)
    secondary = v.secondary_pressure(T, s, x, k)
    fear = 0.0
    before = 0.0
    collapse_column = -1
    if target >= 0:
        before = v.strain_if(T, s, x, target, k, level)
        collapse_column = T.pay_collapse[k, target]
        if T.trade[k, target] >= 0:
            per_turn = min(
                expected_force(T, s, k, T.challenger) + expected_force(T, s, k, T.defender), 1.0
            )
            per_year = 1.0 - (1.0 - per_turn) ** (365.0 / T.turn_days)
            fear = v.av(T, x, k, P.WAR_COST, 0.0) * per_year * x[T.trade[k, target]]
    for j in range(T.own_count[k]):
        if not w.open[j]:
            continue
        a = T.own[T.own_start[k] + j]
        category = T.category[a]
        if category == C_LIFT:
            new = 0.0
        elif category == C_SANCTION:
            step = T.step[a]
            if np.isnan(step):
                step = v.gv(T, x, G.SANCTION_STEP)
            new = level + step * (1.0 - level)
        else:
            continue
        change = new - level
        if abs(change) > 1e-9:
            common[j] -= switch
        common[j] += years * (-cost * change + secondary * change + fear * change)
        if collapse_column >= 0 and v.has(T, target, P.COLLAPSE_HAZARD):
            after = v.strain_if(T, s, x, target, k, new)
            hazard = v.av(T, x, target, P.COLLAPSE_HAZARD, 0.0)
            common[j] += years * x[collapse_column] * hazard * (after * after - before * before)


@inline
def _deal_terms(T, s, x, w, k, years, truth):  # type: ignore[no-untyped-def]
    """An offer is worth the next stage of a deal — a stage's share of what settling is worth
    over carrying on, discounted by maximalism — times the chance the other lead answers;
    breaking a deal in force costs the stages it has reached."""
    common = w.common
    stage = s.stage
    per_stage = max(w.settlement[k] - w.continuation[k], 0.0) / T.n_stages
    other = T.adversary[k]
    answer = 0.0
    worth = 0.0
    if (k == T.challenger or k == T.defender) and other >= 0:
        if seen_category(T, s, k, other, truth) == C_TALKS:
            answer = 1.0
        else:
            answer = T.willing[other] * (0.5 + 0.5 * expected_talks(T, s, k, other))
        if stage < T.n_stages:
            worth = per_stage * (1.0 - v.av(T, x, k, P.MAXIMALISM, 0.0))
        if T.flags[F_SANCTIONS] and v.has(T, k, P.STRAIN_COST) and stage + 1 >= T.lift_stage:
            worth += 0.5 * v.av(T, x, k, P.STRAIN_COST, 0.0) * s.strain[k] * years
    for j in range(T.own_count[k]):
        a = T.own[T.own_start[k] + j]
        if stage > 0 and T.breaks_freeze[a]:
            common[j] -= per_stage * stage
        if T.category[a] == C_TALKS:
            common[j] += answer * worth


@inline
def _ally_terms(T, s, x, w, k, years):  # type: ignore[no-untyped-def]
    """An ally values ties to its lead and fears the war its lead's force would bring.

    Restraint vetoes force launched with its consent when the lead consults it, and is worth
    the war it averts less a little of its standing with the lead; support is worth the
    cohesion it rebuilds, and more the tighter the alliance already is.
    """
    common = w.common
    typed_part = w.typed_part
    lead = v.lead_of(T, T.side[k])
    value = v.gv(T, x, G.ALLY_VALUE)
    recover = w.recover
    cohesion = s.cohesion[k]
    force_next = expected_force(T, s, k, lead)
    if s.strike_requested[lead] and not s.planned_done[lead]:
        force_next = 1.0
    other = T.adversary[k]
    war_given_force = 0.0
    if other >= 0:
        war_given_force, _ = struck_response(T, s, x, w, other, T.side[k], k)
    w_self = w.continuation[k]
    for j in range(T.own_count[k]):
        a = T.own[T.own_start[k] + j]
        category = T.category[a]
        if category == C_RESTRAIN and T.consulted[k]:
            averted = force_next * war_given_force
            for flag in range(2):
                war = v.war_value(T, w, k, flag == 1, attacker_index(T.side[k]), w.p_nuclear)
                typed_part[flag, j] += averted * (w_self - war)
            common[j] -= value * cohesion * years * 0.1
        elif category == C_SUPPORT:
            common[j] += value * years * recover * (1.0 - cohesion) + value * cohesion * 0.01


@inline
def _coercion_terms(T, s, x, w, k, other, years):  # type: ignore[no-untyped-def]
    """One step of look-ahead at the other side's lead (docs/model.md, "Look-ahead").

    The other lead j is expected to back down, attack or carry on next turn with logit
    probabilities over its own values of the three: conceding (its capitulation payoff less
    its retreat cost), starting a war (by type, weighted by the seat's belief), carrying on —
    the standoff's value to it, less the pressure the seat's move puts on it (economic, a
    committed threat it expects to be carried out in part, a capability gain that threatens
    it), plus its urge to answer a provocation, less an empty threat's cost if defied.
    """
    common = w.common
    typed_part = w.typed_part
    tau = max(v.gv(T, x, G.TEMPERATURE), 1e-6)
    w_self = w.continuation[k]
    w_other = w.continuation[other]
    belief_other = v.type_weight(T, s, other, k)  # the other's view of the seat's resolve
    weight = v.type_weight(T, s, k, other)  # the seat's view of the other's resolve
    p_nuc = w.p_nuclear
    attacker = attacker_index(T.side[other])
    war_o0 = v.war_value(T, w, other, False, attacker, p_nuc)
    war_o1 = v.war_value(T, w, other, True, attacker, p_nuc)
    war_avg = (1.0 - weight) * war_o0 + weight * war_o1
    retreat_o = w.retreat[other]
    concede_o = _NEG_INF
    if T.concede_of[other] >= 0:
        concede_o = v.capitulation_of(T, w, other, other) - retreat_o
    committed_o = T.flags[F_KNOT] and s.commitment[other] > 0.0 and not s.called[other]
    honour_o = v.gv(T, x, G.HONOUR) * v.av(T, x, other, P.THIN_SKIN, 0.0)
    strain_cost = v.av(T, x, other, P.STRAIN_COST, 0.0) * years
    share = v.pv(T.trade, x, k, other, 0.0)
    credibility = v.gv(T, x, G.THREAT_CREDIBILITY) * belief_other
    ego = v.av(T, x, k, P.EGO, 0.0)
    worry = v.pv(T.threat, x, other, k, 0.0) if T.flags[F_CAPABILITY] else 0.0
    threat_gap = max(w_other - war_avg, 0.0)
    reference = max(concede_o, max(war_o0, war_o1))
    e_concede = np.exp((concede_o - reference) / tau)
    e_war0 = np.exp((war_o0 - reference) / tau)
    e_war1 = np.exp((war_o1 - reference) / tau)
    they_concede = v.capitulation_of(T, w, k, other)
    attacked0 = v.war_value(T, w, k, False, attacker, p_nuc)
    attacked1 = v.war_value(T, w, k, True, attacker, p_nuc)
    level = s.sanction[k]
    commitment = s.commitment[k]
    for j in range(T.own_count[k]):
        if not w.open[j]:
            continue
        a = T.own[T.own_start[k] + j]
        category = T.category[a]
        if is_force(category) or category == C_CONCEDE:
            continue
        press = 0.0
        if (category == C_SANCTION or category == C_BLOCKADE) and T.target[k, a] == other:
            step = T.step[a]
            if np.isnan(step):
                step = v.gv(T, x, G.SANCTION_STEP)
            press += strain_cost * share * step * (1.0 - level)
        if T.flags[F_KNOT]:  # a threat of force; a held measure presses through strain
            after = commitment
            if not is_held_measure(category):
                after += T.commitment[a] * (1.0 + ego) / 2.0 * (1.0 - commitment)
            press += after * credibility * threat_gap
        if worry > 0.0 and T.gain[a] >= 0:
            press += worry * x[T.gain[a]] * (1.0 - s.capability[k]) * years
        rung = T.rung[a]
        carry = w_other - press
        if rung >= 2 and not is_quiet(category):
            carry += honour_o
        if committed_o and rung >= DEFIANCE_RUNG:
            carry -= retreat_o
        if carry <= reference:
            e_carry = np.exp((carry - reference) / tau)
            scale = 1.0
        else:
            e_carry = 1.0
            scale = np.exp((reference - carry) / tau)
        q_concede = 0.0
        q_force = 0.0
        for flag in range(2):
            share_type = weight if flag == 1 else 1.0 - weight
            if share_type <= 0.0:
                continue
            e_war = (e_war1 if flag == 1 else e_war0) * scale
            concede_term = e_concede * scale
            total = concede_term + e_war + e_carry
            q_concede += share_type * concede_term / total
            q_force += share_type * e_war / total
        common[j] += q_concede * (they_concede - w_self) - q_force * w_self
        typed_part[0, j] += q_force * attacked0
        typed_part[1, j] += q_force * attacked1


@inline
def _accident_terms(T, s, x, w, k, other, truth):  # type: ignore[no-untyped-def]
    """Friction raises the chance of a clash nobody chose (to first order in the hazard),
    valued as a limited war (when accidents are on)."""
    if not T.flags[F_ACCIDENTS]:
        return
    common = w.common
    typed_part = w.typed_part
    last = seen(s, k, other, truth)
    if last < 0:
        return
    their = T.friction[last]
    if their <= 0.0:
        return
    exponent = v.gv(T, x, G.HAZARD_EXPONENT)
    rate = v.gv(T, x, G.HAZARD_TOP) * their ** (exponent / 2.0) * v.turn_years(T)
    w_self = w.continuation[k]
    limited0 = v.limited_war_value(w, k, False)
    limited1 = v.limited_war_value(w, k, True)
    for j in range(T.own_count[k]):
        if not w.open[j]:
            continue
        a = T.own[T.own_start[k] + j]
        category = T.category[a]
        if is_force(category) or category == C_CONCEDE:
            continue
        hazard = rate * s.friction_power[a]
        if hazard <= 0.0:
            continue
        common[j] -= hazard * w_self
        typed_part[0, j] += hazard * limited0
        typed_part[1, j] += hazard * limited1


@inline
def choice_probabilities(w, k, count, tau, flag, out):  # type: ignore[no-untyped-def]
    """P(a) ∝ exp(U(a)/τ) for type ``flag`` over the seat's actions into ``out[flag]``;
    closed actions (-inf) get probability 0."""
    top = _NEG_INF
    for j in range(count):
        value = w.common[j] + w.typed_part[flag, j]
        w.utility[j] = value
        if value > top:
            top = value
    total = 0.0
    for j in range(count):
        if w.utility[j] == _NEG_INF:
            out[flag, j] = 0.0
        else:
            out[flag, j] = _exp((w.utility[j] - top) / tau)
            total += out[flag, j]
    for j in range(count):
        out[flag, j] /= total


@inline
def inverse_cdf(probs, flag, count, uniform):  # type: ignore[no-untyped-def]
    """The index drawn from ``probs[flag]`` by inverting its CDF at ``uniform``."""
    cumulative = 0.0
    last = 0
    for j in range(count):
        if probs[flag, j] > 0.0:
            last = j
        cumulative += probs[flag, j]
        if uniform < cumulative:
            return j
    return last
