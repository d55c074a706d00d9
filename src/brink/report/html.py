"""One offline HTML page from a Jinja2 template, with plotly.js inlined once (no network)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any


def render_offline(templates: Path, template: str, context: Mapping[str, Any]) -> str:
    """Fill ``template`` (in folder ``templates``) with ``context`` and plotly.js inlined."""
    import jinja2
    import plotly.offline

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=jinja2.select_autoescape(("html", "j2")),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    plotly_js = plotly.offline.get_plotlyjs().replace("</script", "<\\/script")
    return env.get_template(template).render(plotly_js=plotly_js, **context)
