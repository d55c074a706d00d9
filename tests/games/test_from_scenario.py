"""Reduction of a scenario's crisis core to the signalling game, and the value of ambiguity."""

from __future__ import annotations

import pytest

from brink.games.from_scenario import (
    CrisisCore,
    reduce_core,
    solve_core,
)

CORE = CrisisCore(
    challenger_resolve_prior=0.6,
    challenger_war_cost=4.0,
    challenger_audience_cost=0.15,
    challenger_stakes=1.0,
    defender_resolve_prior=0.7,
    defender_war_cost=7.5,
    defender_audience_cost=0.2,
    defender_stakes=1.0,
    challenger_win_probability=0.945,
    challenger="US",
    defender="DPRK",
)


def test_reduction_maps_each_input() -> None:
    p = reduce_core(CORE)
    assert p == {
        "pi": 0.6,
        "v_c": 1.0,
        "v_d": 1.0,
        "p": 0.945,
        "c_res": 1.0,
        "c_irr": 4.0,
        "c_d": 7.5,
        "a": 0.15,
    }


def test_value_of_ambiguity_compares_with_known_resolve() -> None:
    doc = solve_core(CORE, scenario="test").to_json()
    full = doc["complete_information"]
    head = doc["selected"]
    assert doc["value_of_ambiguity"]["p_war"] == pytest.approx(head["p_war"] - full["p_war"])
    assert doc["value_of_ambiguity"]["payoff_challenger"] == pytest.approx(
        head["payoff_challenger"] - full["payoff_challenger"]
    )
    # With these numbers an irresolute US can bluff: the defender concedes to any threat.
    assert head["kind"] == "pooling: both threaten" and head["resist"] == 0.0
    assert full["by_type"]["irresolute"]["threatens"] is False
    assert doc["core"]["unused"] == ["defender_resolve_prior", "defender_audience_cost"]


def test_overrides_replace_reduced_parameters() -> None:
    doc = solve_core(CORE, {"c_d": 0.1}).to_json()
    assert doc["params"]["c_d"] == 0.1


def test_korea_2017_reduction_reads_the_v2_fields() -> None:
    from brink.games.from_scenario import load_core
    from brink.scenario.loader import load_scenario

    scen = load_scenario("korea-2017")
    core = load_core("korea-2017")
    actors = scen.actors
    assert (core.challenger, core.defender) == ("US", "DPRK")
    assert core.challenger_resolve_prior == pytest.approx(0.6)  # uniform 0.4-0.8
    assert core.challenger_war_cost == actors["US"].war_cost.nominal == pytest.approx(4.0)
    assert core.challenger_audience_cost == pytest.approx(0.15)
    assert core.defender_war_cost == pytest.approx(7.5)
    assert core.resolute_cost_share == scen.beliefs.resolute_war_cost.nominal
    # The US side (US, ROK, Japan) against the DPRK's, at nominal strengths.
    us_side = 1.0 + 0.3 + 0.05
    share = us_side / (us_side + 0.085)
    assert core.challenger_win_probability == pytest.approx(share)
    # The game's war is the challenger's: its side gains the first-strike bonus, and only a
    # decisive war (not a ceasefire) gives anyone the stakes.
    ceasefire, bonus = scen.war.ceasefire_share.nominal, scen.war.first_strike_bonus.nominal
    assert ceasefire > 0 and bonus > 0
    doc = solve_core(core, scenario="korea-2017").to_json()
    assert doc["params"]["p"] == pytest.approx((1 - ceasefire) * min(share + bonus, 1.0))
    assert 0.0 <= doc["p_war"] <= 1.0
    engine = doc["core"]["engine"]
    assert engine["ceasefire_share"] == ceasefire and engine["first_strike_bonus"] == bonus
    assert engine["nuclear_factor"] > 1.0  # the DPRK may use nuclear weapons
    # War costs more than the nominal cost in the engine (allies' exposure, nuclear risk).
    assert doc["params"]["c_res"] > core.resolute_cost_share * 4.0


