"""The library's duration yardsticks when most cases run past the horizon."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np

from brink.backtest.forecast import Simulated
from brink.backtest.runner import duration_yardsticks


def _sim(days: float, ended: bool, n: int = 10) -> Simulated:
    return Simulated(
        codes=np.zeros(n, dtype=np.int64),
        weights=np.full(n, 1.0 / n),
        days=np.full(n, days),
        ended=np.full(n, ended),
        types=np.zeros(n, dtype=np.int64),
        missile_tests=np.zeros(n),
        nuclear_tests=np.zeros(n),
    )


def test_a_median_over_a_year_lies_inside_its_interval() -> None:
    # Three of five cases never end within the horizon: the median over cases is "over a
    # year", and its bootstrap interval must reach it rather than drop those resamples.
    ids = [f"case-{i}" for i in range(5)]
    sims = {
        "case-0": _sim(40.0, True),
        "case-1": _sim(200.0, True),
        "case-2": _sim(364.0, False),
        "case-3": _sim(364.0, False),
        "case-4": _sim(364.0, False),
    }
    cases = [SimpleNamespace(id=i) for i in ids]
    median = duration_yardsticks(cases, sims, seed=0)["library"]["median_days"]  # type: ignore[arg-type]
    assert math.isinf(median["model"])
    assert median["lo"] <= median["model"] <= median["hi"]
    assert math.isinf(median["hi"]) and median["lo"] < math.inf


def test_a_finite_median_keeps_a_finite_interval() -> None:
    sims = {f"case-{i}": _sim(30.0 * (i + 1), True) for i in range(5)}
    cases = [SimpleNamespace(id=i) for i in sims]
    median = duration_yardsticks(cases, sims, seed=0)["library"]["median_days"]  # type: ignore[arg-type]
    assert median["model"] == 90.0
    assert 30.0 <= median["lo"] <= 90.0 <= median["hi"] <= 150.0


def test_the_json_says_null_for_a_duration_over_a_year() -> None:
    from brink.backtest.runner import public

    result = {"yardsticks": {"cases": [{"model_p90_days": math.inf, "pit": 0.5}]}, "_private": 1}
    out = public(result)
    assert out == {"yardsticks": {"cases": [{"model_p90_days": None, "pit": 0.5}]}}


def test_duration_bands_count_by_weight_and_keep_the_running_apart() -> None:
    from brink.backtest.forecast import BAND_COUNT, RUNNING, duration_band

    assert [duration_band(d) for d in (7, 30, 31, 90, 91, 312)] == [0, 0, 1, 1, 2, 2]
    sim = Simulated(
        codes=np.zeros(4, dtype=np.int64),
        weights=np.array([0.1, 0.2, 0.3, 0.4]),
        days=np.array([28.0, 63.0, 364.0, 364.0]),
        ended=np.array([True, True, True, False]),
        types=np.zeros(4, dtype=np.int64),
        missile_tests=np.zeros(4),
        nuclear_tests=np.zeros(4),
    )
    bands = sim.band_counts()
    assert bands.shape == (BAND_COUNT,)
    # Scaled as the category counts are: weights times the number of episodes.
    assert np.allclose(bands, [0.4, 0.8, 1.2, 1.6])
    assert bands[RUNNING] == bands[-1]  # the episode still going at the horizon
