"""Details of single mechanisms, checked on small batches."""

from __future__ import annotations

import numpy as np

from brink.engine.batch import run_batch, start_crisis
from brink.scenario.loader import load_scenario
from brink.simulation import run


def _batch(policy: str, overrides: list[str], n: int = 3000) -> dict[str, np.ndarray]:
    scen = load_scenario("korea-2017", overrides)
    return run_batch(scen, policy, None, 2, np.arange(n), np.zeros(n, dtype=np.int64)).columns


def test_an_unconsulted_strike_costs_the_alliance() -> None:
    cols = _batch("preemptive-strike", [])
    # Two unconsulted shows of force (a quarter each) and the strike itself (whole).
    struck = (cols["turns"] == 3) & (cols["max_rung"] == 5)
    assert struck.mean() > 0.9
    loss = cols["input:actors.ROK.cohesion_loss"][struck]
    assert np.allclose(cols["cohesion"][struck], np.maximum(1.0 - 1.5 * loss, 0.0))


def test_allies_who_lost_faith_veto_the_strike() -> None:
    cols = _batch("preemptive-strike", ["alliance.strike_floor=0.95"])
    assert (cols["turns"] > 3).mean() > 0.9  # the planned strike at turn 3 did not happen


def test_zero_temperature_is_a_best_response_not_an_error() -> None:
    cols = _batch("calculating", ["decision.temperature=0"], n=500)
    assert np.isfinite(cols["payoff_challenger"]).all()
    assert set(cols["outcome"]) <= {"war", "settlement", "capitulation", "collapse", "unresolved"}


def test_disarming_the_struck_side_removes_its_nuclear_use() -> None:
    scen = load_scenario("korea-2017")
    crisis, _ = start_crisis(scen, None, None, 1, np.arange(4), np.zeros(4, dtype=np.int64))
    disarmed = np.array([True, True, False, False])
    target = np.array([1, 0, 1, 0])
    chance = crisis.nuclear_chance(disarmed, target)
    us = crisis.actor_input(0, "nuclear_use_probability")
    dprk = np.clip(crisis.actor_input(1, "nuclear_use_probability"), 0, 1)
    assert np.isclose(chance[0], us[0])  # DPRK disarmed: only US use remains
    assert np.isclose(chance[1], dprk[1])  # US disarmed: only DPRK use remains
    assert chance[2] >= max(us[2], dprk[2])


def test_ally_casualties_follow_exposure() -> None:
    cols = run("korea-2017", ["preemptive-strike"], episodes=500, seed=3, keep_inputs=True)
    c = cols.columns["preemptive-strike"]
    exposure = c["input:actors.ROK.exposure"] + c["input:actors.Japan.exposure"]
    assert np.allclose(c["ally_casualties"], c["casualties"] * exposure)
