"""The episode table, declared once: every column an episode row has, with its dtype.

The engine produces these columns (``brink.engine.batch.finish``), an in-memory run keeps the
``kept`` ones, a stored run writes all of them to Parquet (inputs without their ``input:``
prefix) and SQL readers name them from here. A test checks the engine's columns against this
declaration, so a column added in one place and not the other fails at once instead of
silently going missing from a stored run.

Two families are named at run time: ``payoff:<actor>`` (third parties' payoffs, float64) and
the sampled inputs ``input:<path>`` (float64; stored as ``<path>``, the design's column names).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Column:
    """One declared column: its name, numpy dtype (``object`` holds names stored as text)
    and whether an in-memory run (`brink run`) keeps it."""

    name: str
    dtype: str
    kept: bool = True


#: The episode columns in the order the engine makes them and a stored part holds them.
EPISODE_COLUMNS: tuple[Column, ...] = (
    Column("draw", "int64"),
    Column("replication", "int64"),
    Column("outcome", "object"),
    Column("war_kind", "object"),
    Column("war_cause", "object"),
    Column("war_end", "object"),
    Column("capitulator", "object"),
    Column("collapsed", "object"),
    Column("opponent_type", "object"),
    Column("challenger_type", "object"),
    Column("turns", "int32"),
    Column("violence", "int8"),
    Column("war_turns", "int32"),
    Column("casualties", "float64"),
    Column("ally_casualties", "float64"),
    Column("payoff_challenger", "float64"),
    Column("payoff_defender", "float64"),
    Column("tests", "int32"),
    Column("missile_tests", "int32"),
    Column("nuclear_tests", "int32"),
    Column("enforced_turns", "int32"),
    Column("approval", "float64"),
    Column("cohesion", "float64"),
    Column("capability", "float64"),
    Column("strain", "float64"),
    Column("stage", "int8"),
    Column("max_rung", "int8"),
    Column("clashes", "int32"),
    Column("misreadings", "int32"),
    Column("empty_threats", "int32"),
    Column("loose_nukes", "bool"),
    Column("resolute_challenger", "bool"),
    Column("resolute_defender", "bool"),
)
PAYOFF_PREFIX = "payoff:"
INPUT_PREFIX = "input:"
#: Columns an in-memory run keeps (inputs and third parties' payoffs are dropped, which keeps
#: a million episodes well under 2 GiB).
KEPT_COLUMNS: tuple[str, ...] = tuple(c.name for c in EPISODE_COLUMNS if c.kept)
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
