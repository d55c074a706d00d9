"""`brink report RUN -o report.html`: the self-contained HTML report of a stored run."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Attach the report command."""
    app.command("report")(report)


def report(
    run: Annotated[str, typer.Argument(help="Run name (under --out) or run folder.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path(
        "report.html"
    ),
    out: Annotated[
        str | None,
        typer.Option("--out", help="Folder that holds runs (default ./runs, or $BRINK_RUNS)."),
    ] = None,
) -> None:
    """Write one self-contained HTML report of a run that works with no network.

    The report shows the question and the scenario's inputs and sources, outcome probabilities
    per policy with intervals, war attribution, an escalation fan chart, casualty
    distributions, tornado and Sobol charts, the PRIM box in words, three sample narratives,
    and what the numbers are conditional on. The run folder is only read, never changed.
    """
    import time

    from brink.report.build import build_report

    began = time.perf_counter()
    path = build_report(run, output, out, option="-o")
    size = path.stat().st_size / 1e6
    print(f"wrote {path} ({size:.1f} MB) in {time.perf_counter() - began:.1f} s")
