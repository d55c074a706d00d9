"""The model's sanity properties (DESIGN §2), each on korea-2017 with only one input moved.

These are consequences the mechanisms must have, not tuning targets: each compares two runs on
the same seed (common random numbers) and can fail if a mechanism stops doing its job.
"""

from __future__ import annotations

import numpy as np

from brink.simulation import run

N = 6000


def _cols(policy: str, overrides: list[str], episodes: int = N) -> dict[str, np.ndarray]:
    return run("korea-2017", [policy], episodes=episodes, seed=11, overrides=overrides).columns[
        policy
    ]


def _share(cols: dict[str, np.ndarray], outcome: str, cause: str | None = None) -> float:
    hit = cols["outcome"] == outcome
    if cause is not None:
        hit &= cols["war_cause"] == cause
    return float(hit.mean())


def test_more_perception_noise_raises_war_risk() -> None:
    quiet = _cols("maximum-pressure", ["perception.misperception_rate=0.02"])
    noisy = _cols("maximum-pressure", ["perception.misperception_rate=0.35"])
    assert _share(noisy, "war") > _share(quiet, "war") + 0.02


def test_a_direct_channel_lowers_the_misperception_share_of_war() -> None:
    without = _cols("maximum-pressure", [])
    with_channel = _cols("maximum-pressure", ["channels.us-dprk.enabled=true"])
    assert _share(with_channel, "war", "misperception") < 0.7 * _share(
        without, "war", "misperception"
    )
    assert _share(with_channel, "war") < _share(without, "war")


def test_sanctions_without_the_third_party_barely_move_the_target() -> None:
    none = _cols("maximum-pressure", ["sanctions.enabled=false"])
    alone = _cols("maximum-pressure", ["actors.China.enforcement=never"])
    backed = _cols("maximum-pressure", ["actors.China.enforcement=always"])

    def pressure_told(cols: dict[str, np.ndarray]) -> float:
        return _share(cols, "capitulation") + _share(cols, "collapse")

    assert abs(pressure_told(alone) - pressure_told(none)) < 0.01
    assert abs(alone["tests"].mean() - none["tests"].mean()) < 1.0
    assert pressure_told(backed) > pressure_told(alone) + 0.2
    assert backed["tests"].mean() < alone["tests"].mean() - 5


def test_preemption_is_worse_than_the_status_quo_unless_inputs_are_extreme() -> None:
    patience = _cols("strategic-patience", [])["payoff_challenger"].mean()
    strike = _cols("preemptive-strike", [])["payoff_challenger"].mean()
    favourable_but_sourced = _cols(
        "preemptive-strike",
        ["actors.DPRK.disarm_probability=0.3", "actors.DPRK.retaliation_probability=0.6"],
    )["payoff_challenger"].mean()
    extreme = _cols(
        "preemptive-strike",
        ["actors.DPRK.disarm_probability=0.99", "actors.DPRK.retaliation_probability=0.02"],
    )["payoff_challenger"].mean()
    assert strike < patience
    assert favourable_but_sourced < patience
    assert extreme > patience


def test_higher_audience_costs_lengthen_standoffs() -> None:
    def with_cost(cost: float) -> dict[str, np.ndarray]:
        return _cols(
            "freeze-for-freeze",
            [f"actors.US.audience_cost={cost}", f"actors.DPRK.audience_cost={cost}"],
        )

    low, high = with_cost(0.0), with_cost(0.5)
    assert high["turns"].mean() > low["turns"].mean() + 2
    assert _share(high, "unresolved") > _share(low, "unresolved")


def test_turning_a_mechanism_off_removes_its_effect() -> None:
    no_accidents = _cols("maximum-pressure", ["accidents.enabled=false"])
    assert _share(no_accidents, "war", "accident") == 0.0
    no_perception_noise = _cols("maximum-pressure", ["perception.enabled=false"])
    assert _share(no_perception_noise, "war", "misperception") == 0.0
    assert int(no_perception_noise["misreadings"].sum()) == 0
    no_negotiation = _cols("freeze-for-freeze", ["negotiation.enabled=false"])
    assert _share(no_negotiation, "settlement") == 0.0
    no_sanctions = _cols("maximum-pressure", ["sanctions.enabled=false"])
    assert _share(no_sanctions, "collapse") == 0.0
