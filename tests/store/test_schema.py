"""The declared episode schema: the engine's columns match it, and a part round-trips it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from brink import columns
from brink.engine import batch
from brink.experiments.tasks import Task, simulate
from brink.scenario.loader import load
from brink.store import schema
from brink.store.parts import read_part, write_table


@pytest.fixture(scope="module")
def engine_columns() -> dict[str, np.ndarray]:
    scenario = load("korea-2017").scenario
    task = Task(scenario, "engagement", None, 7, 0, 12, replications=2, columns="engine")
    return simulate(task).episodes


def test_the_engine_makes_exactly_the_declared_columns(
    engine_columns: dict[str, np.ndarray],
) -> None:
    schema.check_episode_columns(engine_columns)  # raises on any difference
    fixed = [name for name in engine_columns if ":" not in name]
    assert fixed == [c.name for c in schema.EPISODE_COLUMNS], "order differs from the schema"
    assert any(name.startswith(schema.INPUT_PREFIX) for name in engine_columns)
    assert any(name.startswith(schema.PAYOFF_PREFIX) for name in engine_columns)


def test_a_column_that_drifts_from_the_schema_is_caught(
    engine_columns: dict[str, np.ndarray],
) -> None:
    wrong = dict(engine_columns, turns=engine_columns["turns"].astype(np.int64))
    with pytest.raises(ValueError, match="turns"):
        schema.check_episode_columns(wrong)
    missing = {k: v for k, v in engine_columns.items() if k != "clashes"}
    with pytest.raises(ValueError, match="clashes"):
        schema.check_episode_columns(missing)
    with pytest.raises(ValueError, match="undeclared_column"):
        schema.check_episode_columns(dict(engine_columns, undeclared_column=np.zeros(24)))


def test_kept_and_stored_views_derive_from_the_schema(
    engine_columns: dict[str, np.ndarray],
) -> None:
    kept = schema.kept(engine_columns)
    assert tuple(kept) == schema.KEPT_COLUMNS
    assert not any(":" in name for name in kept)
    stored = schema.stored(engine_columns)
    assert len(stored) == len(engine_columns)
    assert not any(name.startswith(schema.INPUT_PREFIX) for name in stored)
    assert "actors.DPRK.disarm_probability" in stored
    assert schema.dtype_of("payoff:China") == np.dtype("float64")
    with pytest.raises(KeyError):
        schema.dtype_of("no_such_column")


def test_a_stored_part_round_trips_every_column_and_dtype(
    tmp_path: Path, engine_columns: dict[str, np.ndarray]
) -> None:
    columns = schema.stored(engine_columns)
    path = tmp_path / "part-00000.parquet"
    rows = write_table(path, columns, {"run": "r", "policy": "engagement"})
    assert rows == 24
    back = read_part(path)
    assert list(back) == [*schema.PART_LABELS, *columns]
    assert set(back["run"]) == {"r"} and set(back["policy"]) == {"engagement"}
    for name, values in columns.items():
        assert back[name].dtype == values.dtype, name
        assert np.array_equal(back[name], values), name


def test_sql_lists_cast_text_columns() -> None:
    text = schema.sql_list(("outcome", "turns"))
    assert text == '"outcome"::VARCHAR, "turns"'


def test_the_store_reexports_the_one_declaration() -> None:
    """The columns are declared once, below the engine (``brink.columns``); the store's schema
    is that declaration, and every column says what it means."""
    assert schema.EPISODE_COLUMNS is columns.EPISODE_COLUMNS
    assert schema.KEPT_COLUMNS is columns.KEPT_COLUMNS
    assert schema.Column is columns.Column
    assert all(c.meaning for c in columns.EPISODE_COLUMNS)
    assert len({c.name for c in columns.EPISODE_COLUMNS}) == len(columns.EPISODE_COLUMNS)


def test_the_engine_fails_on_a_column_it_does_not_make(monkeypatch: pytest.MonkeyPatch) -> None:
    """finish() builds the columns from the declaration: a declared column the engine does not
    make (or one it makes that is not declared) stops the batch instead of going missing."""
    extra = columns.Column("new_counter", "int32", "declared, but the engine does not make it")
    monkeypatch.setattr(batch, "EPISODE_COLUMNS", (*columns.EPISODE_COLUMNS, extra))
    scenario = load("korea-2017").scenario
    task = Task(scenario, "engagement", None, 7, 0, 2, replications=1, columns="engine")
    with pytest.raises(AssertionError, match="new_counter"):
        simulate(task)
    monkeypatch.setattr(batch, "EPISODE_COLUMNS", columns.EPISODE_COLUMNS[1:])
    with pytest.raises(AssertionError, match="made but not declared \\['draw'\\]"):
        simulate(task)


def test_the_declared_dtypes_are_the_engines(engine_columns: dict[str, np.ndarray]) -> None:
    for column in columns.EPISODE_COLUMNS:
        assert engine_columns[column.name].dtype == np.dtype(column.dtype), column.name
