"""How deciders plug into the engine.

Every seat's leader type is one of three kinds (docs/model.md, "Decision-makers"). Strategic
doctrines are decided inside the compiled turn (``brink.deciders.strategic``) from tables built
once per batch. Fixed rules — response tables and reactive doctrines — decide in Python through
the small interface below, and the compiled turn takes their moves as given. A person at a seat
is a third way in: the engine takes their move as an override.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

import numpy as np

if TYPE_CHECKING:
    from brink.model.crisis import Crisis


class FixedRuleDecider(Protocol):
    """A fixed rule, vectorised over the batch."""

    #: Uniforms the rule needs per turn.
    noise_width: int

    def start(self, crisis: Crisis, seat: int) -> None:
        """Initialise any per-episode memory (in ``crisis.memory[seat]``)."""

    def decide(self, crisis: Crisis, seat: int, noise: np.ndarray) -> np.ndarray:
        """The action index it plays in every episode of the batch."""
        ...

    def observe(self, crisis: Crisis, seat: int, played: np.ndarray) -> None:
        """Learn from the turn just played (its own move, what it saw)."""
