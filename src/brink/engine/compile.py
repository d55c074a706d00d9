"""Compile a validated Scenario and a choice of policies into arrays the engine steps on.

Nothing here runs per turn: action attributes become small numpy vectors, each seat's policy
becomes a decider object, and the per-episode inputs are sampled once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import get_args

import numpy as np

from brink.errors import BrinkInputError
from brink.scenario.schema import STRIKE_RUNG, TOP_RUNG, Category, Scenario

#: Action categories in the order of the scenario language's `Category` (one definition).
CATEGORIES: tuple[str, ...] = get_args(Category)
CATEGORY_CODE = {name: code for code, name in enumerate(CATEGORIES)}


@dataclass(frozen=True)
class ActionTable:
    """The scenario's single action table as parallel arrays (index = action number)."""

    ids: tuple[str, ...]
    labels: tuple[str, ...]
    rung: np.ndarray  # int, 0..7
    category: np.ndarray  # int code into CATEGORIES
    public: np.ndarray  # bool
    breaks_freeze: np.ndarray  # bool
    allowed: np.ndarray  # bool (2, A): seat 0 = challenger, 1 = defender
    gain_paths: tuple[str | None, ...]  # input path of each action's capability gain

    def index(self, action_id: str) -> int:
        return self.ids.index(action_id)

    def of_category(self, name: str) -> np.ndarray:
        return self.category == CATEGORY_CODE[name]

    def first(self, seat: int, category: str) -> int:
        """The first action of a category available to a seat (-1 when none)."""
        hits = np.flatnonzero(self.allowed[seat] & self.of_category(category))
        return int(hits[0]) if len(hits) else -1


def compile_actions(scenario: Scenario) -> ActionTable:
    seats = (scenario.challenger, scenario.defender)
    actions = scenario.actions
    return ActionTable(
        ids=tuple(a.id for a in actions),
        labels=tuple(a.label for a in actions),
        rung=np.array([a.rung for a in actions], dtype=np.int64),
        category=np.array([CATEGORY_CODE[a.category] for a in actions], dtype=np.int64),
        public=np.array([a.public for a in actions], dtype=bool),
        breaks_freeze=np.array([a.breaks_freeze for a in actions], dtype=bool),
        allowed=np.array([[seat in a.actors for a in actions] for seat in seats], dtype=bool),
        gain_paths=tuple(
            f"actions.{a.id}.capability_gain" if a.capability_gain is not None else None
            for a in actions
        ),
    )


@dataclass(frozen=True)
class Matchup:
    """Which policy each seat plays (seat 0 = challenger, seat 1 = defender)."""

    challenger: str
    defender: str


def resolve_matchup(scenario: Scenario, policy: str | None, opponent: str | None) -> Matchup:
    """Check policy names against the scenario; defaults come from the scenario file."""
    chosen = policy or scenario.default_policy
    against = opponent or scenario.defender_actor.default_policy
    for name, seat in ((chosen, scenario.challenger), (against, scenario.defender)):
        if name not in scenario.policies:
            known = ", ".join(scenario.policies_for(seat))
            raise BrinkInputError(
                f"{scenario.id}: policy {name!r} does not exist (policies for {seat}: {known})"
            )
        if scenario.policies[name].actor != seat:
            known = ", ".join(scenario.policies_for(seat))
            raise BrinkInputError(
                f"{scenario.id}: policy {name!r} is for {scenario.policies[name].actor}, "
                f"not {seat} (policies for {seat}: {known})"
            )
    assert against is not None
    return Matchup(chosen, against)


RUNG_COUNT = TOP_RUNG + 1
STRIKE = STRIKE_RUNG
