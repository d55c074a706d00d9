"""One turn for a whole batch: decide → act → perceive → believe → accidents → end.

Every step reads and writes arrays of the batch state; nothing here loops over episodes. The
same function steps one episode for an interactive player (a batch of one, with that seat's
choices supplied through ``overrides``), so the game a person plays is the model analysed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from brink.deciders.base import Decider
from brink.engine.compile import CATEGORY_CODE
from brink.engine.context import Crisis
from brink.engine.resolve import resolve_force, start_accidental_war
from brink.engine.state import (
    ACCIDENT,
    CAPITULATION,
    COLLAPSE,
    INTENT,
    MISPERCEPTION,
    SETTLEMENT,
)
from brink.engine.streams import uniforms
from brink.scenario.schema import STRIKE_RUNG, WAR_RUNG

STREAMS_PER_TURN = 8
# Streams of a turn: decisions (one per seat), perception, the world's chance events for every
# episode, then streams drawn only for the few episodes they concern (counter-based, so an
# episode's numbers do not depend on which others are drawn with it). Stream 7 of turn 0 draws
# the types at the start.
_DECIDE, _PERCEIVE, _WORLD, _FORCE, _ACCIDENT, _ALARM = 0, 2, 3, 4, 5, 6
_PERCEPTION_WIDTH, _WORLD_WIDTH = (
    3,
    3,
)  # per seat: slip, delay, alarm; world: third party, accident, collapse
#: Misreadings move a rung by one, within the ladder short of force.
_READABLE_TOP = STRIKE_RUNG - 1


@dataclass
class TurnRecord:
    """What happened in one turn, for narratives and the wargame (arrays over the batch)."""

    turn: int
    action: np.ndarray  # (n, 2)
    perceived: np.ndarray  # (n, 2): rung each seat saw the other take this turn
    belief: np.ndarray  # (n, 2) after updating
    enforced: np.ndarray  # (n,)
    stage: np.ndarray  # (n,)
    clash: np.ndarray  # (n,)
    ended: np.ndarray  # (n,)


def policy_choice(
    crisis: Crisis, decider: Decider, seat: int, world: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """What the seat's policy does this turn: its decider's choice, and war against a strike
    it believes it sees, as often as it would answer a real one. Returns (chosen, noise,
    alarmed)."""
    s, table = crisis.state, crisis.table
    noise = _turn_uniforms(crisis, _DECIDE + seat, decider.noise_width)
    seen = s.perceived[:, seat]
    chosen = decider.decide(crisis, seat, seen, noise)
    alarmed = seen >= STRIKE_RUNG
    war = table.first(seat, "war")
    index = np.flatnonzero(alarmed)
    if len(index) and war >= 0:
        answer = uniforms(crisis.keys[index], _stream(crisis, _ALARM), 2)[:, seat]
        retaliation = crisis.actor_input(seat, "retaliation_probability")
        if isinstance(retaliation, np.ndarray):
            retaliation = retaliation[index]
        chosen = chosen.copy()
        chosen[index[answer < retaliation]] = war
    return chosen, noise, alarmed


def world_uniforms(crisis: Crisis) -> np.ndarray:
    """This turn's uniforms for the world's chance events (shared by all seats)."""
    return _turn_uniforms(crisis, _WORLD, _WORLD_WIDTH)


def _either(pair: np.ndarray) -> np.ndarray:
    """Row-wise OR of a (n, 2) boolean array (faster than .any(axis=1) on two columns)."""
    return pair[:, 0] | pair[:, 1]


def _stream(crisis: Crisis, purpose: int) -> int:
    return crisis.turn * STREAMS_PER_TURN + purpose


def _turn_uniforms(crisis: Crisis, purpose: int, width: int) -> np.ndarray:
    if width == 0:
        return np.empty((crisis.state.n, 0))
    return uniforms(crisis.keys, _stream(crisis, purpose), width)


def play_turn(
    crisis: Crisis,
    deciders: tuple[Decider, Decider],
    overrides: dict[int, np.ndarray] | None = None,
) -> TurnRecord:
    """Advance every active episode by one turn and return what happened."""
    s, table, scen, inp = crisis.state, crisis.table, crisis.scenario, crisis.inputs
    crisis.turn += 1
    active = s.active.copy()

    # 1. Decide, each seat on what it perceived last turn.
    actions = np.empty((s.n, 2), dtype=np.int64)
    caused_by_misreading = np.zeros((s.n, 2), dtype=bool)
    world = world_uniforms(crisis)
    for seat in (0, 1):
        chosen, noise, alarmed = policy_choice(crisis, deciders[seat], seat, world)
        if overrides and seat in overrides:
            chosen = np.asarray(overrides[seat], dtype=np.int64)
            # A person's reasons are not replayable: force used on an inflated reading of the
            # other side's last move counts as misperception.
            forceful = table.rung[chosen] >= STRIKE_RUNG
            inflated = s.perceived[:, seat] > s.previous_rung[:, 1 - seat]
            caused_by_misreading[:, seat] = forceful & s.misread[:, seat] & inflated
        else:
            caused_by_misreading[:, seat] = _misperceived_force(
                crisis, deciders[seat], seat, chosen, noise, alarmed
            )
        actions[:, seat] = chosen
    rungs = table.rung[actions]

    # 2. Act: force, concessions, tests, sanctions and the third party, the knot, allies.
    initiator = np.where(rungs[:, 0] >= rungs[:, 1], 0, 1)
    misled = caused_by_misreading[np.arange(s.n), initiator]
    cause = np.where(misled, MISPERCEPTION, INTENT)
    ended = resolve_force(
        crisis, np.where(active[:, None], rungs, 0), cause, _stream(crisis, _FORCE)
    )
    conceding = active & ~ended & _either(table.category[actions] == CATEGORY_CODE["concede"])
    if conceding.any():
        first = np.where(table.category[actions[:, 0]] == CATEGORY_CODE["concede"], 0, 1)
        s.outcome[conceding] = CAPITULATION
        s.capitulator[conceding] = first[conceding]
        ended |= conceding
    going = active & ~ended

    _apply_tests(crisis, actions, going)
    enforced = _apply_sanctions(crisis, actions, rungs, going, world[:, 0])
    _apply_knot_and_audience(crisis, actions, rungs, going)
    _apply_alliance(crisis, rungs, active)  # a strike that ends the episode still counts
    settled = _apply_negotiation(crisis, actions, going)
    s.outcome[settled] = SETTLEMENT
    ended |= settled
    going &= ~settled
    if scen.sanctions.enabled:
        collapse = going & (world[:, 2] < inp["sanctions.collapse_hazard"] * s.strain**2)
        s.outcome[collapse] = COLLAPSE
        ended |= collapse
        going &= ~collapse

    # 3. Perceive and 4. believe.
    _perceive(crisis, actions, rungs)
    _update_beliefs(crisis)

    # 5. Accidents: the threat that leaves something to chance.
    clash = np.zeros(s.n, dtype=bool)
    if scen.accidents.enabled:
        lower = np.minimum(np.minimum(rungs[:, 0], rungs[:, 1]), scen.accidents.top_rung)
        hazard = _accident_hazard_by_level(crisis)[lower, np.arange(s.n)]
        clash = going & (world[:, 1] < hazard)
        escalates = np.zeros(s.n, dtype=bool)
        hit = np.flatnonzero(clash)
        if len(hit):
            grows = uniforms(crisis.keys[hit], _stream(crisis, _ACCIDENT), 1)[:, 0]
            chance = inp["accidents.escalation_probability"]
            escalates[hit] = grows < (chance[hit] if isinstance(chance, np.ndarray) else chance)
        # Force and accidents never meet in one episode's turn, so the force stream is free.
        start_accidental_war(crisis, escalates, ACCIDENT, _stream(crisis, _FORCE))
        s.clashes += clash & ~escalates
        ended |= escalates

    # 6. End of turn: learning, bookkeeping, who is still in the crisis.
    for seat in (0, 1):
        deciders[seat].observe(crisis, seat, actions[:, seat], s.perceived[:, seat])
    s.turns += active
    top_rung = np.maximum(rungs[:, 0], rungs[:, 1])
    s.max_rung = np.maximum(s.max_rung, np.where(active, top_rung, 0)).astype(np.int8)
    s.misreadings += (s.misread[:, 0].astype(np.int32) + s.misread[:, 1]) * active
    s.action[:] = np.where(active[:, None], actions, s.action)
    s.previous_rung[:] = np.where(active[:, None], rungs, s.previous_rung)
    s.active &= ~ended
    return TurnRecord(
        turn=crisis.turn,
        action=actions,
        perceived=s.perceived.copy(),
        belief=s.belief.copy(),
        enforced=enforced,
        stage=s.stage.copy(),
        clash=clash,
        ended=ended & active,
    )


def _accident_hazard_by_level(crisis: Crisis) -> np.ndarray:
    """Per-turn accident hazard when the lower of the two sides stands at rung 0..top.

    h(r) = hazard_top · (r / top)^exponent; constant during a batch, so computed once.
    """
    cached = crisis.cache.get("accident_hazard_by_level")
    if cached is not None:
        return cached
    top, inp = crisis.scenario.accidents.top_rung, crisis.inputs
    level = (np.arange(top + 1) / top)[:, None]
    hazard = inp["accidents.hazard_top"] * level ** inp["accidents.exponent"]
    table = np.broadcast_to(hazard, (top + 1, crisis.state.n)).copy()
    crisis.cache["accident_hazard_by_level"] = table
    return table


def _misperceived_force(
    crisis: Crisis,
    decider: Decider,
    seat: int,
    chosen: np.ndarray,
    noise: np.ndarray,
    alarmed: np.ndarray,
) -> np.ndarray:
    """Force this seat would not have used had it seen the other side's last move as it was.

    The same decider is asked again, with the true rung and the same decision noise, only for
    the episodes where force was used on a misreading (a counterfactual, not a guess).
    """
    s, table = crisis.state, crisis.table
    forceful = s.active & (table.rung[chosen] >= STRIKE_RUNG) & s.misread[:, seat]
    result = np.zeros(s.n, dtype=bool)
    if not forceful.any():
        return result
    result |= forceful & alarmed  # answering a false alarm: the strike it saw never happened
    check = np.flatnonzero(forceful & ~alarmed)
    if len(check):
        what_if = crisis.subset(check)
        truth = s.previous_rung[check, 1 - seat]
        would = decider.decide(what_if, seat, truth, noise[check])
        result[check] = table.rung[would] < STRIKE_RUNG
    return result


def _apply_tests(crisis: Crisis, actions: np.ndarray, going: np.ndarray) -> None:
    s, table = crisis.state, crisis.table
    defender_action = actions[:, 1]
    is_test = going & (table.category[defender_action] == CATEGORY_CODE["test"])
    s.tests += is_test
    if not crisis.scenario.capability.enabled or not is_test.any():
        return
    gain = np.zeros(s.n)
    for index, path in enumerate(table.gain_paths):
        if path is not None:
            gain = np.where(defender_action == index, crisis.inputs[path], gain)
    s.capability = np.where(is_test, s.capability + gain * (1.0 - s.capability), s.capability)


def _apply_sanctions(
    crisis: Crisis, actions: np.ndarray, rungs: np.ndarray, going: np.ndarray, draw: np.ndarray
) -> np.ndarray:
    """Sanctions bite through the sender's own share plus what the third party enforces."""
    s, scen, inp, table = crisis.state, crisis.scenario, crisis.inputs, crisis.table
    enforced = np.zeros(s.n, dtype=bool)
    if not scen.sanctions.enabled:
        return enforced
    s.sanctions_on |= going & (table.category[actions[:, 0]] == CATEGORY_CODE["sanction"])
    pain = np.where(s.sanctions_on, inp["sanctions.sender_share"], 0.0)
    third = scen.third_party
    if third is not None:
        third_id, actor = third
        prefix = f"actors.{third_id}"
        if actor.enforcement == "always":
            enforced = s.sanctions_on.copy()
        elif actor.enforcement == "decide":
            tension = np.minimum(np.maximum(rungs[:, 0], rungs[:, 1]), STRIKE_RUNG - 1) / (
                STRIKE_RUNG - 1
            )
            pressure = np.minimum(rungs[:, 0], STRIKE_RUNG - 1) / (STRIKE_RUNG - 1)
            z = (
                inp[f"{prefix}.bias"]
                + inp[f"{prefix}.pressure_response"] * pressure
                + inp[f"{prefix}.war_fear"] * tension
                - inp[f"{prefix}.collapse_fear"] * s.strain
            )
            enforced = s.sanctions_on & (draw < 1.0 / (1.0 + np.exp(-z)))
        pain = pain + np.where(enforced, inp[f"{prefix}.trade_share"], 0.0)
    pain = np.minimum(pain, 1.0)
    keep = inp["sanctions.strain_decay"]
    s.strain = np.where(going, keep * s.strain + (1.0 - keep) * pain, s.strain)
    s.enforced_turns += going & enforced
    return enforced & going


