"""One turn for a whole batch: decide → doctrine rules → act → accidents → war → perceive →
believe. Every seat decides at once, on what it perceived last turn.

The same function steps one episode for a person at a seat (a batch of one, with that seat's
move supplied through ``overrides``), so the game a person plays is the model analysed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from brink.engine import force, mechanics
from brink.engine.perception import perceive, update_beliefs
from brink.engine.seats import Seat
from brink.model import values
from brink.model.crisis import Crisis
from brink.model.streams import uniforms
from brink.vocabulary import (
    ACCIDENT,
    CATEGORY_CODE,
    INTENT,
    MISPERCEPTION,
    STREAM_DECIDE,
    STREAMS_PER_TURN,
)

_FORCE = np.array([CATEGORY_CODE[c] for c in ("strike", "war", "nuclear")])


@dataclass
class TurnRecord:
    """What happened in one turn (arrays over the batch), for narratives, timelines and play."""

    turn: int
    action: np.ndarray  # (K, n) what each seat did
    intended: np.ndarray  # (K, n) what it meant to do (an accident replaces it)
    perceived: np.ndarray  # (K, K, n) what each seat saw of the others
    misread: np.ndarray  # (K, K, n)
    belief: np.ndarray  # (K, K, n) after updating
    accident: np.ndarray  # (n,) an accidental clash began
    red_line: np.ndarray  # (K, n) a red line fired
    war_level: np.ndarray  # (n,) after the turn
    stage: np.ndarray
    ended: np.ndarray  # (n,) ended this turn


def decision_noise(crisis: Crisis) -> np.ndarray:
    """(n, K): one uniform per seat and turn (the logit draw)."""
    stream = crisis.turn * STREAMS_PER_TURN + STREAM_DECIDE
    return uniforms(crisis.keys, stream, crisis.compiled.k)


def open_actions(crisis: Crisis, k: int, seats: dict[int, Seat]) -> np.ndarray:
    """(A_k, n): the seat's actions open this turn — cooldowns, a consulted ally's refusal."""
    c, s = crisis.compiled, crisis.state
    own = c.own[k]
    open_ = np.ones((len(own), crisis.n), dtype=bool)
    cooldown = c.table.cooldown_turns[own]
    for row in np.flatnonzero(cooldown > 0):
        open_[row] = crisis.turn - s.last_used[own[row]] >= cooldown[row]
    if crisis.scenario.actors[c.actors[k]].enforcement != "decide":
        held = np.isin(c.table.category[own], [CATEGORY_CODE["sanction"], CATEGORY_CODE["lift"]])
        open_[held] = False
    vetoed = vetoes(crisis, k, seats)
    if vetoed is not None:
        force_rows = np.isin(c.table.category[own], _FORCE)
        open_[force_rows] &= ~vetoed
    if not open_.any(axis=0).all():  # never leave a seat without a move
        quiet = c.local[c.quiet[k], k]
        open_[quiet] = True
    return open_


def vetoes(crisis: Crisis, k: int, seats: dict[int, Seat]) -> np.ndarray | None:
    """Where a lead that consults is refused force by an ally that must consent (one that
    answered its last turn with restraint)."""
    c, s = crisis.compiled, crisis.state
    side = c.side[k]
    if side < 0 or k != c.lead_of_side(int(side)) or k not in seats:
        return None
    restrain = CATEGORY_CODE["restrain"]
    refused = np.zeros(crisis.n, dtype=bool)
    for m in c.members[int(side)]:
        m = int(m)
        if m == k or not crisis.scenario.actors[c.actors[m]].requires_consultation:
            continue
        last = s.previous[m]
        refused |= (last >= 0) & (c.table.category[np.maximum(last, 0)] == restrain)
    if not refused.any():
        return None
    return refused & seats[k].consults(crisis)


def _consent(crisis: Crisis, k: int, actions: np.ndarray) -> np.ndarray:
    """This turn's answer of the lead's consulted allies: none of them restrained."""
    c = crisis.compiled
    side = c.side[k]
    ok = np.ones(crisis.n, dtype=bool)
    if side < 0:
        return ok
    for m in c.members[int(side)]:
        m = int(m)
        if m != k and crisis.scenario.actors[c.actors[m]].requires_consultation:
            ok &= c.table.category[actions[m]] != CATEGORY_CODE["restrain"]
    return ok


def play_turn(
    crisis: Crisis, seats: dict[int, Seat], overrides: dict[int, np.ndarray] | None = None
) -> TurnRecord:
    """Advance every active episode by one turn and return what happened."""
    c, s, n = crisis.compiled, crisis.state, crisis.n
    crisis.turn += 1
    active = s.active.copy()
    noise = decision_noise(crisis)
    opened: dict[int, np.ndarray] = {}
    chosen = np.zeros((c.k, n), dtype=np.int64)
    probs: dict[int, np.ndarray] = {}
    for k, seat in seats.items():
        opened[k] = open_actions(crisis, k, seats)
        decision = seat.decide(crisis, noise[:, k : k + 1], opened[k])
        chosen[k] = decision.action
        s.p_force[k] = np.where(active, decision.p_force, s.p_force[k])
        s.p_talks[k] = np.where(active, decision.p_talks, s.p_talks[k])
        if decision.probs is not None and c.typed[k]:
            probs[k] = decision.probs
    # Doctrine rules (openings, planned strikes, red lines), then any person's moves.
    actions = chosen.copy()
    fired = np.zeros((c.k, n), dtype=bool)
    fired_misread = np.zeros((c.k, n), dtype=bool)
    empty = np.zeros((c.k, n), dtype=bool)
    for k, seat in seats.items():
        rules = seat.rules(crisis, chosen[k], opened[k], _consent(crisis, k, chosen))
        actions[k], fired[k], fired_misread[k], empty[k] = (
            rules.action,
            rules.red_line,
            rules.red_line_misread,
            rules.empty_red_line,
        )
    human = np.zeros(c.k, dtype=bool)
    for k, move in (overrides or {}).items():
        actions[k] = np.asarray(move, dtype=np.int64)
        human[k] = True
    intended = actions.copy()
    cause = _causes(crisis, seats, actions, chosen, noise, fired, fired_misread, human)

    # Accidents: a clash nobody chose, where the sides' forces are in contact.
    accident = np.zeros(n, dtype=bool)
    world = mechanics.world_uniforms(crisis)
    if crisis.scenario.accidents.enabled:
        accident = _accidents(crisis, actions, cause, active, world)

    # Act.
    ended = force.resolve_force(crisis, actions, cause, active)
    going = active & ~ended
    ended |= mechanics.concessions(crisis, actions, going)
    going = active & ~ended
    mechanics.capability(crisis, actions, going)
    mechanics.sanctions(crisis, actions, going)
    mechanics.politics(crisis, actions, going, empty)
    consults = {k: seat.consults(crisis) for k, seat in seats.items()}
    mechanics.cohesion(crisis, actions, going, consults)
    ended |= mechanics.negotiation(crisis, actions, going)
    going = active & ~ended
    ended |= mechanics.collapse(crisis, going, world)
    going = active & ~ended
    ended |= force.run_war(crisis, going)
    going = active & ~ended

    # Flows of the turn, then what each seat saw and now believes.
    for k in range(c.k):
        s.flow_payoff[k] += np.where(active, values.flow(crisis, k) * crisis.turn_years, 0.0)
    previous = s.previous.copy()
    perceive(crisis, actions, previous)
    update_beliefs(crisis, probs)
    for k, seat in seats.items():
        seat.observe(crisis, actions[k])

    s.turns += active
    top = np.max(c.table.rung[actions[list(seats)]], axis=0)
    s.max_rung = np.maximum(s.max_rung, np.where(active, top, 0)).astype(np.int8)
    misread = s.misread.reshape(c.k * c.k, n).sum(axis=0)
    s.misreadings += np.where(active, misread, 0).astype(np.int32)
    s.action[:] = np.where(active, actions, s.action)
    s.previous[:] = np.where(active, actions, s.previous)
    s.active &= ~ended
    return TurnRecord(
        turn=crisis.turn,
        action=actions,
        intended=intended,
        perceived=s.perceived.copy(),
        misread=s.misread.copy(),
        belief=s.belief.copy(),
        accident=accident,
        red_line=fired,
        war_level=s.war_level.copy(),
        stage=s.stage.copy(),
        ended=ended & active,
    )


def _accidents(crisis, actions, cause, active, world) -> np.ndarray:  # type: ignore[no-untyped-def]
    """At peace, a clash nobody chose: hazard_top·(f₀·f₁)^(exponent/2) per year, where f is
    the highest friction of each side's moves. The side whose forces fire is drawn in
    proportion to its friction; its move becomes a strike it did not choose."""
    c, s = crisis.compiled, crisis.state
    friction = np.zeros((2, crisis.n))
    for side, members in enumerate(c.members):
        for k in members:
            friction[side] = np.maximum(friction[side], c.table.friction[actions[k]])
    exponent = crisis.value("accidents.exponent")
    rate = crisis.value("accidents.hazard_top") * np.power(friction[0] * friction[1], exponent / 2)
    forceful = np.zeros(crisis.n, dtype=bool)
    for k in crisis.compiled.seats:
        forceful |= np.isin(c.table.category[actions[k]], _FORCE)
    hit = active & (s.war_level == 0) & ~forceful & (world[:, 0] < crisis.per_turn(rate))
    if not hit.any():
        return hit
    share = friction[0] / np.maximum(friction[0] + friction[1], 1e-12)
    # Reuse the draw: below the hazard, its position says which side fired.
    side = np.where(world[:, 0] < crisis.per_turn(rate) * share, 0, 1)
    for index in (0, 1):
        lead = c.lead_of_side(index)
        strike = c.strike_of[lead]
        if strike < 0:
            strike = c.table.first(lead, "war")
        if strike < 0:
            continue
        mine = hit & (side == index)
        actions[lead] = np.where(mine, strike, actions[lead])
        cause[lead] = np.where(mine, ACCIDENT, cause[lead])
    return hit


def _causes(crisis, seats, actions, chosen, noise, fired, fired_misread, human) -> np.ndarray:  # type: ignore[no-untyped-def]
    """(K, n) the cause each seat's force would carry: misperception when the seat would not
    have used force had it seen the others' last moves as they were (the same decider, the
    same noise), or when a red line fired on a misreading; intent otherwise."""
    c, s, n = crisis.compiled, crisis.state, crisis.n
    cause = np.full((c.k, n), INTENT, dtype=np.int8)
    for k, seat in seats.items():
        forceful = np.isin(c.table.category[actions[k]], _FORCE) & s.active
        if not forceful.any():
            continue
        cause[k] = np.where(fired_misread[k], MISPERCEPTION, cause[k])
        misled = s.misread[k].any(axis=0)
        if human[k]:
            cause[k] = np.where(forceful & misled, MISPERCEPTION, cause[k])
            continue
        check = np.flatnonzero(forceful & misled & ~fired[k] & (actions[k] == chosen[k]))
        if not len(check):
            continue
        what_if = crisis.subset(check)
        what_if.state.perceived[k] = np.where(
            what_if.state.previous >= 0, what_if.state.previous, what_if.state.perceived[k]
        )
        what_if.state.misread[k] = False
        open_ = open_actions(what_if, k, seats)
        would = seat.decide(what_if, noise[check, k : k + 1], open_).action
        innocent = ~np.isin(c.table.category[would], _FORCE)
        cause[k, check[innocent]] = MISPERCEPTION
    return cause
