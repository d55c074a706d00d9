"""What every formal game exposes: its parameters (with defaults and checks) and its answer.

A game module defines one :class:`GameSpec`. The registry finds it by name, the parameter
parser checks user input against its :class:`ParamSpec` list, and ``solve`` returns a
:class:`Solution` that the CLI renders as text or JSON.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from brink.errors import BrinkInputError

Kind = Literal["real", "positive", "nonneg", "prob", "open_prob"]

_EXPECTED: dict[str, str] = {
    "real": "a finite number",
    "positive": "a number > 0",
    "nonneg": "a number >= 0",
    "prob": "a probability in [0, 1]",
    "open_prob": "a probability strictly between 0 and 1",
}


@dataclass(frozen=True)
class ParamSpec:
    """One named numeric input of a game (names follow docs/theory.md)."""

    name: str
    default: float
    doc: str
    kind: Kind = "real"

    def accepts(self, value: float) -> bool:
        """True when ``value`` lies in this parameter's domain."""
        if not math.isfinite(value):
            return False
        return {
            "real": True,
            "positive": value > 0,
            "nonneg": value >= 0,
            "prob": 0 <= value <= 1,
            "open_prob": 0 < value < 1,
        }[self.kind]

    @property
    def expected(self) -> str:
        """What a valid value looks like, for error messages."""
        return _EXPECTED[self.kind]


@dataclass(frozen=True)
class Solution:
    """A solved game: the numbers (public JSON keys) and the plain-words explanation."""

    game: str
    params: dict[str, float]
    data: dict[str, Any]
    explanation: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The JSON document: ``game``, ``params``, the game's keys, then ``explanation``."""
        return {
            "game": self.game,
            "params": dict(self.params),
            **self.data,
            "explanation": list(self.explanation),
        }


@dataclass(frozen=True)
class GameSpec:
    """A formal game: its name, a one-line summary, parameters, cross-checks and solver."""

    name: str
    summary: str
    params: tuple[ParamSpec, ...]
    solve: Callable[[dict[str, float]], Solution]
    check: Callable[[dict[str, float]], None] | None = None

    @property
    def defaults(self) -> dict[str, float]:
        """Default parameter values, in declaration order."""
        return {p.name: p.default for p in self.params}

    def param(self, name: str) -> ParamSpec | None:
        """The spec of parameter ``name``, or None."""
        return next((p for p in self.params if p.name == name), None)


def bad_param(
    game: str,
    name: str,
    expected: str,
    params: Mapping[str, float] | None = None,
) -> BrinkInputError:
    """A one-line input error naming the game, the parameter and what was expected."""
    got = ""
    if params is not None and name in params:
        got = f" (got {name}={params[name]:g})"
    return BrinkInputError(f"solve {game}: parameter {name}: expected {expected}{got}")


def fmt(x: float, digits: int = 4) -> str:
    """Short human formatting of a number for explanations."""
    return f"{x:.{digits}g}"
