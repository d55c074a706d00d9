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
observers' beliefs need the choice probabilities of each. Equations: docs/model.md,
"The strategic decider".
"""

from __future__ import annotations

import numpy as np
from numba import njit

from brink.model import values as v
from brink.model.tables import (
    F_ALLIANCE,
    F_APPROVAL,
    F_CAPABILITY,
    F_KNOT,
    F_NEGOTIATION,
    F_SANCTIONS,
    G,
    P,
    TRIGGER_ATTACKED,
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

#: Perceived moves at or above this rung defy a seat's public commitment.
DEFIANCE_RUNG = 3
_NEG_INF = -np.inf


@njit(cache=True)
def is_force(category):  # type: ignore[no-untyped-def]
    return category == C_STRIKE or category == C_WAR or category == C_NUCLEAR


@njit(cache=True)
def is_quiet(category):  # type: ignore[no-untyped-def]
    return (
        category == C_TALKS
        or category == C_HOLD
        or category == C_CONCEDE
        or category == C_LIFT
        or category == C_RESTRAIN
    )


@njit(cache=True)
def lead_of(T, side):  # type: ignore[no-untyped-def]
    return T.challenger if side == 0 else T.defender


@njit(cache=True)
def seen_rung(T, S, e, k, j):  # type: ignore[no-untyped-def]
    seen = S.perceived[e, k, j]
    return T.rung[seen] if seen >= 0 else 0


@njit(cache=True)
def seen_category(T, S, e, k, j):  # type: ignore[no-untyped-def]
    seen = S.perceived[e, k, j]
    return T.category[seen] if seen >= 0 else -1


@njit(cache=True)
def defied(T, S, e, k):  # type: ignore[no-untyped-def]
    """k holds a public commitment and saw an adversary defy it last turn."""
    if not T.flags[F_KNOT] or S.commitment[e, k] <= 0.0 or T.side[k] < 0:
        return False
    for j in range(T.k):
        if T.side[j] >= 0 and T.side[j] != T.side[k] and seen_rung(T, S, e, k, j) >= DEFIANCE_RUNG:
            return True
    return False


@njit(cache=True)
def provocation(T, S, e, k):  # type: ignore[no-untyped-def]
    """(provoked, struck): an adversary was seen to show force or test; to use force."""
    provoked = 0.0
    struck = 0.0
    if T.side[k] < 0:
        return provoked, struck
    for j in range(T.k):
        if T.side[j] < 0 or T.side[j] == T.side[k]:
            continue
        rung = seen_rung(T, S, e, k, j)
        if 2 <= rung <= READABLE_TOP:
            provoked = 1.0
        if rung >= STRIKE_RUNG:
            struck = 1.0
    return provoked, struck


@njit(cache=True)
def attacked_red_line(T, X, S, e, k):  # type: ignore[no-untyped-def]
    """P(k answers an attack automatically with force): its doctrine's 'attacked' red line."""
    t = S.policy[e, k]
    for r in range(T.red_count[k, t]):
        if T.red_trigger[k, t, r] == TRIGGER_ATTACKED and is_force(T.category[T.red_then[k, t, r]]):
            return X[e, T.red_probability[k, t, r]]
    return 0.0


@njit(cache=True)
def struck_response(T, X, S, e, lead, attacker_side, observer):  # type: ignore[no-untyped-def]
    """(P(war), P(strike back)) when ``lead``'s side is struck, as ``observer`` expects it:
    the lead's 'attacked' red line, else logit over its values of war, a limited exchange and
    containing the blow (which costs it honour)."""
    tau = max(v.gv(T, X, e, G.TEMPERATURE), 1e-6)
    automatic = attacked_red_line(T, X, S, e, lead)
    weight = v.type_weight(T, S, e, observer, lead)
    honour = v.gv(T, X, e, G.HONOUR) * v.av(T, X, e, lead, P.THIN_SKIN, 0.0)
    contain = v.continuation(T, X, S, e, lead) - honour
    p_nuc = v.p_nuclear(T, X, S, e, -1, 0.0)
    p_war = 0.0
    p_limited = 0.0
    for flag in range(2):
        share = weight if flag == 1 else 1.0 - weight
        if share <= 0.0:
            continue
        war = v.war_value(T, X, S, e, lead, flag == 1, attacker_side, p_nuc)
        limited = v.limited_war_value(T, X, S, e, lead, flag == 1)
        top = max(war, max(limited, contain))
        ew = np.exp((war - top) / tau)
        el = np.exp((limited - top) / tau)
        ec = np.exp((contain - top) / tau)
        total = ew + el + ec
        p_war += share * ew / total
        p_limited += share * el / total
    return automatic + (1.0 - automatic) * p_war, (1.0 - automatic) * p_limited


