"""One interface for every kind of decision-maker.

A decider picks one action per episode for its seat, from what that seat perceived (never the
truth) and its own decision noise, so the engine can ask the same decider "what would you have
done had you seen the truth?" to attribute a war to misperception rather than intent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import numpy as np

if TYPE_CHECKING:
    from brink.model.crisis import Crisis


@dataclass
class Decision:
    """A seat's choice this turn, with what observers may learn from it."""

    action: np.ndarray  # (n,) action index into the scenario's action table
    #: (2, A_k, n): P(each own action | irresolute, resolute), or None when the choice does
    #: not depend on the seat's type (observers then learn nothing about it).
    probs: np.ndarray | None
    p_force: np.ndarray  # (n,) probability the seat used force this turn
    p_talks: np.ndarray  # (n,) probability it offered talks


class Decider(Protocol):
    """A seat's decision rule for the episodes given its policy, vectorised over a batch."""

    #: Uniforms the decider needs per turn (its ``noise`` argument has this many columns).
    noise_width: int

    def start(self, crisis: Crisis, seat: int) -> None:
        """Initialise any per-episode memory."""

    def decide(
        self, crisis: Crisis, seat: int, noise: np.ndarray, open_: np.ndarray
    ) -> Decision:
        """Choose for every episode; ``open_`` (A_k, n) marks the seat's actions open now."""
        ...

    def observe(self, crisis: Crisis, seat: int, chosen: np.ndarray) -> None:
        """Learn from the turn just played."""
