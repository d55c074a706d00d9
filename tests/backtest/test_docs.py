"""docs/backtest.md states what the code computes: the case mapping, the base-rate shares, the
baselines' scores on the library, and each case's reference class."""

from __future__ import annotations

import re

import pytest

from brink.backtest import baselines, scoring
from brink.backtest.case_outcome import CaseOutcome
from brink.backtest.outcomes import CATEGORIES
from conftest import ROOT

DOC = (ROOT / "docs" / "backtest.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = DOC.index(title)
    end = DOC.find("\n## ", start + len(title))
    return DOC[start : end if end > 0 else None]


def _rows(text: str) -> list[list[str]]:
    rows = []
    for line in text.splitlines():
        if line.startswith("|") and not set(line) <= {"|", "-", " "}:
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows[1:]  # drop the header


def _observed(cases) -> dict[str, str]:  # type: ignore[no-untyped-def]
    out = {}
    for case_id, case in cases.items():
        outcome = CaseOutcome.model_validate(case["outcome"])
        out[case_id] = outcome.category(case["challenger"], case["defender"])
    return out


def test_case_table_matches_the_rule(cases) -> None:  # type: ignore[no-untyped-def]
    table = {r[0]: r for r in _rows(_section("### Every case"))}
    assert set(table) == set(cases)
    for case_id, category in _observed(cases).items():
        assert table[case_id][6] == f"`{category}`", case_id
        icb = cases[case_id]["outcome"]["icb"]
        assert table[case_id][1] == (str(icb) if icb else "—"), case_id
        assert table[case_id][2] == str(cases[case_id]["outcome"]["viol"]), case_id


def test_base_rate_table_matches_the_data_file() -> None:
    section = _section("## Baselines")
    rows = [r for r in _rows(section) if r[0].startswith("`") and len(r) == 9]
    classes = baselines.reference_classes()
    assert [r[0].strip("`") for r in rows] == list(classes)
    for r in rows:
        c = classes[r[0].strip("`")]
        assert int(r[1]) == c.n
        assert [float(x) for x in r[2:8]] == pytest.approx(
            [c.shares[k] for k in CATEGORIES], abs=5e-4
        ), c.id
        assert float(r[8]) == c.definitive


def test_baseline_scores_on_the_library(cases) -> None:  # type: ignore[no-untyped-def]
    observed = _observed(cases)
    y = scoring.as_indices(list(observed.values()))
    refs = [CaseOutcome.model_validate(c["outcome"]).reference for c in cases.values()]
    forecasts = {
        "ICB base rate": baselines.icb_forecasts(refs),
        "climatology (leave-one-out)": baselines.climatology_loo(y),
        "uniform": baselines.uniform(len(y)),
    }
    table = {r[0]: r for r in _rows(_section("The baselines' own scores"))}
    for name, p in forecasts.items():
        got = [f(p, y).mean() for f in (scoring.brier, scoring.log_score, scoring.rps)]
        assert [float(x) for x in table[name][1:4]] == pytest.approx(got, abs=5e-4), name


def test_listed_reference_classes(cases) -> None:  # type: ignore[no-untyped-def]
    section = _section("**Which class a case uses.**")
    for cid in ("nuclear-both-sides", "nuclear-actor", "1918-1945"):
        match = re.search(rf"- `{cid}` \(\d+\): (.*?)(?:;\n|\.\n)", section, re.S)
        assert match, cid
        listed = len(re.findall(r"(?<![–-])\b(?:18|19|20)\d\d\b", match.group(1)))  # one year each
        chosen = [
            k
            for k, c in cases.items()
            if baselines.choose_reference_class(CaseOutcome.model_validate(c["outcome"]).reference)
            == cid
        ]
        assert listed == len(chosen), cid
