"""The built-in `cuba-1962` scenario: it loads, every input is sourced, its parts exist, it runs."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from brink.api import run
from brink.model.inputs import param_table
from brink.scenario.loader import builtin_names, load_scenario

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
    assert {a: scen.actors[a].role for a in scen.actors} == {
        "US": "principal",
        "USSR": "principal",
        "Cuba": "ally",
    }
    assert scen.side_of("US") == "US" and scen.side_of("USSR") == "USSR"
    assert scen.allies_of("USSR") == ["Cuba"] and scen.allies_of("US") == []
    assert set(scen.seats()) == {"US", "USSR", "Cuba"}  # every actor decides


def test_every_numeric_input_has_source_or_judgement(scen) -> None:  # type: ignore[no-untyped-def]
    table = param_table(scen)
    assert len(table) > 50
    for path, param in table.items():
        assert param.source or param.judgement, path
    # Every actor's private type and leader-type mixture says where it comes from.
    for actor in ("US", "USSR"):
        assert table[f"actors.{actor}.resolve_prior"].note, actor


def test_back_channel_between_the_principals(scen) -> None:  # type: ignore[no-untyped-def]
    channel = scen.channels["rfk-dobrynin"]
    assert set(channel.between) == {"US", "USSR"}
    assert channel.enabled
    low, high = channel.noise_reduction.bounds()
    assert 0.0 <= low < high <= 1.0


def test_policies_named_in_the_issue_exist(scen) -> None:  # type: ignore[no-untyped-def]
    for name in US_POLICIES:
        assert scen.policies[name].actor == "US", name
    assert scen.action(scen.policies["quarantine"].opening).category == "blockade"
    assert scen.action("quarantine").rung == 4
    assert scen.policies["air-strike"].strike_at is not None
    assert scen.action("air-strike").category == "strike" and scen.action("air-strike").disarming
    assert any(line.then == "invasion" for line in scen.policies["invasion"].red_lines)
    assert scen.action("invasion").category == "war"
    for name in ("diplomacy", "turkey-trade"):
        policy = scen.policies[name]
        assert policy.negotiate == "lead"
        assert scen.action(policy.opening).category == "talks"
    assert scen.policies["blockade-table"].kind == "table"
    assert scen.policies["tit-for-tat"].kind == "reactive"
    assert len(scen.negotiation.stages) == 2


def test_the_soviet_side_is_a_sourced_mixture_of_leader_types(scen) -> None:  # type: ignore[no-untyped-def]
    mixture = scen.default_mixture("USSR")
    assert mixture == {"khrushchev-calculating": 0.75, "khrushchev-defiant": 0.25}
    chosen = scen.actors["USSR"].default_policy
    assert chosen.judgement and chosen.note  # a judged mixture says why
    for name in mixture:
        assert scen.policies[name].actor == "USSR" and scen.policies[name].kind == "strategic"
    assert scen.default_mixture("Cuba") == {"castro": 1.0}


def test_rates_are_probabilities_and_site_work_advances_readiness(scen) -> None:  # type: ignore[no-untyped-def]
    table = param_table(scen)
    assert table["accidents.hazard_top"].bounds()[0] >= 0.0  # a rate per year, not a probability
    for path in (
        "perception.misperception_rate",
        "perception.delay_probability",
        "perception.false_alarm_share",
        "channels.rfk-dobrynin.noise_reduction",
        "actors.USSR.capability_start",
        "actions.site-work.capability_gain",
    ):
        low, high = table[path].bounds()
        assert 0.0 <= low <= high <= 1.0, path
    assert scen.action("site-work").breaks_freeze
    assert scen.actors["USSR"].capability_start is not None


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
    assert np.all((turns >= 1) & (turns <= load_scenario(NAME).horizon_turns))
    assert set(block["by_opponent"]) == {"khrushchev-calculating", "khrushchev-defiant"}


def test_the_planned_air_strike_comes_on_its_day() -> None:
    cols = run(NAME, ["air-strike"], episodes=300, seed=5).columns["air-strike"]
    strike_day = load_scenario(NAME).policies["air-strike"].strike_at
    reached = cols["turns"] >= strike_day
    assert reached.mean() > 0.9
    assert np.all(cols["max_rung"][reached] >= 5)  # the strike (or worse) happened
    war = cols["outcome"] == "war"
    assert np.mean(cols["war_cause"][war] == "intent") > 0.9
    contained = reached & (cols["violence"] == 2)
    assert not np.any(war & contained)  # a strike left unanswered need not end in war


def test_defender_plays_its_default_mixture_against_every_policy() -> None:
    result = run(NAME, ["quarantine"], episodes=50, seed=1)
    assert result.opponent == "khrushchev-calculating:0.75,khrushchev-defiant:0.25"
    types = result.columns["quarantine"]["opponent_type"]
    assert set(types) <= {"khrushchev-calculating", "khrushchev-defiant"}
