"""The built-in `cuba-1962` scenario: it loads, every input is sourced, its parts exist, it runs."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from brink.model.inputs import param_table
from brink.scenario.loader import builtin_names, load_scenario
from brink.scenario.schema import Ally, Principal, ThirdParty
from brink.simulation import run

NAME = "cuba-1962"
US_POLICIES = ("quarantine", "air-strike", "invasion", "diplomacy", "turkey-trade", "do-nothing")


@pytest.fixture(scope="module")
def scen():  # type: ignore[no-untyped-def]
    return load_scenario(NAME)


def test_is_a_builtin_and_loads(scen) -> None:  # type: ignore[no-untyped-def]
    assert NAME in builtin_names()
    assert scen.id == NAME


def test_daily_turns_from_16_october_1962(scen) -> None:  # type: ignore[no-untyped-def]
    assert scen.start_date == dt.date(1962, 10, 16)
    assert scen.turn_days == 1
    # Long enough to hold the facts' thirteen days with room to spare.
    assert 13 < scen.horizon_turns <= 60


def test_actors_us_ussr_and_cuba_as_soviet_ally(scen) -> None:  # type: ignore[no-untyped-def]
    assert scen.challenger == "US" and scen.defender == "USSR"
    assert isinstance(scen.actors["US"], Principal)
    assert isinstance(scen.actors["USSR"], Principal)
    cuba = scen.actors["Cuba"]
    assert isinstance(cuba, Ally) and cuba.of == "USSR"
    assert not any(isinstance(a, ThirdParty) for a in scen.actors.values())


def test_every_numeric_input_has_source_or_judgement(scen) -> None:  # type: ignore[no-untyped-def]
    table = param_table(scen)
    assert len(table) > 50
    for path, param in table.items():
        assert param.source or param.judgement, path
        # A judgement without its reasoning is allowed by the language but not in a built-in,
        # except for plain normalisations and the fixed payoffs of the endings.
        if param.judgement and not param.source and param.note is None:
            assert path.startswith("payoffs.") or path.endswith(".stakes"), path


def test_back_channel_between_the_principals(scen) -> None:  # type: ignore[no-untyped-def]
    channel = scen.channels["rfk-dobrynin"]
    assert set(channel.between) == {"US", "USSR"}
    assert channel.enabled
    low, high = channel.noise_reduction.bounds()
    assert 0.0 <= low < high <= 1.0


def test_policies_named_in_the_issue_exist(scen) -> None:  # type: ignore[no-untyped-def]
    for name in US_POLICIES:
        assert scen.policies[name].actor == "US", name
    assert scen.action(scen.policies["quarantine"].opening).category == "sanction"
    assert scen.action("quarantine").rung == 4
    assert scen.policies["air-strike"].strike_at is not None
    assert "invasion" in scen.policies["invasion"].respond
    assert scen.action("invasion").category == "war"
    for name in ("diplomacy", "turkey-trade"):
        policy = scen.policies[name]
        assert policy.negotiate == "lead"
        assert scen.action(policy.opening).category == "talks"
    defender = scen.defender_actor.default_policy
    assert scen.policies[defender].actor == "USSR" and scen.policies[defender].kind == "logit"
    assert len(scen.negotiation.stages) == 3


def test_per_day_hazards_are_probabilities(scen) -> None:  # type: ignore[no-untyped-def]
    for path in (
        "accidents.hazard_top",
        "accidents.escalation_probability",
        "perception.misperception_rate",
        "perception.delay_probability",
        "decision.coercion",
        "decision.response_risk",
        "channels.rfk-dobrynin.noise_reduction",
    ):
        low, high = param_table(scen)[path].bounds()
        assert 0.0 <= low <= high <= 1.0, path


@pytest.mark.parametrize("policy", sorted(set(US_POLICIES) | {"tit-for-tat", "calculating"}))
def test_each_policy_runs_and_outcomes_sum_to_one(policy: str) -> None:
    result = run(NAME, [policy], episodes=300, seed=3)
    block = result.summary()["results"][0]
    assert block["episodes"] == 300
    total = sum(est["p"] for est in block["outcomes"].values())
    assert total == pytest.approx(1.0)
    war = block["outcomes"]["war"]["p"]
    assert sum(est["p"] for est in block["war_causes"].values()) == pytest.approx(war)
    assert sum(est["p"] for est in block["war_kinds"].values()) == pytest.approx(war)
    turns = result.columns[policy]["turns"]
    assert np.all((turns >= 1) & (turns <= 30))


def test_planned_air_strike_is_always_a_war_by_intent_or_earlier_end() -> None:
    cols = run(NAME, ["air-strike"], episodes=300, seed=5).columns["air-strike"]
    strike_day = load_scenario(NAME).policies["air-strike"].strike_at
    assert np.all(cols["turns"] <= strike_day)
    assert np.all((cols["outcome"] == "war") | (cols["turns"] < strike_day))


def test_defender_plays_its_default_against_every_policy() -> None:
    result = run(NAME, ["quarantine"], episodes=50, seed=1)
    assert result.opponent == "khrushchev-calculating"
