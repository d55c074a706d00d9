"""The episode table as the store sees it: the one column declaration and what parts add.

The columns (name, dtype, meaning) are declared once in ``brink.columns``, below the engine,
which builds them from that declaration (``brink.engine.batch.finish``); this module re-exports
it. An in-memory run keeps the ``kept`` ones, a stored run writes all of them to Parquet
(inputs without their ``input:`` prefix) and SQL readers name them from here. A test checks the
engine's columns against the declaration, so a column cannot go silently missing from a
stored run.

Two families are named at run time: ``payoff:<actor>`` (third parties' payoffs, float64) and
the sampled inputs ``input:<path>`` (float64; stored as ``<path>``, the design's column names).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

# The declaration lives on the ground floor, where the engine can read it; re-exported here.
from brink.columns import EPISODE_COLUMNS, INPUT_PREFIX, KEPT_COLUMNS, PAYOFF_PREFIX, Column

__all__ = [
    "ENDING_COLUMNS",
    "EPISODE_COLUMNS",
    "INPUT_PREFIX",
    "KEPT_COLUMNS",
    "PART_LABELS",
    "PAYOFF_PREFIX",
    "TIMELINE_COLUMNS",
    "Column",
    "check_episode_columns",
    "dtype_of",
    "kept",
    "sql_list",
    "stored",
]


#: Dictionary-encoded columns a stored part adds in front: which run and policy it belongs to.
PART_LABELS: tuple[str, ...] = ("run", "policy")
#: Columns that name an episode's ending (what `brink narrate` and the report tell).
ENDING_COLUMNS: tuple[str, ...] = (
    "outcome",
    "war_kind",
    "war_cause",
    "capitulator",
    "turns",
    "casualties",
)
#: The escalation timeline of a task: episodes standing at each level on each turn.
TIMELINE_COLUMNS: tuple[Column, ...] = (
    Column("turn", "int32"),
    Column("level", "int8"),
    Column("episodes", "int64"),
)

_BY_NAME = {c.name: c for c in EPISODE_COLUMNS}


def dtype_of(name: str) -> np.dtype:
    """The declared dtype of an episode column (run-time families included)."""
    if name in _BY_NAME:
        return np.dtype(_BY_NAME[name].dtype)
    if name.startswith((PAYOFF_PREFIX, INPUT_PREFIX)):
        return np.dtype("float64")
    raise KeyError(f"{name!r} is not a declared episode column")


def check_episode_columns(columns: Mapping[str, np.ndarray]) -> None:
    """Raise ValueError unless ``columns`` has every declared column with its dtype (and no
    undeclared one): the engine's side of the contract."""
    missing = [c.name for c in EPISODE_COLUMNS if c.name not in columns]
    if missing:
        raise ValueError(f"episode columns missing: {', '.join(missing)}")
    for name, values in columns.items():
        try:
            expected = dtype_of(name)
        except KeyError as error:
            raise ValueError(str(error)) from None
        if values.dtype != expected:
            raise ValueError(f"episode column {name!r}: dtype {values.dtype}, declared {expected}")


def kept(columns: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The columns an in-memory run keeps."""
    return {name: columns[name] for name in KEPT_COLUMNS}


def stored(columns: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The columns as a stored part holds them (inputs named by their path)."""
    return {name.removeprefix(INPUT_PREFIX): values for name, values in columns.items()}


def sql_list(names: tuple[str, ...] | list[str], cast_text: bool = True) -> str:
    """A SELECT list of declared columns; names stored as text are cast to VARCHAR (stored
    parts dictionary-encode some of them)."""
    return ", ".join(
        f'"{n}"::VARCHAR' if cast_text and dtype_of(n) == np.dtype(object) else f'"{n}"'
        for n in names
    )
