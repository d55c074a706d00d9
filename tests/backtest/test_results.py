"""score_forecasts and the typed results: the --json contract, round trips, the numbers."""

from __future__ import annotations

import json

import numpy as np
import pytest

from brink.backtest import baselines
from brink.backtest.case_outcome import CaseOutcome
from brink.backtest.outcomes import CATEGORIES
from brink.backtest.results import BacktestResult, CaseScore, score_forecasts

CONTRACT_CASE = {"id", "forecast", "observed", "brier", "brier_base"}
CONTRACT_SUMMARY = {"n", "brier", "brier_base", "skill", "skill_lo", "skill_hi", "log_score", "rps"}


def _library(cases, seed: int = 0):  # type: ignore[no-untyped-def]
    """Random forecasts for the 19 transcribed cases, their observed categories and classes."""
    rng = np.random.default_rng(seed)
    forecasts, observed, refs = {}, {}, {}
    for case_id, case in cases.items():
        outcome = CaseOutcome.model_validate(case["outcome"])
        forecasts[case_id] = dict(zip(CATEGORIES, rng.dirichlet(np.ones(6)), strict=True))
        observed[case_id] = outcome.category(case["challenger"], case["defender"])
        refs[case_id] = outcome.reference
    return forecasts, observed, refs


@pytest.fixture(scope="module")
def library(cases):  # type: ignore[no-untyped-def]
    return _library(cases)


@pytest.fixture(scope="module")
def result(library) -> BacktestResult:  # type: ignore[no-untyped-def]
    return score_forecasts(*library, seed=0)


def test_json_contract(result: BacktestResult) -> None:
    data = json.loads(result.to_json())
    assert set(data) == {"cases", "summary"}
    assert isinstance(data["cases"], list) and len(data["cases"]) == 19
    for case in data["cases"]:
        assert set(case) >= CONTRACT_CASE
        assert set(case["forecast"]) == set(CATEGORIES)
        assert sum(case["forecast"].values()) == pytest.approx(1.0)
        assert case["observed"] in CATEGORIES
    assert set(data["summary"]) >= CONTRACT_SUMMARY
    assert data["summary"]["n"] == 19
    for key in CONTRACT_SUMMARY - {"n"}:
        assert isinstance(data["summary"][key], float), key


def test_round_trip_and_frame(result: BacktestResult) -> None:
    again = BacktestResult.from_json(result.to_json())
    assert again == result and again.to_json() == result.to_json()
    frame = result.to_frame()
    assert len(frame) == 19 and list(frame["id"]) == [c.id for c in result.cases]
    assert {f"p_{c}" for c in CATEGORIES} <= set(frame.columns)
    assert np.allclose(frame[[f"p_{c}" for c in CATEGORIES]].sum(axis=1), 1.0)
    assert frame["brier"].mean() == pytest.approx(result.summary.brier)


def test_numbers_match_the_formulas(library, result: BacktestResult) -> None:  # type: ignore[no-untyped-def]
    forecasts, observed, refs = library
    ids = list(forecasts)
    p = np.array([[forecasts[i][c] for c in CATEGORIES] for i in ids])
    o = np.array([[float(observed[i] == c) for c in CATEGORIES] for i in ids])
    base = np.array([[baselines.icb_forecast(refs[i])[c] for c in CATEGORIES] for i in ids])
    brier = ((p - o) ** 2).sum(axis=1)
    brier_base = ((base - o) ** 2).sum(axis=1)
    s = result.summary
    assert s.brier == pytest.approx(brier.mean())
    assert s.brier_base == pytest.approx(brier_base.mean())
    assert s.skill == pytest.approx(1 - brier.mean() / brier_base.mean())
    assert s.skill_lo < s.skill < s.skill_hi
    assert s.log_score == pytest.approx(-np.log((p * o).sum(axis=1)).mean())
    rps = ((np.cumsum(p, 1) - np.cumsum(o, 1))[:, :-1] ** 2).sum(axis=1) / 5
    assert s.rps == pytest.approx(rps.mean())
    assert s.brier_uniform == pytest.approx(5 / 6)
    assert s.murphy["brier"] == pytest.approx(s.brier)
    assert sum(b["count"] for b in s.reliability) == 19 * 6
    for case, b in zip(result.cases, brier, strict=True):
        assert case.brier == pytest.approx(b)
        assert case.p_observed == pytest.approx(forecasts[case.id][observed[case.id]])
        assert case.top == max(forecasts[case.id], key=forecasts[case.id].__getitem__)


