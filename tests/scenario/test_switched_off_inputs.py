"""Inputs of switched-off parts are not sampled by designs nor ranked (they cannot matter)."""

from __future__ import annotations

from brink.model.inputs import param_table, switched_off, uncertain_inputs
from brink.scenario.loader import load_scenario


def test_a_disabled_channel_s_input_is_left_out_of_designs() -> None:
    scenario = load_scenario("korea-2017")  # us-dprk is off: no direct channel in 2017
    assert "channels.us-dprk.noise_reduction" in param_table(scenario)
    assert "channels.us-dprk.noise_reduction" not in uncertain_inputs(scenario)
    opened = load_scenario("korea-2017", ["channels.us-dprk.enabled=true"])
    assert "channels.us-dprk.noise_reduction" in uncertain_inputs(opened)


def test_a_block_switched_off_takes_its_inputs_out() -> None:
    scenario = load_scenario("korea-2017", ["accidents.enabled=false"])
    off = switched_off(scenario)
    assert {"accidents.hazard_top", "accidents.exponent"} <= off
    assert not any(path.startswith("accidents.") for path in uncertain_inputs(scenario))
    assert any(path.startswith("perception.") for path in uncertain_inputs(scenario))
