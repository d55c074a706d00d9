"""Reduction of a scenario's crisis core to the signalling game, and the value of ambiguity."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

import pytest

from brink.games.from_scenario import (
    CrisisCore,
    core_from_scenario,
    reduce_core,
    solve_core,
)

CORE = CrisisCore(
    challenger_resolve_prior=0.6, challenger_war_cost=4.0, challenger_audience_cost=0.15,
    challenger_stakes=1.0, defender_resolve_prior=0.7, defender_war_cost=7.5,
    defender_audience_cost=0.2, defender_stakes=1.0, challenger_win_probability=0.945,
    challenger="US", defender="DPRK")


def test_reduction_maps_each_input() -> None:
    p = reduce_core(CORE)
    assert p == {"pi": 0.6, "v_c": 1.0, "v_d": 1.0, "p": 0.945, "c_res": 1.0, "c_irr": 4.0,
                 "c_d": 7.5, "a": 0.15}


def test_value_of_ambiguity_compares_with_known_resolve() -> None:
    doc = solve_core(CORE, scenario="test").to_json()
    full = doc["complete_information"]
    head = doc["selected"]
    assert doc["value_of_ambiguity"]["p_war"] == pytest.approx(head["p_war"] - full["p_war"])
    assert doc["value_of_ambiguity"]["payoff_challenger"] == pytest.approx(
        head["payoff_challenger"] - full["payoff_challenger"])
    # With these numbers an irresolute US can bluff: the defender concedes to any threat.
    assert head["kind"] == "pooling: both threaten" and head["resist"] == 0.0
    assert full["by_type"]["irresolute"]["threatens"] is False
    assert doc["core"]["unused"] == ["defender_resolve_prior", "defender_audience_cost"]


def test_overrides_replace_reduced_parameters() -> None:
    doc = solve_core(CORE, {"c_d": 0.1}).to_json()
    assert doc["params"]["c_d"] == 0.1


@dataclass
class _Param:
    value: float


def _actor(**kw: float) -> SimpleNamespace:
    return SimpleNamespace(**{k: _Param(v) for k, v in kw.items()})


def test_reader_accepts_actor_objects_with_value() -> None:
    inputs = dict(resolve_prior=0.5, war_cost=2.0, audience_cost=0.1, stakes=1.0)
    sc = SimpleNamespace(challenger=_actor(**inputs), defender=_actor(**inputs))
    core = core_from_scenario(sc)
    assert core.challenger_war_cost == 2.0 and core.challenger_win_probability == 0.5


def test_reader_accepts_named_actors_with_nominal() -> None:
    nominal = SimpleNamespace
    c = SimpleNamespace(resolve_prior=nominal(nominal=0.6), war_cost=nominal(nominal=4.0),
                        audience_cost=nominal(nominal=0.15), stakes=nominal(nominal=1.0),
                        win_probability=nominal(nominal=0.9))
    sc = SimpleNamespace(challenger="US", defender="DPRK", challenger_actor=c, defender_actor=c)
    core = core_from_scenario(sc)
    assert core.challenger == "US" and core.challenger_win_probability == 0.9


def test_korea_2017_end_to_end() -> None:
    from brink.games.from_scenario import load_core

    core = load_core("korea-2017")
    doc = solve_core(core, scenario="korea-2017").to_json()
    assert 0.0 <= doc["p_war"] <= 1.0
    assert core.challenger and core.defender