def _apply_knot_and_audience(
    crisis: Crisis, actions: np.ndarray, rungs: np.ndarray, going: np.ndarray
) -> None:
    """The knot tightens while both pull in public; backing down then costs approval."""
    s, scen, inp = crisis.state, crisis.scenario, crisis.inputs
    backing_down = (rungs < s.previous_rung) & (s.previous_rung >= 2) & (crisis.turn > 1)
    if scen.knot.enabled:
        both_pull = (rungs[:, 0] >= 1) & (rungs[:, 1] >= 1) & going
        public = crisis.table.public[actions]
        for seat in (0, 1):
            growth = inp["knot.growth"] * (1.0 + crisis.actor_input(seat, "traits.ego"))
            pulled = both_pull & public[:, seat]
            kept = inp["knot.decay"] * s.commitment[:, seat]
            s.commitment[:, seat] = np.where(going, kept + growth * pulled, s.commitment[:, seat])
    if scen.approval.enabled:
        tough = (rungs[:, 0] >= 2) & (rungs[:, 0] <= STRIKE_RUNG - 1)
        loss = crisis.actor_input(0, "audience_cost") * s.commitment[:, 0] * backing_down[:, 0]
        change = inp["approval.toughness_gain"] * tough - loss
        s.approval = np.where(going, np.clip(s.approval + change, 0.0, 1.0), s.approval)


