"""Fixed rules, for baselines and duels: response tables and reactive doctrines.

Neither depends on the seat's type, so observers learn nothing from them. Both read only what
the seat perceived the other side's lead do last turn. They choose in Python, vectorised over
the episodes their leader type plays; the compiled turn applies the rest (availability, red
lines, consequences).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from brink.deciders.doctrines import get_doctrine

if TYPE_CHECKING:
    from brink.model.crisis import Crisis
    from brink.scenario.schema import Policy

#: A perceived rung at or below this reads as cooperation to a reactive doctrine.
COOPERATIVE_MAX_RUNG = 1


def seen_rung(crisis: Crisis, seat: int) -> np.ndarray:
    """The rung the seat saw the other side's lead take last turn (0 before turn 1)."""
    c, s = crisis.compiled, crisis.state
    other = int(c.adversary[seat])
    if other < 0:
        return np.zeros(crisis.n, dtype=np.int64)
    seen = s.perceived[:, seat, other]
    return np.where(seen >= 0, c.table.rung[np.maximum(seen, 0)], 0)


class TableDecider:
    """Open with one action, then answer the perceived rung with the policy's table."""

    noise_width = 0

    def __init__(self, policy: Policy, index) -> None:  # type: ignore[no-untyped-def]
        assert policy.opening is not None and policy.respond is not None
        self.opening = index(policy.opening)
        self.respond = np.array([index(a) for a in policy.respond], dtype=np.int64)

    def start(self, crisis: Crisis, seat: int) -> None:
        return None

    def decide(self, crisis: Crisis, seat: int, noise: np.ndarray) -> np.ndarray:
        if crisis.turn <= 1:
            return np.full(crisis.n, self.opening, dtype=np.int64)
        return self.respond[seen_rung(crisis, seat)]

    def observe(self, crisis: Crisis, seat: int, played: np.ndarray) -> None:
        return None


class ReactiveDecider:
    """A reactive doctrine (tft, gtft, grit, ...) playing the policy's two designated actions."""

    noise_width = 1

    def __init__(self, policy: Policy, index) -> None:  # type: ignore[no-untyped-def]
        assert policy.doctrine and policy.cooperate and policy.defect
        self.doctrine = get_doctrine(policy.doctrine)
        self.cooperate = index(policy.cooperate)
        self.defect = index(policy.defect)

    def start(self, crisis: Crisis, seat: int) -> None:
        crisis.memory.setdefault(seat, {}).update(self.doctrine.start(crisis.n))

    def decide(self, crisis: Crisis, seat: int, noise: np.ndarray) -> np.ndarray:
        memory = {k: v.copy() for k, v in crisis.memory[seat].items()}
        cooperate = self.doctrine.intend(memory, crisis.turn - 1, noise)
        return np.where(cooperate, self.cooperate, self.defect)

    def observe(self, crisis: Crisis, seat: int, played: np.ndarray) -> None:
        seen = seen_rung(crisis, seat) <= COOPERATIVE_MAX_RUNG
        cooperated = played == self.cooperate
        self.doctrine.observe(crisis.memory[seat], cooperated, cooperated, seen)
