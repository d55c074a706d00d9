"""The backtest's HTML report: one self-contained file, as ``brink report`` writes.

It reads a ``BacktestResult`` only. Charts are plotly figures drawn in the page from JSON by one
inlined copy of plotly.js (the helpers of ``brink.report.charts`` and ``brink.report.build``),
so the file fetches nothing: per-case forecasts beside outcomes, the reliability diagram, skill
against each baseline with its interval, and the cases the model gets most wrong.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brink import __version__
from brink.backtest.outcomes import CATEGORIES, LABELS
from brink.backtest.results import BacktestResult, CaseScore
from brink.errors import BrinkInputError
from brink.report.html import render_offline

if TYPE_CHECKING:
    import plotly.graph_objects as go

TEMPLATES = Path(__file__).parent / "templates"
#: The charts every backtest report contains, in page order.
CHART_IDS = ("chart-cases", "chart-reliability", "chart-skill")
#: Okabe-Ito colours from cool (settlement) to warm (major war), following the ordinal scale.
CATEGORY_COLOURS = {
    "settlement": "#009E73",
    "capitulation_challenger": "#56B4E9",
    "capitulation_defender": "#0072B2",
    "unresolved": "#F0E442",
    "war_limited": "#E69F00",
    "war_major": "#D55E00",
}
BASELINE_LABELS = {
    "icb": "ICB base rate of the case's reference class",
    "climatology": "library climatology (leave-one-out)",
    "uniform": "uniform (1/6 each)",
}


def _pct(x: float | None, digits: int = 0) -> str:
    return "—" if x is None else f"{100 * x:.{digits}f}%"


def _num(x: float | None, digits: int = 3) -> str:
    return "—" if x is None else f"{x:.{digits}f}"


# ------------------------------------------------------------------------------- charts


def cases_chart(result: BacktestResult) -> go.Figure:
    """Stacked horizontal bars: each case's forecast over the ordered categories, with a
    marker on the segment of what happened."""
    import plotly.graph_objects as go

    from brink.report.charts import _layout

    cases = list(reversed(result.cases))  # plotly draws the first row at the bottom
    ids = [c.id for c in cases]
    fig = go.Figure()
    for category in CATEGORIES:
        fig.add_trace(
            go.Bar(
                name=LABELS[category],
                orientation="h",
                y=ids,
                x=[c.forecast[category] for c in cases],
                marker_color=CATEGORY_COLOURS[category],
                hovertemplate=f"%{{y}}: {LABELS[category]} %{{x:.1%}}<extra></extra>",
            )
        )
    mids = []
    for c in cases:
        before = sum(c.forecast[k] for k in CATEGORIES[: CATEGORIES.index(c.observed)])
        mids.append(before + c.forecast[c.observed] / 2)
    fig.add_trace(
        go.Scatter(
            name="what happened",
            x=mids,
            y=ids,
            mode="markers",
            marker={"symbol": "diamond", "size": 11, "color": "#000", "line": {"width": 1}},
            customdata=[[LABELS[c.observed], c.p_observed] for c in cases],
            hovertemplate=(
                "%{y}: happened: %{customdata[0]} (forecast %{customdata[1]:.1%})<extra></extra>"
            ),
        )
    )
    fig.update_xaxes(title="forecast probability", tickformat=".0%", range=[0, 1])
    fig.update_yaxes(automargin=True)
    fig = _layout(fig, 120 + 26 * len(cases), barmode="stack")
    fig.update_layout(legend={"traceorder": "normal"})
    return fig


def reliability_chart(result: BacktestResult) -> go.Figure:
    """Observed frequency against mean forecast per bin (every case and category pooled),
    with Wilson 95% intervals; the diagonal is perfect calibration."""
    import plotly.graph_objects as go

    from brink.report.charts import _err, _layout

    bins = result.summary.reliability
    x = [float(b["mean_forecast"]) for b in bins]
    y = [float(b["observed"]) for b in bins]
    counts = [int(b["count"]) for b in bins]
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            name="perfect calibration",
            x=[0, 1],
            y=[0, 1],
            mode="lines",
            line={"color": "#888", "dash": "dash", "width": 1},
            hoverinfo="skip",
        )
    )
    fig.add_trace(
        go.Scatter(
            name="Brink",
            x=x,
            y=y,
            mode="markers",
            marker={"color": "#0072B2", "size": [6 + 3 * min(n, 30) ** 0.5 for n in counts]},
            error_y=_err(y, [float(b["lo"]) for b in bins], [float(b["hi"]) for b in bins]),
            customdata=[[n, b["lower"], b["upper"]] for n, b in zip(counts, bins, strict=True)],
            hovertemplate=(
                "forecasts %{customdata[1]:.0%}–%{customdata[2]:.0%}: mean %{x:.1%}, happened "
                "%{y:.1%} of %{customdata[0]}<extra></extra>"
            ),
        )
    )
    axis = {"tickformat": ".0%", "range": [-0.03, 1.03]}
    fig.update_xaxes(title="forecast probability (bin mean)", **axis)
    fig.update_yaxes(title="observed frequency", **axis)
    return _layout(fig, 420)


def skill_chart(result: BacktestResult) -> go.Figure:
    """Brier skill against each baseline with its case-bootstrap 95% interval."""
    import plotly.graph_objects as go

    from brink.report.charts import _err, _layout

    rows = skill_rows(result)
    values = [r["value"] if r["value"] is not None else 0.0 for r in rows]
    lo = [r["lo"] if r["lo"] is not None else v for r, v in zip(rows, values, strict=True)]
    hi = [r["hi"] if r["hi"] is not None else v for r, v in zip(rows, values, strict=True)]
    fig = go.Figure(
        go.Bar(
            orientation="h",
            y=[r["label"] for r in rows],
            x=values,
            marker_color=["#0072B2" if v >= 0 else "#D55E00" for v in values],
            error_x=_err(values, lo, hi),
            customdata=list(zip(lo, hi, strict=True)),
            hovertemplate=(
                "%{y}: skill %{x:.2f} (95% interval %{customdata[0]:.2f} to "
                "%{customdata[1]:.2f})<extra></extra>"
            ),
            showlegend=False,
        )
    )
    fig.add_vline(x=0, line_width=1.5, line_color="#444")
    fig.update_xaxes(title="Brier skill score (> 0: Brink beats the baseline)")
    fig.update_yaxes(automargin=True)
    return _layout(fig, 260)


# ------------------------------------------------------------------------------ content


def skill_rows(result: BacktestResult) -> list[dict[str, Any]]:
    s = result.summary
    return [
        {
            "baseline": "icb",
            "label": BASELINE_LABELS["icb"],
            "value": s.skill,
            "lo": s.skill_lo,
            "hi": s.skill_hi,
        },
        {
            "baseline": "climatology",
            "label": BASELINE_LABELS["climatology"],
            "value": s.skill_climatology,
            "lo": s.skill_climatology_lo,
            "hi": s.skill_climatology_hi,
        },
        {
            "baseline": "uniform",
            "label": BASELINE_LABELS["uniform"],
            "value": s.skill_uniform,
            "lo": s.skill_uniform_lo,
            "hi": s.skill_uniform_hi,
        },
    ]


def score_table(result: BacktestResult) -> list[dict[str, str]]:
    """Mean scores of Brink and each baseline (lower is better)."""
    s = result.summary
    return [
        {
            "who": "Brink",
            "brier": f"{_num(s.brier)} ({_num(s.brier_lo)} to {_num(s.brier_hi)})",
            "log": _num(s.log_score),
            "rps": _num(s.rps),
        },
        {
            "who": BASELINE_LABELS["icb"],
            "brier": _num(s.brier_base),
            "log": _num(s.log_score_base),
            "rps": _num(s.rps_base),
        },
        {
            "who": BASELINE_LABELS["climatology"],
            "brier": _num(s.brier_climatology),
            "log": _num(s.log_score_climatology),
            "rps": _num(s.rps_climatology),
        },
        {
            "who": BASELINE_LABELS["uniform"],
            "brier": _num(s.brier_uniform),
            "log": _num(s.log_score_uniform),
            "rps": _num(s.rps_uniform),
        },
    ]


WAR = ("war_limited", "war_major")


def why(case: CaseScore) -> str:
    """A plain reading of a miss, on the threshold that matters most: war or no war."""
    p_war = sum(case.forecast[k] for k in WAR)
    if case.observed in WAR and p_war < 0.5:
        return f"war came; Brink gave war {_pct(p_war)}"
    if case.observed not in WAR and p_war >= 0.5:
        return f"no war; Brink gave war {_pct(p_war)}"
    if case.top == case.observed:
        return "Brink's most likely ending happened"
    return (
        f"Brink expected {LABELS[case.top]} ({_pct(case.forecast[case.top])}); "
        f"{LABELS[case.observed]} got {_pct(case.p_observed)}"
    )


def wrong_rows(result: BacktestResult, notes: Mapping[str, str]) -> list[dict[str, str]]:
    """Cases by Brier score, worst first: the forecast's top category against what happened."""
    rows = []
    for c in result.most_wrong():
        rows.append(
            {
                "id": c.id,
                "brier": _num(c.brier),
                "brier_base": _num(c.brier_base),
                "top": f"{LABELS[c.top]} ({_pct(c.forecast[c.top])})",
                "observed": f"{LABELS[c.observed]} ({_pct(c.p_observed)})",
                "hit": "yes" if c.top == c.observed else "no",
                "reference": c.reference_class,
                "note": "; ".join(x for x in (why(c), notes.get(c.id, "")) if x),
            }
        )
    return rows


