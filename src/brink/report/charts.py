"""The report's charts as plotly figures, serialised to JSON for ``Plotly.newPlot``.

Figures carry only data and layout: the page inlines plotly.js once and draws every chart from
its JSON, so the file fetches nothing. Colours are the Okabe–Ito palette (distinguishable with
colour-blindness), extended to 14, and each policy keeps its colour in every chart.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from brink.report.data import DECADE_BINS
from brink.report.labels import people
from brink.scenario.schema import RUNG_NAMES

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from brink.analysis.policy_table import PolicyTable
    from brink.report.data import Fan
    from brink.report.drivers import Bars

#: Okabe–Ito's eight, then six of Paul Tol's muted scheme: 14 colours, all distinct, so
#: every policy of a large comparison keeps a colour of its own.
PALETTE = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#F0E442",
    "#000000",
    "#882255",
    "#44AA99",
    "#999933",
    "#332288",
    "#AA4499",
    "#888888",
)
CAUSE_COLOURS = {"intent": "#D55E00", "misperception": "#CC79A7", "accident": "#E69F00"}


def outcome_labels(table: PolicyTable) -> dict[str, str]:
    """The endings reports show, in order; backing down is told by side (one side's climb-down
    is the other's win, so the two are never lumped together)."""
    return {
        "p_war": "war",
        "p_settlement": "settlement",
        "p_backs_down_challenger": f"{table.challenger} backs down",
        "p_backs_down_defender": f"{table.defender} backs down",
        "p_collapse": "regime collapse",
        "p_unresolved": (
            "unresolved (at the horizon, or faded)"
            if table.conditional_on.get("fading")
            else "unresolved at the horizon"
        ),
    }


#: The tallest group of bars per input (px): ten policies share it rather than stretch the page.
MAX_ROW_PX = 100
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
CONFIG = {"displaylogo": False, "responsive": True, "modeBarButtonsToRemove": ["sendDataToCloud"]}


def colour(index: int) -> str:
    """The colour of the index-th policy (the palette repeats only past 14 policies)."""
    return PALETTE[index % len(PALETTE)]


def _layout(fig: go.Figure, height: int, **extra: Any) -> go.Figure:
    fig.update_layout(
        template="plotly_white",
        height=height,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        font={"family": FONT, "size": 13},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        **extra,
    )
    return fig


def to_spec(fig: go.Figure) -> str:
    """The figure as JSON safe to place inside a <script> element (no '<', '>' or '&')."""
    import plotly.io as pio

    text = pio.to_json(
        {"data": fig.to_dict()["data"], "layout": fig.to_dict()["layout"], "config": CONFIG},
        validate=False,
    )
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _err(values: list[float], lo: list[float], hi: list[float]) -> dict[str, Any]:
    """Asymmetric error bars from an interval (missing ends drawn as zero length)."""

    def clean(x: list[float]) -> list[float]:
        return [0.0 if not math.isfinite(v) else max(0.0, v) for v in x]

    return {
        "type": "data",
        "symmetric": False,
        "array": clean([h - v for v, h in zip(values, hi, strict=True)]),
        "arrayminus": clean([v - lo_ for v, lo_ in zip(values, lo, strict=True)]),
        "thickness": 1.2,
        "width": 4,
    }


def outcomes_chart(table: PolicyTable) -> go.Figure:
    """Grouped bars: each outcome's probability under each policy, with 95% intervals."""
    import plotly.graph_objects as go

    fig = go.Figure()
    labels = outcome_labels(table)
    keys = list(labels)
    for i, row in enumerate(table.rows):  # the same order colours are given in
        values = [row[k].value for k in keys]
        lo = [row[k].lo for k in keys]
        hi = [row[k].hi for k in keys]
        fig.add_trace(
            go.Bar(
                name=row.policy,
                x=[labels[k] for k in keys],
                y=values,
                marker_color=colour(i),
                error_y=_err(values, lo, hi),
                customdata=np.column_stack([lo, hi]),
                hovertemplate=(
                    "%{fullData.name}: %{x}<br>%{y:.1%} (95% interval %{customdata[0]:.1%}"
                    " to %{customdata[1]:.1%})<extra></extra>"
                ),
            )
        )
    fig.update_yaxes(title="probability", tickformat=".0%", rangemode="tozero")
    return _layout(fig, 420, barmode="group")


def attribution_chart(table: PolicyTable) -> go.Figure:
    """Stacked bars: P(war) per policy split by cause (intent, misperception, accident)."""
    import plotly.graph_objects as go

    fig = go.Figure()
    policies = table.policies
    for cause, col in CAUSE_COLOURS.items():
        key = f"p_war_{cause}"
        values = [r[key].value for r in table.rows]
        lo = [r[key].lo for r in table.rows]
        hi = [r[key].hi for r in table.rows]
        fig.add_trace(
            go.Bar(
                name=f"war by {cause}",
                x=policies,
                y=values,
                marker_color=col,
                customdata=np.column_stack([lo, hi]),
                hovertemplate=(
                    f"%{{x}}: war by {cause} %{{y:.2%}} (95% interval %{{customdata[0]:.2%}} "
                    "to %{customdata[1]:.2%})<extra></extra>"
                ),
            )
        )
    fig.update_yaxes(title="probability of war", tickformat=".1%", rangemode="tozero")
    return _layout(fig, 400, barmode="stack")


def fan_chart(fans: dict[str, Fan], policies: list[str], turn_word: str) -> go.Figure:
    """Per policy: median escalation level by turn, with 50% and 90% bands and the mean."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    shown = [p for p in policies if p in fans]
    cols = min(3, max(1, len(shown)))
    rows = max(1, math.ceil(len(shown) / cols))
    fig = make_subplots(
        rows=rows,
        cols=cols,
        shared_yaxes=True,
        subplot_titles=shown,
        horizontal_spacing=0.04,
        vertical_spacing=0.12 if rows > 1 else 0.1,
    )
    for i, policy in enumerate(shown):
        fan = fans[policy]
        r, c = i // cols + 1, i % cols + 1
        first = i == 0
        x = fan.turns.tolist()
        for lower, upper, name, alpha in (
            (fan.q05, fan.q95, "90% of episodes", 0.18),
            (fan.q25, fan.q75, "middle 50%", 0.38),
        ):
            fig.add_trace(
                go.Scatter(
                    x=x,
                    y=lower.tolist(),
                    mode="lines",
                    line={"width": 0, "shape": "hv"},
                    showlegend=False,
                    hoverinfo="skip",
                    legendgroup=name,
                ),
                row=r,
                col=c,
            )
            fig.add_trace(
                go.Scatter(
                    x=x,
                    y=upper.tolist(),
                    mode="lines",
                    line={"width": 0, "shape": "hv"},
                    fill="tonexty",
                    fillcolor=f"rgba(0,114,178,{alpha})",
                    name=name,
                    legendgroup=name,
                    showlegend=first,
                    hoverinfo="skip",
                ),
                row=r,
                col=c,
            )
        fig.add_trace(
            go.Scatter(
                x=x,
                y=fan.q50.tolist(),
                mode="lines",
                name="median",
                line={"color": "#0b3d62", "width": 2, "shape": "hv"},
                legendgroup="median",
                showlegend=first,
                customdata=[RUNG_NAMES[int(v)] for v in fan.q50],
                hovertemplate=f"{turn_word} %{{x}}: median %{{customdata}}<extra>{policy}</extra>",
            ),
            row=r,
            col=c,
        )
        fig.add_trace(
            go.Scatter(
                x=x,
                y=fan.mean.tolist(),
                mode="lines",
                name="mean level",
                line={"color": "#D55E00", "width": 1.5, "dash": "dot"},
                legendgroup="mean",
                showlegend=first,
                customdata=(100 * fan.at_war).tolist(),
                hovertemplate=(
                    f"{turn_word} %{{x}}: mean level %{{y:.2f}}; %{{customdata:.1f}}% at "
                    f"strike or war<extra>{policy}</extra>"
                ),
            ),
            row=r,
            col=c,
        )
    fig.update_yaxes(
        range=[-0.3, len(RUNG_NAMES) - 0.7],
        tickvals=list(range(len(RUNG_NAMES))),
        ticktext=[f"{i} {n}" for i, n in enumerate(RUNG_NAMES)],
    )
    fig.update_yaxes(showticklabels=True, col=1)
    fig.update_xaxes(title=turn_word.lower(), row=rows)
    fig = _layout(fig, 150 + 300 * rows)
    fig.update_layout(
        margin={"l": 10, "r": 10, "t": 80, "b": 10},
        legend={"y": 1.0, "yref": "container", "yanchor": "top"},
    )
    return fig


def casualty_chart(casualties: dict[str, dict[str, Any]], policies: list[str]) -> go.Figure:
    """Per policy: the distribution of deaths given war, on a log scale (share of wars)."""
    import plotly.graph_objects as go

    fig = go.Figure()
    for i, policy in enumerate(policies):
        entry = casualties.get(policy)
        if not entry or not entry["bins"]:
            fig.add_trace(
                go.Scatter(
                    x=[], y=[], mode="lines", name=f"{policy} (no wars)", line={"color": colour(i)}
                )
            )
            continue
        bins = np.array(entry["bins"])
        full = np.arange(bins.min() - 1, bins.max() + 2)
        shares = np.zeros(len(full))
        shares[bins - full[0]] = entry["shares"]
        centres = 10 ** ((full + 0.5) / DECADE_BINS)
        fig.add_trace(
            go.Scatter(
                x=centres.tolist(),
                y=shares.tolist(),
                mode="lines",
                line={"color": colour(i), "shape": "hvh", "width": 2},
                name=f"{policy} ({entry['wars']:,} wars; median {people(entry['median'])})",
                customdata=[people(v) for v in centres],
                hovertemplate=(
                    "about %{customdata} dead: %{y:.1%} of wars<extra>" + policy + "</extra>"
                ),
            )
        )
    fig.update_xaxes(
        type="log",
        title="deaths in the war (log scale)",
        exponentformat="none",
        separatethousands=True,
    )
    fig.update_yaxes(title="share of that policy's wars", tickformat=".0%", rangemode="tozero")
    return _layout(fig, 420)


def _faded(hex_colour: str, alpha: float = 0.45) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def bars_chart(
    bars: Bars,
    axis_title: str,
    percent_axis: bool,
    policy_colours: dict[str, str] | None = None,
) -> go.Figure:
    """Horizontal bars by input (tornado or Sobol), largest at the top, with intervals."""
    import plotly.graph_objects as go

    fig = go.Figure()
    colours = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
    policy_colours = policy_colours or {}
    fmt = ".1%" if percent_axis else ".3f"
    for k, (name, s) in enumerate(bars.series.items()):
        values = s["value"]
        base = bars.base if bars.base is not None else 0.0
        fill = policy_colours.get(s.get("policy") or "", colours[k % len(colours)])
        fig.add_trace(
            go.Bar(
                name=name,
                orientation="h",
                y=bars.labels,
                x=[v - base for v in values],
                base=base if bars.base is not None else None,
                marker_color=_faded(fill) if s.get("faded") else fill,
                error_x=_err(values, s["lo"], s["hi"]),
                customdata=np.column_stack([bars.paths, values, s["lo"], s["hi"]]),
                hovertemplate=(
                    "%{y}<br><i>%{customdata[0]}</i><br>"
                    f"{name}: %{{customdata[1]:{fmt}}} (95% interval %{{customdata[2]:{fmt}}} "
                    f"to %{{customdata[3]:{fmt}}})<extra></extra>"
                ),
            )
        )
    if bars.base is not None:
        fig.add_vline(
            x=bars.base,
            line_width=1.5,
            line_dash="dash",
            line_color="#444",
            annotation_text=f"average {bars.base:.1%}",
            annotation_position="top",
        )
    if bars.reference is not None:
        value, label = bars.reference
        fig.add_vline(
            x=value,
            line_width=1.2,
            line_dash="dash",
            line_color="#888",
            annotation_text=label,
            annotation_position="top",
        )
    fig.update_xaxes(title=axis_title, tickformat=".0%" if percent_axis else None)
    fig.update_yaxes(automargin=True)
    rows = max(1, len(bars.labels))
    # a group of bars per input: thinner bars for many series, so the chart stays on a screen
    per_row = min(22 * (1 + len(bars.series)), MAX_ROW_PX)
    return _layout(fig, 140 + rows * per_row, barmode="group")
