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
from brink.scenario.schema import STRIKE_RUNG, WAR_RUNG


def resolve_force(
    crisis: Crisis,
    rungs: np.ndarray,
    chance: np.ndarray,
    cause: np.ndarray,
) -> np.ndarray:
    """End episodes where either seat used force this turn; return the mask of those ended.

    ``rungs`` (n, 2): this turn's action rungs. ``chance`` (n, 4): uniforms for disarm,
    retaliation, nuclear escalation and loose nukes. ``cause`` (n,): cause code per episode.
    """
    s = crisis.state
    top = np.maximum(rungs[:, 0], rungs[:, 1])
    force = s.active & (top >= STRIKE_RUNG)
    if not force.any():
        return force
    initiator = np.where(rungs[:, 0] >= rungs[:, 1], 0, 1)
    target = 1 - initiator
    strike_only = force & (top == STRIKE_RUNG)

    disarm = np.where(target == 1, crisis.disarm_chance(1), crisis.disarm_chance(0))
    disarmed = strike_only & (chance[:, 0] < disarm)
    retaliation = np.where(
        target == 1,
        crisis.actor_input(1, "retaliation_probability"),
        crisis.actor_input(0, "retaliation_probability"),
    )
    retaliated = strike_only & (chance[:, 1] < retaliation)
    major = force & ((top >= WAR_RUNG) | retaliated)
    goes_nuclear = major & (chance[:, 2] < crisis.nuclear_chance(disarmed, target))
    kind = np.where(
        top >= WAR_RUNG + 1,
        NUCLEAR,
        np.where(goes_nuclear, NUCLEAR, np.where(major, CONVENTIONAL, LIMITED)),
    )

    s.outcome[force] = WAR
    s.war_kind[force] = kind[force]
    s.war_cause[force] = cause[force]
    s.initiator[force] = initiator[force]
    lost = major & ~disarmed
    loose = crisis.actor_input_or(1, "loose_nukes_probability", 0.0)
    s.loose_nukes |= lost & (chance[:, 3] < loose)
    return force


def start_accidental_war(crisis: Crisis, hit: np.ndarray, chance: np.ndarray, cause: int) -> None:
    """An accidental clash that grew into war: conventional, nuclear with the usual chance."""
    s = crisis.state
    nuclear = chance[:, 2] < crisis.nuclear_chance()
    s.outcome[hit] = WAR
    s.war_kind[hit] = np.where(nuclear, NUCLEAR, CONVENTIONAL)[hit]
    s.war_cause[hit] = cause
    s.initiator[hit] = -1
    loose = crisis.actor_input_or(1, "loose_nukes_probability", 0.0)
    s.loose_nukes |= hit & (chance[:, 3] < loose)
