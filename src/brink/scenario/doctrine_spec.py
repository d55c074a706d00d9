"""The grammar of a reactive doctrine's name: ``NAME`` or ``NAME:PARAMS`` (``gtft:0.1``,
``grit:3,6``, ``grit:patience=4``).

It lives in the scenario layer because validating a scenario's ``doctrine:`` field needs it and
the scenario layer may not import the deciders; ``brink.deciders.doctrines`` builds the
doctrine objects from what this parses (a test keeps the two name lists equal). Every error is
one line, as the bad-input corpus expects.
"""

from __future__ import annotations

from dataclasses import dataclass

from brink.errors import BrinkInputError

#: The reactive doctrines, in the order help and error messages list them.
DOCTRINE_NAMES: tuple[str, ...] = ("tft", "gtft", "ctft", "wsls", "grim", "grit", "allc", "alld")
SPEC_HELP = "NAME or NAME:PARAMS, e.g. gtft:0.1 (generosity) or grit:3,6 (steps, patience)"


@dataclass(frozen=True)
class DoctrineSpec:
    """A parsed doctrine spec: its name and the parameters given (None: the default)."""

    name: str
    generosity: float | None = None  # gtft
    steps: int | None = None  # grit
    patience: int | None = None  # grit


def known_names() -> str:
    """The doctrine names, comma-separated, for help and error messages."""
    return ", ".join(DOCTRINE_NAMES)


def parse_doctrine_spec(spec: str) -> DoctrineSpec:
    """Check and parse ``spec``; raises ``BrinkInputError`` with a one-line message."""
    name, _, params = spec.strip().partition(":")
    key = name.strip().lower()
    if key not in DOCTRINE_NAMES:
        raise BrinkInputError(
            f"unknown doctrine {name.strip()!r}; known doctrines: {known_names()}"
        )
    if key == "gtft":
        return _gtft(params, spec)
    if key == "grit":
        return _grit(params, spec)
    if params.strip():
        raise BrinkInputError(f"doctrine {spec!r}: {key} takes no parameters")
    return DoctrineSpec(key)


def _parse_params(params: str, names: tuple[str, ...], spec: str) -> dict[str, str]:
    """Split ``a,b`` or ``x=a,y=b`` into a dict keyed by the doctrine's parameter names."""
    values: dict[str, str] = {}
    items = [item.strip() for item in params.split(",")] if params.strip() else []
    for position, item in enumerate(items):
        key, sep, value = item.partition("=")
        if not sep:
            if position >= len(names):
                raise BrinkInputError(
                    f"doctrine {spec!r}: expected at most {len(names)} parameters"
                )
            key, value = names[position], item
        key = key.strip().lower()
        if key not in names:
            raise BrinkInputError(
                f"doctrine {spec!r}: unknown parameter {key!r} (expected {', '.join(names)})"
            )
        values[key] = value.strip()
    return values


def _gtft(params: str, spec: str) -> DoctrineSpec:
    values = _parse_params(params, ("generosity",), spec)
    if "generosity" not in values:
        return DoctrineSpec("gtft")
    try:
        generosity = float(values["generosity"])
    except ValueError:
        generosity = float("nan")
    if not 0.0 <= generosity <= 1.0:
        raise BrinkInputError(f"doctrine {spec!r}: generosity must be a number in [0, 1]")
    return DoctrineSpec("gtft", generosity=generosity)


def _grit(params: str, spec: str) -> DoctrineSpec:
    values = _parse_params(params, ("steps", "patience"), spec)
    try:
        steps = int(values["steps"]) if "steps" in values else None
        patience = int(values["patience"]) if "patience" in values else None
    except ValueError:
        raise BrinkInputError(
            f"doctrine {spec!r}: steps and patience must be whole numbers"
        ) from None
    if (steps is not None and steps < 0) or (patience is not None and patience < 1):
        raise BrinkInputError(f"doctrine {spec!r}: need steps >= 0 and patience >= 1")
    return DoctrineSpec("grit", steps=steps, patience=patience)
