"""Noisy duels: the theory they reproduce (Molander 1985; Wu & Axelrod 1995), and their streams."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brink.errors import BrinkInputError
from brink.games.duel import BernoulliLine, StagePayoffs, play_duel, t_interval

payoff_games = st.tuples(
    st.integers(-5, 5), st.integers(1, 4), st.integers(1, 4), st.integers(1, 4)
).map(
    lambda g: StagePayoffs(t=g[0] + g[1] + g[2] + g[3], r=g[0] + g[1] + g[2], p=g[0] + g[1], s=g[0])
)


@given(payoff_games, st.integers(1, 50))
@settings(max_examples=25, deadline=None)
def test_allc_against_alld_without_noise_gets_exactly_s_and_t(
    payoffs: StagePayoffs, turns: int
) -> None:
    result = play_duel("allc", "alld", turns=turns, repetitions=3, payoffs=payoffs)
    assert np.all(result.per_turn_a == payoffs.s)
    assert np.all(result.per_turn_b == payoffs.t)
    data = result.to_dict()
    assert data["mean_a"] == data["lo_a"] == data["hi_a"] == payoffs.s
    assert data["mean_b"] == data["lo_b"] == data["hi_b"] == payoffs.t


@pytest.mark.parametrize("a", ["tft", "gtft", "ctft", "wsls", "grim", "grit"])
@pytest.mark.parametrize("b", ["tft", "gtft", "ctft", "wsls", "grim", "grit"])
def test_nice_doctrines_cooperate_throughout_without_noise(a: str, b: str) -> None:
    result = play_duel(a, b, turns=30, repetitions=4)
    assert np.all(result.per_turn_a == 3.0) and np.all(result.per_turn_b == 3.0)


@given(payoff_games)
@settings(max_examples=6, deadline=None)
def test_two_tft_with_noise_average_the_four_payoffs_in_the_long_run(
    payoffs: StagePayoffs,
) -> None:
    """Molander: errors send TFT pairs round CC, CD/DC echoes and DD equally: (R+S+T+P)/4."""
    result = play_duel(
        "tft", "tft", noise=0.05, turns=3000, repetitions=60, payoffs=payoffs, seed=9
    )
    target = (payoffs.r + payoffs.s + payoffs.t + payoffs.p) / 4
    spread = payoffs.t - payoffs.s
    for side in ("a", "b"):
        mean, _, _ = result.summary(side)
        assert mean == pytest.approx(target, abs=0.02 * spread)


def test_two_tft_with_one_percent_noise_head_for_two_and_a_quarter() -> None:
    result = play_duel("tft", "tft", noise=0.01, turns=20_000, repetitions=100, seed=3)
    mean, lo, hi = result.summary("a")
    assert mean == pytest.approx(2.25, abs=0.02)
    assert lo < 2.25 + 0.02 and hi > 2.25 - 0.02


def test_ctft_pair_payoff_tends_to_r_as_noise_vanishes() -> None:
    """Each slip costs its pair two turns (T+S instead of 2R); slips come at rate 2E per turn.

    So the loss per side and turn is about 2E(2R − T − S) = 2E: R is reached as E → 0, and no
    double error can lock the pair into mutual defection.
    """
    gaps = []
    for noise in (0.02, 0.005, 0.001):
        mean, _, _ = play_duel("ctft", "ctft", noise=noise, turns=2000, repetitions=200).summary(
            "a"
        )
        gaps.append(3.0 - mean)
        assert 3.0 - mean == pytest.approx(2 * noise, rel=0.15)
    assert gaps[0] > gaps[1] > gaps[2]


def test_generosity_and_contrition_restore_cooperation_that_tft_loses_at_one_percent() -> None:
    """Wu & Axelrod (1995): with 1% noise, GTFT and CTFT pairs stay near R; TFT pairs do not."""
    settings_ = dict(noise=0.01, turns=1000, repetitions=300, seed=5)
    tft = play_duel("tft", "tft", **settings_).summary("a")[0]
    for doctrine in ("gtft", "ctft"):
        mean = play_duel(doctrine, doctrine, **settings_).summary("a")[0]
        assert mean > 2.9
        assert mean - tft > 0.4


def test_contrition_cannot_repair_misperception() -> None:
    """CTFT owns up to its own slips, but a misread move is no slip of its own: echoes return."""
    settings_ = dict(noise=0.01, turns=1000, repetitions=300, seed=5)
    slips = play_duel("ctft", "ctft", noise_kind="execution", **settings_).summary("a")[0]
    misreads = play_duel("ctft", "ctft", noise_kind="perception", **settings_).summary("a")[0]
    generous = play_duel("gtft", "gtft", noise_kind="perception", **settings_).summary("a")[0]
    assert slips - misreads > 0.3
    assert generous - misreads > 0.3


def test_perception_noise_leaves_moves_as_meant() -> None:
    result = play_duel("allc", "allc", noise=0.3, noise_kind="perception", turns=50, repetitions=20)
    assert np.all(result.cooperation_a == 1.0)
    assert np.all(result.per_turn_a == 3.0)


def test_execution_noise_flips_moves_at_its_rate() -> None:
    result = play_duel("allc", "alld", noise=0.1, turns=500, repetitions=400, seed=2)
    assert np.mean(result.cooperation_a) == pytest.approx(0.9, abs=0.005)
    assert np.mean(result.cooperation_b) == pytest.approx(0.1, abs=0.005)


def test_grim_pair_collapses_after_the_first_misreading() -> None:
    result = play_duel(
        "grim", "grim", noise=0.01, noise_kind="perception", turns=2000, repetitions=50
    )
    assert np.mean(result.per_turn_a) < 1.3


@given(st.integers(1, 60), st.integers(1, 40), st.integers(0, 2**32 - 1))
@settings(max_examples=20, deadline=None)
def test_results_do_not_depend_on_block_size(block: int, repetitions: int, seed: int) -> None:
    settings_ = dict(noise=0.07, noise_kind="both", turns=37, repetitions=repetitions, seed=seed)
    whole = play_duel("gtft", "ctft", **settings_)
    pieces = play_duel("gtft", "ctft", block=block, **settings_)
    np.testing.assert_array_equal(whole.per_turn_a, pieces.per_turn_a)
    np.testing.assert_array_equal(whole.per_turn_b, pieces.per_turn_b)
    np.testing.assert_array_equal(whole.cooperation_a, pieces.cooperation_a)


def test_a_repetition_does_not_depend_on_how_many_are_played() -> None:
    settings_ = dict(noise=0.03, noise_kind="both", turns=80, seed=11)
    few = play_duel("gtft:0.2", "wsls", repetitions=25, **settings_)
    many = play_duel("gtft:0.2", "wsls", repetitions=400, block=64, **settings_)
    np.testing.assert_array_equal(few.per_turn_a, many.per_turn_a[:25])
    np.testing.assert_array_equal(few.per_turn_b, many.per_turn_b[:25])


def test_same_seed_same_result_other_seed_other_result() -> None:
    first = play_duel("tft", "gtft", noise=0.02, turns=100, repetitions=50, seed=1)
    again = play_duel("tft", "gtft", noise=0.02, turns=100, repetitions=50, seed=1)
    other = play_duel("tft", "gtft", noise=0.02, turns=100, repetitions=50, seed=2)
    assert first.to_dict() == again.to_dict()
    assert not np.array_equal(first.per_turn_a, other.per_turn_a)


@given(st.floats(0.0, 1.0), st.integers(1, 5000), st.integers(0, 1000))
@settings(max_examples=30, deadline=None)
def test_bernoulli_line_is_the_same_however_it_is_cut(p: float, cut: int, seed: int) -> None:
    end = 6000
    whole = BernoulliLine(np.random.default_rng(seed), p, batch=257).take(end)
    line = BernoulliLine(np.random.default_rng(seed), p, batch=257)
    pieces = np.concatenate([line.take(cut), line.take(end)])
    np.testing.assert_array_equal(whole, pieces)
    assert np.all(np.diff(whole) > 0) and (whole.size == 0 or 0 <= whole[0] <= whole[-1] < end)


@pytest.mark.parametrize("p", [0.0, 0.001, 0.2, 0.9, 1.0])
def test_bernoulli_line_has_rate_p(p: float) -> None:
    end = 400_000
    events = BernoulliLine(np.random.default_rng(0), p).take(end)
    assert events.size / end == pytest.approx(p, abs=4 * math.sqrt(p * (1 - p) / end) + 1e-12)


def test_t_interval_matches_scipy() -> None:
    from scipy import stats

    values = np.random.default_rng(0).normal(2.0, 0.5, 40)
    mean, lo, hi = t_interval(values)
    expected = stats.t.interval(0.95, 39, loc=values.mean(), scale=stats.sem(values))
    assert (lo, hi) == pytest.approx(expected)
    assert mean == pytest.approx(values.mean())
    assert t_interval(np.array([1.5])) == (1.5, None, None)


def test_json_dict_states_its_conditions() -> None:
    data = play_duel("gtft", "tft", noise=0.02, turns=30, repetitions=5, seed=4).to_dict()
    for key in ("a", "b", "noise", "turns", "repetitions", "seed", "mean_a", "mean_b"):
        assert key in data
    for key in ("lo_a", "hi_a", "lo_b", "hi_b"):
        assert isinstance(data[key], float)
    assert data["a"] == "gtft:0.3333" and data["b"] == "tft"
    assert (data["noise"], data["turns"], data["repetitions"], data["seed"]) == (0.02, 30, 5, 4)


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"noise": -0.1}, "noise"),
        ({"noise": 1.5}, "noise"),
        ({"noise": float("nan")}, "noise"),
        ({"noise_kind": "psychic"}, "noise kind"),
        ({"turns": 0}, "turns"),
        ({"turns": -3}, "turns"),
        ({"repetitions": 0}, "repetitions"),
    ],
)
def test_bad_duel_settings_are_input_errors(kwargs: dict, fragment: str) -> None:
    with pytest.raises(BrinkInputError, match=fragment):
        play_duel("tft", "tft", **kwargs)


@pytest.mark.parametrize("text", ["5,3,1", "a,b,c,d", "3,5,1,0", "5,3,0,1", "5,3,1,inf"])
def test_payoffs_must_be_a_prisoners_dilemma(text: str) -> None:
    with pytest.raises(BrinkInputError, match="payoffs"):
        StagePayoffs.parse(text)


def test_unknown_doctrine_is_an_input_error() -> None:
    with pytest.raises(BrinkInputError, match="unknown doctrine"):
        play_duel("tft", "titfortwotats")


@given(st.integers(1, 30), st.integers(1, 5), st.integers(0, 1000))
@settings(max_examples=20, deadline=None)
def test_uniform_groups_straddling_blocks_give_the_same_result(
    block: int, group: int, seed: int
) -> None:
    """Shrink the uniform groups so that blocks cut across them, both ways."""
    import brink.games.duel as duel

    turns = 23
    original = duel._BLOCK_BUDGET
    duel._BLOCK_BUDGET = turns * group
    try:
        assert duel.uniform_group(turns) == group
        settings_ = dict(noise=0.05, turns=turns, seed=seed)
        whole = play_duel("gtft", "gtft:0.6", repetitions=31, **settings_)
        pieces = play_duel("gtft", "gtft:0.6", repetitions=31, block=block, **settings_)
        fewer = play_duel("gtft", "gtft:0.6", repetitions=12, block=block, **settings_)
    finally:
        duel._BLOCK_BUDGET = original
    np.testing.assert_array_equal(whole.per_turn_a, pieces.per_turn_a)
    np.testing.assert_array_equal(whole.per_turn_b, pieces.per_turn_b)
    np.testing.assert_array_equal(whole.per_turn_a[:12], fewer.per_turn_a)


@pytest.mark.parametrize("opponent", ["tft", "gtft", "ctft", "wsls", "grim", "grit", "alld"])
def test_under_pure_misperception_contrite_tft_is_exactly_tft(opponent: str) -> None:
    """CTFT never defects without what it sees as a reason, so it never feels contrite."""
    settings_ = dict(noise=0.03, noise_kind="perception", turns=200, repetitions=50, seed=8)
    contrite = play_duel("ctft", opponent, **settings_)
    plain = play_duel("tft", opponent, **settings_)
    np.testing.assert_array_equal(contrite.per_turn_a, plain.per_turn_a)
    np.testing.assert_array_equal(contrite.per_turn_b, plain.per_turn_b)
