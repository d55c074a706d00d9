"""The calibration's surrogate and its maximum: checked on synthetic cases with known answers."""

from __future__ import annotations

import numpy as np
import pytest

from brink.backtest import calibrate as c


def _truth(theta: np.ndarray) -> np.ndarray:
    """A known p(k | θ) over three categories, smooth in θ (two parameters)."""
    z = np.stack([np.zeros(len(theta)), theta[:, 0], -(theta[:, 1] ** 2) + 0.5 * theta[:, 0]], 1)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def test_surrogate_recovers_known_probabilities() -> None:
    theta = c.design(64, 2, seed=1)
    counts = _truth(theta) * 5000
    surrogate = c.fit_surrogate(theta, counts)
    probe = np.array([[0.3, -0.4], [-1.0, 1.0]])
    assert np.abs(surrogate.probabilities(probe) - _truth(probe)).max() < 0.02


def test_maximise_finds_the_likeliest_parameters() -> None:
    theta = c.design(64, 2, seed=1)
    surrogate = c.fit_surrogate(theta, _truth(theta) * 5000)
    # One case observed in category 2: likeliest where θ₁ = 0 and θ₀ is large but not so
    # large that category 1 takes over; compare with a brute-force grid on the surrogate.
    best = c.maximise(c.Evidence.of([surrogate], np.array([2])), theta)
    grid = np.array([[a, b] for a in np.linspace(-2, 2, 81) for b in np.linspace(-2, 2, 81)])
    values = surrogate.probabilities(grid)[:, 2]
    assert surrogate.probabilities(best[None])[0, 2] >= values.max() - 1e-3


def test_design_includes_the_uncalibrated_point() -> None:
    theta = c.design(8, 4, seed=0)
    assert theta.shape == (9, 4) and (theta[-1] == 0).all()
    assert (np.abs(theta) <= c.LOG_BOUND).all()


def test_a_prior_keeps_an_unidentified_parameter_near_its_judged_range() -> None:
    """θ₁ does not move the surrogate at all (a flat likelihood in it): without a prior its
    fitted value is wherever the optimiser stops; with one it is 0 (the judged range), while
    θ₀, which the case does identify, stays near where the likelihood puts it."""
    theta = c.design(64, 2, seed=1)
    flat_in_second = np.column_stack([theta[:, 0], np.zeros(len(theta))])
    surrogate = c.fit_surrogate(theta, _truth(flat_in_second) * 5000)
    plain = c.maximise(c.Evidence.of([surrogate], np.array([2])), theta)
    shrunk = c.maximise(c.Evidence.of([surrogate], np.array([2])), theta, prior_sd=c.LOG_BOUND / 2)
    assert abs(plain[1]) > 0.5  # today it stops at the box's edge, ln 8, as in the library fit
    assert abs(shrunk[1]) < 0.05
    assert abs(shrunk[0] - plain[0]) < 0.5
    strong = c.maximise(c.Evidence.of([surrogate], np.array([2])), theta, prior_sd=0.05)
    assert np.abs(strong).max() < 0.2  # a tight prior pins everything to the judged ranges


def test_a_duration_term_moves_the_fit_and_a_missing_one_adds_nothing() -> None:
    """Two cases whose endings say nothing about θ₀ (flat), while the duration surrogate of
    case 0 does: the duration observed pulls θ₀ its way; with case 0's band unknown the fit
    is the endings' alone, and a case weighted out leaves no trace either."""
    theta = c.design(64, 2, seed=1)
    flat = c.fit_surrogate(theta, np.full((len(theta), 3), 1000.0))
    # Band 0 ("ended within 30 days") likelier the larger θ₀ is, band 1 the smaller.
    z = np.stack([theta[:, 0], -theta[:, 0], np.zeros(len(theta)), np.zeros(len(theta))], 1)
    bands = c.fit_surrogate(theta, np.exp(z) / np.exp(z).sum(1, keepdims=True) * 5000)
    y = np.array([0, 0])
    fast = c.maximise(
        c.Evidence.of([flat, flat], y, [bands, bands], np.array([0, c.NO_BAND])), theta
    )
    slow = c.maximise(
        c.Evidence.of([flat, flat], y, [bands, bands], np.array([1, c.NO_BAND])), theta
    )
    assert fast[0] > 1.5 and slow[0] < -1.5
    unknown = c.Evidence.of([flat, flat], y, [bands, bands], np.array([c.NO_BAND, c.NO_BAND]))
    endings_only = c.Evidence.of([flat, flat], y)
    probe = np.array([0.7, -0.3])
    assert np.allclose(unknown.case_logliks(probe), endings_only.case_logliks(probe))
    dropped = c.maximise(
        c.Evidence.of([flat, flat], y, [bands, bands], np.array([0, 1])),
        theta,
        np.array([0.0, 1.0]),
    )
    assert dropped[0] < -1.5  # only case 1's band (1) is counted


def test_the_log_likelihood_splits_into_endings_and_durations() -> None:
    theta = c.design(32, 2, seed=1)
    endings = c.fit_surrogate(theta, _truth(theta) * 5000)
    z = np.stack([theta[:, 0], -theta[:, 0], np.zeros(len(theta)), np.zeros(len(theta))], 1)
    bands = c.fit_surrogate(theta, np.exp(z) / np.exp(z).sum(1, keepdims=True) * 5000)
    both = c.Evidence.of([endings, endings], np.array([0, 2]), [bands, bands], np.array([0, 1]))
    probe = np.array([0.4, -0.2])
    parts = both.parts(probe)
    assert parts["endings"] + parts["durations"] == pytest.approx(c.log_likelihood(probe, both))
    assert parts["durations"] < 0.0
    alone = c.Evidence.of([endings, endings], np.array([0, 2]))
    assert alone.parts(probe) == {"endings": pytest.approx(parts["endings"]), "durations": 0.0}
