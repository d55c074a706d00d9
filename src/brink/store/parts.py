"""Episode parts: one Parquet file of episode rows per task (policy, chunk of draws).

A part is written whole or not at all (through a temporary file renamed into place), and the
episodes part is written after its timeline part, so an episodes part present means the task
is done. Columns follow the declared episode schema (``brink.store.schema``), with the run's
and the policy's names in front as dictionary-encoded columns.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from brink.store.runs import part_path, write_atomically

EPISODES = "parts"
TIMELINE = "timeline"


def write_table(path: Path, columns: Mapping[str, np.ndarray], labels: Mapping[str, str]) -> int:
    """Write ``columns`` (numpy arrays; text as object arrays) to a Parquet file whose first
    columns are ``labels`` repeated on every row, dictionary-encoded; returns the rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = len(next(iter(columns.values())))
    arrays: dict[str, Any] = {
        key: pa.DictionaryArray.from_arrays(pa.array(np.zeros(rows, dtype=np.int32)), [value])
        for key, value in labels.items()
    }
    for key, values in columns.items():
        arrays[key] = pa.array(values.tolist() if values.dtype == object else values)
    table = pa.table(arrays)
    write_atomically(path, lambda temporary: pq.write_table(table, temporary))
    return rows


def write_task(
    run_path: Path,
    run_name: str,
    policy: str,
    chunk: int,
    episodes: Mapping[str, np.ndarray],
    timeline: Mapping[str, np.ndarray],
) -> int:
    """Write one task's parts (timeline first, episodes last: the episodes part marks done);
    returns the episode rows written."""
    labels = {"run": run_name, "policy": policy}
    write_table(part_path(run_path, TIMELINE, policy, chunk), timeline, labels)
    return write_table(part_path(run_path, EPISODES, policy, chunk), episodes, labels)


def read_part(path: Path) -> dict[str, np.ndarray]:
    """One stored part as numpy columns (text as object arrays, labels as text)."""
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    out: dict[str, np.ndarray] = {}
    for name in table.column_names:
        column = table.column(name)
        if column.type.equals(column.type) and str(column.type).startswith("dictionary"):
            column = column.cast(column.type.value_type)
        values = column.to_numpy(zero_copy_only=False)
        out[name] = values.astype(object) if values.dtype.kind in "OUS" else values
    return out


def stray_temporaries(run_path: Path) -> list[Path]:
    """Half-written files a killed run left behind (safe to delete: never renamed in)."""
    return list(run_path.glob("*/*/.tmp-*"))