@njit(cache=True)
def seat_utilities(T, X, S, F, e, k, open_, common, typed_part):  # type: ignore[no-untyped-def]
    """U(a) for each of seat k's actions, for both of its types.

    Fills ``common[j]`` (the part both types share) and ``typed_part[flag, j]`` (what war's
    cost adds for an irresolute (0) and a resolute (1) type). Closed actions get -inf.
    ``F`` is the per-episode table friction^(exponent/2) of each action (accidents).
    """
    count = T.own_count[k]
    start = T.own_start[k]
    t = S.policy[e, k]
    years = v.horizon(T, X, e)
    w_self = v.continuation(T, X, S, e, k)
    side = T.side[k]
    p_nuc = v.p_nuclear(T, X, S, e, -1, 0.0)
    for j in range(count):
        common[j] = 0.0
        typed_part[0, j] = 0.0
        typed_part[1, j] = 0.0

    # Doctrine, costs, the standoff going on, capability, held sanctions.
    capability_worth = 0.0
    if T.flags[F_CAPABILITY] and v.has(T, k, P.CAPABILITY_START):
        capability_worth = v.av(T, X, e, k, P.CAPABILITY_VALUE, 0.0) * years
    toughness = 0.0
    if T.flags[F_APPROVAL] and v.has(T, k, P.APPROVAL_START):
        toughness = (
            v.gv(T, X, e, G.APPROVAL_WEIGHT)
            * v.gv(T, X, e, G.TOUGHNESS_GAIN)
            * v.turn_years(T)
        )
    retreat = v.retreat_cost(T, X, S, e, k)
    was_defied = defied(T, S, e, k)
    provoked, struck = provocation(T, S, e, k)
    honour = v.gv(T, X, e, G.HONOUR) * v.av(T, X, e, k, P.THIN_SKIN, 0.0)
    for j in range(count):
        a = T.own[start + j]
        category = T.category[a]
        rung = T.rung[a]
        going = not is_force(category) and category != C_CONCEDE
        column = T.prefer[k, t, j]
        if column >= 0:
            common[j] += X[e, column]
        if T.cost[a] >= 0:
            common[j] -= X[e, T.cost[a]]
        if going:
            common[j] += w_self
            if was_defied:
                common[j] -= retreat
        if T.gain[a] >= 0 and capability_worth > 0.0:
            common[j] += capability_worth * X[e, T.gain[a]] * (1.0 - S.capability[e, k])
        tough = T.public[a] and 1 <= rung <= READABLE_TOP and not is_quiet(category)
        if tough and not is_force(category):
            common[j] += toughness
            if rung >= 2:
                common[j] += honour * provoked
        if category == C_STRIKE:
            common[j] += honour * struck
        if category == C_CONCEDE:
            common[j] += v.capitulation_value(T, X, S, e, k, k) - retreat
    if T.flags[F_SANCTIONS]:
        _held_terms(T, X, S, e, k, years, common)
    if T.flags[F_NEGOTIATION]:
        _deal_terms(T, X, S, e, k, years, common)
    if T.flags[F_ALLIANCE] and side >= 0 and k != lead_of(T, side):
        _ally_terms(T, X, S, e, k, years, common, typed_part)

    # Look-ahead at the other side's lead, and the clashes friction risks.
    other = T.adversary[k]
    if other >= 0 and T.is_seat[other]:
        _coercion_terms(T, X, S, e, k, other, years, w_self, p_nuc, common, typed_part)
        _accident_terms(T, X, S, F, e, k, other, w_self, common, typed_part)

    # Force.
    for j in range(count):
        a = T.own[start + j]
        category = T.category[a]
        for flag in range(2):
            if category == C_WAR:
                typed_part[flag, j] += v.war_value(T, X, S, e, k, flag == 1, side, p_nuc)
            elif category == C_NUCLEAR:
                typed_part[flag, j] += v.war_value(T, X, S, e, k, flag == 1, side, 1.0)
            elif category == C_STRIKE:
                typed_part[flag, j] += strike_value(T, X, S, e, k, a, flag == 1, w_self)
        if not open_[j]:
            common[j] = _NEG_INF


