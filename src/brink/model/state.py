"""The state of a batch of episodes: one array per variable, the episode axis last.

Per-actor variables are (K, n) and per-pair variables (K, K, n): ``x[k]`` is actor k's row for
all episodes, contiguous in memory, which is how every mechanism reads it. Ended episodes keep
their final values (``active`` is False).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import numpy as np

from brink.vocabulary import NO_CAUSE, NO_WAR, UNRESOLVED


@dataclass
class BatchState:
    """Everything that changes during an episode, for ``n`` episodes at once."""

    n: int
    k: int
    active: np.ndarray
    turns: np.ndarray
    # How the episode ended.
    outcome: np.ndarray
    war_kind: np.ndarray
    war_cause: np.ndarray
    war_end: np.ndarray
    capitulator: np.ndarray  # actor that backed down (-1 none)
    collapsed: np.ndarray  # actor whose regime collapsed (-1 none)
    initiator: np.ndarray  # actor that first used force (-1 none or accident)
    winner_side: np.ndarray  # side that prevailed in a war ending in defeat (-1 none)
    # Types and beliefs.
    policy: np.ndarray  # (K, n) index of each seat's policy (leader type) in its mixture
    resolute: np.ndarray  # (K, n) bool
    belief: np.ndarray  # (K, K, n): belief[i, j] = P(j resolute) held by i
    # Moves and what was seen of them.
    action: np.ndarray  # (K, n) this turn's action (-1 before turn 1)
    previous: np.ndarray  # (K, n) last turn's action
    perceived: np.ndarray  # (K, K, n): perceived[i, j] = action i saw j take last turn
    misread: np.ndarray  # (K, K, n) bool: that perception was wrong
    p_force: np.ndarray  # (K, n) each seat's probability of force at its last decision
    p_talks: np.ndarray  # (K, n) ... and of an offer of talks
    last_used: np.ndarray  # (A, n) turn an action was last taken (cooldowns)
    # The actors' state.
    commitment: np.ndarray  # (K, n) public commitment, 0..1
    approval: np.ndarray  # (K, n)
    capability: np.ndarray  # (K, n)
    capability_rate: np.ndarray  # (K, n) recent capability gain per year (what others project)
    nuclear_off: np.ndarray  # (K, n) bool: nuclear force destroyed by a disarming strike
    strain: np.ndarray  # (K, n)
    sanction: np.ndarray  # (K, n) level of the sanctions each actor applies to its target
    blockade: np.ndarray  # (K, n)
    cohesion: np.ndarray  # (K, n) with its side's lead (1 for leads and neutrals)
    # The standoff between the leads.
    stage: np.ndarray
    stage_clock: np.ndarray
    offered: np.ndarray  # (K, n) bool: offered talks last turn
    # Force.
    war_level: np.ndarray  # 0 peace, 1 a clash under way, 2 major war
    clash_side: np.ndarray  # side that struck first in the current clash (-1 accident)
    exchange: np.ndarray  # bool: both sides have struck in the current clash
    war_turns: np.ndarray
    violence: np.ndarray  # ICB VIOL 1..4
    casualties: np.ndarray
    casualties_by_actor: np.ndarray  # (K, n)
    loose_nukes: np.ndarray
    # Yardsticks.
    missile_tests: np.ndarray
    nuclear_tests: np.ndarray
    enforced_turns: np.ndarray  # turns a neutral enforced sanctions
    clashes: np.ndarray  # clashes that were contained
    misreadings: np.ndarray
    max_rung: np.ndarray
    empty_threats: np.ndarray  # (K, n)
    flow_payoff: np.ndarray  # (K, n) flows accumulated so far (stakes units)
    memory: list[dict[str, np.ndarray]] = field(default_factory=list)

    @classmethod
    def empty(cls, n: int, k: int, actions: int) -> BatchState:
        def zeros(dtype: type, *shape: int) -> np.ndarray:
            return np.zeros((*shape, n), dtype=dtype)

        def minus_one(dtype: type, *shape: int) -> np.ndarray:
            return np.full((*shape, n), -1, dtype=dtype)

        return cls(
            n=n,
            k=k,
            active=np.ones(n, dtype=bool),
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
            resolute=zeros(bool, k),
            belief=zeros(np.float64, k, k),
            action=minus_one(np.int64, k),
            previous=minus_one(np.int64, k),
            perceived=minus_one(np.int64, k, k),
            misread=zeros(bool, k, k),
            p_force=zeros(np.float64, k),
            p_talks=zeros(np.float64, k),
            last_used=np.full((actions, n), -10_000, dtype=np.int32),
            commitment=zeros(np.float64, k),
            approval=zeros(np.float64, k),
            capability=zeros(np.float64, k),
            capability_rate=zeros(np.float64, k),
            nuclear_off=zeros(bool, k),
            strain=zeros(np.float64, k),
            sanction=zeros(np.float64, k),
            blockade=zeros(np.float64, k),
            cohesion=np.ones((k, n), dtype=np.float64),
            stage=zeros(np.int8),
            stage_clock=zeros(np.int32),
            offered=zeros(bool, k),
            war_level=zeros(np.int8),
            clash_side=minus_one(np.int8),
            exchange=zeros(bool),
            war_turns=zeros(np.int32),
            violence=np.ones(n, dtype=np.int8),
            casualties=zeros(np.float64),
            casualties_by_actor=zeros(np.float64, k),
            loose_nukes=zeros(bool),
            missile_tests=zeros(np.int32),
            nuclear_tests=zeros(np.int32),
            enforced_turns=zeros(np.int32),
            clashes=zeros(np.int32),
            misreadings=zeros(np.int32),
            max_rung=zeros(np.int8),
            empty_threats=zeros(np.int32, k),
            flow_payoff=zeros(np.float64, k),
            memory=[{} for _ in range(k)],
        )

    def subset(self, index: np.ndarray) -> BatchState:
        """A copy restricted to some episodes (for counterfactual questions)."""
        values = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, np.ndarray):
                values[f.name] = value[..., index]
            else:
                values[f.name] = value
        values["n"] = len(index)
        values["memory"] = [{k: v[..., index] for k, v in m.items()} for m in self.memory]
        return BatchState(**values)
