"""What the moves of a turn do to one episode's state: concessions, capability, sanctions and
strain, commitments and approval, alliance cohesion, negotiation and collapse.

Each function reads one episode's record ``s``, inputs ``x`` and the turn's moves ``act[k]``
and updates the record.
Equations: docs/model.md, one section each.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from brink.deciders.strategic import (
    PAUSE_DAYS,
    defiance_seen,
    defied,
    is_force,
    is_held_measure,
    is_quiet,
    measures_defied,
)
from brink.model import values as v
from brink.model.streams import uniform_at
from brink.model.tables import (
    F_ALLIANCE,
    F_APPROVAL,
    F_CAPABILITY,
    F_FADING,
    F_KNOT,
    F_NEGOTIATION,
    F_SANCTIONS,
    G,
    P,
)
from brink.model.values import lead_of
from brink.vocabulary import (
    C_BLOCKADE,
    C_CONCEDE,
    C_EXERCISE,
    C_LIFT,
    C_MISSILE_TEST,
    C_NUCLEAR_TEST,
    C_RESTRAIN,
    C_SANCTION,
    C_SUPPORT,
    C_TALKS,
    CALM_RUNG,
    CAPITULATION,
    COLLAPSE,
    READABLE_TOP,
    SETTLEMENT,
    STREAM_WORLD,
    STREAMS_PER_TURN,
)

#: Capability gains a blockade of the gainer stops (its share of the gain).
BLOCKADE_INTERDICTION = 0.5
#: Days over which others average an actor's recent capability growth.
GROWTH_MEMORY_DAYS = 90.0


@njit(cache=True, error_model="numpy", inline="always")
def concessions(T, s, act):  # type: ignore[no-untyped-def]
    """A lead that concedes ends the crisis as its capitulation (the challenger first)."""
    if s.war_level >= 2:
        return False
    for lead in (T.challenger, T.defender):
        if T.category[act[lead]] == C_CONCEDE:
            s.outcome = CAPITULATION
            s.capitulator = lead
            return True
    return False


@njit(cache=True, error_model="numpy", inline="always")
def capability(T, s, x, act, turn):  # type: ignore[no-untyped-def]
    """Tests close a share of the gap to full capability (a blockade stops half of that);
    others watch the recent rate of growth."""
    keep = v.kept(T, GROWTH_MEMORY_DAYS)
    per_year = 365.0 / T.turn_days
    for k in range(T.k):
        if not T.is_seat[k]:
            continue
        a = act[k]
        category = T.category[a]
        if category == C_MISSILE_TEST:
            s.missile_tests += 1
        elif category == C_NUCLEAR_TEST:
            s.nuclear_tests += 1
        s.last_used[k, a] = turn
        gained = 0.0
        if T.flags[F_CAPABILITY] and v.has(T, k, P.CAPABILITY_START) and T.gain[a] >= 0:
            gained = x[T.gain[a]] * (1.0 - s.capability[k])
            gained *= 1.0 - BLOCKADE_INTERDICTION * _blockaded(T, s, k)
            s.capability[k] = min(s.capability[k] + gained, 1.0)
        s.capability_rate[k] = keep * s.capability_rate[k] + (1.0 - keep) * gained * per_year


@njit(cache=True, error_model="numpy", inline="always")
def _blockaded(T, s, k):  # type: ignore[no-untyped-def]
    level = 0.0
    for m in range(T.k):
        for j in range(T.own_count[m]):
            a = T.own[T.own_start[m] + j]
            if T.category[a] == C_BLOCKADE and T.target[m, a] == k:
                level = max(level, s.blockade[m])
    return level


@njit(cache=True, error_model="numpy", inline="always")
def sanctions(T, s, x, act, keep):  # type: ignore[no-untyped-def]
    """Held sanctions and blockades move with the actors' moves; strain follows the pain,
    keeping ``keep`` of its level per turn (its half-life's share, ``w.keep_strain``)."""
    if not T.flags[F_SANCTIONS]:
        return
    for k in range(T.k):
        if not T.is_seat[k]:
            continue
        a = act[k]
        category = T.category[a]
        if category == C_SANCTION:
            step = T.step[a]
            if np.isnan(step):
                step = v.gv(T, x, G.SANCTION_STEP)
            s.sanction[k] += step * (1.0 - s.sanction[k])
        elif category == C_BLOCKADE:
            s.blockade[k] = 1.0
        elif category == C_LIFT:
            s.sanction[k] = 0.0
            s.blockade[k] = 0.0
        if T.enforcement[k] != 0 and T.sanction_target[k] >= 0:
            others = 0.0
            for m in range(T.k):
                same_target = T.sanction_target[m] == T.sanction_target[k]
                if m != k and same_target and s.sanction[m] > 0.0:
                    others = 1.0
            s.sanction[k] = others if T.enforcement[k] == 1 else 0.0
    enforcing = False
    for k in range(T.k):
        if T.side[k] < 0 and s.sanction[k] > 0.0:
            enforcing = True
    if enforcing:
        s.enforced_turns += 1
    for j in range(T.k):
        pain = 0.0
        traded = False
        for m in range(T.k):
            column = T.trade[m, j]
            if column >= 0:
                traded = True
                pain += max(s.sanction[m], s.blockade[m]) * x[column]
        if traded:
            s.strain[j] = keep * s.strain[j] + (1.0 - keep) * min(pain, 1.0)


@njit(cache=True, error_model="numpy", inline="always")
def collapse(T, s, x, key, turn):  # type: ignore[no-untyped-def]
    """Regimes under strain collapse with hazard collapse_hazard · strain² per year."""
    if not T.flags[F_SANCTIONS]:
        return False
    stream = turn * STREAMS_PER_TURN + STREAM_WORLD
    for k in range(T.k):
        if not v.has(T, k, P.COLLAPSE_HAZARD):
            continue
        rate = v.av(T, x, k, P.COLLAPSE_HAZARD, 0.0) * s.strain[k] ** 2
        if uniform_at(key, stream, 1 + k) < v.per_turn(T, rate):
            s.outcome = COLLAPSE
            s.collapsed = k
            return True
    return False


@njit(cache=True, error_model="numpy", inline="always")
def politics(T, s, x, act, empty, keep, keep_approval):  # type: ignore[no-untyped-def]
    """Commitments and approval: threats commit, defiance calls them, retreat costs approval.

    A public move with ``commitment`` c adds c·(1+ego)/2 of the remaining room to a commitment
    (bounded by 1) that fades with its half-life: to C for a threat, to C_m for a held measure
    (sanctions, a blockade). An adversary's move at rung ≥ 3 while C > 0 calls the threat,
    once per defiance (threats renewed while it goes on are called when it next resumes):
    force carries it out; anything else is an empty threat that costs audience_cost·C of
    approval, once, and spends it. C_m is carried out by holding the measures and lasts while
    they are in force; lifting them in the face of such a move forfeits it, at audience_cost·C_m.
    Conceding costs both, and a public red line left unenforced costs audience_cost in full.
    Runs after the turn's sanctions, so ``s.sanction``/``s.blockade`` are what is now held.
    ``keep`` and ``keep_approval`` are the shares of a commitment and of approval's distance
    from its baseline kept per turn (``w.keep_knot``, ``w.keep_approval``: their half-lives').
    """
    knot = T.flags[F_KNOT]
    gain = v.gv(T, x, G.TOUGHNESS_GAIN) * v.turn_years(T)
    for k in range(T.k):
        if not T.is_seat[k]:
            continue
        a = act[k]
        category = T.category[a]
        force = is_force(category)
        loss = 0.0
        if knot:
            conceded = category == C_CONCEDE
            called = defied(T, s, k, False)
            retreat = (called and not force) or conceded
            audience = v.av(T, x, k, P.AUDIENCE, 0.0)
            if retreat:
                loss += audience * s.commitment[k]
                if s.commitment[k] > 0.0:
                    s.empty_threats[k] += 1
            if conceded or (category == C_LIFT and measures_defied(T, s, k, False)):
                loss += audience * s.measure_commitment[k]
            if empty[k]:
                loss += audience
                s.empty_threats[k] += 1
            c_now = 0.0 if (retreat or force) else s.commitment[k] * keep
            holding = s.sanction[k] > 0.0 or s.blockade[k] > 0.0
            m_now = s.measure_commitment[k] * keep if (holding and not conceded) else 0.0
            if T.public[a]:
                added = T.commitment[a] * (1.0 + v.av(T, x, k, P.EGO, 0.0)) / 2.0
                if not is_held_measure(category):
                    c_now += added * (1.0 - c_now)
                elif holding:
                    m_now += added * (1.0 - m_now)
            s.commitment[k] = min(c_now, 1.0)
            s.measure_commitment[k] = min(m_now, 1.0)
            if called:  # not again while this defiance goes on
                s.called[k] = True
            if defiance_seen(T, s, k, False):
                s.calm[k] = 0
            else:
                s.calm[k] += 1
                if s.calm[k] * T.turn_days >= PAUSE_DAYS:
                    s.called[k] = False
        if T.flags[F_APPROVAL] and v.has(T, k, P.APPROVAL_START):
            start = v.av(T, x, k, P.APPROVAL_START, 0.0)
            rung = T.rung[a]
            tough = T.public[a] and 1 <= rung <= READABLE_TOP and not is_quiet(category)
            value = s.approval[k] + (gain if tough and not force else 0.0) - loss
            value = start + keep_approval * (value - start)
            s.approval[k] = min(max(value, 0.0), 1.0)


@njit(cache=True, error_model="numpy", inline="always")
def cohesion(T, s, x, act, consults, recover):  # type: ignore[no-untyped-def]
    """Allies' cohesion with their lead: lost to force the lead uses without consulting them (a
    quarter of it for shows of force, or for escalating while the ally counsels restraint),
    regained over time (``recover`` of the loss per turn, ``w.recover``), twice as fast while
    the ally supports."""
    if not T.flags[F_ALLIANCE]:
        return
    for side in range(2):
        lead = lead_of(T, side)
        if not T.is_seat[lead]:
            continue
        a = act[lead]
        category = T.category[a]
        hit = 0.0
        if not consults[lead]:
            if is_force(category):
                hit = 1.0
            elif category == C_EXERCISE or category == C_BLOCKADE:
                hit = 0.25
        escalates = T.public[a] and T.rung[a] >= 2
        for k in range(T.k):
            if k == lead or T.side[k] != side or not v.has(T, k, P.COHESION_LOSS):
                continue
            loss = v.av(T, x, k, P.COHESION_LOSS, 0.0)
            last = s.previous[k]
            counselled = last >= 0 and T.category[last] == C_RESTRAIN
            strain = max(hit, 0.25 if (counselled and escalates) else 0.0)
            supports = 2.0 if T.category[act[k]] == C_SUPPORT else 1.0
            value = s.cohesion[k] + recover * supports * (1.0 - s.cohesion[k])
            s.cohesion[k] = min(max(value - loss * strain, 0.0), 1.0)


@njit(cache=True, error_model="numpy", inline="always")
def negotiation(T, s, x, act):  # type: ignore[no-untyped-def]
    """Offers between the leads bind only when answered within a turn; a stage holds while no
    one breaks it; the last stage held is a settlement. Returns True when settled."""
    c, d = T.challenger, T.defender
    offer_c = T.category[act[c]] == C_TALKS
    offer_d = T.category[act[d]] == C_TALKS
    if not T.flags[F_NEGOTIATION]:
        s.offered[c] = offer_c
        s.offered[d] = offer_d
        return False
    hold = max(1.0, np.ceil(v.gv(T, x, G.HOLD_DAYS) / T.turn_days))
    breaking = False
    for k in range(T.k):
        if T.is_seat[k] and T.side[k] >= 0 and T.breaks_freeze[act[k]]:
            breaking = True
    settled = False
    if s.stage > 0 and breaking:
        s.stage = 0
        s.stage_clock = 0
    else:
        if s.stage > 0:
            s.stage_clock += 1
        answered_c = offer_c or s.offered[c]
        answered_d = offer_d or s.offered[d]
        agreed = (offer_c or offer_d) and answered_c and answered_d
        ready = s.stage == 0 or s.stage_clock >= hold
        if agreed and ready and s.stage < T.n_stages:
            s.stage += 1
            s.stage_clock = 0
        settled = s.stage == T.n_stages and s.stage_clock >= hold
        if settled:
            s.outcome = SETTLEMENT
        if T.flags[F_SANCTIONS] and s.stage >= min(T.lift_stage, T.n_stages):
            for k in range(T.k):
                if T.side[k] >= 0:  # lifted by the deal: nothing staked on them is forfeited
                    s.sanction[k] = 0.0
                    s.blockade[k] = 0.0
                    s.measure_commitment[k] = 0.0
    s.offered[c] = offer_c
    s.offered[d] = offer_d
    return settled


@njit(cache=True, error_model="numpy", inline="always")
def fading(T, s, x, act):  # type: ignore[no-untyped-def]
    """The crisis fades — ends without terms and without a loser, as ICB's crises ended by a
    unilateral step down or by fading do — once, at peace and with no deal's stage in force,
    no seat of either side has moved above rhetoric for ``fading.calm_days`` (at least a
    turn). Returns True when it faded (its outcome stays unresolved)."""
    if not T.flags[F_FADING]:
        return False
    calm = s.war_level == 0 and s.stage == 0
    for k in range(T.k):
        if T.is_seat[k] and T.side[k] >= 0 and T.rung[act[k]] > CALM_RUNG:
            calm = False
    s.calm_turns = s.calm_turns + 1 if calm else 0
    if s.calm_turns < max(1.0, np.ceil(v.gv(T, x, G.CALM_DAYS) / T.turn_days)):
        return False
    s.faded = True
    return True
