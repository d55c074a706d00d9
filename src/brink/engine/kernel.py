"""One turn of every episode of a batch, compiled: decide → doctrine rules → cause →
accidents → act → war → flows → perceive → believe.

Every seat decides at once, on what it perceived last turn. Seats playing a fixed rule (a
table or a reactive doctrine) arrive with their move already chosen in ``forced``; a person's
move arrives in ``override``. Everything else — the strategic decider, red lines, planned
strikes and consultation, attribution of force to intent or misperception, and every
mechanism — happens here, episode by episode. Equations: docs/model.md.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from brink.deciders.strategic import (
    inverse_cdf,
    is_force,
    lead_of,
    seat_utilities,
    softmax_into,
)
from brink.engine import force, mechanics
from brink.engine.perception import perceive, update_beliefs
from brink.model import values as v
from brink.model.streams import uniform_at
from brink.model.tables import (
    F_ACCIDENTS,
    G,
    MAX_RED_LINES,
    STRATEGIC,
    TRIGGER_ACTION,
    TRIGGER_ATTACKED,
)
from brink.vocabulary import (
    ACCIDENT,
    C_LIFT,
    C_RESTRAIN,
    C_SANCTION,
    C_TALKS,
    INTENT,
    MISPERCEPTION,
    STREAM_DECIDE,
    STREAM_RED_LINES,
    STREAM_WORLD,
    STREAMS_PER_TURN,
)


@njit(cache=True)
def _vetoed(T, S, e, k):  # type: ignore[no-untyped-def]
    """A lead that consults is refused force by an ally that must consent and answered its
    last turn with restraint."""
    side = T.side[k]
    if side < 0 or k != lead_of(T, side) or not T.consult[k, S.policy[e, k]]:
        return False
    for m in range(T.k):
        if m != k and T.side[m] == side and T.consulted[m]:
            last = S.previous[e, m]
            if last >= 0 and T.category[last] == C_RESTRAIN:
                return True
    return False


@njit(cache=True)
def available_mask(T, S, e, turn, k, out):  # type: ignore[no-untyped-def]
    """The seat's actions it can physically take now: cooldowns, fixed enforcement, vetoes."""
    vetoed = _vetoed(T, S, e, k)
    any_open = False
    for j in range(T.own_count[k]):
        a = T.own[T.own_start[k] + j]
        ok = True
        if T.cooldown[a] > 0 and turn - S.last_used[e, a] < T.cooldown[a]:
            ok = False
        category = T.category[a]
        if T.enforcement[k] != 0 and (category == C_SANCTION or category == C_LIFT):
            ok = False
        if vetoed and is_force(category):
            ok = False
        out[j] = ok
        any_open |= ok
    if not any_open:
        out[T.local[T.quiet[k], k]] = True


@njit(cache=True)
def doctrine_mask(T, S, e, k, available, out):  # type: ignore[no-untyped-def]
    """What the doctrine leaves open of the available actions (talks by its willingness)."""
    t = S.policy[e, k]
    mode = T.negotiate[k, t]
    other = T.adversary[k]
    offer_seen = False
    if other >= 0:
        seen = S.perceived[e, k, other]
        offer_seen = seen >= 0 and T.category[seen] == C_TALKS
    talks_ok = mode == 2 or (mode == 1 and (offer_seen or S.stage[e] > 0))
    any_open = False
    for j in range(T.own_count[k]):
        a = T.own[T.own_start[k] + j]
        ok = available[j] and T.allow[k, t, j]
        if T.category[a] == C_TALKS and not talks_ok:
            ok = False
        out[j] = ok
        any_open |= ok
    if not any_open:  # a doctrine never leaves a seat without a move
        for j in range(T.own_count[k]):
            out[j] = available[j]


