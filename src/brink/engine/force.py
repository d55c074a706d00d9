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
from brink.model.tables import F_CAPABILITY, G, P
from brink.vocabulary import (
    C_NUCLEAR,
    C_STRIKE,
    C_WAR,
    CONVENTIONAL,
    LIMITED,
    NO_CAUSE,
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


@njit(cache=True, error_model="numpy", inline="always")
def _u(key, turn, index):  # type: ignore[no-untyped-def]
    return uniform_at(key, turn * STREAMS_PER_TURN + STREAM_FORCE, index)


@njit(cache=True, error_model="numpy", inline="always")
def add_deaths(T, s, x, deaths):  # type: ignore[no-untyped-def]
    """Add deaths to the war's total, and to each actor with an exposure its share of them."""
    s.casualties += deaths
    for k in range(T.k):
        if v.has(T, k, P.EXPOSURE):
            s.casualties_by_actor[k] += deaths * v.av(T, x, k, P.EXPOSURE, 0.0)


@njit(cache=True, error_model="numpy", inline="always")
def _nuclear_war(T, s, x):  # type: ignore[no-untyped-def]
    s.outcome = WAR
    s.war_kind = NUCLEAR
    s.war_end = NUCLEAR_END
    s.violence = 4
    add_deaths(T, s, x, v.gv(T, x, G.DEATHS_NUCLEAR))


@njit(cache=True, error_model="numpy", inline="always")
def resolve_force(T, s, x, act, cause, key, turn):  # type: ignore[no-untyped-def]
    """Apply this turn's force moves; returns True when the episode ended. ``cause[k]`` is the
    cause each seat's force carries if it opens the chain that becomes a war."""
    if s.war_level >= 2:
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
    if first >= 0 and s.initiator < 0 and s.war_level == 0:
        s.initiator = first
        s.war_cause = cause[first]
    if nuclear:
        _nuclear_war(T, s, x)
        return True
    if war:
        s.war_level = 2
        s.war_kind = CONVENTIONAL
        s.violence = 4
        return False
    if strike:
        _strikes(T, s, x, act, key, turn)
        return False
    if s.war_level == 1:  # a quiet turn ends a clash
        if s.exchange:
            s.outcome = WAR
            s.war_kind = LIMITED
            s.war_end = CEASEFIRE
            return True
        s.clashes += 1
        s.war_level = 0
        s.clash_side = -1
        s.initiator = -1
        s.war_cause = NO_CAUSE  # contained: no war to have a cause
    return False


@njit(cache=True, error_model="numpy", inline="always")
def _strikes(T, s, x, act, key, turn):  # type: ignore[no-untyped-def]
    for k in range(T.k):
        if not T.is_seat[k]:
            continue
        a = act[k]
        if T.category[a] != C_STRIKE:
            continue
        side = T.side[k]
        if s.clash_side < 0:
            s.clash_side = side
        elif s.clash_side != side:  # the other side struck too (also in the same turn)
            s.exchange = True
        if T.disarming[a]:
            target = T.target[k, a]
            if target >= 0 and _u(key, turn, U_DISARM) < v.disarm_chance(T, s, x, target):
                s.nuclear_off[target] = True
                if T.flags[F_CAPABILITY]:
                    s.capability[target] = 0.0
    s.war_level = 1
    s.violence = max(s.violence, 3 if s.exchange else 2)
    add_deaths(T, s, x, v.gv(T, x, G.DEATHS_LIMITED))


@njit(cache=True, error_model="numpy", inline="always")
def run_war(T, s, x, key, turn):  # type: ignore[no-untyped-def]
    """One turn of a major war under way: deaths, then nuclear use, a ceasefire or a defeat."""
    if s.war_level != 2:
        return False
    days = T.turn_days
    weeks = s.war_turns * days / 7.0
    decay = v.gv(T, x, G.CASUALTY_DECAY)
    add_deaths(T, s, x, v.gv(T, x, G.DEATHS_CONVENTIONAL) * days / 7.0 * decay**weeks)
    s.war_turns += 1
    share = days / v.gv(T, x, G.WAR_MEAN_DAYS)
    keep = 1.0
    for k in range(T.k):
        if T.side[k] >= 0:
            keep *= (1.0 - v.nuclear_use(T, s, x, k)) ** share
    finished = False
    if _u(key, turn, U_NUCLEAR) < 1.0 - keep:
        _nuclear_war(T, s, x)
        finished = True
    elif _u(key, turn, U_END) < 1.0 - np.exp(-share):
        s.outcome = WAR
        if _u(key, turn, U_END_KIND) < v.gv(T, x, G.CEASEFIRE_SHARE):
            s.war_end = CEASEFIRE
        else:
            s.war_end = DEFEAT
            strength0 = v.side_strength(T, s, x, 0)
            strength1 = v.side_strength(T, s, x, 1)
            chance = v.prevail(T, x, strength0, strength1, 0, v.NO_ATTACKER)
            wins = _u(key, turn, U_WINNER) < chance
            s.winner_side = 0 if wins else 1
        finished = True
    if finished:
        for k in range(T.k):
            if (
                v.has(T, k, P.LOOSE_NUKES)
                and not s.nuclear_off[k]
                and _u(key, turn, U_LOOSE + k) < v.av(T, x, k, P.LOOSE_NUKES, 0.0)
            ):
                s.loose_nukes = True
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