@njit(cache=True)
def _held_terms(T, X, S, e, k, years, common):  # type: ignore[no-untyped-def]
    """Sanctions are a policy held, not a weekly coin: value the state each move leads to —
    the target's strain (and the collapse some fear), one's upkeep and the secondary pressure
    one bears, the war risk a trading partner believes its enforcement removes — less the cost
    of changing policy."""
    target = T.sanction_target[k]
    level = S.sanction[e, k]
    switch = v.av(T, X, e, k, P.SWITCH_COST, 0.0)
    cost = v.upkeep(T, X, e, k)
    secondary = v.secondary_pressure(T, X, S, e, k)
    fear = 0.0
    if target >= 0 and T.trade[k, target] >= 0:
        per_turn = min(S.p_force[e, T.challenger] + S.p_force[e, T.defender], 1.0)
        per_year = 1.0 - (1.0 - per_turn) ** (365.0 / T.turn_days)
        fear = v.av(T, X, e, k, P.WAR_COST, 0.0) * per_year * X[e, T.trade[k, target]]
    before = 0.0
    if target >= 0:
        before = v.strain_if(T, X, S, e, target, k, level)
    for j in range(T.own_count[k]):
        a = T.own[T.own_start[k] + j]
        category = T.category[a]
        if category == C_LIFT:
            new = 0.0
        elif category == C_SANCTION:
            step = T.step[a]
            if np.isnan(step):
                step = v.gv(T, X, e, G.SANCTION_STEP)
            new = level + step * (1.0 - level)
        else:
            continue
        change = new - level
        if abs(change) > 1e-9:
            common[j] -= switch
        common[j] += years * (-cost * change + secondary * change + fear * change)
        column = -1 if target < 0 else T.pay_collapse[k, target]
        if column >= 0 and v.has(T, target, P.COLLAPSE_HAZARD):
            after = v.strain_if(T, X, S, e, target, k, new)
            hazard = v.av(T, X, e, target, P.COLLAPSE_HAZARD, 0.0)
            common[j] += years * X[e, column] * hazard * (after * after - before * before)


@njit(cache=True)
def _deal_terms(T, X, S, e, k, years, common):  # type: ignore[no-untyped-def]
    """An offer is worth the next stage of a deal times the chance the other lead answers;
    breaking a deal in force costs what it has reached."""
    stage = S.stage[e]
    deal = v.gv(T, X, e, G.DEAL_VALUE)
    other = T.adversary[k]
    lead = k == T.challenger or k == T.defender
    answer = 0.0
    worth = 0.0
    if lead and other >= 0:
        if seen_category(T, S, e, k, other) == C_TALKS:
            answer = 1.0
        else:
            answer = T.willing[other] * (0.5 + 0.5 * S.p_talks[e, other])
        if stage < T.n_stages:
            worth = deal * (1.0 - v.av(T, X, e, k, P.MAXIMALISM, 0.0))
        if T.flags[F_SANCTIONS] and v.has(T, k, P.STRAIN_COST) and stage + 1 >= T.lift_stage:
            worth += 0.5 * v.av(T, X, e, k, P.STRAIN_COST, 0.0) * S.strain[e, k] * years
    for j in range(T.own_count[k]):
        a = T.own[T.own_start[k] + j]
        if stage > 0 and T.breaks_freeze[a]:
            common[j] -= deal * stage
        if T.category[a] == C_TALKS:
            common[j] += answer * worth


