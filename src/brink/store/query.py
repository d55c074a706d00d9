"""SQL over a stored run with DuckDB: the views `episodes`, `timeline` and `design`, and nothing
else.

A query runs in a sandbox: a fresh in-memory database whose only readable files are the run's
own parts and design (``allowed_directories``/``allowed_paths``), with every other file,
extension and setting switched off (``enable_external_access=false``, no autoloading of
extensions, ``lock_configuration=true``). Only SELECT-like statements are accepted, so a query
can never change what a run stored, read another run or the rest of the machine. A query runs
in a helper thread so that Ctrl-C can interrupt DuckDB (Python's signal handler cannot run
while DuckDB holds the main thread).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from brink.errors import BrinkInputError, BrinkInterrupted
from brink.store.runs import RunFolder

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

T = TypeVar("T")

_READ_ONLY = {"SELECT", "EXPLAIN"}
VIEWS = ("episodes", "timeline", "design")
SEES = (
    "a query sees only the run's views episodes, timeline and design (no files, extensions "
    "or settings)"
)
#: Longest wait for DuckDB to stop after Ctrl-C (seconds).
STOP_SECONDS = 30.0
#: Rows fetched from DuckDB at a time (for --limit and exports).
BATCH_ROWS = 65_536


def connect(run: RunFolder, *, check: bool = True) -> duckdb.DuckDBPyConnection:
    """A sandboxed in-memory DuckDB connection with the run's views defined.

    ``check`` first verifies every part (a damaged one is named, with the way out).
    """
    import duckdb

    from brink.store.design import FILE as DESIGN_FILE
    from brink.store.integrity import check_design, check_parts
    from brink.store.parts import EPISODES, TIMELINE

    if not list((run.path / EPISODES).glob("*/part-*.parquet")):
        raise BrinkInputError(f"{run.name}: the run has no stored episodes yet (brink resume it)")
    if check:
        check_parts(run)
        check_design(run)
    root = run.path.resolve()
    con = duckdb.connect(
        ":memory:",
        config={"autoinstall_known_extensions": False, "autoload_known_extensions": False},
    )
    try:
        for view, kind in (("episodes", EPISODES), ("timeline", TIMELINE)):
            glob = _quoted(str(root / kind / "*" / "part-*.parquet"))
            con.execute(f"CREATE VIEW {view} AS SELECT * FROM read_parquet({glob})")
        design = _quoted(str(root / DESIGN_FILE))
        con.execute(f"CREATE VIEW design AS SELECT * FROM read_parquet({design})")
        folders = ", ".join(_quoted(f"{root / kind}/") for kind in (EPISODES, TIMELINE))
        con.execute(f"SET allowed_directories = [{folders}]")
        con.execute(f"SET allowed_paths = [{design}]")
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
    except duckdb.Error as error:
        con.close()
        raise BrinkInputError(
            f"{run.path}: cannot read the stored run ({_first_line(error)})"
        ) from None
    return con


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _statement_kind(con: duckdb.DuckDBPyConnection, run: RunFolder, sql: str) -> None:
    """Refuse anything but exactly one SELECT-like statement, naming what was given."""
    import duckdb

    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as error:
        raise BrinkInputError(f"{run.name}: SQL: {_first_line(error)}") from None
    if len(statements) != 1:
        raise BrinkInputError(
            f"{run.name}: SQL: expected exactly one statement (got {len(statements)}); {SEES}"
        )
    statement = statements[0]
    if statement.type.name not in _READ_ONLY:
        words = str(getattr(statement, "query", "") or sql).split()
        given = words[0].upper() if words else statement.type.name
        raise BrinkInputError(
            f"{run.name}: SQL: only SELECT queries are allowed (got {given}); {SEES}"
        )


def _sql_error(run: RunFolder, error: Any) -> BrinkInputError:
    import duckdb

    first = _first_line(error)
    if isinstance(error, duckdb.PermissionException) or "configuration has been locked" in first:
        return BrinkInputError(f"{run.name}: SQL: refused ({first}); {SEES}")
    return BrinkInputError(f"{run.name}: SQL: {first}")


def interruptible(con: duckdb.DuckDBPyConnection, work: Callable[[], T]) -> T:
    """Run ``work`` (which uses ``con``) in a helper thread; Ctrl-C interrupts DuckDB."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = work()
        except BaseException as error:  # handed to the main thread below
            outcome["error"] = error

    thread = threading.Thread(target=target, name="brink-query", daemon=True)
    thread.start()
    try:
        while thread.is_alive():
            thread.join(0.1)
    except KeyboardInterrupt:
        # The query may not have reached DuckDB yet, and interrupt() only stops a running
        # one: keep interrupting until the helper thread is done.
        deadline = time.monotonic() + STOP_SECONDS
        while thread.is_alive() and time.monotonic() < deadline:
            con.interrupt()
            thread.join(0.05)
        raise BrinkInterrupted("query stopped by Ctrl-C (nothing was changed)") from None
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


