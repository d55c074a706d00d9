"""The self-contained HTML report of a stored run (`brink report RUN -o report.html`).

``build_report`` reads a run folder (never writes to it), aggregates with DuckDB, draws the
charts with plotly and writes one HTML file that works with no network: plotly's script is
inlined once and nothing else is fetched.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from brink.report.build import build_report

__all__ = ["build_report"]


def __getattr__(name: str) -> Any:
    """Import lazily: plotly and jinja2 load only when a report is built."""
    if name == "build_report":
        from brink.report.build import build_report

        return build_report
    raise AttributeError(name)