def _apply_alliance(crisis: Crisis, rungs: np.ndarray, going: np.ndarray) -> None:
    """Unconsulted shows of force and strikes erode the challenger's alliances."""
    scen, s = crisis.scenario, crisis.state
    if not scen.alliance.enabled or crisis.policies[0].consult_allies:
        return
    forceful = going & (rungs[:, 0] >= 2)
    share = np.where(rungs[:, 0] >= STRIKE_RUNG, 1.0, 0.25)
    for ally_id, ally in scen.allies_of(scen.challenger):
        if ally.requires_consultation:
            loss = crisis.inputs[f"actors.{ally_id}.cohesion_loss"] * share
            s.cohesion = np.where(forceful, np.maximum(s.cohesion - loss, 0.0), s.cohesion)


def _apply_negotiation(crisis: Crisis, actions: np.ndarray, going: np.ndarray) -> np.ndarray:
    """Offers bind only when reciprocated; a deal holds while both comply. Returns settled."""
    s, scen, table = crisis.state, crisis.scenario, crisis.table
    settled = np.zeros(s.n, dtype=bool)
    offering = table.category[actions] == CATEGORY_CODE["talks"]
    if not scen.negotiation.enabled:
        s.offered[:] = offering
        return settled
    stages = len(scen.negotiation.stages)
    hold = scen.negotiation.hold_turns
    broken = (
        going & (s.stage > 0) & (_either(table.breaks_freeze[actions]) | _either(s.perceived >= 3))
    )
    s.stage[broken] = 0
    s.stage_clock[broken] = 0
    holding = going & (s.stage > 0) & ~broken
    s.stage_clock += holding
    # Both offer within a turn of each other: the next stage begins.
    answered = offering | s.offered
    agreed = _either(offering) & answered[:, 0] & answered[:, 1]
    ready = (s.stage == 0) | (s.stage_clock >= hold)
    advance = going & ~broken & agreed & ready & (s.stage < stages)
    s.stage[advance] += 1
    s.stage_clock[advance] = 0
    settled = going & (s.stage == stages) & (s.stage_clock >= hold)
    if scen.sanctions.enabled:
        s.sanctions_on &= ~(going & (s.stage >= min(2, stages)))
    s.offered[:] = np.where(going[:, None], offering, False)
    return settled


