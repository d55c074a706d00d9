"""The scenario language: built-ins load, every input is sourced, bad files fail clearly."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from brink.errors import BrinkInputError
from brink.model.inputs import param_table, uncertain_inputs
from brink.scenario.loader import builtin_names, load, load_scenario
from brink.scenario.schema import Scenario

KOREA = Path(__file__).resolve().parents[2] / "src/brink/scenario/library/korea-2017.yaml"


def test_builtins_include_korea_and_load() -> None:
    assert "korea-2017" in builtin_names()
    scen = load_scenario("korea-2017")
    assert set(scen.actors) == {"US", "DPRK", "China", "ROK", "Japan"}
    assert scen.turn_days == 7 and scen.horizon_turns == 52
    assert str(scen.start_date) == "2017-04-24"
    for policy in (
        "strategic-patience",
        "maximum-pressure",
        "preemptive-strike",
        "freeze-for-freeze",
        "engagement",
    ):
        assert scen.policies[policy].actor == "US"


def test_every_numeric_input_has_source_or_judgement() -> None:
    table = param_table(load_scenario("korea-2017"))
    assert len(table) > 40
    for path, param in table.items():
        assert param.source or param.judgement, path
    assert len(uncertain_inputs(load_scenario("korea-2017"))) > 20


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "crisis.yaml"
    path.write_text(text)
    return path


def _korea_text() -> str:
    return KOREA.read_text()


def _error_of(path: Path) -> str:
    with pytest.raises(BrinkInputError) as caught:
        load(str(path))
    message = str(caught.value)
    assert "\n" not in message
    assert str(path) in message
    return message


def test_missing_source_is_named_with_line(tmp_path: Path) -> None:
    text = _korea_text().replace(
        'stakes: {value: 1.0, judgement: true, note: "normalisation',
        'stakes: {value: 1.0, note: "x',
    )
    message = _error_of(_write(tmp_path, text))
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "stakes: {value: 1.0, note" in t)
    assert f":{line}:" in message
    assert "actors.US.stakes" in message
    assert "source" in message


def test_unknown_key_is_rejected_with_its_line(tmp_path: Path) -> None:
    text = _korea_text().replace("turn_days: 7\n", "turn_days: 7\nturn_dayz: 3\n")
    message = _error_of(_write(tmp_path, text))
    assert "turn_dayz" in message and "unknown key" in message
    line = text.splitlines().index("turn_dayz: 3") + 1
    assert f":{line}:" in message


def test_wrong_type_names_field_and_expectation(tmp_path: Path) -> None:
    text = _korea_text().replace("horizon_turns: 52", "horizon_turns: a year")
    message = _error_of(_write(tmp_path, text))
    assert "horizon_turns" in message and "integer" in message


def test_malformed_yaml_gives_line(tmp_path: Path) -> None:
    message = _error_of(_write(tmp_path, "id: x\nactors: [unclosed\n"))
    assert "malformed YAML" in message


def test_broken_reference_is_named(tmp_path: Path) -> None:
    text = _korea_text().replace("    opening: sanctions\n", "    opening: carpet-bombing\n", 1)
    message = _error_of(_write(tmp_path, text))
    assert "policies.maximum-pressure.opening" in message and "carpet-bombing" in message


def test_overrides_fix_inputs_and_switch_mechanisms() -> None:
    scen = load_scenario(
        "korea-2017",
        [
            "channels.us-dprk.enabled=true",
            "actors.China.enforcement=always",
            "actors.DPRK.disarm_probability=0.5",
        ],
    )
    assert scen.channels["us-dprk"].enabled
    assert scen.actors["China"].enforcement == "always"
    param = scen.actors["DPRK"].disarm_probability
    assert param.value == 0.5 and param.judgement and not param.uncertain


@pytest.mark.parametrize(
    ("override", "needle"),
    [
        ("actors.US.nerve=3", "unknown field"),
        ("capabilty.enabled=false", "no such field"),
        ("perception.misperception_rate=1.5", "within [0, 1]"),
        ("knot.decay=2", "knot.decay"),
        ("nonsense", "expected PATH=VALUE"),
        ("actors.US.war_cost=lots", "expected a number"),
        ("actors.China.enforcement=sometimes", "actors.China.enforcement"),
    ],
)
def test_bad_overrides_fail_in_one_line(override: str, needle: str) -> None:
    with pytest.raises(BrinkInputError) as caught:
        load("korea-2017", [override])
    assert needle in str(caught.value) and "\n" not in str(caught.value)


def test_unknown_scenario_lists_builtins() -> None:
    with pytest.raises(BrinkInputError, match="korea-2017"):
        load("atlantis-2030")


def test_json_schema_exports() -> None:
    schema = Scenario.model_json_schema()
    assert schema["additionalProperties"] is False
    assert "actors" in schema["properties"]


def test_round_trip_of_the_builtin_through_yaml(tmp_path: Path) -> None:
    data = yaml.safe_load(_korea_text())
    path = tmp_path / "copy.yaml"
    path.write_text(yaml.safe_dump(data))
    assert load(str(path)).scenario == load_scenario("korea-2017")


def test_fields_left_to_defaults_can_be_set() -> None:
    scen = load_scenario(
        "korea-2017",
        ["capability.enabled=false", "policies.maximum-pressure.consult_allies=false"],
    )
    assert not scen.capability.enabled
    assert not scen.policies["maximum-pressure"].consult_allies
