"""The backtest report builds from a synthetic result as one offline HTML file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from brink.backtest.case_outcome import CaseReference
from brink.backtest.outcomes import CATEGORIES, LABELS
from brink.backtest.report import CHART_IDS, build_backtest_report, gather, why
from brink.backtest.results import BacktestResult, score_forecasts
from brink.errors import BrinkInputError

REF = CaseReference(period="post-1945", nuclear="one-side", protracted=True)


@pytest.fixture(scope="module")
def result() -> BacktestResult:
    rng = np.random.default_rng(7)
    forecasts, observed = {}, {}
    for i in range(12):
        forecasts[f"case-{i:02d}"] = dict(zip(CATEGORIES, rng.dirichlet(np.ones(6)), strict=True))
        observed[f"case-{i:02d}"] = CATEGORIES[i % 6]
    return score_forecasts(forecasts, observed, dict.fromkeys(observed, REF), n_boot=200)


@pytest.fixture(scope="module")
def html(result: BacktestResult, tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("bt") / "backtest.html"
    path = build_backtest_report(
        result,
        out,
        notes={"case-03": "the <engine> never escalates past strikes"},
        conditional=[("engine", "test double")],
    )
    return path.read_text(encoding="utf-8")


def test_one_offline_file_with_every_chart(html: str) -> None:
    assert html.count('<script id="plotly-js">') == 1
    assert len(html) > 1_000_000, "plotly.js is inlined"
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=\"https?:", html)
    for chart in CHART_IDS:
        assert f'id="{chart}"' in html and f'data-target="{chart}"' in html
    specs = re.findall(r'class="chart-spec" data-target="([^"]+)">(.*?)</script>', html, re.S)
    assert [s[0] for s in specs] == list(CHART_IDS)
    for _, text in specs:
        spec = json.loads(text)
        assert spec["data"] and "layout" in spec


def test_content(html: str, result: BacktestResult) -> None:
    assert "Where the model is most wrong" in html and "engine</dt><dd>test double" in html
    assert "&lt;engine&gt; never escalates" in html, "notes are escaped"
    worst = result.most_wrong()
    positions = [html.index(f"<td>{c.id}</td>") for c in worst]
    assert positions == sorted(positions), "cases listed worst first"
    assert f"{result.summary.skill:+.2f}" in html
    cases_spec = json.loads(
        re.search(r'data-target="chart-cases">(.*?)</script>', html, re.S).group(1)  # type: ignore[union-attr]
    )
    bars = [t for t in cases_spec["data"] if t["type"] == "bar"]
    assert [t["name"] for t in bars] == [
        "settlement",
        *[LABELS[c] for c in CATEGORIES[1:]],
    ] and len(bars) == len(CATEGORIES)
    marker = next(t for t in cases_spec["data"] if t["type"] == "scatter")
    assert len(marker["x"]) == len(result.cases)


def test_context_reads_only_the_result(result: BacktestResult) -> None:
    context = gather(result)
    assert len(context["wrong"]) == len(result.cases)
    assert context["murphy"]["brier"] == f"{result.summary.brier:.4f}"
    assert set(context["specs"]) == set(CHART_IDS)


def test_bad_output_is_one_line(result: BacktestResult, tmp_path: Path) -> None:
    with pytest.raises(BrinkInputError, match="is a folder"):
        build_backtest_report(result, tmp_path)
    with pytest.raises(BrinkInputError, match="does not exist"):
        build_backtest_report(result, tmp_path / "no" / "such.html")
    assert list(tmp_path.iterdir()) == []


def test_why_reads_the_war_threshold(result: BacktestResult) -> None:
    case = result.cases[0]

    def with_forecast(observed: str, **p: float) -> str:
        forecast = dict.fromkeys(CATEGORIES, 0.0) | p
        top = max(forecast, key=forecast.__getitem__)
        return why(
            case.model_copy(
                update={
                    "forecast": forecast,
                    "observed": observed,
                    "top": top,
                    "p_observed": forecast[observed],
                }
            )
        )

    assert with_forecast("war_major", settlement=0.7, war_major=0.3) == (
        "war came; Brink gave war 30%"
    )
    assert with_forecast("settlement", settlement=0.2, war_limited=0.8).startswith("no war;")
    assert with_forecast("settlement", settlement=0.9, war_major=0.1).endswith("happened")
    assert with_forecast("unresolved", settlement=0.6, unresolved=0.4) == (
        "Brink expected settlement (60%); unresolved got 40%"
    )