def _perceive(crisis: Crisis, actions: np.ndarray, rungs: np.ndarray) -> None:
    """Each seat sees the other's action through a noisy, sometimes delayed channel."""
    s, scen, table = crisis.state, crisis.scenario, crisis.table
    if not scen.perception.enabled:
        s.perceived[:] = rungs[:, ::-1]
        s.misread[:] = False
        return
    percept = _turn_uniforms(crisis, _PERCEIVE, 2 * _PERCEPTION_WIDTH)
    delay, misread_rate, upward, alarm_rate, clear = _perception_rates(crisis)
    for seat in (0, 1):
        u = percept[:, seat * _PERCEPTION_WIDTH : (seat + 1) * _PERCEPTION_WIDTH]
        truth = rungs[:, 1 - seat]
        seen = truth
        if crisis.turn > 1:
            seen = np.where(u[:, 1] < delay, s.previous_rung[:, 1 - seat], seen)
        # One uniform decides both whether a reading slips and which way: below m·bias it
        # slips up, between m·bias and m it slips down.
        slip = (seen <= _READABLE_TOP) & (u[:, 0] < misread_rate)
        step = np.where(u[:, 0] < upward, 1, -1)
        seen = np.where(slip, np.clip(seen + step, 0, _READABLE_TOP), seen)
        alarm = (truth >= 3) & (truth <= _READABLE_TOP) & (u[:, 2] < alarm_rate)
        seen = np.where(alarm, STRIKE_RUNG, seen)
        if np.any(clear > 0):
            message = (table.category[actions[:, 1 - seat]] == CATEGORY_CODE["talks"]) & (clear > 0)
            seen = np.where(message, truth, seen)
        s.perceived[:, seat] = seen
        s.misread[:, seat] = seen != truth