@dataclass
class QueryResult:
    """The first rows of a query, and whether there were more."""

    frame: pd.DataFrame
    more: bool


def run_query(run: RunFolder, sql: str) -> pd.DataFrame:
    """Run one read-only SQL statement and return every row; errors become one line."""
    return query_rows(run, sql, limit=0).frame


def query_rows(run: RunFolder, sql: str, limit: int = 0) -> QueryResult:
    """The first ``limit`` rows (0: all) of one read-only statement."""
    import duckdb
    import pyarrow as pa

    con = connect(run)
    try:
        _statement_kind(con, run, sql)

        def fetch() -> QueryResult:
            reader = con.sql(sql).to_arrow_reader(BATCH_ROWS)
            if limit <= 0:
                return QueryResult(reader.read_all().to_pandas(), False)
            batches, rows = [], 0
            for batch in reader:
                batches.append(batch)
                rows += batch.num_rows
                if rows > limit:
                    break
            table = pa.Table.from_batches(batches, schema=reader.schema)
            return QueryResult(table.slice(0, limit).to_pandas(), rows > limit)

        return interruptible(con, fetch)
    except duckdb.Error as error:
        raise _sql_error(run, error) from None
    finally:
        _close(con)


def export(run: RunFolder, sql: str, path: str | Path, kind: str) -> tuple[Path, int]:
    """Write every row of one read-only statement to a CSV or Parquet file; (path, rows)."""
    import duckdb
    import pyarrow as pa

    from brink.outputs import check_output_file, write_output

    option = kind  # the parameter (the command line shows its flag, --csv or --parquet)
    check_output_file(path, option)
    con = connect(run)
    rows = 0
    try:
        _statement_kind(con, run, sql)

        def write(temporary: str) -> None:
            nonlocal rows
            reader = con.sql(sql).to_arrow_reader(BATCH_ROWS)
            schema = _plain_schema(reader.schema)
            writer = _writer(kind, temporary, schema)
            try:
                for batch in reader:
                    writer.write_table(pa.Table.from_batches([batch]).cast(schema))
                    rows += batch.num_rows
            finally:
                writer.close()

        written = interruptible(con, lambda: write_output(path, option, write))
    except duckdb.Error as error:
        raise _sql_error(run, error) from None
    finally:
        _close(con)
    return written, rows


def _close(con: duckdb.DuckDBPyConnection) -> None:
    """Close, unless a query that would not stop still holds the connection."""
    import contextlib

    import duckdb

    with contextlib.suppress(duckdb.Error):
        con.close()


def _plain_schema(schema: Any) -> Any:
    """Dictionary-encoded columns as plain values (CSV has no dictionaries)."""
    import pyarrow as pa

    return pa.schema(
        [
            pa.field(f.name, f.type.value_type) if pa.types.is_dictionary(f.type) else f
            for f in schema
        ]
    )


def _writer(kind: str, path: str, schema: Any) -> Any:
    if kind == "csv":
        import pyarrow.csv as pcsv

        return pcsv.CSVWriter(path, schema)
    import pyarrow.parquet as pq

    return pq.ParquetWriter(path, schema)


def _first_line(error: Any) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
