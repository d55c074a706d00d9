"""Errors a user can fix, reported as one line by the CLI (exit status 2, no traceback)."""

from __future__ import annotations


class BrinkInputError(Exception):
    """Bad input from the user: a file, a field, an option or a name.

    The message is the whole one-line report: it names the file (and line where there is
    one), the field and what was expected.
    """


def located(file: str | None, line: int | None, field: str | None, expected: str) -> str:
    """Format the standard one-line message: ``file:line: field: expected``."""
    where = file or "<input>"
    if line is not None:
        where = f"{where}:{line}"
    if field:
        return f"{where}: {field}: {expected}"
    return f"{where}: {expected}"


def check_seed(seed: int) -> int:
    """Seeds feed numpy's SeedSequence, which takes whole numbers >= 0."""
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise BrinkInputError(f"--seed: expected a whole number >= 0 (got {seed!r})")
    return seed
