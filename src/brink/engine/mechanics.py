"""What the moves of a turn do to the state: capability, sanctions and strain, commitments and
approval, alliance cohesion, negotiation, concessions and collapse.

Each function reads the turn's actions (K, n) and updates the batch state for the episodes
still going; none loops over episodes. Equations: docs/model.md, one section each.
"""

from __future__ import annotations

import numpy as np

from brink.model.crisis import Crisis, as_array
from brink.vocabulary import (
    CAPITULATION,
    CATEGORY_CODE,
    COLLAPSE,
    READABLE_TOP,
    SETTLEMENT,
    STREAM_WORLD,
    STREAMS_PER_TURN,
)
from brink.model.streams import uniforms

_C = CATEGORY_CODE
_FORCE = np.array([_C["strike"], _C["war"], _C["nuclear"]])
_QUIET = np.array([_C["talks"], _C["hold"], _C["concede"], _C["lift"], _C["restrain"]])
DEFIANCE_RUNG = 3


def world_uniforms(crisis: Crisis) -> np.ndarray:
    """(n, 1 + K): accident, then one collapse draw per actor."""
    width = 1 + crisis.compiled.k
    return uniforms(crisis.keys, crisis.turn * STREAMS_PER_TURN + STREAM_WORLD, width)


def concessions(crisis: Crisis, actions: np.ndarray, going: np.ndarray) -> np.ndarray:
    """A lead that concedes ends the crisis as its capitulation (the challenger first)."""
    c, s = crisis.compiled, crisis.state
    ended = np.zeros(crisis.n, dtype=bool)
    for lead in (c.challenger, c.defender):
        gives = going & ~ended & (c.table.category[actions[lead]] == _C["concede"])
        gives &= s.war_level < 2
        s.outcome[gives] = CAPITULATION
        s.capitulator[gives] = lead
        ended |= gives
    return ended


def capability(crisis: Crisis, actions: np.ndarray, going: np.ndarray) -> None:
    """Tests close a share of the gap to full capability; a blockade stops half of that."""
    c, s = crisis.compiled, crisis.state
    table = c.table
    keep = crisis.kept_per_turn(90.0)
    for k in crisis.compiled.seats:
        a = actions[k]
        category = table.category[a]
        s.missile_tests += going & (category == _C["missile_test"])
        s.nuclear_tests += going & (category == _C["nuclear_test"])
        gained = np.zeros(crisis.n)
        if crisis.scenario.capability.enabled and crisis.has(k, "capability_start"):
            for index in np.unique(a[going]):
                path = table.gain_paths[index]
                if path is None:
                    continue
                mine = going & (a == index)
                gain = np.asarray(crisis.value(path)) * (1.0 - s.capability[k])
                gain = gain * (1.0 - 0.5 * _blockaded(crisis, k))
                gained = np.where(mine, gain, gained)
            s.capability[k] = np.minimum(s.capability[k] + gained, 1.0)
        rate = gained * crisis.turns_per_year()
        s.capability_rate[k] = np.where(
            going, keep * s.capability_rate[k] + (1.0 - keep) * rate, s.capability_rate[k]
        )
        s.last_used[a[going], np.flatnonzero(going)] = crisis.turn


def _blockaded(crisis: Crisis, k: int) -> np.ndarray:
    c, s = crisis.compiled, crisis.state
    level = np.zeros(crisis.n)
    for m in range(c.k):
        blockade = c.table.first(m, "blockade")
        if blockade >= 0 and c.table.target[m, blockade] == k:
            level = np.maximum(level, s.blockade[m])
    return level


