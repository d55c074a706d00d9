"""Find a formal game by name and solve it; game modules are imported only when asked for."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from importlib import import_module

from brink.errors import BrinkInputError
from brink.games.params import parse_assignments, resolve_params
from brink.games.spec import GameSpec, Solution

#: CLI name -> module under ``brink.games`` that defines ``SPEC``.
GAMES: dict[str, str] = {
    "chicken": "chicken",
    "fearon": "fearon",
    "fearon-risk-return": "fearon",
    "attrition": "attrition",
    "brinkmanship": "brinkmanship",
    "signalling": "signalling",
    "cheap-talk": "cheap_talk",
    "richardson": "richardson",
}


def game_names() -> list[str]:
    """Names accepted by ``brink solve``."""
    return list(GAMES)


def get_spec(name: str) -> GameSpec:
    """The :class:`GameSpec` of game ``name``; unknown names list the known ones."""
    module_name = GAMES.get(name)
    if module_name is None:
        raise BrinkInputError(f"solve: unknown game {name!r} (games: {', '.join(game_names())})")
    module = import_module(f"brink.games.{module_name}")
    specs: dict[str, GameSpec] = {s.name: s for s in module.SPECS}
    return specs[name]


def solve(name: str, params: Mapping[str, float] | None = None, /, **kwargs: float) -> Solution:
    """Solve game ``name`` with parameters (defaults fill the rest).

    ``solve("chicken", T=2)`` and ``solve("chicken", {"T": 2})`` are the same.
    """
    spec = get_spec(name)
    given = {**(params or {}), **kwargs}
    return checked(spec, resolve_params(spec, given))


def solve_cli(name: str, assignments: Iterable[str]) -> Solution:
    """Solve from ``NAME=VALUE`` strings, as typed on the command line."""
    spec = get_spec(name)
    return checked(spec, resolve_params(spec, parse_assignments(spec, assignments)))


def checked(spec: GameSpec, params: dict[str, float]) -> Solution:
    """Solve, turning numerical overflow at extreme inputs into a one-line input error."""
    import numpy as np

    try:
        with np.errstate(over="raise", divide="raise", invalid="raise"):
            solution = spec.solve(params)
    except (ArithmeticError, ValueError) as error:
        raise BrinkInputError(
            f"solve {spec.name}: cannot solve at these parameter values (numerical error: {error})"
        ) from None
    if not _finite(solution.data):
        raise BrinkInputError(
            f"solve {spec.name}: parameters out of numerical range "
            "(a result is not a finite number)"
        )
    return solution


def _finite(value: object) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(_finite(v) for v in value.values())
    if isinstance(value, list | tuple):
        return all(_finite(v) for v in value)
    return True
