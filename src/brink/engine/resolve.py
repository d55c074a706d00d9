"""How an episode ends when force is used: the strike chance node and war's escalation.

A strike is a chance node (DESIGN §2 "Pre-emption"): all the target's nuclear weapons are
destroyed or not; the target retaliates with conventional war or not; a war under way goes
nuclear or not (impossible once disarmed); after a major war the loser's fissile material may
go missing ("loose nukes").
"""

from __future__ import annotations

import numpy as np

from brink.engine.context import Crisis
from brink.engine.state import CONVENTIONAL, LIMITED, NUCLEAR, WAR
from brink.engine.streams import uniforms
from brink.scenario.schema import STRIKE_RUNG, WAR_RUNG


def resolve_force(
    crisis: Crisis,
    rungs: np.ndarray,
    cause: np.ndarray,
    stream: int,
) -> np.ndarray:
    """End episodes where either seat used force this turn; return the mask of those ended.

    ``rungs`` (n, 2): this turn's action rungs. ``cause`` (n,): cause code per episode.
    The chance node draws four uniforms (disarm, retaliation, nuclear escalation, loose nukes)
    from ``stream`` for the episodes concerned only — counter-based streams give an episode the
    same numbers whichever others are drawn with it.
    """
    s = crisis.state
    top = np.maximum(rungs[:, 0], rungs[:, 1])
    force = s.active & (top >= STRIKE_RUNG)
    index = np.flatnonzero(force)
    if not len(index):
        return force
    sub = crisis.subset(index)
    chance = uniforms(crisis.keys[index], stream, 4)
    rungs, top = rungs[index], top[index]
    initiator = np.where(rungs[:, 0] >= rungs[:, 1], 0, 1)
    target = 1 - initiator
    strike_only = top == STRIKE_RUNG

    disarm = np.where(target == 1, sub.disarm_chance(1), sub.disarm_chance(0))
    disarmed = strike_only & (chance[:, 0] < disarm)
    retaliation = np.where(
        target == 1,
        sub.actor_input(1, "retaliation_probability"),
        sub.actor_input(0, "retaliation_probability"),
    )
    retaliated = strike_only & (chance[:, 1] < retaliation)
    major = (top >= WAR_RUNG) | retaliated
    goes_nuclear = major & (chance[:, 2] < sub.nuclear_chance(disarmed, target))
    kind = np.where(
        top >= WAR_RUNG + 1,
        NUCLEAR,
        np.where(goes_nuclear, NUCLEAR, np.where(major, CONVENTIONAL, LIMITED)),
    )
    s.outcome[index] = WAR
    s.war_kind[index] = kind
    s.war_cause[index] = cause[index]
    s.initiator[index] = initiator
    loose = sub.actor_input_or(1, "loose_nukes_probability", 0.0)
    s.loose_nukes[index] |= major & ~disarmed & (chance[:, 3] < loose)
    return force


def start_accidental_war(crisis: Crisis, hit: np.ndarray, cause: int, stream: int) -> None:
    """An accidental clash that grew into war: conventional, nuclear with the usual chance."""
    s = crisis.state
    index = np.flatnonzero(hit)
    if not len(index):
        return
    sub = crisis.subset(index)
    chance = uniforms(crisis.keys[index], stream, 2)
    nuclear = chance[:, 0] < sub.nuclear_chance()
    s.outcome[index] = WAR
    s.war_kind[index] = np.where(nuclear, NUCLEAR, CONVENTIONAL)
    s.war_cause[index] = cause
    s.initiator[index] = -1
    loose = sub.actor_input_or(1, "loose_nukes_probability", 0.0)
    s.loose_nukes[index] |= chance[:, 1] < loose
