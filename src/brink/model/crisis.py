"""One batch of episodes of a scenario: compiled arrays, sampled inputs, random keys and state.

This is what mechanisms and deciders read. Inputs are per-episode arrays (sampled) or floats
(fixed); time conversions (per-year rates to per-turn probabilities, half-lives to per-turn
decay) live here so that every mechanism uses the same ones.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np

from brink.model.compile import Compiled
from brink.model.inputs import InputValues
from brink.model.state import BatchState

Value = np.ndarray | float


@dataclass
class Crisis:
    """A batch of episodes under given policies (``mixtures[k]`` lists seat k's leader types)."""

    compiled: Compiled
    inputs: InputValues
    keys: np.ndarray
    state: BatchState
    mixtures: tuple[tuple[str, ...], ...]  # per actor: the policy names its types play
    mixture_weights: tuple[np.ndarray, ...] = ()  # per actor: the types' probabilities
    turn: int = 0  # the turn being played, 1-based; 0 before the first
    cache: dict[str, object] = field(default_factory=dict)

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
        """A copy restricted to some episodes (for what-if questions)."""
        return replace(
            self,
            state=self.state.subset(index),
            inputs=self.inputs.subset(index),
            keys=self.keys[index],
            cache={},
        )

    # Inputs -------------------------------------------------------------------------------
    def actor(self, k: int, name: str, default: float | None = None) -> Value:
        """Actor k's input ``name`` (a dotted tail such as ``traits.ego``)."""
        path = f"actors.{self.compiled.actors[k]}.{name}"
        if default is None:
            return self.inputs[path]
        return self.inputs.get(path, default)

    def has(self, k: int, name: str) -> bool:
        return f"actors.{self.compiled.actors[k]}.{name}" in self.inputs

    def payoff(self, k: int, name: str) -> Value:
        return self.actor(k, f"payoffs.{name}", 0.0)

    def value(self, path: str, default: float | None = None) -> Value:
        if default is None:
            return self.inputs[path]
        return self.inputs.get(path, default)

    # Time ---------------------------------------------------------------------------------
    @property
    def turn_years(self) -> float:
        return self.scenario.turn_days / 365.0

    def per_turn(self, rate_per_year: Value) -> Value:
        """Probability per turn of an event with the given hazard per year."""
        return 1.0 - np.exp(-np.asarray(rate_per_year) * self.turn_years)

    def kept_per_turn(self, half_life_days: Value) -> Value:
        """Share of a gap kept per turn for a given half-life in days."""
        return np.power(0.5, self.scenario.turn_days / np.asarray(half_life_days, dtype=float))

    def turns_for(self, days: Value) -> Value:
        """Whole turns needed to cover ``days`` (at least one)."""
        return np.maximum(1, np.ceil(np.asarray(days, dtype=float) / self.scenario.turn_days))

    def horizon_years(self) -> Value:
        """How far ahead deciders weigh flows: 1 / discount rate, in years."""
        return 1.0 / np.maximum(self.value("decision.discount_rate"), 1e-6)

    def turns_per_year(self) -> float:
        return 365.0 / self.scenario.turn_days

    def cached(self, key: str, make):  # type: ignore[no-untyped-def]
        """A per-batch constant, computed on first use."""
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]


def as_array(value: Value, n: int) -> np.ndarray:
    """A per-episode view of an input that may be a float."""
    if isinstance(value, np.ndarray):
        return value
    return np.full(n, float(value))


def finite(x: float) -> bool:
    return math.isfinite(x)