@njit(cache=True)
def _ally_terms(T, X, S, e, k, years, common, typed_part):  # type: ignore[no-untyped-def]
    """An ally values its ties to its lead (worth more the tighter they are) and fears the
    war its lead's force would bring: restraint vetoes force from its soil when the lead
    consults it, and is worth the war it averts; support is worth the cohesion it builds."""
    lead = lead_of(T, T.side[k])
    value = v.gv(T, X, e, G.ALLY_VALUE)
    recover = 1.0 - v.kept(T, v.gv(T, X, e, G.RECOVERY_DAYS))
    cohesion = S.cohesion[e, k]
    force_next = S.p_force[e, lead]
    if S.strike_requested[e, lead] and not S.planned_done[e, lead]:
        force_next = 1.0
    other = T.adversary[k]
    war_given_force = 0.0
    if other >= 0:
        war_given_force, _ = struck_response(T, X, S, e, other, T.side[k], k)
    p_nuc = v.p_nuclear(T, X, S, e, -1, 0.0)
    w_self = v.continuation(T, X, S, e, k)
    for j in range(T.own_count[k]):
        a = T.own[T.own_start[k] + j]
        category = T.category[a]
        if category == C_RESTRAIN and T.consulted[k]:
            p_averted = force_next * war_given_force
            for flag in range(2):
                war = v.war_value(T, X, S, e, k, flag == 1, T.side[other], p_nuc)
                typed_part[flag, j] += p_averted * (w_self - war)
            common[j] -= value * cohesion * years * 0.1
        elif category == C_SUPPORT:
            common[j] += value * years * recover * (1.0 - cohesion) + value * cohesion * 0.01



@njit(cache=True)
def _coercion_terms(T, X, S, e, k, other, years, w_self, p_nuc, common, typed_part):  # type: ignore[no-untyped-def]
    """One step of look-ahead at the other side's lead (docs/model.md, "Look-ahead").

    The other lead j is expected to back down, attack or carry on next turn with logit
    probabilities over its own values of the three: conceding (its capitulation payoff less
    its retreat cost), starting a war (by type, weighted by the seat's belief), carrying on —
    the standoff's value to it, less the pressure the seat's move puts on it (economic, a
    committed threat it expects to be carried out in part, a capability gain that threatens
    it), plus its urge to answer a provocation, less an empty threat's cost if defied.
    """
    tau = max(v.gv(T, X, e, G.TEMPERATURE), 1e-6)
    w_other = v.continuation(T, X, S, e, other)
    belief_other = v.type_weight(T, S, e, other, k)  # the other's view of the seat's resolve
    weight = v.type_weight(T, S, e, k, other)  # the seat's view of the other's resolve
    war_o0 = v.war_value(T, X, S, e, other, False, T.side[other], p_nuc)
    war_o1 = v.war_value(T, X, S, e, other, True, T.side[other], p_nuc)
    war_avg = (1.0 - weight) * war_o0 + weight * war_o1
    concede_o = _NEG_INF
    if T.concede_of[other] >= 0:
        concede_o = v.capitulation_value(T, X, S, e, other, other) - v.retreat_cost(
            T, X, S, e, other
        )
    retreat_o = v.retreat_cost(T, X, S, e, other)
    committed_o = T.flags[F_KNOT] and S.commitment[e, other] > 0.0
    honour_o = v.gv(T, X, e, G.HONOUR) * v.av(T, X, e, other, P.THIN_SKIN, 0.0)
    strain_cost = v.av(T, X, e, other, P.STRAIN_COST, 0.0) * years
    share = v.pv(T.trade, X, e, k, other, 0.0)
    credibility = v.gv(T, X, e, G.THREAT_CREDIBILITY) * belief_other
    ego = v.av(T, X, e, k, P.EGO, 0.0)
    worry = v.pv(T.threat, X, e, other, k, 0.0) if T.flags[F_CAPABILITY] else 0.0
    threat_gap = max(w_other - war_avg, 0.0)
    reference = max(concede_o, max(war_o0, war_o1))
    e_concede = np.exp((concede_o - reference) / tau)
    e_war0 = np.exp((war_o0 - reference) / tau)
    e_war1 = np.exp((war_o1 - reference) / tau)
    they_concede = v.capitulation_value(T, X, S, e, k, other)
    attacked0 = v.war_value(T, X, S, e, k, False, T.side[other], p_nuc)
    attacked1 = v.war_value(T, X, S, e, k, True, T.side[other], p_nuc)
    level = S.sanction[e, k]
    commitment = S.commitment[e, k]
    for j in range(T.own_count[k]):
        a = T.own[T.own_start[k] + j]
        category = T.category[a]
        if is_force(category) or category == C_CONCEDE:
            continue
        press = 0.0
        if (category == C_SANCTION or category == C_BLOCKADE) and T.target[k, a] == other:
            step = T.step[a]
            if np.isnan(step):
                step = v.gv(T, X, e, G.SANCTION_STEP)
            press += strain_cost * share * step * (1.0 - level)
        if T.flags[F_KNOT]:
            after = commitment + T.commitment[a] * (1.0 + ego) / 2.0 * (1.0 - commitment)
            press += after * credibility * threat_gap
        if worry > 0.0 and T.gain[a] >= 0:
            press += worry * X[e, T.gain[a]] * (1.0 - S.capability[e, k]) * years
        rung = T.rung[a]
        carry = w_other - press
        if rung >= 2 and not is_quiet(category):
            carry += honour_o
        if committed_o and rung >= DEFIANCE_RUNG:
            carry -= retreat_o
        q_concede = 0.0
        q_force = 0.0
        if carry <= reference:
            e_carry = np.exp((carry - reference) / tau)
            scale = 1.0
        else:
            e_carry = 1.0
            scale = np.exp((reference - carry) / tau)
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


