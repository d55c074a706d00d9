"""The self-contained HTML report of a stored run (`brink report RUN -o report.html`).

``build_report`` reads a run folder (never writes to it), aggregates with DuckDB, draws the
charts with plotly and writes one HTML file that works with no network: plotly's script is
inlined once and nothing else is fetched.
"""

from __future__ import annotations

import sys
import types
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from brink.report.build import build_report
    from brink.store.runs import RunFolder

__all__ = ["build_report"]


class _CallablePackage(types.ModuleType):
    """``brink.report(run, "report.html")`` writes a run's report, as the Python API names it
    (issue 11: ``brink.run``, ``brink.compare``, ..., ``brink.report``), while ``brink.report``
    stays the package that builds it (``brink.report.build``). ``brink.write_report`` is the
    same call."""

    def __call__(
        self, run: RunFolder | str, output_path: str | Path, *, out: str | None = None
    ) -> Path:
        from brink.report.build import build_report
        from brink.store.runs import RunFolder

        name = str(run.path) if isinstance(run, RunFolder) else run
        return build_report(name, output_path, out)


sys.modules[__name__].__class__ = _CallablePackage


def __getattr__(name: str) -> Any:
    """Import lazily: plotly and jinja2 load only when a report is built."""
    if name == "build_report":
        from brink.report.build import build_report

        return build_report
    raise AttributeError(name)
