"""Parse and check ``NAME=VALUE`` assignments against a game's parameter list.

Every problem becomes a one-line :class:`~brink.errors.BrinkInputError` that names the game,
the parameter and what was expected, so the CLI can print it and exit 2.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from brink.errors import BrinkInputError
from brink.games.spec import GameSpec, bad_param


def parse_assignments(spec: GameSpec, assignments: Iterable[str]) -> dict[str, float]:
    """Turn ``["T=4", "P=-10"]`` into ``{"T": 4.0, "P": -10.0}``, checking names and numbers."""
    out: dict[str, float] = {}
    for raw in assignments:
        name, sep, text = raw.partition("=")
        name, text = name.strip(), text.strip()
        if not sep or not name:
            raise BrinkInputError(
                f"solve {spec.name}: --param {raw!r}: expected NAME=VALUE "
                f"(parameters: {_names(spec)})"
            )
        if spec.param(name) is None:
            raise BrinkInputError(
                f"solve {spec.name}: unknown parameter {name!r} (parameters: {_names(spec)})"
            )
        if name in out:
            raise BrinkInputError(f"solve {spec.name}: parameter {name}: given more than once")
        try:
            value = float(text)
        except ValueError:
            raise BrinkInputError(
                f"solve {spec.name}: parameter {name}: expected a number, got {text!r}"
            ) from None
        out[name] = value
    return out


def resolve_params(spec: GameSpec, given: Mapping[str, float]) -> dict[str, float]:
    """Defaults overlaid with ``given``; each value checked against its domain and the game."""
    for name in given:
        if spec.param(name) is None:
            raise BrinkInputError(
                f"solve {spec.name}: unknown parameter {name!r} (parameters: {_names(spec)})"
            )
    params = {**spec.defaults, **{k: float(v) for k, v in given.items()}}
    for p in spec.params:
        value = params[p.name]
        if not math.isfinite(value) or not p.accepts(value):
            raise bad_param(spec.name, p.name, p.expected, params)
    if spec.check is not None:
        spec.check(params)
    return params


def _names(spec: GameSpec) -> str:
    return ", ".join(p.name for p in spec.params)
