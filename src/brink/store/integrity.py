"""Is a stored part whole? Parts are renamed into place whole, but a disk can still lose them.

A part cut short (a copy interrupted, a disk error, a hand edit) would make every reader fail
with a Parquet error, or — worse — silently count fewer episodes. Each part's footer is read
(cheap: the footer only) and its row count compared with the task's; a damaged part is treated
like a missing one by ``resume`` (it is simply computed again) and named by every reader.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from brink.errors import BrinkInputError
from brink.store.design import FILE as DESIGN_FILE
from brink.store.manifest import task_rows
from brink.store.runs import RunFolder, part_path


def part_problem(path: Path, rows: int | None = None) -> str | None:
    """Why the Parquet file at ``path`` cannot be used (None if it is whole)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        meta = pq.read_metadata(path)
    except (OSError, pa.ArrowException) as error:
        text = str(error).strip().splitlines()
        return text[0] if text else type(error).__name__
    if rows is not None and meta.num_rows != rows:
        return f"{meta.num_rows} rows where the task has {rows}"
    return None


def damaged_tasks(run: RunFolder) -> list[tuple[dict[str, Any], Path, str]]:
    """Tasks whose parts are present but not whole: (task, part, what is wrong)."""
    found = []
    for task in run.tasks():
        rows = task_rows(run.manifest, task)
        for kind, expected in (("parts", rows), ("timeline", None)):
            path = part_path(run.path, kind, task["policy"], task["chunk"])
            if not path.exists():
                continue
            problem = part_problem(path, expected)
            if problem is not None:
                found.append((task, path, problem))
                break
    return found


def check_parts(run: RunFolder) -> None:
    """Refuse to read a run with a damaged part, naming it and the way out."""
    damaged = damaged_tasks(run)
    if damaged:
        _, path, problem = damaged[0]
        more = f" (and {len(damaged) - 1} more)" if len(damaged) > 1 else ""
        raise BrinkInputError(
            f"{path}: damaged part ({problem}){more}; `brink resume {run.name}` computes it again"
        )


def check_design(run: RunFolder) -> None:
    """The design (one row per draw) is the one file a run cannot recompute."""
    path = run.path / DESIGN_FILE
    problem = "missing" if not path.exists() else part_problem(path, int(run.manifest["draws"]))
    if problem is not None:
        raise BrinkInputError(
            f"{path}: the run's design is damaged ({problem}); it cannot be recomputed, so "
            f"start the run again (`brink rm {run.name}`, then `brink compare`)"
        )
