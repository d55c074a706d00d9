"""Force as a state: a strike opens a clash the other side answers, contains or escalates; a
major war runs its course to a ceasefire, a defeat or nuclear use, with deaths that grow with it.

States (``war_level``): 0 peace; 1 a clash under way (limited strikes, one side or both);
2 a major war. A clash nobody answers is contained and the crisis goes on (a minor clash); an
exchange that then stops ends the crisis as a limited war (serious clashes); a war move, or a
nuclear one, escalates. Equations: docs/model.md, "Force".
"""

from __future__ import annotations

import numpy as np

from brink.model import values
from brink.model.crisis import Crisis, as_array
from brink.model.streams import uniforms
from brink.vocabulary import (
    CATEGORY_CODE,
    CONVENTIONAL,
    LIMITED,
    NUCLEAR,
    STREAM_FORCE,
    STREAMS_PER_TURN,
    WAR,
    WAR_ENDS,
)

_STRIKE, _WAR, _NUCLEAR = (CATEGORY_CODE[c] for c in ("strike", "war", "nuclear"))
CEASEFIRE, DEFEAT, NUCLEAR_END, HORIZON = (WAR_ENDS.index(e) for e in WAR_ENDS[1:])


def _force_uniforms(crisis: Crisis) -> np.ndarray:
    """(n, 3 + 2K): disarm, war end, end kind, then per actor nuclear use and loose nukes."""
    width = 3 + 2 * crisis.compiled.k
    return uniforms(crisis.keys, crisis.turn * STREAMS_PER_TURN + STREAM_FORCE, width)


def resolve_force(
    crisis: Crisis, actions: np.ndarray, cause: np.ndarray, going: np.ndarray
) -> np.ndarray:
    """Apply this turn's force moves; returns the episodes that ended. ``cause`` (K, n) is the
    cause code each seat's force would carry if it opens the chain that becomes a war."""
    c, s, n = crisis.compiled, crisis.state, crisis.n
    category = c.table.category[actions]  # (K, n)
    seats = crisis.compiled.seats
    nuclear = np.zeros(n, dtype=bool)
    war = np.zeros(n, dtype=bool)
    strike = np.zeros(n, dtype=bool)
    first = np.full(n, -1, dtype=np.int64)
    for k in seats:
        mine = going & (s.war_level < 2)
        for flag, code in ((nuclear, _NUCLEAR), (war, _WAR), (strike, _STRIKE)):
            hit = mine & (category[k] == code)
            flag |= hit
            first = np.where(hit & (first < 0), k, first)
    u = _force_uniforms(crisis)
    ended = np.zeros(n, dtype=bool)
    starts = (nuclear | war | strike) & (s.initiator < 0) & (s.war_level == 0) & going
    if starts.any():
        s.initiator[starts] = first[starts]
        s.war_cause[starts] = cause[first[starts], np.flatnonzero(starts)]
    # Nuclear use ends the episode at once.
    if nuclear.any():
        _nuclear_war(crisis, nuclear)
        ended |= nuclear
    # A war move starts a major war (its course runs from this turn).
    major = war & ~nuclear
    if major.any():
        s.war_level[major] = 2
        s.war_kind[major] = CONVENTIONAL
        s.violence[major] = 4
    # Limited strikes: open a clash, or make it an exchange.
    limited = strike & ~war & ~nuclear
    if limited.any():
        _strikes(crisis, actions, category, limited, u)
    # A clash with no force this turn is over: contained, or a limited war that stopped.
    quiet = going & (s.war_level == 1) & ~(nuclear | war | strike)
    stopped = quiet & s.exchange
    if stopped.any():
        s.outcome[stopped] = WAR
        s.war_kind[stopped] = LIMITED
        s.war_end[stopped] = CEASEFIRE
        ended |= stopped
    contained = quiet & ~s.exchange
    s.clashes += contained
    s.war_level[contained] = 0
    s.clash_side[contained] = -1
    s.initiator[contained] = -1
    return ended


