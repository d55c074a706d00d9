"""The inert-input screen: every input of the built-in scenarios changes some outcome."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from brink.analysis.effects import effect_of, effects, inert
from brink.cli import run_cli
from brink.experiments.effects import paired_runs, paired_tasks, screen_runs
from brink.model.inputs import param_table
from brink.scenario.loader import load_scenario


@pytest.mark.parametrize("name", ["korea-2017", "cuba-1962"])
def test_builtin_scenarios_have_no_inert_input(name: str) -> None:
    scenario = load_scenario(name)
    results = effects(screen_runs(scenario, episodes=1000, seed=0), scenario)
    assert results, "the screen found no inputs"
    bad = [e.input for e in inert(results)]
    assert not bad, f"inputs of {name} that change nothing: {bad}"


def test_screen_finds_an_input_that_changes_nothing() -> None:
    """A policy input of a doctrine no seat plays changes nothing: the screen must say so
    when forced to screen it under another policy (so the test above can fail)."""
    scenario = load_scenario("korea-2017")
    path = "policies.engagement.prefer.talks"
    table = param_table(scenario)
    (pair,) = paired_runs(scenario, table, "maximum-pressure", None, 200, 0, [path])
    effect = effect_of(pair)
    assert effect.changed == 0 and not effect.distinguishable
    assert inert([effect]) == [effect]


def test_the_arms_are_tasks_that_differ_only_in_the_input() -> None:
    """Each input's two tasks share draws, seed and policy, and every other input's values;
    the input alone is at its low, then its high value."""
    scenario = load_scenario("korea-2017")
    table = param_table(scenario)
    paths = ["perception.misperception_rate", "actors.US.war_cost"]
    tasks = paired_tasks(scenario, table, "engagement", None, 50, 3, paths)
    assert len(tasks) == 4
    for i, path in enumerate(paths):
        low, high = tasks[2 * i], tasks[2 * i + 1]
        assert (low.draw_start, low.draw_stop, low.seed, low.policy) == (0, 50, 3, "engagement")
        assert low.inputs is not None and high.inputs is not None
        assert set(low.inputs) == set(high.inputs) == set(table)
        assert low.inputs[path][0] < high.inputs[path][0]
        for other in set(table) - {path}:
            assert np.array_equal(low.inputs[other], high.inputs[other])


def test_effects_command_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    status = run_cli(["effects", "cuba-1962", "--episodes", "200", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert status in (0, 1)
    assert {"input", "reporting", "effect", "distinguishable"} <= set(out[0])
    assert {e["input"] for e in out} >= {"actors.US.war_cost", "perception.misperception_rate"}


def test_effects_screens_under_a_chosen_calibration(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`--calibration` is the same option as `brink run`'s: a file, `default` or `none`, and a
    missing file is one line."""
    args = ["effects", "cuba-1962", "--episodes", "100", "--json"]
    run_cli([*args, "--calibration", "none"])
    plain = json.loads(capsys.readouterr().out)
    run_cli(args)
    shipped = json.loads(capsys.readouterr().out)
    assert [e["effect"] for e in plain] != [e["effect"] for e in shipped]
    assert run_cli([*args, "--calibration", str(tmp_path / "missing.yaml")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no such calibration file" in err[0], err
