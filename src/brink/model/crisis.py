"""One batch of episodes of a scenario under a matchup: tables, inputs, random keys and state.

What the kernels read (``tables``, the input matrix ``x``, ``friction_power``, ``keys``,
``state``) and what Python code around them needs (the compiled scenario, named inputs, the
leader types each seat plays, fixed-rule deciders' memory).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from brink.model.compile import Compiled
from brink.model.inputs import InputValues
from brink.model.state import BatchState
from brink.model.tables import InputMatrix, Tables


@dataclass
class Crisis:
    """A batch of episodes; ``mixtures[k]`` lists the policies seat k's leader types play."""

    compiled: Compiled
    tables: Tables
    inputs: InputValues
    matrix: InputMatrix
    friction_power: np.ndarray  # (n, A): friction^(exponent/2), constant in a batch
    keys: np.ndarray
    state: BatchState
    mixtures: tuple[tuple[str, ...], ...]
    mixture_weights: tuple[np.ndarray, ...]
    turn: int = 0  # the turn being played, 1-based; 0 before the first
    memory: dict[int, dict[str, np.ndarray]] = field(default_factory=dict)  # fixed rules'
    refs: tuple = ()  # by-reference views (tables, state) for kernels, made on first use
    fixed: dict[int, dict[int, object]] = field(default_factory=dict)  # seat → type → rule

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
            friction_power=self.friction_power[index],
            keys=self.keys[index],
            state=self.state.subset(index),
            memory={k: {n: a[index] for n, a in m.items()} for k, m in self.memory.items()},
            refs=(),
        )

    def kernel_args(self) -> tuple:
        """(tables, state) as by-reference views for compiled kernels."""
        return self.tables, self.state

    def value(self, path: str, default: float | None = None):  # type: ignore[no-untyped-def]
        if default is None:
            return self.inputs[path]
        return self.inputs.get(path, default)
