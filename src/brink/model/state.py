"""The state of a batch of episodes: one array per variable, one row per episode.

Episode-major layout: ``x[e]`` is episode e's row (a scalar, a per-actor vector ``x[e, k]`` or
a per-pair matrix ``x[e, i, j]``), which is what the compiled per-episode kernels read.
Ended episodes keep their final values (``active`` is False).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from brink.vocabulary import NO_CAUSE, NO_WAR, UNRESOLVED


class BatchState(NamedTuple):
    """Everything that changes during an episode, for n episodes at once."""

    active: np.ndarray  # (n,) bool
    turns: np.ndarray
    # How the episode ended.
    outcome: np.ndarray
    war_kind: np.ndarray
    war_cause: np.ndarray
    war_end: np.ndarray
    capitulator: np.ndarray  # actor that backed down (-1 none)
    collapsed: np.ndarray  # actor whose regime collapsed (-1 none)
    initiator: np.ndarray  # actor that first used force (-1 none or an accident)
    winner_side: np.ndarray  # side that prevailed in a war ended by defeat (-1 none)
    # Types and beliefs.
    policy: np.ndarray  # (n, K) leader type of each seat (index into its mixture)
    resolute: np.ndarray  # (n, K) bool
    belief: np.ndarray  # (n, K, K): belief[e, i, j] = P(j resolute) held by i
    # Moves and what was seen of them.
    action: np.ndarray  # (n, K) this turn's move (-1 before turn 1)
    previous: np.ndarray  # (n, K) last turn's move
    perceived: np.ndarray  # (n, K, K): what i saw j do last turn (-1 nothing yet)
    misread: np.ndarray  # (n, K, K) bool
    p_force: np.ndarray  # (n, K) probability of force at the seat's last decision
    p_talks: np.ndarray  # (n, K) ... and of an offer of talks
    last_used: np.ndarray  # (n, A) turn an action was last taken (cooldowns)
    # The actors' state.
    commitment: np.ndarray  # (n, K) public commitment, 0..1
    approval: np.ndarray  # (n, K)
    capability: np.ndarray  # (n, K)
    capability_rate: np.ndarray  # (n, K) recent capability gain per year
    nuclear_off: np.ndarray  # (n, K) bool: nuclear force destroyed
    strain: np.ndarray  # (n, K)
    sanction: np.ndarray  # (n, K) level of the sanctions each actor holds on its target
    blockade: np.ndarray  # (n, K)
    cohesion: np.ndarray  # (n, K) with its side's lead (1 for leads and neutrals)
    offered: np.ndarray  # (n, K) bool: offered talks last turn
    strike_requested: np.ndarray  # (n, K) bool: a planned strike put to the allies
    planned_done: np.ndarray  # (n, K) bool: the planned strike went ahead or was dropped
    empty_threats: np.ndarray  # (n, K)
    flow_payoff: np.ndarray  # (n, K) flows lived through so far (stakes units)
    casualties_by_actor: np.ndarray  # (n, K)
    # The standoff between the leads.
    stage: np.ndarray
    stage_clock: np.ndarray
    # Force.
    war_level: np.ndarray  # 0 peace, 1 a clash under way, 2 major war
    clash_side: np.ndarray  # side that struck first in the current clash (-1 an accident)
    exchange: np.ndarray  # bool: both sides have struck in the current clash
    war_turns: np.ndarray
    violence: np.ndarray  # ICB VIOL 1..4
    casualties: np.ndarray
    loose_nukes: np.ndarray
    # Yardsticks.
    missile_tests: np.ndarray
    nuclear_tests: np.ndarray
    enforced_turns: np.ndarray
    clashes: np.ndarray
    misreadings: np.ndarray
    max_rung: np.ndarray

    @property
    def n(self) -> int:
        return len(self.active)

    @classmethod
    def empty(cls, n: int, k: int, actions: int) -> BatchState:
        def zeros(dtype: type, *shape: int) -> np.ndarray:
            return np.zeros((n, *shape), dtype=dtype)

        def minus_one(dtype: type, *shape: int) -> np.ndarray:
            return np.full((n, *shape), -1, dtype=dtype)

        return cls(
            active=np.ones(n, dtype=np.bool_),
            turns=zeros(np.int32),
            outcome=np.full(n, UNRESOLVED, dtype=np.int8),
            war_kind=np.full(n, NO_WAR, dtype=np.int8),
            war_cause=np.full(n, NO_CAUSE, dtype=np.int8),
            war_end=zeros(np.int8),
            capitulator=minus_one(np.int8),
            collapsed=minus_one(np.int8),
            initiator=minus_one(np.int8),
            winner_side=minus_one(np.int8),
            policy=zeros(np.int8, k),
            resolute=zeros(np.bool_, k),
            belief=zeros(np.float64, k, k),
            action=minus_one(np.int64, k),
            previous=minus_one(np.int64, k),
            perceived=minus_one(np.int64, k, k),
            misread=zeros(np.bool_, k, k),
            p_force=zeros(np.float64, k),
            p_talks=zeros(np.float64, k),
            last_used=np.full((n, actions), -10_000, dtype=np.int32),
            commitment=zeros(np.float64, k),
            approval=zeros(np.float64, k),
            capability=zeros(np.float64, k),
            capability_rate=zeros(np.float64, k),
            nuclear_off=zeros(np.bool_, k),
            strain=zeros(np.float64, k),
            sanction=zeros(np.float64, k),
            blockade=zeros(np.float64, k),
            cohesion=np.ones((n, k), dtype=np.float64),
            offered=zeros(np.bool_, k),
            strike_requested=zeros(np.bool_, k),
            planned_done=zeros(np.bool_, k),
            empty_threats=zeros(np.int32, k),
            flow_payoff=zeros(np.float64, k),
            casualties_by_actor=zeros(np.float64, k),
            stage=zeros(np.int8),
            stage_clock=zeros(np.int32),
            war_level=zeros(np.int8),
            clash_side=minus_one(np.int8),
            exchange=zeros(np.bool_),
            war_turns=zeros(np.int32),
            violence=np.ones(n, dtype=np.int8),
            casualties=zeros(np.float64),
            loose_nukes=zeros(np.bool_),
            missile_tests=zeros(np.int32),
            nuclear_tests=zeros(np.int32),
            enforced_turns=zeros(np.int32),
            clashes=zeros(np.int32),
            misreadings=zeros(np.int32),
            max_rung=zeros(np.int8),
        )

    def subset(self, index: np.ndarray) -> BatchState:
        """A copy restricted to some episodes."""
        return BatchState(*(value[index] for value in self))
