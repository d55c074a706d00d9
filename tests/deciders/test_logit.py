"""Known answers for the logit chooser: P(a) = exp(U(a)/τ) / Σ exp(U(b)/τ), drawn by CDF inversion.

The engine's compiled ``choice_probabilities`` and ``inverse_cdf`` (``brink.deciders.strategic``)
are called through a small compiled wrapper, as the turn kernel calls them, on a real work
record. The probabilities must equal SciPy's softmax and the reference's ``logit``; frequencies
of choices drawn with the engine's own uniform streams must pass a chi-square test against
exp(U/τ), and the same test must reject a chooser ten percent hotter or colder (so it can fail).
"""

from __future__ import annotations

import numpy as np
import pytest
from numba import njit
from scipy.special import softmax
from scipy.stats import chisquare

from brink.deciders.strategic import choice_probabilities, inverse_cdf
from brink.model.crisis import new_work
from brink.model.streams import episode_keys, uniforms
from brink.reference.actor import inverse_cdf as reference_inverse_cdf
from brink.reference.actor import logit as reference_logit
from brink.vocabulary import STREAM_DECIDE, STREAMS_PER_TURN

NEG_INF = -np.inf
#: Utilities of one seat's actions split as the engine splits them (common + the type's part);
#: the fourth action is closed.
COMMON = np.array([0.0, -0.5, 0.3, NEG_INF, 1.0, 0.9])
TYPED = np.array([0.1, 0.0, -0.2, 0.0, -0.4, 0.0])


@njit(cache=False)
def _probabilities(work, common, typed, tau, flag):
    w = work[0]
    count = len(common)
    for j in range(count):
        w.common[j] = common[j]
        w.typed_part[flag, j] = typed[j]
    out = np.zeros((2, count))
    choice_probabilities(w, 0, count, tau, flag, out)
    return out


@njit(cache=False)
def _draws(probs, flag, count, us):
    picks = np.empty(len(us), dtype=np.int64)
    for i in range(len(us)):
        picks[i] = inverse_cdf(probs, flag, count, us[i])
    return picks


def engine_probabilities(tau: float, flag: int = 1) -> np.ndarray:
    return _probabilities(new_work(), COMMON, TYPED, tau, flag)


def decide_uniforms(n: int, seed: int = 20261201) -> np.ndarray:
    """One decision uniform per episode from the engine's streams (turn 1, seat 0)."""
    keys = episode_keys(seed, np.arange(n), np.zeros(n, dtype=np.int64))
    return uniforms(keys, STREAMS_PER_TURN + STREAM_DECIDE, 1)[:, 0]


@pytest.mark.parametrize("tau", [0.05, 0.4, 1.0, 7.5])
def test_probabilities_are_softmax_of_u_over_tau(tau: float) -> None:
    probs = engine_probabilities(tau)[1]
    utility = COMMON + TYPED
    open_ = np.isfinite(utility)
    expected = np.zeros_like(utility)
    expected[open_] = softmax(utility[open_] / tau)
    np.testing.assert_allclose(probs, expected, rtol=1e-12, atol=1e-15)
    assert probs[~open_].tolist() == [0.0]
    assert probs.sum() == pytest.approx(1.0, abs=1e-12)
    np.testing.assert_allclose(
        probs, reference_logit(COMMON.tolist(), TYPED.tolist(), tau), rtol=1e-12, atol=1e-15
    )


def test_only_the_asked_types_row_is_written() -> None:
    out = engine_probabilities(0.4, flag=0)
    assert out[1].tolist() == [0.0] * len(COMMON)
    assert out[0].sum() == pytest.approx(1.0, abs=1e-12)


def test_choice_frequencies_follow_exp_u_over_tau() -> None:
    tau, n = 0.4, 200_000
    probs = engine_probabilities(tau)
    us = decide_uniforms(n)
    picks = _draws(probs, 1, len(COMMON), us)
    counts = np.bincount(picks, minlength=len(COMMON))
    assert counts[3] == 0  # the closed action is never drawn
    open_ = np.flatnonzero(np.isfinite(COMMON + TYPED))
    utility = (COMMON + TYPED)[open_]

    def p_value(t: float) -> float:
        expected = softmax(utility / t) * n
        return float(chisquare(counts[open_], expected).pvalue)

    assert p_value(tau) > 1e-3
    # A chooser 10% colder or hotter is told apart at this sample size.
    assert p_value(tau * 0.9) < 1e-6
    assert p_value(tau * 1.1) < 1e-6
    # The reference draws the same choices from the same uniforms.
    row = probs[1].tolist()
    assert [reference_inverse_cdf(row, float(u)) for u in us[:5000]] == picks[:5000].tolist()


def test_inverse_cdf_known_answers() -> None:
    """Boundaries: u below the first cumulative share picks 0; a sum rounded below u picks
    the last action with positive probability, never a closed one."""
    probs = np.array([[0.0, 0.0, 0.0], [0.25, 0.75, 0.0]])
    picks = _draws(probs, 1, 3, np.array([0.0, 0.2499999, 0.25, 0.9999999, 1.0]))
    assert picks.tolist() == [0, 0, 1, 1, 1]