def sanctions(crisis: Crisis, actions: np.ndarray, going: np.ndarray) -> None:
    """Held sanctions and blockades move with the actors' moves; strain follows the pain."""
    c, s, scen = crisis.compiled, crisis.state, crisis.scenario
    if not scen.sanctions.enabled:
        return
    table = c.table
    for k in crisis.compiled.seats:
        a = actions[k]
        category = table.category[a]
        fixed = scen.actors[c.actors[k]].enforcement
        step = table.step_fixed[a]
        step = np.where(np.isnan(step), crisis.value("sanctions.step"), step)
        tighten = going & (category == _C["sanction"])
        s.sanction[k] = np.where(tighten, s.sanction[k] + step * (1 - s.sanction[k]), s.sanction[k])
        s.sanction[k] = np.where(going & (category == _C["lift"]), 0.0, s.sanction[k])
        s.blockade[k] = np.where(going & (category == _C["blockade"]), 1.0, s.blockade[k])
        s.blockade[k] = np.where(going & (category == _C["lift"]), 0.0, s.blockade[k])
        if fixed != "decide" and c.sanction_target[k] >= 0:
            others = _others_sanctioning(crisis, k)
            s.sanction[k] = np.where(going, others if fixed == "always" else 0.0, s.sanction[k])
    neutral = c.side < 0
    enforcing = np.zeros(crisis.n, dtype=bool)
    for k in np.flatnonzero(neutral):
        enforcing |= s.sanction[k] > 0
    s.enforced_turns += going & enforcing
    kept = crisis.kept_per_turn(crisis.value("sanctions.strain_half_life_days"))
    for j in range(c.k):
        pain = np.zeros(crisis.n)
        any_trade = False
        for m in range(c.k):
            share = crisis.inputs.get(f"actors.{c.actors[m]}.trade.{c.actors[j]}")
            if share is None:
                continue
            any_trade = True
            pain += np.maximum(s.sanction[m], s.blockade[m]) * share
        if any_trade:
            target = np.minimum(pain, 1.0)
            s.strain[j] = np.where(going, kept * s.strain[j] + (1 - kept) * target, s.strain[j])


def _others_sanctioning(crisis: Crisis, k: int) -> np.ndarray:
    """1 where another actor has sanctions on k's sanctions target (for `always`)."""
    c, s = crisis.compiled, crisis.state
    on = np.zeros(crisis.n)
    for m in np.flatnonzero(c.sanction_target == c.sanction_target[k]):
        if m != k:
            on = np.maximum(on, (s.sanction[m] > 0).astype(float))
    return on


def collapse(crisis: Crisis, going: np.ndarray, world: np.ndarray) -> np.ndarray:
    """Regimes under strain collapse with hazard collapse_hazard · strain² per year."""
    c, s = crisis.compiled, crisis.state
    ended = np.zeros(crisis.n, dtype=bool)
    if not crisis.scenario.sanctions.enabled:
        return ended
    for k in range(c.k):
        if not crisis.has(k, "collapse_hazard"):
            continue
        p = crisis.per_turn(crisis.actor(k, "collapse_hazard") * s.strain[k] ** 2)
        falls = going & ~ended & (world[:, 1 + k] < p)
        s.outcome[falls] = COLLAPSE
        s.collapsed[falls] = k
        ended |= falls
    return ended


def politics(
    crisis: Crisis,
    actions: np.ndarray,
    going: np.ndarray,
    empty_red_line: np.ndarray,
) -> None:
    """Commitments and approval: threats commit, defiance calls them, retreat costs approval.

    A public move with ``commitment`` c adds c·(1+ego)/2 of the remaining room to the
    commitment C (bounded by 1); C fades with its half-life. An adversary's move at rung ≥ 3
    while C > 0 calls the commitment: force carries it out; anything else is an empty threat
    that costs audience_cost·C of approval, once, and spends it. Conceding costs the same.
    """
    c, s, scen = crisis.compiled, crisis.state, crisis.scenario
    table = c.table
    knot = scen.knot.enabled
    kept = crisis.kept_per_turn(crisis.value("knot.half_life_days")) if knot else 0.0
    keep_approval = crisis.kept_per_turn(crisis.value("approval.reversion_days"))
    gain = crisis.value("approval.toughness_gain") * crisis.turn_years
    for k in crisis.compiled.seats:
        a = actions[k]
        category = table.category[a]
        rung = table.rung[a]
        force = np.isin(category, _FORCE)
        loss = np.zeros(crisis.n)
        if knot:
            defied = _defied(crisis, k) & going
            retreat = (defied & ~force) | (category == _C["concede"])
            audience = as_array(crisis.actor(k, "audience_cost", 0.0), crisis.n)
            loss = audience * s.commitment[k] * retreat + audience * empty_red_line[k]
            s.empty_threats[k] += going & ((retreat & (s.commitment[k] > 0)) | empty_red_line[k])
            ego = as_array(crisis.actor(k, "traits.ego"), crisis.n)
            commitment = table.commitment[a] * table.public[a]
            spent = retreat | force
            c_now = np.where(spent, 0.0, s.commitment[k] * kept)
            c_now = c_now + commitment * (1.0 + ego) / 2 * (1.0 - c_now)
            s.commitment[k] = np.where(going, np.minimum(c_now, 1.0), s.commitment[k])
        if scen.approval.enabled and crisis.has(k, "approval_start"):
            start = as_array(crisis.actor(k, "approval_start"), crisis.n)
            tough = (
                table.public[a] & (rung >= 1) & (rung <= READABLE_TOP) & ~np.isin(category, _QUIET)
            )
            value = s.approval[k] + gain * tough - loss
            value = start + keep_approval * (value - start)
            s.approval[k] = np.where(going, np.clip(value, 0.0, 1.0), s.approval[k])


