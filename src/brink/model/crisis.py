"""One batch of episodes of a scenario under a matchup: tables, inputs, random keys and state.

What the kernels read (``tables``, the input matrix ``x``, ``friction_power``, ``keys``,
``state``) and what Python code around them needs (the compiled scenario, named inputs, the
leader types each seat plays, fixed-rule deciders' memory).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Protocol

import numpy as np

from brink.model.compile import Compiled
from brink.model.inputs import InputValues
from brink.model.state import BatchState
from brink.model.tables import InputMatrix
from brink.model.values import WORK_DTYPE


def new_work() -> np.ndarray:
    return np.zeros(1, dtype=WORK_DTYPE)


class FixedRuleDecider(Protocol):
    """A fixed rule, vectorised over the batch (response tables, reactive doctrines).

    Defined here, beside the batch that holds the rules, so the model layer names their type
    without importing ``brink.deciders`` (which sits above it); ``brink.deciders.base``
    re-exports it.
    """

    #: Uniforms the rule needs per turn.
    noise_width: int

    def start(self, crisis: Crisis, seat: int) -> None:
        """Initialise any per-episode memory (in ``crisis.memory[seat]``)."""

    def decide(self, crisis: Crisis, seat: int, noise: np.ndarray) -> np.ndarray:
        """The action index it plays in every episode of the batch."""
        ...

    def observe(self, crisis: Crisis, seat: int, played: np.ndarray) -> None:
        """Learn from the turn just played (its own move, what it saw)."""


@dataclass
class Crisis:
    """A batch of episodes; ``mixtures[k]`` lists the policies seat k's leader types play."""

    compiled: Compiled
    tables: np.ndarray  # one-element record array (brink.model.tables)
    inputs: InputValues
    matrix: InputMatrix
    keys: np.ndarray
    state: BatchState
    mixtures: tuple[tuple[str, ...], ...]
    mixture_weights: tuple[np.ndarray, ...]
    turn: int = 0  # the turn being played, 1-based; 0 before the first
    memory: dict[int, dict[str, np.ndarray]] = field(default_factory=dict)  # fixed rules'
    fixed: dict[int, dict[int, FixedRuleDecider]] = field(default_factory=dict)  # seat→type→rule
    work: np.ndarray = field(default_factory=new_work)  # the kernels' work record

    @property
    def scenario(self):  # type: ignore[no-untyped-def]
        return self.compiled.scenario

    @property
    def table(self):  # type: ignore[no-untyped-def]
        return self.compiled.table

    @property
    def n(self) -> int:
        return self.state.n

    def subset(self, index: np.ndarray) -> Crisis:
        """A copy restricted to some episodes."""
        return replace(
            self,
            inputs=self.inputs.subset(index),
            matrix=InputMatrix(self.matrix.x[index], self.matrix.columns),
            keys=self.keys[index],
            state=self.state.subset(index),
            memory={k: {n: a[index] for n, a in m.items()} for k, m in self.memory.items()},
            work=new_work(),
        )

    def value(self, path: str, default: float | None = None):  # type: ignore[no-untyped-def]
        if default is None:
            return self.inputs[path]
        return self.inputs.get(path, default)
