"""Consistency of the model's bookkeeping and information (each test pins a defect the
object-per-actor reference found, so it fails on the engine as it was)."""

from __future__ import annotations

import numpy as np

from brink.engine.batch import compiled_for, resolve_matchup, run_batch, start_crisis
from brink.engine.turn import play_turn
from brink.scenario.loader import load_scenario

N = 1500


def _episodes(n: int = N) -> tuple[np.ndarray, np.ndarray]:
    return np.arange(n, dtype=np.int64), np.zeros(n, dtype=np.int64)


def test_a_major_war_never_ends_as_a_collapse() -> None:
    scenario = load_scenario("korea-2017")
    cols = run_batch(scenario, resolve_matchup(scenario, "preemptive-strike"), 0, *_episodes())
    cols = cols.columns
    at_war = cols["war_kind"] != "none"
    assert at_war.sum() > N / 2  # the strike starts wars
    assert not ((cols["outcome"] == "collapse") & (cols["war_turns"] > 0)).any()


def test_only_wars_carry_a_cause() -> None:
    scenario = load_scenario("korea-2017")
    cols = run_batch(scenario, resolve_matchup(scenario, "preemptive-strike"), 0, *_episodes())
    cols = cols.columns
    peace = cols["outcome"] != "war"
    assert peace.any() and (cols["clashes"][peace] > 0).any()  # contained clashes happened
    assert (cols["war_cause"][peace] == "none").all()
    assert (cols["war_cause"][~peace] != "none").all()


def _crisis(policy: str = "maximum-pressure", n: int = 200):  # type: ignore[no-untyped-def]
    scenario = load_scenario("korea-2017")
    draws, reps = np.zeros(n, dtype=np.int64), np.arange(n, dtype=np.int64)
    return scenario, start_crisis(scenario, resolve_matchup(scenario, policy), 0, draws, reps)


def test_strikes_by_both_sides_in_one_turn_are_an_exchange() -> None:
    scenario, crisis = _crisis(n=20)
    c = compiled_for(scenario)
    us, dprk = c.actors.index("US"), c.actors.index("DPRK")
    strike, hold = c.table.index("limited-strike"), c.table.index("shelling")
    play_turn(crisis, {us: np.full(20, strike), dprk: np.full(20, hold)})
    assert crisis.state.exchange.all()  # the other side struck too, in the same turn


def test_the_opening_move_tells_nobody_the_seat_s_resolve() -> None:
    # maximum-pressure opens with sanctions whatever the US's type: the DPRK's belief about
    # the US must not move on turn 1.
    scenario = load_scenario("korea-2017")
    draws, reps = _episodes(300)  # inputs vary across episodes
    crisis = start_crisis(scenario, resolve_matchup(scenario, "maximum-pressure"), 0, draws, reps)
    c = compiled_for(scenario)
    us, dprk = c.actors.index("US"), c.actors.index("DPRK")
    prior = crisis.state.belief[:, dprk, us].copy()
    play_turn(crisis)
    assert np.array_equal(crisis.state.belief[:, dprk, us], prior)


def test_an_observer_s_forecast_does_not_depend_on_types_it_cannot_see() -> None:
    # Same inputs in every episode (one draw): the US's turn-1 choice probabilities, type by
    # type, cannot depend on which leader type the DPRK drew, or on its resolve.
    scenario, crisis = _crisis(n=400)
    c = compiled_for(scenario)
    us, dprk = c.actors.index("US"), c.actors.index("DPRK")
    play_turn(crisis)
    assert len(set(crisis.state.policy[:, dprk])) == 2  # both leader types were drawn
    assert np.ptp(crisis.state.p_force[:, us, :], axis=0).max() == 0.0


def test_with_accidents_off_their_hazard_changes_nothing() -> None:
    scenario = load_scenario("korea-2017", ["accidents.enabled=false"])
    quiet = load_scenario("korea-2017", ["accidents.enabled=false", "accidents.hazard_top=0"])
    a = run_batch(scenario, resolve_matchup(scenario, "maximum-pressure"), 0, *_episodes(800))
    b = run_batch(quiet, resolve_matchup(quiet, "maximum-pressure"), 0, *_episodes(800))
    for column in ("outcome", "missile_tests", "turns", "payoff_challenger"):
        assert np.array_equal(a.columns[column], b.columns[column]), column


def test_backing_down_from_a_commitment_costs_approval() -> None:
    scenario, crisis = _crisis(n=50)
    c = compiled_for(scenario)
    us = c.actors.index("US")
    rhetoric, concede = c.table.index("rhetoric"), c.table.index("concede")
    play_turn(crisis, {us: np.full(50, rhetoric)})  # a public threat commits the US
    committed = crisis.state.commitment[:, us].copy()
    before = crisis.state.approval[:, us].copy()
    play_turn(crisis, {us: np.full(50, concede)})
    assert (committed > 0).all()
    ended = crisis.state.capitulator == us
    assert ended.all()
    assert (crisis.state.approval[:, us] < before).all()
    assert (crisis.state.empty_threats[:, us] >= 1).all()


def test_a_misreading_stays_among_the_moves_the_seen_actor_can_make() -> None:
    # ``hold`` is shared: misread upward it is rhetoric for the US but must stay a move of
    # China's own for China (which has no rhetoric).
    for name in ("korea-2017", "cuba-1962"):
        c = compiled_for(load_scenario(name))
        for k in range(c.k):
            own = set(int(a) for a in c.own[k])
            for a in own:
                assert int(c.read_up[k, a]) in own, (name, c.actors[k], c.table.ids[a])
                assert int(c.read_down[k, a]) in own, (name, c.actors[k], c.table.ids[a])


def test_a_disarming_strike_leaves_capability_alone_when_capability_is_off() -> None:
    scenario = load_scenario(
        "korea-2017", ["capability.enabled=false", "actors.DPRK.disarm_probability=1"]
    )
    crisis = start_crisis(
        scenario, resolve_matchup(scenario, "maximum-pressure"), 0, *_episodes(30)
    )
    c = compiled_for(scenario)
    us = c.actors.index("US")
    before = crisis.state.capability[:, c.actors.index("DPRK")].copy()
    play_turn(crisis, {us: np.full(30, c.table.index("limited-strike"))})
    dprk = c.actors.index("DPRK")
    assert crisis.state.nuclear_off[:, dprk].all()
    assert np.array_equal(crisis.state.capability[:, dprk], before)