def _defied(crisis: Crisis, k: int) -> np.ndarray:
    c, s = crisis.compiled, crisis.state
    side = c.side[k]
    if side < 0:
        return np.zeros(crisis.n, dtype=bool)
    seen_high = np.zeros(crisis.n, dtype=bool)
    for j in c.members[1 - int(side)]:
        seen = s.perceived[k, j]
        seen_high |= (seen >= 0) & (c.table.rung[np.maximum(seen, 0)] >= DEFIANCE_RUNG)
    return seen_high & (s.commitment[k] > 0)


def cohesion(crisis: Crisis, actions: np.ndarray, going: np.ndarray, consults) -> None:  # type: ignore[no-untyped-def]
    """Allies' cohesion with their lead: lost to force the lead uses without consulting them
    (a quarter of it for shows of force), regained over time and faster while they support."""
    c, s, scen = crisis.compiled, crisis.state, crisis.scenario
    if not scen.alliance.enabled:
        return
    table = c.table
    recover = 1.0 - crisis.kept_per_turn(crisis.value("alliance.recovery_days"))
    for side, members in enumerate(c.members):
        lead = c.lead_of_side(side)
        category = table.category[actions[lead]]
        forceful = np.isin(category, _FORCE)
        shows = np.isin(category, [_C["exercise"], _C["blockade"]])
        unconsulted = going & ~consults[lead]
        escalates = table.public[actions[lead]] & (table.rung[actions[lead]] >= 2)
        for k in members:
            if int(k) == lead or not crisis.has(int(k), "cohesion_loss"):
                continue
            loss = crisis.actor(int(k), "cohesion_loss")
            hit = np.where(forceful, 1.0, np.where(shows, 0.25, 0.0)) * unconsulted
            # Escalating while the ally counsels restraint also strains the alliance.
            last = s.previous[k]
            counselled = (last >= 0) & (table.category[np.maximum(last, 0)] == _C["restrain"])
            hit = np.maximum(hit, 0.25 * (going & counselled & escalates))
            supports = table.category[actions[k]] == _C["support"]
            regained = recover * (1.0 + supports) * (1.0 - s.cohesion[k])
            value = s.cohesion[k] + regained - loss * hit
            s.cohesion[k] = np.where(going, np.clip(value, 0.0, 1.0), s.cohesion[k])


def negotiation(crisis: Crisis, actions: np.ndarray, going: np.ndarray) -> np.ndarray:
    """Offers between the leads bind only when answered within a turn; a stage holds while no
    one breaks it; the last stage held is a settlement. Returns the episodes settled."""
    c, s, scen = crisis.compiled, crisis.state, crisis.scenario
    table = c.table
    settled = np.zeros(crisis.n, dtype=bool)
    leads = (c.challenger, c.defender)
    offering = np.stack([table.category[actions[k]] == _C["talks"] for k in leads])
    if not scen.negotiation.enabled:
        s.offered[list(leads)] = offering
        return settled
    stages = len(scen.negotiation.stages)
    hold = crisis.turns_for(crisis.value("negotiation.hold_days"))
    breaking = np.zeros(crisis.n, dtype=bool)
    for k in np.flatnonzero(c.side >= 0):
        breaking |= table.breaks_freeze[actions[k]]
    broken = going & (s.stage > 0) & breaking
    s.stage[broken] = 0
    s.stage_clock[broken] = 0
    holding = going & (s.stage > 0) & ~broken
    s.stage_clock += holding
    answered = offering | s.offered[list(leads)]
    agreed = (offering[0] | offering[1]) & answered[0] & answered[1]
    ready = (s.stage == 0) | (s.stage_clock >= hold)
    advance = going & ~broken & agreed & ready & (s.stage < stages)
    s.stage[advance] += 1
    s.stage_clock[advance] = 0
    settled = going & (s.stage == stages) & (s.stage_clock >= hold)
    s.outcome[settled] = SETTLEMENT
    if scen.sanctions.enabled:
        lifted = going & (s.stage >= min(scen.negotiation.lift_stage, stages))
        for side, members in enumerate(c.members):
            for k in members:
                s.sanction[k] = np.where(lifted, 0.0, s.sanction[k])
                s.blockade[k] = np.where(lifted, 0.0, s.blockade[k])
    for index, k in enumerate(leads):
        s.offered[k] = np.where(going, offering[index], False)
    return settled