@pytest.mark.parametrize("name", ["korea-2017", "cuba-1962"])
def test_the_game_s_payoffs_are_the_engine_s_values(name: str) -> None:
    """Each outcome of the reduced game is worth, to each lead, what the engine's valuations
    (brink.model.values) make of it less the standoff going on: the concession, the war the
    challenger starts (by the challenger's type), backing down (−a)."""
    from brink.games.from_scenario import load_core, reduce_to_game

    core = load_core(name)
    t = core.engine
    assert t is not None
    g = reduce_to_game(core)
    assert g.v_c == pytest.approx(t.challenger_concession - t.challenger_status_quo)
    assert -g.v_d == pytest.approx(t.defender_concession - t.defender_status_quo)
    assert g.war_c("irresolute") == pytest.approx(t.challenger_war_value - t.challenger_status_quo)
    assert g.war_c("resolute") == pytest.approx(
        t.challenger_war_value_resolute - t.challenger_status_quo
    )
    assert g.war_d == pytest.approx(t.defender_war_value - t.defender_status_quo)
    # ... and the engine's war value is Fearon's, with the ceasefire share, the first-strike
    # bonus and the nuclear factor (docs/model.md, Values), from the terms read.
    assert t.challenger_war_value == pytest.approx(
        core.challenger_stakes * t.decisive * t.prevail - t.challenger_war_cost * t.nuclear_factor
    )
    assert t.prevail == pytest.approx(
        min(core.challenger_win_probability + t.first_strike_bonus, 1.0)
    )
    assert t.prevail + t.prevail_defender == pytest.approx(1.0)


def test_without_ceasefires_first_strikes_or_nuclear_risk_p_is_the_strength_share() -> None:
    from brink.games.from_scenario import core_from_scenario, reduce_core
    from brink.model.inputs import param_table
    from brink.scenario.loader import load_scenario

    scen = load_scenario("korea-2017")
    plain = [
        "war.ceasefire_share=0",
        "war.first_strike_bonus=0",
        *(f"{path}=0" for path in param_table(scen) if path.endswith(".nuclear_use_probability")),
    ]
    core = core_from_scenario(load_scenario("korea-2017", plain))
    assert core.engine is not None and core.engine.nuclear_factor == 1.0
    assert reduce_core(core)["p"] == pytest.approx(core.challenger_win_probability)
    base = reduce_core(core_from_scenario(scen))
    assert base["p"] < reduce_core(core)["p"]  # ceasefires take more than the bonus gives
    assert base["c_irr"] > reduce_core(core)["c_irr"]  # nuclear risk raises war's cost


def test_a_stronger_defender_side_lowers_the_challengers_odds() -> None:
    from brink.games.from_scenario import core_from_scenario
    from brink.scenario.loader import load_scenario

    base = core_from_scenario(load_scenario("korea-2017"))
    stronger = core_from_scenario(load_scenario("korea-2017", ["actors.DPRK.strength=1.35"]))
    assert stronger.challenger_win_probability == pytest.approx(0.5)
    assert stronger.challenger_win_probability < base.challenger_win_probability


def test_cuba_1962_reduces_and_solves() -> None:
    from brink.games.from_scenario import load_core

    core = load_core("cuba-1962")
    assert (core.challenger, core.defender) == ("US", "USSR")
    assert 0.7 < core.challenger_win_probability < 0.95  # as the file's note says
    assert 0.0 <= solve_core(core, scenario="cuba-1962").to_json()["p_war"] <= 1.0


def test_a_challenger_without_a_private_type_is_one_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    from brink.errors import BrinkInputError
    from brink.games.from_scenario import load_core

    korea = Path(__file__).resolve().parents[2] / "src/brink/scenario/library/korea-2017.yaml"
    lines = [
        line
        for line in korea.read_text().splitlines()
        if not line.startswith("    resolve_prior: {dist: uniform, low: 0.4, high: 0.8")
    ]
    path = tmp_path / "untyped.yaml"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(BrinkInputError, match=r"actors\.US\.resolve_prior") as caught:
        load_core(str(path))
    assert "\n" not in str(caught.value)
