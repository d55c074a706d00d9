"""The inert-input screen: every input of the built-in scenarios changes some outcome."""

from __future__ import annotations

import json

import pytest

from brink.analysis.effects import inert, screen
from brink.cli import run_cli
from brink.scenario.loader import load_scenario


@pytest.mark.parametrize("name", ["korea-2017", "cuba-1962"])
def test_builtin_scenarios_have_no_inert_input(name: str) -> None:
    results = screen(load_scenario(name), episodes=1000, seed=0)
    assert results, "the screen found no inputs"
    bad = [e.input for e in inert(results)]
    assert not bad, f"inputs of {name} that change nothing: {bad}"


def test_screen_finds_an_input_that_changes_nothing() -> None:
    """A policy input of a doctrine no seat plays changes nothing: the screen must say so
    when forced to screen it under another policy (so the test above can fail)."""
    scenario = load_scenario("korea-2017")
    path = "policies.engagement.prefer.talks"
    from brink.analysis.effects import _screen
    from brink.engine.batch import resolve_matchup
    from brink.model.inputs import param_table

    matchup = resolve_matchup(scenario, "maximum-pressure")
    (effect,) = _screen(scenario, matchup, 200, 0, [path], param_table(scenario))
    assert effect.changed == 0 and not effect.distinguishable
    assert inert([effect]) == [effect]


def test_effects_command_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    status = run_cli(["effects", "cuba-1962", "--episodes", "200", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert status in (0, 1)
    assert {"input", "reporting", "effect", "distinguishable"} <= set(out[0])
    assert {e["input"] for e in out} >= {"actors.US.war_cost", "perception.misperception_rate"}
