"""The model's sanity properties (DESIGN §2), each a paired run with one input moved.

These are consequences the mechanisms must have, not tuning targets: each compares runs on the
same seed and episode numbers (common random numbers), so a paired difference with |z| > 3 is
a real effect of the input moved, and each test can fail if a mechanism stops doing its job.
"""

from __future__ import annotations

import numpy as np

from brink.simulation import run
from helpers import paired

N = 6000


def _cols(policy: str, overrides: list[str], episodes: int = N) -> dict[str, np.ndarray]:
    result = run("korea-2017", [policy], episodes=episodes, seed=11, overrides=overrides)
    return result.columns[policy]


def _war(cols: dict[str, np.ndarray], cause: str | None = None) -> np.ndarray:
    hit = cols["outcome"] == "war"
    return hit & (cols["war_cause"] == cause) if cause else hit


def test_more_perception_noise_raises_war_risk() -> None:
    # Accidents off, so that the wars noise adds are not lost among the accidents the shipped
    # calibration's hazard brings.
    quiet = _cols(
        "maximum-pressure", ["perception.misperception_rate=0.02", "accidents.enabled=false"], 8000
    )
    noisy = _cols(
        "maximum-pressure", ["perception.misperception_rate=0.35", "accidents.enabled=false"], 8000
    )
    rise, z = paired(_war(quiet), _war(noisy))
    assert rise > 0 and z > 3
    assert paired(_war(quiet, "misperception"), _war(noisy, "misperception"))[1] > 3
    assert noisy["misreadings"].mean() > 2 * quiet["misreadings"].mean()


def test_a_direct_channel_lowers_the_misperception_share_of_war() -> None:
    noisy = ["perception.misperception_rate=0.3"]
    without = _cols("maximum-pressure", noisy, 10_000)
    with_channel = _cols("maximum-pressure", [*noisy, "channels.us-dprk.enabled=true"], 10_000)

    def share(cols: dict[str, np.ndarray]) -> float:
        return float(_war(cols, "misperception").sum() / max(_war(cols).sum(), 1))

    assert share(with_channel) < 0.8 * share(without)
    change, z = paired(_war(without, "misperception"), _war(with_channel, "misperception"))
    assert change < 0 and z < -3
    assert with_channel["misreadings"].mean() < without["misreadings"].mean()


def test_sanctions_without_the_third_party_barely_move_the_target() -> None:
    none = _cols("maximum-pressure", ["sanctions.enabled=false"])
    alone = _cols("maximum-pressure", ["actors.China.enforcement=never"])
    backed = _cols("maximum-pressure", ["actors.China.enforcement=always"])

    def pressure_told(cols: dict[str, np.ndarray]) -> np.ndarray:
        return np.isin(cols["outcome"], ("capitulation", "collapse")) & (
            cols["capitulator"] != "US"
        )

    assert abs(paired(pressure_told(none), pressure_told(alone))[0]) < 0.01
    assert abs(alone["missile_tests"].mean() - none["missile_tests"].mean()) < 0.5
    assert alone["strain"].max() < 0.01  # US trade with the North is negligible
    gain, z = paired(pressure_told(alone), pressure_told(backed))
    assert gain > 0.1 and z > 10
    assert backed["strain"].mean() > 0.3


def test_preemption_is_worse_than_the_status_quo_unless_inputs_are_extreme() -> None:
    patience = _cols("strategic-patience", [])["payoff_challenger"]
    strike = _cols("preemptive-strike", [])["payoff_challenger"]
    favourable_but_sourced = _cols(
        "preemptive-strike",
        # The top of the sourced disarm range, the bottom of Pyongyang's retaliation range.
        [
            "actors.DPRK.disarm_probability=0.3",
            "policies.kim-calculating.red_lines.0.probability=0.6",
        ],
    )["payoff_challenger"]
    extreme = _cols(
        "preemptive-strike",
        [
            "actors.DPRK.disarm_probability=1",
            "policies.kim-calculating.red_lines.0.probability=0",
            "policies.kim-defiant.red_lines.0.probability=0",
            "actors.ROK.cohesion_loss=0",
            "actors.Japan.cohesion_loss=0",
        ],
    )["payoff_challenger"]
    assert paired(patience, strike)[1] < -3
    assert paired(patience, favourable_but_sourced)[1] < -3
    assert paired(patience, extreme)[1] > 3  # the comparison can go the other way


def test_higher_audience_costs_lengthen_standoffs() -> None:
    def with_cost(cost: float) -> dict[str, np.ndarray]:
        return _cols(
            "freeze-for-freeze",
            [f"actors.US.audience_cost={cost}", f"actors.DPRK.audience_cost={cost}"],
        )

    low, high = with_cost(0.0), with_cost(0.5)
    longer, z = paired(low["turns"], high["turns"])
    assert longer > 1 and z > 3
    assert paired(low["outcome"] == "unresolved", high["outcome"] == "unresolved")[1] > 3


def test_turning_a_mechanism_off_removes_its_effect() -> None:
    hazard = ["accidents.hazard_top=1"]
    accidents = _cols("maximum-pressure", hazard, 8000)
    no_accidents = _cols("maximum-pressure", [*hazard, "accidents.enabled=false"], 8000)
    assert _war(accidents, "accident").sum() > 0
    assert _war(no_accidents, "accident").sum() == 0

    plain = _cols("maximum-pressure", [])
    assert _war(plain, "misperception").sum() > 0 and plain["misreadings"].sum() > 0
    no_perception_noise = _cols("maximum-pressure", ["perception.enabled=false"])
    assert _war(no_perception_noise, "misperception").sum() == 0
    assert int(no_perception_noise["misreadings"].sum()) == 0

    assert (_cols("freeze-for-freeze", [])["outcome"] == "settlement").mean() > 0.1
    no_negotiation = _cols("freeze-for-freeze", ["negotiation.enabled=false"])
    assert (no_negotiation["outcome"] == "settlement").sum() == 0

    assert (plain["outcome"] == "collapse").sum() > 0
    no_sanctions = _cols("maximum-pressure", ["sanctions.enabled=false"])
    assert (no_sanctions["outcome"] == "collapse").sum() == 0
    assert no_sanctions["enforced_turns"].sum() == 0
