"""The signalling-game reduction solved over a scenario's ranges (issue 8, Q10)."""

from __future__ import annotations

import json

import pytest

from brink.cli import main
from brink.games.from_scenario import core_from_scenario, solve_core
from brink.games.over_ranges import cores_over_ranges, solve_over_ranges
from brink.model.inputs import param_table
from brink.scenario.loader import load_scenario


def _collapsed(name: str):  # type: ignore[no-untyped-def]
    """The scenario with every uncertain input fixed at its nominal value: the reduction reads
    the engine's valuations, which read far more than the game's eight inputs."""
    scenario = load_scenario(name)
    fixed = [f"{path}={p.nominal!r}" for path, p in param_table(scenario).items() if p.uncertain]
    return load_scenario(name, fixed)


def test_a_collapsed_box_gives_the_nominal_answer_at_every_draw() -> None:
    scenario = _collapsed("korea-2017")
    nominal_core = core_from_scenario(scenario)
    nominal = solve_core(nominal_core).data
    assert core_from_scenario(load_scenario("korea-2017")) == nominal_core  # same midpoints
    cores = cores_over_ranges(scenario, 20, seed=3)
    assert all(core == nominal_core for core in cores)
    result = solve_over_ranges(scenario, draws=50, seed=3)
    assert result.kinds == {nominal["selected"]["kind"]: 1.0}
    assert result.p_war.mean == pytest.approx(nominal["p_war"])
    assert result.p_war.low == result.p_war.high
    assert result.ambiguity_p_war.mean == pytest.approx(nominal["value_of_ambiguity"]["p_war"])


def test_draws_follow_the_scenario_s_ranges_and_the_seed() -> None:
    scenario = load_scenario("korea-2017")
    cores = cores_over_ranges(scenario, 400, seed=0)
    costs = [core.challenger_war_cost for core in cores]
    war_cost = scenario.actors["US"].war_cost
    low, high = war_cost.bounds()
    assert low <= min(costs) < max(costs) <= high and max(costs) - min(costs) > (high - low) / 2
    again = cores_over_ranges(scenario, 400, seed=0)
    assert again == cores
    assert cores_over_ranges(scenario, 400, seed=1) != cores


def test_the_box_has_more_than_the_midpoint_s_equilibrium() -> None:
    # cuba-1962's midpoints give only "no threat"; part of its box has threats by both types
    # (korea-2017's has none once war is valued as the engine values it: docs/theory.md).
    scenario = load_scenario("cuba-1962")
    assert solve_core(core_from_scenario(scenario)).data["selected"]["kind"] == (
        "pooling: no threat"
    )
    result = solve_over_ranges(scenario, draws=2000, seed=0)
    assert abs(sum(result.kinds.values()) - 1.0) < 1e-9
    assert len(result.kinds) >= 2 and 0.0 < result.threat_share < 1.0
    assert 0.0 <= result.p_war.low <= result.p_war.mean <= result.p_war.high <= 1.0


def test_solve_from_scenario_reports_over_ranges_in_json(
    capsys: pytest.CaptureFixture[str],
) -> None:
    try:
        main(["solve", "signalling", "--from-scenario", "cuba-1962", "--draws", "200", "--json"])
    except SystemExit as done:
        assert not done.code
    doc = json.loads(capsys.readouterr().out)
    ranges = doc["over_ranges"]
    assert ranges["draws"] == 200 and ranges["scenario"] == "cuba-1962"
    assert set(ranges["p_war"]) == {"mean", "mean_lo", "mean_hi", "p2_5", "p97_5"}
    assert set(ranges["value_of_ambiguity"]) == {"p_war", "payoff_challenger"}
    assert "p_war" in doc  # the nominal solution is still there


def test_a_reduction_outside_the_game_s_domain_is_one_line(
    tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    """A defender that gains from backing down (v_d < 0 as the engine values it) has no
    signalling game: a one-line error, exit 2, at the midpoints and over the ranges."""
    from pathlib import Path

    from brink.errors import BrinkInputError

    korea = Path(__file__).resolve().parents[2] / "src/brink/scenario/library/korea-2017.yaml"
    text = korea.read_text()
    giving_up = 'DPRK: {value: -1.0, judgement: true, note: "giving up the programme"}'
    assert giving_up in text
    path = tmp_path / "gains-by-conceding.yaml"
    path.write_text(text.replace(giving_up, "DPRK: {value: 5.0, judgement: true}"))
    scenario = load_scenario(str(path))
    with pytest.raises(BrinkInputError, match=r"parameter v_d: .*as the engine values"):
        solve_core(core_from_scenario(scenario), scenario=str(path))
    with pytest.raises(BrinkInputError, match="at every draw the reduction leaves"):
        solve_over_ranges(scenario, draws=20, seed=0)
    with pytest.raises(SystemExit) as done:
        main(["solve", "signalling", "--from-scenario", str(path), "--draws", "20"])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
