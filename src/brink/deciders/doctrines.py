"""Reactive doctrines (tit-for-tat and kin) as vectorised objects shared by duels and the engine.

A doctrine reads a crisis as a sequence of cooperate/defect moves: in the repeated duel a move is
literally C or D; in the escalation engine "cooperate" is the actor's designated conciliatory
action and "defect" its coercive one (the scenario names both). One definition serves both, so a
tournament result about `gtft` speaks about the same rule an engine actor follows.

Every method works on a whole batch of independent plays at once (arrays of length ``n``), and
takes its randomness as uniforms supplied by the caller so that the caller's random streams,
not the doctrine, decide reproducibility.

Protocol
--------
``memory = doctrine.start(n)``
    Fresh per-play memory: a dict of numpy arrays of length ``n``.
``cooperate = doctrine.intend(memory, turn, uniforms)``
    Boolean array, True where the doctrine intends to cooperate this turn. ``uniforms`` has
    shape ``(n,)`` and values in [0, 1); doctrines that randomise (gtft) use it, others ignore it.
``doctrine.observe(memory, intended, played, seen)``
    Update memory after the turn: ``intended`` is what the doctrine meant to play, ``played`` what
    was actually played (after execution noise), ``seen`` the opponent's move as this side
    perceived it (after perception noise). All boolean arrays, True = cooperate.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np

Memory = dict[str, np.ndarray]


@runtime_checkable
class Doctrine(Protocol):
    """A reactive rule for one side of a repeated crisis, vectorised over plays."""

    name: str
    description: str

    def start(self, n: int) -> Memory: ...

    def intend(self, memory: Memory, turn: int, uniforms: np.ndarray) -> np.ndarray: ...

    def observe(
        self, memory: Memory, intended: np.ndarray, played: np.ndarray, seen: np.ndarray
    ) -> None: ...
