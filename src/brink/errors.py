"""Errors a user can fix, reported as one line by the CLI (exit status 2, no traceback)."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class BrinkInputError(Exception):
    """Bad input from the user: a file, a field, an option or a name.

    The message is the whole one-line report: it names the file (and line where there is
    one), the field and what was expected.
    """


class BrinkParameterError(BrinkInputError):
    """A bad value of one parameter: ``parameter: expected`` (``samples: expected a positive
    number (got 0)``), or ``parameter subject: expected`` when the value at fault heads the
    message (``overrides war.x=1: no such field ...``).

    The library names its own parameter; the command line shows the flag instead
    (``brink.commands.flags``), so a library error never names a flag it does not have. A
    ``parameter`` that already is a flag (``-o``, ``--csv``) is shown as it is.
    """

    def __init__(self, parameter: str, expected: str, subject: str | None = None) -> None:
        self.parameter = parameter
        self.expected = expected
        self.subject = subject  # the value at fault, when it heads the message
        head = parameter if subject is None else f"{parameter} {subject}"
        super().__init__(one_line(f"{head}: {expected}"))

    def __reduce__(self) -> tuple[type[BrinkParameterError], tuple[str, str, str | None]]:
        # Rebuilt from its parts when it crosses a process boundary (a pool's worker).
        return (type(self), (self.parameter, self.expected, self.subject))


class BrinkInputErrors(BrinkInputError):
    """Several problems of one input at once (all errors of a scenario file in one pass).

    Each problem is one line; the CLI prints each on its own line.
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = [one_line(p) for p in problems]
        super().__init__("; ".join(self.problems))


class BrinkInterrupted(Exception):
    """The user stopped a command (Ctrl-C); the message says what was kept and how to go on."""


def one_line(text: str) -> str:
    """The text with line breaks and other control characters shown as escapes: one line."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], str(text))


def located(file: str | None, line: int | None, field: str | None, expected: str) -> str:
    """Format the standard one-line message: ``file:line: field: expected``."""
    where = file or "<input>"
    if line is not None:
        where = f"{where}:{line}"
    if field:
        return one_line(f"{where}: {field}: {expected}")
    return one_line(f"{where}: {expected}")


def check_seed(seed: int) -> int:
    """Seeds feed numpy's SeedSequence, which takes whole numbers >= 0."""
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise BrinkParameterError("seed", f"expected a whole number >= 0 (got {seed!r})")
    return seed