def _perception_rates(crisis: Crisis) -> tuple:
    """Per-episode delay, misreading, upward-misreading and false-alarm rates after the
    channel's reduction (constant during a batch, so computed once)."""
    cached = crisis.cache.get("perception_rates")
    if cached is not None:
        return cached
    inp = crisis.inputs
    clear = _channel_clarity(crisis)
    kept = 1.0 - clear
    misread = inp["perception.misperception_rate"] * kept
    rates = (
        inp["perception.delay_probability"] * kept,
        misread,
        misread * inp["perception.escalation_bias"],
        inp["perception.misperception_rate"] * inp["perception.false_alarm_share"] * kept,
        clear,
    )
    crisis.cache["perception_rates"] = rates
    return rates


def _channel_clarity(crisis: Crisis) -> np.ndarray | float:
    """Fraction of perception noise removed by an enabled channel between the principals."""
    scen = crisis.scenario
    pair = {scen.challenger, scen.defender}
    for name, channel in scen.channels.items():
        if channel.enabled and set(channel.between) == pair:
            return crisis.inputs[f"channels.{name}.noise_reduction"]
    return 0.0


def _update_beliefs(crisis: Crisis) -> None:
    """Bayes' rule on 'did the other side escalate?', allowing for misperception.

    A resolute type escalates (rung ≥ 2) with probability ½ + σ/2, an irresolute one with
    ½ − σ/2; the observer knows a report flips with probability m.
    """
    s, scen = crisis.state, crisis.scenario
    if not scen.beliefs.private_resolve:
        return
    up, down = _likelihood_ratios(crisis)
    active = s.active
    for seat in (0, 1):
        ratio = np.where(s.perceived[:, seat] >= 2, up, down)
        prior = s.belief[:, seat]
        odds = prior * ratio
        s.belief[:, seat] = np.where(active, odds / (odds + 1.0 - prior), prior)


def _likelihood_ratios(crisis: Crisis) -> tuple[np.ndarray, np.ndarray]:
    """P(report | resolute) / P(report | irresolute) for an escalation report and for none.

    Constant during a batch (it depends only on inputs), so computed once and cached.
    """
    cached = crisis.cache.get("likelihood_ratios")
    if cached is not None:
        return cached[0], cached[1]
    scen, inp, n = crisis.scenario, crisis.inputs, crisis.state.n
    strength = inp["perception.signal_strength"]
    m = (
        inp["perception.misperception_rate"] * (1.0 - _channel_clarity(crisis))
        if scen.perception.enabled
        else 0.0
    )
    high = 0.5 + strength / 2
    low = 0.5 - strength / 2
    high = high * (1 - m) + (1 - high) * m
    low = low * (1 - m) + (1 - low) * m
    up = np.broadcast_to(np.asarray(high / low, dtype=float), (n,)).copy()
    down = np.broadcast_to(np.asarray((1 - high) / (1 - low), dtype=float), (n,)).copy()
    crisis.cache["likelihood_ratios"] = np.stack([up, down])
    return up, down


__all__ = ["WAR_RUNG", "TurnRecord", "play_turn"]
