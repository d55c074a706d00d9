"""Force as a state: a strike opens a clash the other side answers, contains or escalates; a
major war runs its course to a ceasefire, a defeat or nuclear use, with deaths that grow with it.

States (``war_level``): 0 peace; 1 a clash under way (limited strikes, one side or both);
2 a major war. A clash nobody answers is contained and the crisis goes on (a minor clash); an
exchange that then stops ends the crisis as a limited war (serious clashes); a war move, or a
nuclear one, escalates. Equations: docs/model.md, "Force".
"""

from __future__ import annotations

import numpy as np
from numba import njit

from brink.model import values as v
from brink.model.streams import uniform_at
from brink.model.tables import G, P
from brink.vocabulary import (
    C_NUCLEAR,
    C_STRIKE,
    C_WAR,
    CONVENTIONAL,
    LIMITED,
    NUCLEAR,
    STREAM_FORCE,
    STREAMS_PER_TURN,
    WAR,
    WAR_ENDS,
)

CEASEFIRE = WAR_ENDS.index("ceasefire")
DEFEAT = WAR_ENDS.index("defeat")
NUCLEAR_END = WAR_ENDS.index("nuclear")
HORIZON = WAR_ENDS.index("horizon")
# Uniforms of the force stream (per episode and turn).
U_DISARM, U_END, U_END_KIND, U_NUCLEAR, U_WINNER, U_LOOSE = range(6)


@njit(cache=True)
def _u(keys, e, turn, index):  # type: ignore[no-untyped-def]
    return uniform_at(keys[e], turn * STREAMS_PER_TURN + STREAM_FORCE, index)


@njit(cache=True)
def add_deaths(T, X, S, e, deaths):  # type: ignore[no-untyped-def]
    """Add deaths to the war's total, and to each actor with an exposure its share of them."""
    S.casualties[e] += deaths
    for k in range(T.k):
        if v.has(T, k, P.EXPOSURE):
            S.casualties_by_actor[e, k] += deaths * v.av(T, X, e, k, P.EXPOSURE, 0.0)


@njit(cache=True)
def _nuclear_war(T, X, S, e):  # type: ignore[no-untyped-def]
    S.outcome[e] = WAR
    S.war_kind[e] = NUCLEAR
    S.war_end[e] = NUCLEAR_END
    S.violence[e] = 4
    add_deaths(T, X, S, e, v.gv(T, X, e, G.DEATHS_NUCLEAR))


@njit(cache=True)
def resolve_force(T, X, S, e, act, cause, keys, turn):  # type: ignore[no-untyped-def]
    """Apply this turn's force moves; returns True when the episode ended. ``cause[k]`` is the
    cause each seat's force carries if it opens the chain that becomes a war."""
    if S.war_level[e] >= 2:
        return False
    first = -1
    nuclear = False
    war = False
    strike = False
    for k in range(T.k):
        if not T.is_seat[k]:
            continue
        category = T.category[act[k]]
        if category == C_NUCLEAR:
            nuclear = True
        elif category == C_WAR:
            war = True
        elif category == C_STRIKE:
            strike = True
        else:
            continue
        if first < 0:
            first = k
    if first >= 0 and S.initiator[e] < 0 and S.war_level[e] == 0:
        S.initiator[e] = first
        S.war_cause[e] = cause[first]
    if nuclear:
        _nuclear_war(T, X, S, e)
        return True
    if war:
        S.war_level[e] = 2
        S.war_kind[e] = CONVENTIONAL
        S.violence[e] = 4
        return False
    if strike:
        _strikes(T, X, S, e, act, keys, turn)
        return False
    if S.war_level[e] == 1:  # a quiet turn ends a clash
        if S.exchange[e]:
            S.outcome[e] = WAR
            S.war_kind[e] = LIMITED
            S.war_end[e] = CEASEFIRE
            return True
        S.clashes[e] += 1
        S.war_level[e] = 0
        S.clash_side[e] = -1
        S.initiator[e] = -1
    return False


@njit(cache=True)
def _strikes(T, X, S, e, act, keys, turn):  # type: ignore[no-untyped-def]
    opening = S.war_level[e] == 0
    for k in range(T.k):
        if not T.is_seat[k]:
            continue
        a = act[k]
        if T.category[a] != C_STRIKE:
            continue
        side = T.side[k]
        if not opening and S.clash_side[e] != side:
            S.exchange[e] = True
        if opening and S.clash_side[e] < 0:
            S.clash_side[e] = side
        if T.disarming[a]:
            target = T.target[k, a]
            if target >= 0 and _u(keys, e, turn, U_DISARM) < v.disarm_chance(T, X, S, e, target):
                S.nuclear_off[e, target] = True
                S.capability[e, target] = 0.0
    S.war_level[e] = 1
    S.violence[e] = max(S.violence[e], 3 if S.exchange[e] else 2)
    add_deaths(T, X, S, e, v.gv(T, X, e, G.DEATHS_LIMITED))


@njit(cache=True)
def run_war(T, X, S, e, keys, turn):  # type: ignore[no-untyped-def]
    """One turn of a major war under way: deaths, then nuclear use, a ceasefire or a defeat."""
    if S.war_level[e] != 2:
        return False
    days = T.turn_days
    weeks = S.war_turns[e] * days / 7.0
    decay = v.gv(T, X, e, G.CASUALTY_DECAY)
    add_deaths(T, X, S, e, v.gv(T, X, e, G.DEATHS_CONVENTIONAL) * days / 7.0 * decay**weeks)
    S.war_turns[e] += 1
    share = days / v.gv(T, X, e, G.WAR_MEAN_DAYS)
    keep = 1.0
    for k in range(T.k):
        if T.side[k] >= 0:
            keep *= (1.0 - v.nuclear_use(T, X, S, e, k)) ** share
    finished = False
    if _u(keys, e, turn, U_NUCLEAR) < 1.0 - keep:
        _nuclear_war(T, X, S, e)
        finished = True
    elif _u(keys, e, turn, U_END) < 1.0 - np.exp(-share):
        S.outcome[e] = WAR
        if _u(keys, e, turn, U_END_KIND) < v.gv(T, X, e, G.CEASEFIRE_SHARE):
            S.war_end[e] = CEASEFIRE
        else:
            S.war_end[e] = DEFEAT
            wins = _u(keys, e, turn, U_WINNER) < v.prevail(T, X, S, e, 0, -1)
            S.winner_side[e] = 0 if wins else 1
        finished = True
    if finished:
        for k in range(T.k):
            if v.has(T, k, P.LOOSE_NUKES) and not S.nuclear_off[e, k]:
                if _u(keys, e, turn, U_LOOSE + k) < v.av(T, X, e, k, P.LOOSE_NUKES, 0.0):
                    S.loose_nukes[e] = True
    return finished


def at_horizon(S) -> None:  # type: ignore[no-untyped-def]
    """Wars still under way at the horizon end as wars (their course is cut short)."""
    open_war = S.active & (S.war_level == 2)
    S.outcome[open_war] = WAR
    S.war_end[open_war] = HORIZON
    open_clash = S.active & (S.war_level == 1) & S.exchange
    S.outcome[open_clash] = WAR
    S.war_kind[open_clash] = LIMITED
    S.war_end[open_clash] = HORIZON
