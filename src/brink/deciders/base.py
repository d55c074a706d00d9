"""One interface for every kind of decision-maker in the escalation engine.

A decider picks one action per episode for its seat. It receives the rung its seat perceived
the other side take (not the truth) and its own decision noise, so the engine can ask the same
decider "what would you have done had you seen the truth?" to attribute a war to
misperception rather than intent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

import numpy as np

if TYPE_CHECKING:
    from brink.engine.context import Crisis


class Decider(Protocol):
    """A seat's decision rule, vectorised over a batch of episodes."""

    #: Uniforms the decider needs per turn (its ``noise`` argument has this many columns).
    noise_width: int

    def start(self, crisis: Crisis, seat: int) -> None:
        """Initialise any per-episode memory in ``crisis.state.memory[seat]``."""

    def decide(
        self, crisis: Crisis, seat: int, perceived: np.ndarray, noise: np.ndarray
    ) -> np.ndarray:
        """Action index per episode, given the rung this seat perceived the other take."""
        ...

    def observe(self, crisis: Crisis, seat: int, chosen: np.ndarray, seen: np.ndarray) -> None:
        """Learn from the turn just played (own action, perceived rung of the other)."""
