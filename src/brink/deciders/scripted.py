"""Fixed rules, for baselines and duels: response tables and reactive doctrines.

Neither depends on the seat's type, so observers learn nothing from them (``probs`` is None).
Both read only what the seat perceived the other side's lead do last turn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from brink.deciders.base import Decision
from brink.deciders.doctrines import get_doctrine
from brink.vocabulary import CATEGORY_CODE

if TYPE_CHECKING:
    from brink.model.crisis import Crisis
    from brink.scenario.schema import Policy

#: A perceived rung at or below this reads as cooperation to a reactive doctrine.
COOPERATIVE_MAX_RUNG = 1
_FORCE = [CATEGORY_CODE["strike"], CATEGORY_CODE["war"], CATEGORY_CODE["nuclear"]]


def _seen_rung(crisis: Crisis, seat: int) -> np.ndarray:
    """The rung the seat saw the other side's lead take last turn (0 before turn 1)."""
    c, s = crisis.compiled, crisis.state
    other = c.adversary[seat]
    if other < 0:
        return np.zeros(crisis.n, dtype=np.int64)
    seen = s.perceived[seat, other]
    return np.where(seen >= 0, c.table.rung[np.maximum(seen, 0)], 0)


def _decision(crisis: Crisis, action: np.ndarray) -> Decision:
    category = crisis.table.category[action]
    return Decision(
        action=action,
        probs=None,
        p_force=np.isin(category, _FORCE).astype(float),
        p_talks=(category == CATEGORY_CODE["talks"]).astype(float),
    )


def _first_open(crisis: Crisis, seat: int, wanted: np.ndarray, open_: np.ndarray) -> np.ndarray:
    """The wanted action where it is open now, else the seat's quiet action."""
    c = crisis.compiled
    row = c.local[wanted, seat]
    ok = open_[np.maximum(row, 0), np.arange(crisis.n)] & (row >= 0)
    return np.where(ok, wanted, c.quiet[seat])


class TableDecider:
    """Open with one action, then answer the perceived rung with the policy's table."""

    noise_width = 0

    def __init__(self, policy: Policy, index) -> None:  # type: ignore[no-untyped-def]
        assert policy.opening is not None and policy.respond is not None
        self.opening = index(policy.opening)
        self.respond = np.array([index(a) for a in policy.respond], dtype=np.int64)

    def start(self, crisis: Crisis, seat: int) -> None:
        return None

    def decide(
        self, crisis: Crisis, seat: int, noise: np.ndarray, open_: np.ndarray
    ) -> Decision:
        if crisis.turn <= 1:
            wanted = np.full(crisis.n, self.opening, dtype=np.int64)
        else:
            wanted = self.respond[_seen_rung(crisis, seat)]
        return _decision(crisis, _first_open(crisis, seat, wanted, open_))

    def observe(self, crisis: Crisis, seat: int, chosen: np.ndarray) -> None:
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
        memory = self.doctrine.start(crisis.n)
        crisis.state.memory[seat].update({f"reactive:{k}": v for k, v in memory.items()})

    def _memory(self, crisis: Crisis, seat: int) -> dict[str, np.ndarray]:
        prefix = "reactive:"
        return {
            k[len(prefix) :]: v
            for k, v in crisis.state.memory[seat].items()
            if k.startswith(prefix)
        }

    def decide(
        self, crisis: Crisis, seat: int, noise: np.ndarray, open_: np.ndarray
    ) -> Decision:
        memory = {k: v.copy() for k, v in self._memory(crisis, seat).items()}
        cooperate = self.doctrine.intend(memory, crisis.turn - 1, noise[:, 0])
        wanted = np.where(cooperate, self.cooperate, self.defect)
        return _decision(crisis, _first_open(crisis, seat, wanted, open_))

    def observe(self, crisis: Crisis, seat: int, chosen: np.ndarray) -> None:
        memory = self._memory(crisis, seat)
        played = chosen == self.cooperate
        seen = _seen_rung(crisis, seat) <= COOPERATIVE_MAX_RUNG
        self.doctrine.observe(memory, played, played, seen)
        crisis.state.memory[seat].update({f"reactive:{k}": v for k, v in memory.items()})
