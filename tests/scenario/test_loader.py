"""The scenario language: built-ins load, every input is sourced, bad files fail clearly."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from brink.errors import BrinkInputError, BrinkInputErrors
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


def test_unknown_key_is_rejected_with_its_line_and_the_closest_valid_one(tmp_path: Path) -> None:
    text = _korea_text().replace("turn_days: 7\n", "turn_days: 7\nturn_dayz: 3\n")
    path = _write(tmp_path, text)
    message = _error_of(path)
    line = text.splitlines().index("turn_dayz: 3") + 1
    assert message == f"{path}:{line}: turn_dayz: unknown key; did you mean `turn_days`?"
    nested = _korea_text().replace(
        '    stakes: {value: 1.0, judgement: true, note: "norm',
        '    stake: {value: 1.0, judgement: true, note: "norm',
        1,
    )
    message = _error_of(_write(tmp_path, nested))
    assert "actors.US.stake: unknown key; did you mean `stakes`?" in message
    far = _korea_text().replace("turn_days: 7\n", "turn_days: 7\nzzz: 3\n")
    assert "zzz: unknown key (expected one of: schema_version, id, title" in _error_of(
        _write(tmp_path, far)
    )


def test_every_problem_of_a_file_is_listed_at_once(tmp_path: Path) -> None:
    text = (
        _korea_text()
        .replace("horizon_turns: 52", "horizon_turns: -3")
        .replace("turn_days: 7\n", "turn_days: 7\nturn_dayz: 3\n")
        .replace("    opening: sanctions\n", "    opening: carpet-bombing\n", 1)
    )
    path = _write(tmp_path, text)
    with pytest.raises(BrinkInputErrors) as caught:
        load(str(path))
    problems = caught.value.problems
    assert len(problems) >= 2
    assert all("\n" not in p and p.startswith(f"{path}:") for p in problems)
    joined = " ".join(problems)
    assert "horizon_turns" in joined and "turn_dayz" in joined
    lines = text.splitlines()
    assert f"{path}:{lines.index('horizon_turns: -3') + 1}: horizon_turns:" in joined


def test_the_cli_prints_each_problem_on_its_own_line(tmp_path: Path) -> None:
    from helpers import run_inprocess

    text = (
        _korea_text()
        .replace("horizon_turns: 52", "horizon_turns: -3")
        .replace("turn_days: 7\n", "turn_days: 7\nturn_dayz: 3\n")
    )
    result = run_inprocess("validate", str(_write(tmp_path, text)))
    assert result.code == 2 and "Traceback" not in result.err
    lines = result.err_lines
    assert len(lines) == 2 and all(line.startswith("brink: error: ") for line in lines)


def test_duplicated_keys_are_refused(tmp_path: Path) -> None:
    text = _korea_text().replace("turn_days: 7\n", "turn_days: 7\nturn_days: 1\n")
    message = _error_of(_write(tmp_path, text))
    first = text.splitlines().index("turn_days: 7") + 1
    assert "duplicated key 'turn_days'" in message and f"line {first}" in message


def test_schema_1_files_are_refused_with_how_to_move_them(tmp_path: Path) -> None:
    text = _korea_text().replace("schema_version: 2", "schema_version: 1")
    message = _error_of(_write(tmp_path, text))
    assert "schema_version" in message and "schema 1" in message
    assert "docs/scenarios.md" in message
    other = _error_of(
        _write(tmp_path, _korea_text().replace("schema_version: 2", "schema_version: 7"))
    )
    assert "expected 2 (got 7)" in other


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
        ("actors.US.nerve=3", "unknown key"),
        ("actors.US.stake=3", "did you mean `stakes`"),
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
