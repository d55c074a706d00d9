"""One turn of every episode of a batch, compiled, in three phases.

1. ``decide_phase``: every seat decides at once, on what it perceived last turn; doctrine rules
   (openings, planned strikes and consultation, red lines) and a person's move apply; force is
   attributed to intent or misperception; accidents strike.
2. ``act_phase``: force, concessions, tests, sanctions, commitments and approval, cohesion,
   negotiation, collapse, war; the turn's flows.
3. ``observe_phase``: perception and Bayesian beliefs; bookkeeping.

Seats playing a fixed rule (a table or a reactive doctrine) arrive with their move chosen in
``forced``; a person's move in ``override``. Each phase loops over the episodes itself and
everything it calls is inlined, so no call is made per episode. Equations: docs/model.md.
"""

from __future__ import annotations

from numba import njit

from brink.deciders.strategic import (
    choice_probabilities,
    inverse_cdf,
    is_force,
    seat_utilities,
)
from brink.engine import force, mechanics
from brink.engine.perception import perceive, update_beliefs
from brink.model import values as v
from brink.model.streams import uniform_at
from brink.model.tables import (
    F_ACCIDENTS,
    MAX_RED_LINES,
    STRATEGIC,
    TRIGGER_ACTION,
    TRIGGER_ATTACKED,
    G,
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

inline = njit(cache=True, error_model="numpy", inline="always")
small = njit(cache=True, error_model="numpy")  # left to LLVM, which inlines it


@inline
def _vetoed(T, s, k):  # type: ignore[no-untyped-def]
    """A lead that consults is refused force by an ally that must consent and answered its
    last turn with restraint."""
    side = T.side[k]
    if side < 0 or k != v.lead_of(T, side) or not T.consult[k, s.policy[k]]:
        return False
    for m in range(T.k):
        if m != k and T.side[m] == side and T.consulted[m]:
            last = s.previous[m]
            if last >= 0 and T.category[last] == C_RESTRAIN:
                return True
    return False


@inline
def available_mask(T, s, turn, k, out):  # type: ignore[no-untyped-def]
    """The seat's actions it can take now: cooldowns, fixed enforcement, allies' vetoes."""
    vetoed = _vetoed(T, s, k)
    any_open = False
    for j in range(T.own_count[k]):
        a = T.own[T.own_start[k] + j]
        ok = True
        if T.cooldown[a] > 0 and turn - s.last_used[k, a] < T.cooldown[a]:
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


@inline
def doctrine_mask(T, s, k, truth, available, out):  # type: ignore[no-untyped-def]
    """What the doctrine leaves open of the available actions (talks by its willingness)."""
    t = s.policy[k]
    mode = T.negotiate[k, t]
    other = T.adversary[k]
    offer_seen = False
    if other >= 0:
        last = s.previous[other] if truth else s.perceived[k, other]
        offer_seen = last >= 0 and T.category[last] == C_TALKS
    talks_ok = mode == 2 or (mode == 1 and (offer_seen or s.stage > 0))
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


@small
def _is_available(T, available, k, a):  # type: ignore[no-untyped-def]
    row = T.local[a, k]
    return row >= 0 and available[row]


@inline
def _triggered(T, s, k, trigger, value):  # type: ignore[no-untyped-def]
    """(triggered, on a misreading): k saw an adversary (for a neutral: anyone) do it."""
    hit = False
    misread = False
    for j in range(T.k):
        if j == k or not T.is_seat[j]:
            continue
        if T.side[k] >= 0 and (T.side[j] < 0 or T.side[j] == T.side[k]):
            continue
        seen = s.perceived[k, j]
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
            misread |= s.misread[k, j]
    return hit, misread


@inline
def _has_consulted_ally(T, k):  # type: ignore[no-untyped-def]
    """k's side has an ally whose consent k must ask for force."""
    for m in range(T.k):
        ally = m != k and T.side[k] >= 0 and T.side[m] == T.side[k]
        if ally and T.consulted[m] and T.is_seat[m]:
            return True
    return False


@inline
def apply_rules(T, s, x, turn, k, chosen, available, consent, key):  # type: ignore[no-untyped-def]
    """The doctrine's standing rules on top of the decider's choice: the opening move, a
    planned strike (put to consulted allies first, dropped if one refuses), red lines.
    Returns (action, red line fired, fired on a misreading, public red line left empty)."""
    t = s.policy[k]
    action = chosen
    if turn == 1 and T.opening[k, t] >= 0 and _is_available(T, available, k, T.opening[k, t]):
        action = T.opening[k, t]
    due = T.strike_at[k, t] > 0 and turn >= T.strike_at[k, t] and not s.planned_done[k]
    strike = T.strike_of[k]
    if due and strike >= 0:
        if T.consult[k, t] and _has_consulted_ally(T, k):  # nobody to ask: no turn's delay
            if not s.strike_requested[k]:
                s.strike_requested[k] = True
            else:
                if consent and _is_available(T, available, k, strike):
                    action = strike
                s.planned_done[k] = True
        else:
            if _is_available(T, available, k, strike):
                action = strike
            s.planned_done[k] = True
    fired = False
    misread = False
    empty = False
    stream = turn * STREAMS_PER_TURN + STREAM_RED_LINES
    for r in range(T.red_count[k, t]):
        hit, on_misreading = _triggered(T, s, k, T.red_trigger[k, t, r], T.red_value[k, t, r])
        if not hit or fired:
            continue
        then = T.red_then[k, t, r]
        p = x[T.red_probability[k, t, r]]
        u = uniform_at(key, stream, k * MAX_RED_LINES + r)
        if u < p and _is_available(T, available, k, then):
            action = then
            fired = True
            misread = on_misreading
        elif T.red_public[k, t, r] and action != then:
            empty = True
    return action, fired, misread, empty


@inline
def _accident(T, s, x, act, cause, informative, key, turn):  # type: ignore[no-untyped-def]
    """At peace, a clash nobody chose: hazard_top·(f₀·f₁)^(exponent/2) per year, f each
    side's highest friction this turn; the side whose forces fire is drawn in proportion to
    its friction, and its lead's move becomes a strike it did not choose."""
    if s.war_level != 0:
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
    exponent = v.gv(T, x, G.HAZARD_EXPONENT)
    p = v.per_turn(T, v.gv(T, x, G.HAZARD_TOP) * (f0 * f1) ** (exponent / 2.0))
    u = uniform_at(key, turn * STREAMS_PER_TURN + STREAM_WORLD, 0)
    if u >= p:
        return False
    side = 0 if u < p * f0 / (f0 + f1) else 1
    lead = v.lead_of(T, side)
    strike = T.strike_of[lead] if T.strike_of[lead] >= 0 else T.war_of[lead]
    if strike < 0:
        return False
    act[lead] = strike
    cause[lead] = ACCIDENT
    informative[lead] = False  # nobody chose it
    return True


@njit(cache=True, error_model="numpy")
def decide(T, s, x, w, key, turn):  # type: ignore[no-untyped-def]
    """Every seat's move in one episode this turn (``w.moves``), the cause its force would
    carry and the choice probabilities observers learn from. Returns whether an accident
    struck."""
    v.fill_context(T, s, x, w)
    tau = max(v.gv(T, x, G.TEMPERATURE), 1e-12)
    stream = turn * STREAMS_PER_TURN + STREAM_DECIDE
    for k in range(T.k):
        w.informative[k] = False
        w.would_force[k] = True
        if not T.is_seat[k]:
            continue
        available = w.seat_available[k]
        available_mask(T, s, turn, k, available)
        forced = s.forced[k]
        if forced >= 0:
            w.chosen[k] = forced if _is_available(T, available, k, forced) else T.quiet[k]
            category = T.category[w.chosen[k]]
            for flag in range(2):
                w.next_force[k, flag] = 1.0 if is_force(category) else 0.0
                w.next_talks[k, flag] = 1.0 if category == C_TALKS else 0.0
            continue
        u = uniform_at(key, stream, k)
        misled = False
        for j in range(T.k):
            misled |= s.misread[k, j] != 0
        count = T.own_count[k]
        mine = 1 if s.resolute[k] else 0
        # View 0: what the seat perceived. View 1 (only when it chose force on a misreading):
        # the same decider and noise on the others' true last moves.
        for view in range(2):
            truth = view == 1
            doctrine_mask(T, s, k, truth, available, w.open)
            seat_utilities(T, s, x, w, k, truth)
            if view == 0:
                for flag in range(2):
                    if flag == mine or T.typed[k]:
                        choice_probabilities(w, k, count, tau, flag, w.probs[k])
                pick = T.own[T.own_start[k] + inverse_cdf(w.probs[k], mine, count, u)]
            else:
                choice_probabilities(w, k, count, tau, mine, w.truth_probs)
                pick = T.own[T.own_start[k] + inverse_cdf(w.truth_probs, mine, count, u)]
                w.would_force[k] = is_force(T.category[pick])
                break
            w.chosen[k] = pick
            # Each type's chances of force and talks (an untyped seat has one type: both
            # entries are its own), summed in one pass over the actions.
            row0 = 0 if T.typed[k] else mine
            row1 = 1 if T.typed[k] else mine
            force0 = force1 = talks0 = talks1 = 0.0
            for j in range(count):
                category = T.category[T.own[T.own_start[k] + j]]
                if is_force(category):
                    force0 += w.probs[k, row0, j]
                    force1 += w.probs[k, row1, j]
                elif category == C_TALKS:
                    talks0 += w.probs[k, row0, j]
                    talks1 += w.probs[k, row1, j]
            w.next_force[k, 0], w.next_force[k, 1] = force0, force1
            w.next_talks[k, 0], w.next_talks[k, 1] = talks0, talks1
            if not (misled and is_force(T.category[pick])):
                break
        w.informative[k] = T.kind[k, s.policy[k]] == STRATEGIC
    for k in range(T.k):  # published once all have decided: the moves are simultaneous
        for flag in range(2):
            s.p_force[k, flag] = w.next_force[k, flag]
            s.p_talks[k, flag] = w.next_talks[k, flag]
    # Doctrine rules (consulted allies answer this turn), then a person's move.
    for k in range(T.k):
        w.cause[k] = INTENT
        if not T.is_seat[k]:
            continue
        consent = True
        side = T.side[k]
        if side >= 0 and k == v.lead_of(T, side):
            for m in range(T.k):
                refuses = T.category[w.chosen[m]] == C_RESTRAIN
                if m != k and T.side[m] == side and T.consulted[m] and T.is_seat[m] and refuses:
                    consent = False
        # (the mask of the first pass: nothing it reads has changed since)
        move, fired, fired_misread, empty = apply_rules(
            T, s, x, turn, k, w.chosen[k], w.seat_available[k], consent, key
        )
        if fired or move != w.chosen[k] or (turn == 1 and T.opening[k, s.policy[k]] >= 0):
            w.informative[k] = False  # a rule made the move, not the seat's type
        own_doctrine = True  # the move is what the seat's doctrine plays
        if s.override[k] >= 0 and s.override[k] != move:
            move = s.override[k]
            own_doctrine = False
        w.moves[k], w.red_line[k], w.empty[k] = move, fired, empty
        # Force on a misread red-line trigger, or force the seat would not have used had it
        # seen the truth (the counterfactual above), is misperception.
        if is_force(T.category[move]):
            misled = False
            for j in range(T.k):
                misled |= s.misread[k, j] != 0
            if fired_misread:
                w.cause[k] = MISPERCEPTION
            elif misled and move == w.chosen[k] and not fired:
                # The decider's own choice (also when a person made it): its counterfactual.
                if s.forced[k] < 0 and not w.would_force[k]:
                    w.cause[k] = MISPERCEPTION
            elif misled and not own_doctrine:
                # A person's own reasons are not replayable: force on a misreading counts as
                # misperception.
                w.cause[k] = MISPERCEPTION
    for k in range(T.k):
        w.intended[k] = w.moves[k]
    if T.flags[F_ACCIDENTS]:
        return _accident(T, s, x, w.moves, w.cause, w.informative, key, turn)
    return False


@njit(cache=True, error_model="numpy")
def act(T, s, x, w, key, turn):  # type: ignore[no-untyped-def]
    """What the moves do to one episode; returns whether it ended."""
    moves = w.moves
    for k in range(T.k):
        w.consults[k] = T.consult[k, s.policy[k]]
    done = force.resolve_force(T, s, x, moves, w.cause, key, turn)
    if not done and mechanics.concessions(T, s, moves):
        mechanics.politics(
            T, s, x, moves, w.empty, w.keep_knot, w.keep_approval
        )  # the retreat costs its approval
        done = True
    if not done:
        mechanics.capability(T, s, x, moves, turn)
        mechanics.sanctions(T, s, x, moves, w.keep_strain)
        mechanics.politics(T, s, x, moves, w.empty, w.keep_knot, w.keep_approval)
        mechanics.cohesion(T, s, x, moves, w.consults, w.recover)
        done = mechanics.negotiation(T, s, x, moves)
    if not done and s.war_level < 2:  # a regime at war falls with the war's end, not before
        done = mechanics.collapse(T, s, x, key, turn)
    if not done:
        done = force.run_war(T, s, x, key, turn)
    if not done:
        done = mechanics.fading(T, s, x, moves)
    years = v.turn_years(T)
    for k in range(T.k):
        s.flow_payoff[k] += w.flow[k] * years  # the turn's flow, valued at its start
    return done


@njit(cache=True, error_model="numpy")
def observe(T, s, x, w, key, turn):  # type: ignore[no-untyped-def]
    """What each seat saw and now believes; the episode's counters."""
    for k in range(T.k):
        w.previous[k] = s.previous[k]
    perceive(T, s, x, w.moves, w.previous, key, turn)
    update_beliefs(T, s, x, w.probs, w.informative)
    s.turns += 1
    top = 0
    misreadings = 0
    for k in range(T.k):
        if T.is_seat[k]:
            top = max(top, T.rung[w.moves[k]])
            s.action[k] = w.moves[k]
            s.previous[k] = w.moves[k]
        for j in range(T.k):
            if s.misread[k, j]:
                misreadings += 1
    s.max_rung = max(s.max_rung, top)
    s.misreadings += misreadings


@njit(cache=True, error_model="numpy")
def play_turn(  # type: ignore[no-untyped-def]
    tab, X, S, work, keys, turn, out_action, out_intended, out_accident, out_red_line, out_ended
):
    """Advance every active episode by one turn; ``out_*`` record what happened."""
    T = tab[0]
    w = work[0]
    for e in range(S.shape[0]):
        out_ended[e] = False
        out_accident[e] = False
        s = S[e]
        if not s.active:
            continue
        x = X[e].v
        key = keys[e]
        accident = decide(T, s, x, w, key, turn)
        for k in range(T.k):
            out_intended[e, k] = w.intended[k]
            out_action[e, k] = w.moves[k]
            out_red_line[e, k] = w.red_line[k]
        out_accident[e] = accident
        done = act(T, s, x, w, key, turn)
        observe(T, s, x, w, key, turn)
        if done:
            s.active = False
            out_ended[e] = True


@njit(cache=True, error_model="numpy")
def play_episodes(tab, X, S, work, keys, first, last):  # type: ignore[no-untyped-def]
    """Play every active episode through turns ``first``..``last`` (or to its end), one
    episode at a time: its record and inputs stay in cache for all of its turns instead of
    the whole batch streaming through memory every turn. The same numbers as ``play_turn``
    turn by turn (episodes never read each other); only for batches in which no seat plays a
    fixed rule and nobody watches the turns."""
    T = tab[0]
    w = work[0]
    for e in range(S.shape[0]):
        s = S[e]
        x = X[e].v
        key = keys[e]
        for turn in range(first, last + 1):
            if not s.active:
                break
            decide(T, s, x, w, key, turn)
            done = act(T, s, x, w, key, turn)
            observe(T, s, x, w, key, turn)
            if done:
                s.active = False


@njit(cache=True, error_model="numpy")
def suggest(tab, X, S, work, keys, turn, e, out_moves, out_probs):  # type: ignore[no-untyped-def]
    """Every seat's move in episode e at ``turn`` (its decider's choice with the doctrine's
    rules) and the choice probabilities ``out_probs[k, j]`` of its true type, as the turn
    would make them. Changes ``S[e]``: call it on a copy of the record.

    The move is the one the seat means to play, before any accident: a clash nobody chose is
    no advice, and telling it would tell a player the coming turn's dice."""
    T = tab[0]
    w = work[0]
    s = S[e]
    decide(T, s, X[e].v, w, keys[e], turn)
    for k in range(T.k):
        out_moves[k] = w.intended[k]
        mine = 1 if s.resolute[k] else 0
        for j in range(T.own_count[k]):
            out_probs[k, j] = w.probs[k, mine, j]


@njit(cache=True, error_model="numpy")
def open_actions(tab, S, turn, e, k, out):  # type: ignore[no-untyped-def]
    """Which of seat k's actions it can take now (cooldowns, vetoes, fixed enforcement)."""
    T = tab[0]
    available_mask(T, S[e], turn, k, out)