@njit(cache=True)
def decide(T, X, S, F, e, k, uniform, open_, common, typed_part, utility, probs):  # type: ignore[no-untyped-def]
    """The strategic decider's choice for seat k; fills ``probs[flag, j]`` for both types.
    Returns (action, p_force, p_talks) for the seat's true type."""
    count = T.own_count[k]
    seat_utilities(T, X, S, F, e, k, open_, common, typed_part)
    tau = max(v.gv(T, X, e, G.TEMPERATURE), 1e-12)
    for flag in range(2):
        for j in range(count):
            utility[j] = common[j] + typed_part[flag, j]
        softmax_into(utility, count, tau, probs[flag])
    mine = 1 if S.resolute[e, k] else 0
    pick = inverse_cdf(probs[mine], count, uniform)
    p_force = 0.0
    p_talks = 0.0
    for j in range(count):
        category = T.category[T.own[T.own_start[k] + j]]
        if is_force(category):
            p_force += probs[mine, j]
        elif category == C_TALKS:
            p_talks += probs[mine, j]
    return T.own[T.own_start[k] + pick], p_force, p_talks


@njit(cache=True)
def _triggered(T, S, e, k, trigger, value):  # type: ignore[no-untyped-def]
    """(triggered, on a misreading): k saw an adversary (for a neutral: anyone) do it."""
    hit = False
    misread = False
    for j in range(T.k):
        if j == k or not T.is_seat[j]:
            continue
        if T.side[k] >= 0 and (T.side[j] < 0 or T.side[j] == T.side[k]):
            continue
        seen = S.perceived[e, k, j]
        if seen < 0:
            continue
        if trigger == TRIGGER_ATTACKED:
            match = is_force(T.category[seen])
        elif trigger == TRIGGER_ACTION:
            match = seen == value
        else:
            match = T.category[seen] == value
        if match:
            hit = True
            misread |= S.misread[e, k, j]
    return hit, misread


@njit(cache=True)
def _is_available(T, available, k, a):  # type: ignore[no-untyped-def]
    row = T.local[a, k]
    return row >= 0 and available[row]


@njit(cache=True)
def apply_rules(T, X, S, e, turn, k, chosen, available, consent, key):  # type: ignore[no-untyped-def]
    """The doctrine's standing rules on top of the decider's choice: the opening move, a
    planned strike (put to consulted allies first, dropped if one refuses), red lines.
    Returns (action, red line fired, fired on a misreading, public red line left empty)."""
    t = S.policy[e, k]
    action = chosen
    if turn == 1 and T.opening[k, t] >= 0 and _is_available(T, available, k, T.opening[k, t]):
        action = T.opening[k, t]
    due = T.strike_at[k, t] > 0 and turn >= T.strike_at[k, t] and not S.planned_done[e, k]
    strike = T.strike_of[k]
    if due and strike >= 0:
        if T.consult[k, t]:
            if not S.strike_requested[e, k]:
                S.strike_requested[e, k] = True
            elif consent:
                if _is_available(T, available, k, strike):
                    action = strike
                S.planned_done[e, k] = True
            else:
                S.planned_done[e, k] = True
        else:
            if _is_available(T, available, k, strike):
                action = strike
            S.planned_done[e, k] = True
    fired = False
    misread = False
    empty = False
    stream = turn * STREAMS_PER_TURN + STREAM_RED_LINES
    for r in range(T.red_count[k, t]):
        hit, on_misreading = _triggered(T, S, e, k, T.red_trigger[k, t, r], T.red_value[k, t, r])
        if not hit or fired:
            continue
        then = T.red_then[k, t, r]
        p = X[e, T.red_probability[k, t, r]]
        if uniform_at(key, stream, k * MAX_RED_LINES + r) < p and _is_available(T, available, k, then):
            action = then
            fired = True
            misread = on_misreading
        elif T.red_public[k, t, r] and action != then:
            empty = True
    return action, fired, misread, empty