def test_perfect_and_base_rate_forecasters(library) -> None:  # type: ignore[no-untyped-def]
    _, observed, refs = library
    perfect = {i: {observed[i]: 1.0} for i in observed}
    r = score_forecasts(perfect, observed, refs)
    assert r.summary.brier == 0 and r.summary.rps == 0 and r.summary.log_score == 0
    assert (r.summary.skill, r.summary.skill_lo, r.summary.skill_hi) == (1.0, 1.0, 1.0)
    base = {i: baselines.icb_forecast(refs[i]) for i in observed}
    b = score_forecasts(base, observed, refs)
    assert b.summary.skill == pytest.approx(0.0, abs=1e-12)
    assert b.summary.brier == pytest.approx(b.summary.brier_base)


def test_seed_moves_only_the_intervals(library, result: BacktestResult) -> None:  # type: ignore[no-untyped-def]
    same = score_forecasts(*library, seed=0)
    other = score_forecasts(*library, seed=1)
    assert same == result
    assert other.summary.skill == result.summary.skill
    assert other.summary.skill_lo != result.summary.skill_lo
    assert other.summary.bootstrap["seed"] == 1


def test_class_ids_are_accepted_and_recorded(library) -> None:  # type: ignore[no-untyped-def]
    forecasts, observed, _ = library
    r = score_forecasts(forecasts, observed, dict.fromkeys(observed, "all"), n_boot=50)
    assert {c.reference_class for c in r.cases} == {"all"}
    assert r.cases[0].base_forecast == pytest.approx(baselines.icb_forecast("all"))


def test_bad_input(library) -> None:  # type: ignore[no-untyped-def]
    forecasts, observed, refs = library
    some = next(iter(forecasts))
    with pytest.raises(ValueError, match="observed: expected the same case ids"):
        score_forecasts(forecasts, {k: v for k, v in observed.items() if k != some}, refs)
    with pytest.raises(ValueError, match="reference_class"):
        score_forecasts(forecasts, observed, {**refs, "extra": "all"})
    with pytest.raises(ValueError, match="summing to 1"):
        score_forecasts({**forecasts, some: {"settlement": 0.5}}, observed, refs)
    with pytest.raises(ValueError, match="unknown category"):
        score_forecasts(forecasts, {**observed, some: "war"}, refs)
    with pytest.raises(ValueError, match="at least one"):
        score_forecasts({}, {}, {})


def test_case_score_validates_and_null_skill_round_trips(result: BacktestResult) -> None:
    good = result.cases[0].model_dump()
    with pytest.raises(ValueError):
        CaseScore.model_validate(good | {"forecast": {"settlement": 0.5}})
    with pytest.raises(ValueError):
        CaseScore.model_validate(good | {"observed": "war"})
    with pytest.raises(ValueError):
        CaseScore.model_validate(good | {"surprise": 1})
    blank = result.model_copy(update={"summary": result.summary.model_copy(update={"skill": None})})
    text = blank.to_json()
    assert json.loads(text)["summary"]["skill"] is None
    assert BacktestResult.from_json(text).summary.skill is None


def test_most_wrong_is_sorted_by_brier(result: BacktestResult) -> None:
    ranked = result.most_wrong()
    assert [c.brier for c in ranked] == sorted((c.brier for c in result.cases), reverse=True)
    assert result.most_wrong(3) == ranked[:3]


def test_importing_the_backtest_stays_light() -> None:
    """Heavy libraries load only when a function needs them (import brink stays light)."""
    import subprocess
    import sys

    code = (
        "import sys; import brink.backtest.results, brink.backtest.report, "
        "brink.backtest.baselines, brink.backtest.scoring; "
        "print(sorted(m for m in ('pandas', 'scipy', 'plotly', 'jinja2', 'duckdb') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
