"""SQL over a stored run with DuckDB: the views `episodes`, `timeline` and `design`.

Queries are read-only: only SELECT-like statements are accepted, so a query can never change
what a run stored.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from brink.errors import BrinkInputError
from brink.store.runs import RunFolder

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

_READ_ONLY = {"SELECT", "EXPLAIN"}


def connect(run: RunFolder) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with the run's views defined."""
    import duckdb

    if not list((run.path / "parts").glob("*/part-*.parquet")):
        raise BrinkInputError(f"{run.name}: the run has no stored episodes yet (brink resume it)")
    con = duckdb.connect(":memory:")
    for view, kind in (("episodes", "parts"), ("timeline", "timeline")):
        glob = run.part_glob(kind).replace("'", "''")
        con.execute(f"CREATE VIEW {view} AS SELECT * FROM read_parquet('{glob}')")
    design = str(run.path / "design.parquet").replace("'", "''")
    con.execute(f"CREATE VIEW design AS SELECT * FROM read_parquet('{design}')")
    return con


def run_query(run: RunFolder, sql: str) -> pd.DataFrame:
    """Run one read-only SQL statement; errors become one line naming the run."""
    import duckdb

    con = connect(run)
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as error:
        raise BrinkInputError(f"{run.name}: SQL: {_first_line(error)}") from None
    if len(statements) != 1:
        raise BrinkInputError(f"{run.name}: SQL: expected exactly one statement")
    kind = statements[0].type.name
    if kind not in _READ_ONLY:
        raise BrinkInputError(f"{run.name}: SQL: only SELECT queries are allowed (got {kind})")
    try:
        return con.execute(sql).df()
    except duckdb.Error as error:
        raise BrinkInputError(f"{run.name}: SQL: {_first_line(error)}") from None
    finally:
        con.close()


def _first_line(error: Any) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