@njit(cache=True)
def _accident(T, X, S, e, act, cause, key, turn):  # type: ignore[no-untyped-def]
    """At peace, a clash nobody chose: hazard_top·(f₀·f₁)^(exponent/2) per year, f each
    side's highest friction this turn; the side whose forces fire is drawn in proportion to
    its friction, and its lead's move becomes a strike it did not choose."""
    if S.war_level[e] != 0:
        return False
    f0 = 0.0
    f1 = 0.0
    for k in range(T.k):
        if not T.is_seat[k] or T.side[k] < 0:
            continue
        if is_force(T.category[act[k]]):
            return False
        if T.side[k] == 0:
            f0 = max(f0, T.friction[act[k]])
        else:
            f1 = max(f1, T.friction[act[k]])
    if f0 <= 0.0 or f1 <= 0.0:
        return False
    exponent = v.gv(T, X, e, G.HAZARD_EXPONENT)
    p = v.per_turn(T, v.gv(T, X, e, G.HAZARD_TOP) * (f0 * f1) ** (exponent / 2.0))
    u = uniform_at(key, turn * STREAMS_PER_TURN + STREAM_WORLD, 0)
    if u >= p:
        return False
    side = 0 if u < p * f0 / (f0 + f1) else 1
    lead = lead_of(T, side)
    strike = T.strike_of[lead] if T.strike_of[lead] >= 0 else T.war_of[lead]
    if strike < 0:
        return False
    act[lead] = strike
    cause[lead] = ACCIDENT
    return True


