"""The design of a run: one row per draw, the sampled value of every uncertain input.

The one file a run cannot recompute (the driver sampled it), and the one reader of it: every
package that wants a run's inputs per draw gets a :class:`Design` from :func:`read_design`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from brink.errors import BrinkInputError
from brink.store.runs import write_atomically

FILE = "design.parquet"


@dataclass(frozen=True)
class Design:
    """Input values per draw, in draw order; ``names`` in the run's input order."""

    draws: np.ndarray
    values: dict[str, np.ndarray]

    @property
    def names(self) -> list[str]:
        return list(self.values)

    def __len__(self) -> int:
        return len(self.draws)

    def matrix(self) -> np.ndarray:
        """(draws, inputs) matrix of the values, columns in ``names`` order."""
        if not self.values:
            return np.zeros((len(self.draws), 0))
        return np.column_stack([self.values[n] for n in self.names])

    def unit(self, inputs: Mapping[str, Mapping[str, Any]]) -> np.ndarray:
        """Each input mapped to [0, 1] by its range (``low``/``high`` from the manifest): an
        increasing transform of the unit cube the design was sampled in."""
        columns = []
        for n in self.names:
            lo, hi = float(inputs[n]["low"]), float(inputs[n]["high"])
            values = self.values[n]
            columns.append((values - lo) / (hi - lo) if hi > lo else np.zeros_like(values))
        return np.column_stack(columns)

    def row(self, draw: int) -> dict[str, float]:
        """The inputs of one draw."""
        return {n: float(v[draw]) for n, v in self.values.items()}


def write_design(run_path: Path, design: Mapping[str, np.ndarray]) -> None:
    """Write ``{"draw": …, <input>: …}`` as the run's design (whole or absent)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table(dict(design))
    write_atomically(run_path / FILE, lambda temporary: pq.write_table(table, temporary))


def read_design(run_path: Path, names: list[str] | None = None) -> Design:
    """The run's design; ``names`` (the manifest's inputs) picks and orders the columns
    (default: every column of the file, in its order). Draws must be 0, 1, 2, … in order."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = run_path / FILE
    try:
        table = pq.read_table(path)
    except (OSError, pa.ArrowException) as error:
        raise BrinkInputError(f"{path}: cannot read the run's design ({error})") from None
    draws = table.column("draw").to_numpy()
    if not np.array_equal(draws, np.arange(len(draws))):
        raise BrinkInputError(f"{path}: draw: expected 0, 1, 2, … in order")
    columns = [n for n in table.column_names if n != "draw"] if names is None else names
    missing = [n for n in columns if n not in table.column_names]
    if missing:
        raise BrinkInputError(f"{path}: input {missing[0]!r} is missing from the design")
    values = {n: table.column(n).to_numpy().astype(float) for n in columns}
    return Design(draws=np.asarray(draws), values=values)