@njit(cache=True)
def _accident_terms(T, X, S, F, e, k, other, w_self, common, typed_part):  # type: ignore[no-untyped-def]
    """Friction raises the chance of a clash nobody chose (to first order in the hazard),
    valued as a limited war."""
    seen = S.perceived[e, k, other]
    if seen < 0:
        return
    their = T.friction[seen]
    if their <= 0.0:
        return
    exponent = v.gv(T, X, e, G.HAZARD_EXPONENT)
    rate = v.gv(T, X, e, G.HAZARD_TOP) * their ** (exponent / 2.0) * v.turn_years(T)
    limited0 = v.limited_war_value(T, X, S, e, k, False)
    limited1 = v.limited_war_value(T, X, S, e, k, True)
    for j in range(T.own_count[k]):
        a = T.own[T.own_start[k] + j]
        category = T.category[a]
        if is_force(category) or category == C_CONCEDE:
            continue
        hazard = rate * F[e, a]
        if hazard <= 0.0:
            continue
        common[j] -= hazard * w_self
        typed_part[0, j] += hazard * limited0
        typed_part[1, j] += hazard * limited1


@njit(cache=True)
def strike_value(T, X, S, e, k, a, resolute, w_self):  # type: ignore[no-untyped-def]
    """Expected value of a limited strike: the target's side answers with war (its red line or
    its choice), strikes back (a limited war) or contains it; a disarming strike may destroy
    the target's nuclear force, lowering the odds of nuclear war and removing its threat."""
    target = T.target[k, a]
    if target < 0:
        return _NEG_INF
    lead = lead_of(T, T.side[target]) if T.side[target] >= 0 else target
    disarm = v.disarm_chance(T, X, S, e, target) if T.disarming[a] else 0.0
    p_nuc = v.p_nuclear(T, X, S, e, target, disarm)
    war_mine = v.war_value(T, X, S, e, k, resolute, T.side[k], p_nuc)
    limited_mine = v.limited_war_value(T, X, S, e, k, resolute)
    contained = w_self + disarm * v.pv(T.threat, X, e, k, target, 0.0) * S.capability[
        e, target
    ] * v.horizon(T, X, e)
    r_war, r_limited = struck_response(T, X, S, e, lead, T.side[k], k)
    return r_war * war_mine + r_limited * limited_mine + (1.0 - r_war - r_limited) * contained


@njit(cache=True)
def softmax_into(u, count, tau, out):  # type: ignore[no-untyped-def]
    """P(a) ∝ exp(U(a)/τ) over the first ``count`` entries; -inf gets probability 0."""
    top = _NEG_INF
    for j in range(count):
        if u[j] > top:
            top = u[j]
    total = 0.0
    for j in range(count):
        if u[j] == _NEG_INF:
            out[j] = 0.0
        else:
            out[j] = np.exp((u[j] - top) / tau)
            total += out[j]
    for j in range(count):
        out[j] /= total


@njit(cache=True)
def inverse_cdf(probs, count, uniform):  # type: ignore[no-untyped-def]
    """The index drawn from ``probs`` by inverting its CDF at ``uniform``."""
    cumulative = 0.0
    last = 0
    for j in range(count):
        if probs[j] > 0.0:
            last = j
        cumulative += probs[j]
        if uniform < cumulative:
            return j
    return last