def _strikes(crisis, actions, category, limited, u) -> None:  # type: ignore[no-untyped-def]
    c, s, n = crisis.compiled, crisis.state, crisis.n
    table = c.table
    opening = limited & (s.war_level == 0)
    ongoing = limited & (s.war_level == 1)
    for k in crisis.compiled.seats:
        hits = limited & (category[k] == _STRIKE)
        if not hits.any():
            continue
        side = int(c.side[k])
        # A strike answered by the other side makes the clash an exchange.
        answering = hits & ongoing & (s.clash_side != side)
        s.exchange |= answering
        new = hits & opening & (s.clash_side < 0)
        s.clash_side[new] = side
        disarming = table.disarming[actions[k]] & hits
        if disarming.any():
            target = table.target[k, actions[k]]
            for j in np.unique(target[disarming]):
                chance = values.disarm_chance(crisis, int(j))
                done = disarming & (target == j) & (u[:, 0] < chance)
                s.nuclear_off[j] |= done
                s.capability[j] = np.where(done, 0.0, s.capability[j])
    s.war_level[opening] = 1
    s.violence = np.maximum(s.violence, np.where(limited, 2, 1)).astype(np.int8)
    s.violence = np.where(s.exchange & limited, np.maximum(s.violence, 3), s.violence).astype(
        np.int8
    )
    _add_deaths(crisis, limited, as_array(crisis.value("casualties.limited"), n))


def _nuclear_war(crisis: Crisis, hit: np.ndarray) -> None:
    s = crisis.state
    s.outcome[hit] = WAR
    s.war_kind[hit] = NUCLEAR
    s.war_end[hit] = NUCLEAR_END
    s.violence[hit] = 4
    _add_deaths(crisis, hit, as_array(crisis.value("casualties.nuclear"), crisis.n))


def run_war(crisis: Crisis, going: np.ndarray) -> np.ndarray:
    """One turn of every major war under way: deaths, then nuclear use, ceasefire or defeat."""
    c, s, n = crisis.compiled, crisis.state, crisis.n
    at_war = going & (s.war_level == 2)
    if not at_war.any():
        return np.zeros(n, dtype=bool)
    days = crisis.scenario.turn_days
    weeks = s.war_turns * days / 7.0
    decay = crisis.value("war.casualty_decay")
    weekly = as_array(crisis.value("casualties.conventional"), n)
    _add_deaths(crisis, at_war, weekly * (days / 7.0) * np.power(decay, weeks))
    s.war_turns += at_war
    u = _force_uniforms(crisis)
    mean_days = crisis.value("war.mean_days")
    share = days / np.asarray(mean_days, dtype=float)
    keep = np.ones(n)
    for k in np.flatnonzero(c.side >= 0):
        use = values.nuclear_use(crisis, int(k))
        keep *= np.power(1.0 - use, share)
    nuclear = at_war & (u[:, 3] < 1.0 - keep)
    if nuclear.any():
        _nuclear_war(crisis, nuclear)
    ends = at_war & ~nuclear & (u[:, 1] < 1.0 - np.exp(-share))
    if ends.any():
        ceasefire = u[:, 2] < crisis.value("war.ceasefire_share")
        s.outcome[ends] = WAR
        s.war_end[ends] = np.where(ceasefire[ends], CEASEFIRE, DEFEAT)
        side_zero_wins = u[:, 4] < values.prevail(crisis, 0)
        defeat = ends & ~ceasefire
        s.winner_side[defeat] = np.where(side_zero_wins[defeat], 0, 1)
    finished = nuclear | ends
    _loose_nukes(crisis, finished, u)
    return finished


def _loose_nukes(crisis: Crisis, finished: np.ndarray, u: np.ndarray) -> None:
    c, s = crisis.compiled, crisis.state
    for k in range(c.k):
        if not crisis.has(k, "loose_nukes_probability"):
            continue
        p = crisis.actor(k, "loose_nukes_probability")
        s.loose_nukes |= finished & ~s.nuclear_off[k] & (u[:, 3 + c.k + k] < p)


def _add_deaths(crisis: Crisis, where: np.ndarray, deaths: np.ndarray) -> None:
    """Add deaths to the war's total, and to each actor with an exposure its share of them."""
    c, s = crisis.compiled, crisis.state
    added = np.where(where, deaths, 0.0)
    s.casualties += added
    for k in range(c.k):
        if crisis.has(k, "exposure"):
            s.casualties_by_actor[k] += added * crisis.actor(k, "exposure")


def at_horizon(crisis: Crisis) -> None:
    """Wars still under way at the horizon end as wars (their course is cut short)."""
    s = crisis.state
    open_war = s.active & (s.war_level == 2)
    s.outcome[open_war] = WAR
    s.war_end[open_war] = HORIZON
    open_clash = s.active & (s.war_level == 1) & s.exchange
    s.outcome[open_clash] = WAR
    s.war_kind[open_clash] = LIMITED
    s.war_end[open_clash] = HORIZON
