"""Scripted policies: posture tables and reactive doctrines, with the shared negotiation rule."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from brink.deciders.doctrines import get_doctrine
from brink.scenario.schema import Policy

if TYPE_CHECKING:
    from brink.engine.context import Crisis

#: A perceived rung at or below this reads as cooperation to a reactive doctrine.
COOPERATIVE_MAX_RUNG = 1
#: A perceived rung at or above this breaks a deal in the eyes of a scripted player.
DEAL_BREAKING_RUNG = 3


def apply_negotiation(
    crisis: Crisis, seat: int, policy: Policy, perceived: np.ndarray, action: np.ndarray
) -> np.ndarray:
    """Keep or answer offers as the policy's ``negotiate`` setting says.

    ``lead`` and ``reciprocate`` both keep talking while a deal holds and answer an offer they
    saw with an offer (a posture that leads also opens with talks in its own table; for the
    logit chooser only ``lead`` forces this rule, ``reciprocate`` leaves it to the utilities);
    ``never`` ignores offers.
    """
    if policy.negotiate == "never" or not crisis.scenario.negotiation.enabled:
        return action
    talks = crisis.table.first(seat, "talks")
    if talks < 0:
        return action
    s = crisis.state
    holding = (s.stage > 0) & (perceived < DEAL_BREAKING_RUNG)
    answer = holding | (s.offered[:, 1 - seat] & (perceived == 0))
    return np.where(answer, talks, action)


def apply_planned_strike(
    crisis: Crisis, seat: int, policy: Policy, action: np.ndarray
) -> np.ndarray:
    """Strike on the planned turn unless lost alliance cohesion has taken the option away."""
    if policy.strike_at is None or crisis.turn != policy.strike_at:
        return action
    strike = crisis.table.first(seat, "strike")
    allowed = np.ones(crisis.state.n, dtype=bool)
    if seat == 0 and crisis.scenario.alliance.enabled:
        allowed = crisis.state.cohesion >= crisis.inputs["alliance.strike_floor"]
    return np.where(allowed, strike, action)


class PostureDecider:
    """Open with one action, then answer the perceived rung with the policy's table."""

    noise_width = 0

    def __init__(self, policy: Policy, crisis_table_index) -> None:  # type: ignore[no-untyped-def]
        assert policy.opening is not None and policy.respond is not None
        self.policy = policy
        self.opening = crisis_table_index(policy.opening)
        self.respond = np.array([crisis_table_index(a) for a in policy.respond], dtype=np.int64)

    def start(self, crisis: Crisis, seat: int) -> None:
        return None

    def decide(
        self, crisis: Crisis, seat: int, perceived: np.ndarray, noise: np.ndarray
    ) -> np.ndarray:
        if crisis.turn <= 1:
            action = np.full(crisis.state.n, self.opening, dtype=np.int64)
        else:
            action = self.respond[perceived]
        action = apply_negotiation(crisis, seat, self.policy, perceived, action)
        return apply_planned_strike(crisis, seat, self.policy, action)

    def observe(self, crisis: Crisis, seat: int, chosen: np.ndarray, seen: np.ndarray) -> None:
        return None


class DoctrineDecider:
    """A reactive doctrine (tft, gtft, grit, ...) playing the policy's two designated actions."""

    noise_width = 1

    def __init__(self, policy: Policy, crisis_table_index) -> None:  # type: ignore[no-untyped-def]
        assert policy.doctrine and policy.cooperate and policy.defect
        self.policy = policy
        self.doctrine = get_doctrine(policy.doctrine)
        self.cooperate = crisis_table_index(policy.cooperate)
        self.defect = crisis_table_index(policy.defect)

    def start(self, crisis: Crisis, seat: int) -> None:
        crisis.state.memory[seat] = self.doctrine.start(crisis.state.n)

    def _intend(self, crisis: Crisis, seat: int, noise: np.ndarray) -> np.ndarray:
        memory = {k: v.copy() for k, v in crisis.state.memory[seat].items()}
        return self.doctrine.intend(memory, crisis.turn - 1, noise[:, 0])

    def decide(
        self, crisis: Crisis, seat: int, perceived: np.ndarray, noise: np.ndarray
    ) -> np.ndarray:
        cooperate = self._intend(crisis, seat, noise)
        action = np.where(cooperate, self.cooperate, self.defect)
        action = apply_negotiation(crisis, seat, self.policy, perceived, action)
        return apply_planned_strike(crisis, seat, self.policy, action)

    def observe(self, crisis: Crisis, seat: int, chosen: np.ndarray, seen: np.ndarray) -> None:
        # The engine has no execution noise for scripted seats: what was played was intended.
        played = chosen == self.cooperate
        self.doctrine.observe(
            crisis.state.memory[seat], played, played, seen <= COOPERATIVE_MAX_RUNG
        )
