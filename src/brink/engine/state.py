"""The state of a batch of episodes: one array per variable, one row per episode.

Seat 0 is the challenger (whose policy is under study), seat 1 the defender. Every episode
steps in lockstep; ended episodes keep their final values (``active`` is False).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

# Outcome codes (stored in the episode table as names too).
UNRESOLVED, SETTLEMENT, CAPITULATION, COLLAPSE, WAR = range(5)
OUTCOME_NAMES = ("unresolved", "settlement", "capitulation", "collapse", "war")
# War kinds and causes.
NO_WAR, LIMITED, CONVENTIONAL, NUCLEAR = range(4)
KIND_NAMES = ("none", "limited", "conventional", "nuclear")
NO_CAUSE, INTENT, MISPERCEPTION, ACCIDENT = range(4)
CAUSE_NAMES = ("none", "intent", "misperception", "accident")


@dataclass
class BatchState:
    """Everything that changes during an episode, for ``n`` episodes at once."""

    n: int
    active: np.ndarray
    turns: np.ndarray  # turns played so far
    outcome: np.ndarray
    war_kind: np.ndarray
    war_cause: np.ndarray
    capitulator: np.ndarray  # seat that backed down (-1 none)
    initiator: np.ndarray  # seat that started the war (-1 none or accident)
    resolute: np.ndarray  # (n, 2) true types
    belief: np.ndarray  # (n, 2) P(other side resolute) held by each seat
    action: np.ndarray  # (n, 2) this turn's action index (-1 before turn 1)
    previous_rung: np.ndarray  # (n, 2) rung of each seat's previous action
    perceived: np.ndarray  # (n, 2) rung each seat saw the *other* take last turn
    misread: np.ndarray  # (n, 2) bool: that perception was wrong
    commitment: np.ndarray  # (n, 2) the knot
    offered: np.ndarray  # (n, 2) bool: offered talks last turn
    capability: np.ndarray  # defender's capability 0..1
    approval: np.ndarray  # challenger leader's approval 0..1
    cohesion: np.ndarray  # challenger's alliance cohesion 0..1
    strain: np.ndarray  # defender's economic strain 0..1
    sanctions_on: np.ndarray
    enforced_turns: np.ndarray  # turns the third party enforced sanctions
    stage: np.ndarray  # negotiation stage reached (0 = none)
    stage_clock: np.ndarray  # turns of compliance in the current stage
    tests: np.ndarray  # weapons tests conducted
    clashes: np.ndarray  # accidental clashes that did not become war
    misreadings: np.ndarray  # perceptions that were wrong, both seats
    max_rung: np.ndarray
    casualties: np.ndarray
    loose_nukes: np.ndarray
    memory: list[dict[str, np.ndarray]] = field(default_factory=lambda: [{}, {}])

    @classmethod
    def empty(cls, n: int) -> BatchState:
        def zeros(dtype: type, *shape: int) -> np.ndarray:
            return np.zeros((n, *shape), dtype=dtype)

        return cls(
            n=n,
            active=np.ones(n, dtype=bool),
            turns=zeros(np.int32),
            outcome=zeros(np.int8),
            war_kind=zeros(np.int8),
            war_cause=zeros(np.int8),
            capitulator=np.full(n, -1, dtype=np.int8),
            initiator=np.full(n, -1, dtype=np.int8),
            resolute=zeros(bool, 2),
            belief=zeros(np.float64, 2),
            action=np.full((n, 2), -1, dtype=np.int64),
            previous_rung=zeros(np.int64, 2),
            perceived=zeros(np.int64, 2),
            misread=zeros(bool, 2),
            commitment=zeros(np.float64, 2),
            offered=zeros(bool, 2),
            capability=zeros(np.float64),
            approval=zeros(np.float64),
            cohesion=np.ones(n, dtype=np.float64),
            strain=zeros(np.float64),
            sanctions_on=zeros(bool),
            enforced_turns=zeros(np.int32),
            stage=zeros(np.int8),
            stage_clock=zeros(np.int32),
            tests=zeros(np.int32),
            clashes=zeros(np.int32),
            misreadings=zeros(np.int32),
            max_rung=zeros(np.int8),
            casualties=zeros(np.float64),
            loose_nukes=zeros(bool),
        )