def headline(result: BacktestResult) -> str:
    s = result.summary
    if s.skill is None:
        return f"Over {s.n} cases the skill against the ICB base rate cannot be computed."
    verdict = (
        "beats"
        if s.skill_lo is not None and s.skill_lo > 0
        else "does worse than"
        if s.skill_hi is not None and s.skill_hi < 0
        else "is not distinguishable from"
    )
    return (
        f"Over {s.n} historical cases Brink {verdict} the ICB base rate: Brier skill "
        f"{s.skill:+.2f} (95% interval {_num(s.skill_lo, 2)} to {_num(s.skill_hi, 2)}); mean "
        f"Brier score {s.brier:.3f} against {s.brier_base:.3f}."
    )


def gather(
    result: BacktestResult,
    *,
    title: str = "Brink backtest",
    notes: Mapping[str, str] | None = None,
    conditional: Sequence[tuple[str, str]] = (),
) -> dict[str, Any]:
    """Everything the template shows. ``notes`` (case id -> text) explain cases; the
    ``conditional`` lines (label, value) say what the forecasts rest on (engine, calibration)."""
    from brink.report.charts import to_spec

    s = result.summary
    murphy = s.murphy
    lines = [
        *conditional,
        ("cases", str(s.n)),
        ("categories (ordinal scale)", " < ".join(LABELS[c] for c in CATEGORIES)),
        (
            "intervals",
            f"{100 * float(s.bootstrap['level']):.0f}% {s.bootstrap['method']}; "
            f"{s.bootstrap['n_boot']} resamples, seed {s.bootstrap['seed']}",
        ),
        ("log score floor", f"probabilities below {s.log_floor:g} count as {s.log_floor:g}"),
        ("software", f"brink {__version__}"),
        ("report built", dt.datetime.now(dt.UTC).isoformat(timespec="seconds")),
    ]
    return {
        "title": title,
        "version": __version__,
        "headline": headline(result),
        "summary": s,
        "scores": score_table(result),
        "skills": [
            {
                "label": r["label"],
                "value": _num(r["value"], 2),
                "interval": f"{_num(r['lo'], 2)} to {_num(r['hi'], 2)}",
            }
            for r in skill_rows(result)
        ],
        "murphy": {
            k: _num(float(murphy[k]), 4)
            for k in ("brier", "reliability", "resolution", "uncertainty", "residual")
        },
        "murphy_bins": str(murphy["bins"]),
        "wrong": wrong_rows(result, notes or {}),
        "conditional": lines,
        "specs": {
            "chart-cases": to_spec(cases_chart(result)),
            "chart-reliability": to_spec(reliability_chart(result)),
            "chart-skill": to_spec(skill_chart(result)),
        },
        "chart_ids": CHART_IDS,
    }


def render(context: Mapping[str, Any]) -> str:
    """Fill the template; plotly.js is inlined here, exactly once."""
    return render_offline(TEMPLATES, "backtest.html.j2", context)


def build_backtest_report(
    result: BacktestResult,
    output_path: str | Path,
    *,
    title: str = "Brink backtest",
    notes: Mapping[str, str] | None = None,
    conditional: Sequence[tuple[str, str]] = (),
) -> Path:
    """Write the backtest report of ``result`` to ``output_path`` (whole or not at all)."""
    from brink.outputs import write_output

    output = Path(output_path)
    if output.is_dir():
        raise BrinkInputError(f"-o: {output} is a folder; give a file name such as backtest.html")
    if not output.parent.is_dir():
        raise BrinkInputError(f"-o: folder {output.parent} does not exist")
    html = render(gather(result, title=title, notes=notes, conditional=conditional))
    write_output(output, "-o", lambda temporary: Path(temporary).write_text(html, encoding="utf-8"))
    return output
