"""The case file's ``outcome:`` block: validated apart from the scenario, one-line errors."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from brink.backtest.case_outcome import (
    CaseOutcome,
    load_case_outcome,
    observed_category,
    read_case_outcome,
    without_outcome,
)
from brink.errors import BrinkInputError

CUBA: dict[str, Any] = {
    "icb": 196,
    "viol": 2,
    "forout": 2,
    "subout": 2,
    "actors": {"US": {"icb": "USA", "outcome": "victory"}, "USSR": {"outcome": "defeat"}},
    "reference": {"period": "post-1945", "nuclear": "both-sides", "protracted": True},
    "source": "Brecher et al. 2023, ICB v15 codebook; crisis 196",
}


def _error(block: Any, origin: str = "cases/cuba.yaml") -> str:
    with pytest.raises(BrinkInputError) as caught:
        read_case_outcome({"id": "cuba", "outcome": block}, origin)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{origin}: outcome")
    return message


def test_every_transcribed_case_validates(cases) -> None:  # type: ignore[no-untyped-def]
    for case_id, case in cases.items():
        outcome = read_case_outcome(case, f"{case_id}.yaml")
        assert isinstance(outcome, CaseOutcome), case_id
        assert outcome.source


def test_block_is_optional_and_the_scenario_never_sees_it() -> None:
    data = {"id": "cuba", "title": "x", "outcome": copy.deepcopy(CUBA)}
    assert read_case_outcome({"id": "cuba"}) is None
    stripped = without_outcome(data)
    assert "outcome" not in stripped and stripped == {"id": "cuba", "title": "x"}
    assert "outcome" in data, "the caller's data is left as it was"


def test_reads_and_maps_cuba() -> None:
    outcome = read_case_outcome({"outcome": CUBA})
    assert outcome is not None
    assert outcome.actors["US"].icb == "USA" and outcome.actors["USSR"].icb is None
    assert observed_category(outcome, "US", "USSR") == "capitulation_defender"


@pytest.mark.parametrize(
    ("change", "field", "expected"),
    [
        ({"surprise": 1}, "outcome.surprise", "unknown key (expected one of: icb, coding"),
        ({"viol": 5}, "outcome.viol", "expected an ICB VIOL code 1-4"),
        ({"viol": "war"}, "outcome.viol", "expected an ICB VIOL code 1-4"),
        ({"viol": True}, "outcome.viol", "expected an ICB VIOL code 1-4"),
        ({"forout": 0}, "outcome.forout", "expected an ICB FOROUT code 1-7"),
        ({"subout": 3}, "outcome.subout", "expected an ICB SUBOUT code 1-2"),
        ({"forout": None}, "outcome.forout", "expected an ICB code when viol is 1 or 2"),
        ({"icb": "196"}, "outcome.icb", "expected an ICB crisis number or null"),
        ({"icb": None}, "outcome.coding", "expected a note saying who coded"),
        ({"source": ""}, "outcome.source", "expected a non-empty string"),
        (
            {"actors": {"US": {"outcome": "won"}}},
            "outcome.actors.US.outcome",
            "expected 'victory', 'compromise'",
        ),
        (
            {"actors": {"US": {"outcome": "victory", "side": 1}}},
            "outcome.actors.US.side",
            "unknown key (expected one of: icb, outcome)",
        ),
        (
            {"reference": {"period": "cold war", "nuclear": "none", "protracted": True}},
            "outcome.reference.period",
            "expected 'pre-1918', '1918-1945' or 'post-1945'",
        ),
        ({"reference": None}, "outcome.reference", "expected a mapping (got None)"),
    ],
)
def test_errors_name_file_field_and_expectation(change: dict, field: str, expected: str) -> None:
    block = copy.deepcopy(CUBA) | change
    message = _error(block)
    assert message.startswith(f"cases/cuba.yaml: {field}: "), message
    assert expected in message


def test_missing_field_and_wrong_block_type() -> None:
    block = copy.deepcopy(CUBA)
    del block["source"]
    assert _error(block) == "cases/cuba.yaml: outcome.source: required field is missing"
    assert "expected a mapping of outcome fields" in _error(["viol", 4])


def test_analyst_coding_and_war_without_form() -> None:
    block = {
        "icb": None,
        "coding": "analyst: full-scale invasion",
        "viol": 4,
        "reference": {"period": "post-1945", "nuclear": "both-sides", "protracted": True},
        "source": "chronology",
    }
    outcome = read_case_outcome({"outcome": block})
    assert outcome is not None and outcome.forout is None
    assert outcome.category("RUS", "UKR") == "war_major"
    with pytest.raises(BrinkInputError, match="coding"):
        read_case_outcome({"outcome": block | {"coding": "  "}})


def test_undecidable_definitive_outcome_is_one_line() -> None:
    block = copy.deepcopy(CUBA) | {"actors": {}}
    outcome = read_case_outcome({"outcome": block})
    assert outcome is not None
    with pytest.raises(BrinkInputError) as caught:
        observed_category(outcome, "US", "USSR", "cases/cuba.yaml")
    message = str(caught.value)
    assert message.startswith("cases/cuba.yaml: outcome.actors: ") and "who lost" in message


def test_file_errors_carry_the_line(tmp_path: Path) -> None:
    text = (
        "id: cuba\n"
        "title: Cuba\n"
        "outcome:\n"
        "  icb: 196\n"
        "  viol: 9\n"
        "  forout: 2\n"
        "  subout: 2\n"
        "  reference: {period: post-1945, nuclear: both-sides, protracted: true}\n"
        "  source: ICB\n"
    )
    path = tmp_path / "cuba.yaml"
    path.write_text(text)
    with pytest.raises(BrinkInputError) as caught:
        load_case_outcome(path)
    assert str(caught.value).startswith(f"{path}:5: outcome.viol: expected an ICB VIOL code")
    path.write_text(text.replace("viol: 9", "viol: 2"))
    outcome = load_case_outcome(path)
    assert outcome is not None and outcome.viol == 2
    path.write_text("id: x\n")
    assert load_case_outcome(path) is None
    path.write_text("outcome: [unclosed\n")
    with pytest.raises(BrinkInputError, match="malformed YAML"):
        load_case_outcome(path)
    with pytest.raises(BrinkInputError, match="cannot read"):
        load_case_outcome(tmp_path / "missing.yaml")


def test_fixture_file_is_plain_yaml_blocks(cases) -> None:  # type: ignore[no-untyped-def]
    """Each transcribed block round-trips through YAML unchanged (so it can be pasted)."""
    for case in cases.values():
        text = yaml.safe_dump({"outcome": case["outcome"]})
        assert read_case_outcome(yaml.safe_load(text)) == read_case_outcome(case)
