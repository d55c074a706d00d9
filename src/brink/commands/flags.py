"""The command line's names for the library's parameters, in one place.

A library error names the parameter it was given (``samples: expected a positive number``:
:class:`~brink.errors.BrinkParameterError`); the command line tells its users the flag they
typed instead (``--samples: ...``). Most flags are the parameter's name with ``-`` for ``_``;
the few that are not are listed in :data:`FLAGS`.
"""

from __future__ import annotations

from brink.errors import BrinkInputError, BrinkParameterError

#: Parameters whose flag is not ``--`` + the name with ``-`` for ``_``.
FLAGS: dict[str, str] = {
    "overrides": "--set",
    "policies": "--policy",
    "output_path": "--output",
}


def flag(parameter: str) -> str:
    """The flag of a library parameter (a name that already is a flag stays as it is)."""
    if parameter.startswith("-"):
        return parameter
    return FLAGS.get(parameter, "--" + parameter.replace("_", "-"))


def problems(error: BrinkInputError) -> list[str]:
    """The lines the command line prints for ``error``, naming flags, not parameters."""
    if isinstance(error, BrinkParameterError):
        head = flag(error.parameter)
        if error.subject is not None:
            head = f"{head} {error.subject}"
        return [f"{head}: {error.expected}"]
    return list(getattr(error, "problems", None) or [str(error)])
