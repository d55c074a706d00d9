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

    # Read-only members: the doctrines are frozen dataclasses.
    @property
    def name(self) -> str: ...

    @property
    def description(self) -> str: ...

    def start(self, n: int) -> Memory: ...

    def intend(self, memory: Memory, turn: int, uniforms: np.ndarray) -> np.ndarray: ...

    def observe(
        self, memory: Memory, intended: np.ndarray, played: np.ndarray, seen: np.ndarray
    ) -> None: ...


# --- The doctrines and their registry ----------------------------------------------------------
# Imported here so that `brink.deciders.doctrines` is the one place callers (duels, tournaments,
# the escalation engine) get doctrines from; the classes live in `reactive` to keep this short.
from brink.deciders.reactive import (  # noqa: E402
    ContriteTitForTat,
    Cooperator,
    Defector,
    GenerousTitForTat,
    Grit,
    Grudger,
    TitForTat,
    WinStayLoseShift,
    molander_generosity,
)
from brink.scenario.doctrine_spec import (  # noqa: E402
    SPEC_HELP,
    known_names,
    parse_doctrine_spec,
)

DOCTRINES: dict[str, Doctrine] = {
    doctrine.name: doctrine
    for doctrine in (
        TitForTat(),
        GenerousTitForTat(),
        ContriteTitForTat(),
        WinStayLoseShift(),
        Grudger(),
        Grit(),
        Cooperator(),
        Defector(),
    )
}
"""The default instance of every doctrine, keyed by its CLI name."""


def get_doctrine(
    spec: str, *, payoffs: tuple[float, float, float, float] | None = None
) -> Doctrine:
    """The doctrine named by ``spec``: a registered name, optionally ``:`` and its parameters
    (the grammar: :mod:`brink.scenario.doctrine_spec`).

    Parameters are positional (``gtft:0.1``, ``grit:3,6``) or named (``grit:patience=4``).
    ``payoffs`` = (T, R, P, S): when given, a bare ``gtft`` uses Molander's generosity for that
    game (as the axelrod library does); without it, the default 1/3 (the value at 5, 3, 1, 0).
    Raises ``BrinkInputError`` with a one-line message for anything it cannot use.
    """
    parsed = parse_doctrine_spec(spec)
    if parsed.name == "gtft":
        if parsed.generosity is not None:
            return GenerousTitForTat(generosity=parsed.generosity)
        if payoffs is not None:
            return GenerousTitForTat(generosity=molander_generosity(*payoffs))
    if parsed.name == "grit" and (parsed.steps is not None or parsed.patience is not None):
        default = Grit()
        return Grit(
            steps=default.steps if parsed.steps is None else parsed.steps,
            patience=default.patience if parsed.patience is None else parsed.patience,
        )
    return DOCTRINES[parsed.name]


__all__ = [
    "DOCTRINES",
    "SPEC_HELP",
    "ContriteTitForTat",
    "Cooperator",
    "Defector",
    "Doctrine",
    "GenerousTitForTat",
    "Grit",
    "Grudger",
    "Memory",
    "TitForTat",
    "WinStayLoseShift",
    "get_doctrine",
    "known_names",
    "molander_generosity",
]
