"""Checks the commands share before starting work: worker counts and the size budget.

They print notes on stderr (``brink: note: ...``) and raise one-line errors; the numbers come
from ``brink.budget`` and ``brink.executors.local``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from brink.errors import one_line
from brink.scenario.schema import Scenario


def note(text: str) -> None:
    """One line on stderr that is not an error."""
    print(f"brink: note: {one_line(text)}", file=sys.stderr)


def workers_for(workers: int, kind: str = "process") -> int:
    """``--workers`` capped at the cores available (local executors), with a note."""
    from brink.executors.local import cap_workers

    if workers < 0:
        from brink.errors import BrinkInputError

        raise BrinkInputError(
            f"--workers: expected 0 (one per core) or a positive number (got {workers})"
        )
    capped, message = cap_workers(workers, kind)
    if message:
        note(message)
    return int(capped or 0)


def _parallel(workers: int) -> int:
    from brink.executors.local import available_cores

    return workers if workers > 0 else available_cores()


def run_budget(
    episodes: int, workers: int, force: bool
) -> Callable[[Scenario, Sequence[str], str | None], None]:
    """A ``size_check`` for `brink run`: episodes are kept in memory."""
    from brink import budget

    def check(scenario: Scenario, policies: Sequence[str], opponent: str | None) -> None:
        est = budget.estimate(
            scenario, policies, opponent, episodes, _parallel(workers), stored=False
        )
        message = budget.check(est, f"--episodes {episodes:,}", force=force)
        if message:
            note(message)

    return check


def store_budget(
    what: str, workers: int, force: bool, root: Path
) -> Callable[[Scenario, Sequence[str], str | None, int], None]:
    """A ``size_check`` for runs stored on disk (compare, sensitivity designs)."""
    from brink import budget

    def check(
        scenario: Scenario, policies: Sequence[str], opponent: str | None, episodes: int
    ) -> None:
        est = budget.estimate(
            scenario, policies, opponent, episodes, _parallel(workers), stored=True
        )
        message = budget.check(est, what, force=force, runs_folder=root)
        if message:
            note(message)

    return check