@njit(cache=True)
def play_turn(  # type: ignore[no-untyped-def]
    T, X, S, F, keys, turn, forced, override, out_action, out_intended, out_accident,
    out_red_line, out_ended,
):
    """Advance every active episode by one turn (the arrays ``out_*`` record what happened)."""
    n = S.active.shape[0]
    k_count = T.k
    widest = 1
    for k in range(k_count):
        widest = max(widest, T.own_count[k])
    available = np.zeros(widest, dtype=np.bool_)
    open_ = np.zeros(widest, dtype=np.bool_)
    common = np.zeros(widest)
    typed_part = np.zeros((2, widest))
    utility = np.zeros(widest)
    probs = np.zeros((k_count, 2, widest))
    informative = np.zeros(k_count, dtype=np.bool_)
    chosen = np.zeros(k_count, dtype=np.int64)
    act = np.zeros(k_count, dtype=np.int64)
    cause = np.zeros(k_count, dtype=np.int8)
    fired = np.zeros(k_count, dtype=np.bool_)
    fired_misread = np.zeros(k_count, dtype=np.bool_)
    empty = np.zeros(k_count, dtype=np.bool_)
    consults = np.ones(k_count, dtype=np.bool_)
    previous = np.zeros(k_count, dtype=np.int64)
    decide_stream = turn * STREAMS_PER_TURN + STREAM_DECIDE
    for e in range(n):
        out_ended[e] = False
        out_accident[e] = False
        if not S.active[e]:
            continue
        key = keys[e]
        # 1. Decide, each seat on what it perceived last turn.
        for k in range(k_count):
            informative[k] = False
            fired[k] = False
            if not T.is_seat[k]:
                chosen[k] = 0
                continue
            consults[k] = T.consult[k, S.policy[e, k]]
            if forced[e, k] >= 0:
                available_mask(T, S, e, turn, k, available)
                chosen[k] = forced[e, k]
                if not _is_available(T, available, k, chosen[k]):
                    chosen[k] = T.quiet[k]
                category = T.category[chosen[k]]
                S.p_force[e, k] = 1.0 if is_force(category) else 0.0
                S.p_talks[e, k] = 1.0 if category == C_TALKS else 0.0
                continue
            available_mask(T, S, e, turn, k, available)
            doctrine_mask(T, S, e, k, available, open_)
            u = uniform_at(key, decide_stream, k)
            a, p_force, p_talks = decide(
                T, X, S, F, e, k, u, open_, common, typed_part, utility, probs[k]
            )
            chosen[k] = a
            S.p_force[e, k] = p_force
            S.p_talks[e, k] = p_talks
            informative[k] = T.kind[k, S.policy[e, k]] == STRATEGIC
        # 2. Doctrine rules, with consulted allies' answers this turn, then a person's move.
        for k in range(k_count):
            if not T.is_seat[k]:
                continue
            consent = True
            side = T.side[k]
            if side >= 0 and k == lead_of(T, side):
                for m in range(k_count):
                    if m != k and T.side[m] == side and T.consulted[m] and T.is_seat[m]:
                        if T.category[chosen[m]] == C_RESTRAIN:
                            consent = False
            available_mask(T, S, e, turn, k, available)
            act[k], fired[k], fired_misread[k], empty[k] = apply_rules(
                T, X, S, e, turn, k, chosen[k], available, consent, key
            )
            if override[e, k] >= 0:
                act[k] = override[e, k]
            out_intended[e, k] = act[k]
            out_red_line[e, k] = fired[k]
        # 3. Cause: would the seat have used force had it seen the others' moves as they were?
        for k in range(k_count):
            cause[k] = INTENT
            if not T.is_seat[k] or not is_force(T.category[act[k]]):
                continue
            if fired_misread[k]:
                cause[k] = MISPERCEPTION
                continue
            misled = False
            for j in range(k_count):
                if S.misread[e, k, j]:
                    misled = True
            if not misled or fired[k]:
                continue
            if override[e, k] >= 0:
                cause[k] = MISPERCEPTION
                continue
            if forced[e, k] >= 0 or act[k] != chosen[k]:
                continue
            if _would_hold(T, X, S, F, e, k, turn, key, available, open_, common, typed_part,
                           utility, probs[k]):
                cause[k] = MISPERCEPTION
        # 4. Accidents.
        if T.flags[F_ACCIDENTS]:
            out_accident[e] = _accident(T, X, S, e, act, cause, key, turn)
        # 5. Act.
        ended = force.resolve_force(T, X, S, e, act, cause, keys, turn)
        if not ended:
            ended = mechanics.concessions(T, S, e, act)
        if not ended:
            mechanics.capability(T, X, S, e, act, turn)
            mechanics.sanctions(T, X, S, e, act)
            mechanics.politics(T, X, S, e, act, empty)
            mechanics.cohesion(T, X, S, e, act, consults)
            ended = mechanics.negotiation(T, X, S, e, act)
        if not ended:
            ended = mechanics.collapse(T, X, S, e, keys, turn)
        if not ended:
            ended = force.run_war(T, X, S, e, keys, turn)
        # 6. Flows of the turn, then what each seat saw and now believes.
        years = v.turn_years(T)
        for k in range(k_count):
            S.flow_payoff[e, k] += v.flow(T, X, S, e, k) * years
            previous[k] = S.previous[e, k]
        perceive(T, X, S, e, act, previous, keys, turn)
        update_beliefs(T, X, S, e, probs, informative)
        # 7. Bookkeeping.
        S.turns[e] += 1
        top = 0
        misreadings = 0
        for k in range(k_count):
            if T.is_seat[k]:
                top = max(top, T.rung[act[k]])
                S.action[e, k] = act[k]
                S.previous[e, k] = act[k]
                out_action[e, k] = act[k]
            for j in range(k_count):
                if S.misread[e, k, j]:
                    misreadings += 1
        S.max_rung[e] = max(S.max_rung[e], top)
        S.misreadings[e] += misreadings
        if ended:
            S.active[e] = False
            out_ended[e] = True


@njit(cache=True)
def _would_hold(T, X, S, F, e, k, turn, key, available, open_, common, typed_part, utility, probs):  # type: ignore[no-untyped-def]
    """The counterfactual of attribution: k's choice, same noise, had it seen the truth."""
    saved = S.perceived[e, k].copy()
    saved_misread = S.misread[e, k].copy()
    for j in range(T.k):
        if j != k and S.previous[e, j] >= 0:
            S.perceived[e, k, j] = S.previous[e, j]
        S.misread[e, k, j] = False
    available_mask(T, S, e, turn, k, available)
    doctrine_mask(T, S, e, k, available, open_)
    u = uniform_at(key, turn * STREAMS_PER_TURN + STREAM_DECIDE, k)
    scratch = np.zeros_like(probs)
    a, _, _ = decide(T, X, S, F, e, k, u, open_, common, typed_part, utility, scratch)
    S.perceived[e, k] = saved
    S.misread[e, k] = saved_misread
    return not is_force(T.category[a])
