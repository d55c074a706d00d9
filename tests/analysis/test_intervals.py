"""Known answers and coverage for the intervals Brink prints.

Wilson's interval (``brink.analysis.intervals.wilson``) must equal SciPy's and cover a binomial
proportion about 95% of the time; the cluster-robust interval of a mean over draws (per-draw
means as the independent units: ``brink.analysis.intervals.cluster_interval``, the one behind
``brink compare`` and the report) must equal SciPy's normal interval on those means and cover
the true mean about 95% of the time when episodes within a draw are correlated, where the naive
interval that treats every episode as independent falls well short (so these tests can fail).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from brink.analysis.intervals import Z95, cluster_interval, mean_interval, quantile_interval, wilson

SEED = 20261201


def test_z95_is_the_normal_quantile() -> None:
    assert stats.norm.ppf(0.975) == pytest.approx(Z95, abs=1e-15)


@pytest.mark.parametrize("trials", [1, 2, 7, 50, 333, 10_000])
def test_wilson_equals_scipy(trials: int) -> None:
    for successes in sorted({0, 1, trials // 3, trials // 2, trials - 1, trials}):
        ci = stats.binomtest(successes, trials).proportion_ci(0.95, method="wilson")
        lo, hi = wilson(successes, trials)
        assert lo == pytest.approx(ci.low, abs=1e-12)
        assert hi == pytest.approx(ci.high, abs=1e-12)


def test_wilson_edges() -> None:
    assert wilson(0, 0) == (0.0, 1.0)
    assert wilson(0, 40)[0] == 0.0
    assert wilson(40, 40)[1] == 1.0


@pytest.mark.parametrize(("p", "n"), [(0.02, 1000), (0.1, 250), (0.3, 250), (0.5, 1000)])
def test_wilson_coverage_by_simulation(p: float, n: int) -> None:
    rng = np.random.default_rng(SEED)
    k = rng.binomial(n, p, size=20_000)
    bounds = np.array([wilson(int(s), n) for s in range(n + 1)])
    covered = (bounds[k, 0] <= p) & (p <= bounds[k, 1])
    coverage = float(covered.mean())
    # Monte Carlo error is about 0.0015; Wilson's own coverage wobbles around 95% with n.
    assert 0.935 <= coverage <= 0.965, coverage
    # The simulation agrees with the exact coverage from the binomial distribution.
    pmf = stats.binom.pmf(np.arange(n + 1), n, p)
    exact = float(pmf[(bounds[:, 0] <= p) & (p <= bounds[:, 1])].sum())
    assert coverage == pytest.approx(exact, abs=0.006)


@pytest.mark.parametrize("estimator", [cluster_interval, mean_interval])
def test_mean_intervals_equal_scipys_normal_interval(estimator) -> None:
    values = np.random.default_rng(SEED).gamma(2.0, 3.0, size=137)
    mean, lo, hi = estimator(values)
    s_lo, s_hi = stats.norm.interval(0.95, loc=values.mean(), scale=stats.sem(values))
    assert mean == pytest.approx(values.mean(), rel=1e-14)
    assert lo == pytest.approx(s_lo, rel=1e-12)
    assert hi == pytest.approx(s_hi, rel=1e-12)


def test_cluster_interval_degenerate_samples() -> None:
    assert all(math.isnan(x) for x in cluster_interval(np.array([])))
    mean, lo, hi = cluster_interval(np.array([0.25]))
    assert mean == 0.25 and math.isnan(lo) and math.isnan(hi)


def _clustered_runs(
    rng: np.random.Generator, runs: int, draws: int, per_draw: int
) -> tuple[np.ndarray, float]:
    """``runs`` experiments of ``draws`` draws × ``per_draw`` episodes each: a draw's inputs set
    its war probability (Beta(2, 6), mean 0.25) and its episodes are Bernoulli given it."""
    a, b = 2.0, 6.0
    p = rng.beta(a, b, size=(runs, draws))
    wars = rng.binomial(per_draw, p)
    return wars / per_draw, a / (a + b)


def test_cluster_interval_coverage_by_simulation() -> None:
    rng = np.random.default_rng(SEED)
    runs, draws, per_draw = 4000, 60, 40
    means, truth = _clustered_runs(rng, runs, draws, per_draw)
    cluster = np.array([cluster_interval(m)[1:] for m in means])
    coverage = float(((cluster[:, 0] <= truth) & (truth <= cluster[:, 1])).mean())
    # Normal quantile on 60 units: about 94.5% expected; Monte Carlo error about 0.0035.
    assert 0.93 <= coverage <= 0.965, coverage

    # The naive interval over all episodes as if independent (Wilson on the pooled count)
    # ignores that a draw's episodes share their inputs, and covers far less often.
    n = draws * per_draw
    pooled = np.rint(means.sum(axis=1) * per_draw).astype(int)
    naive = np.array([wilson(int(k), n) for k in pooled])
    naive_coverage = float(((naive[:, 0] <= truth) & (truth <= naive[:, 1])).mean())
    assert naive_coverage < 0.80, naive_coverage


def test_quantile_interval_coverage_by_simulation() -> None:
    """The order-statistic interval of a median covers the true median at least about 95%."""
    rng = np.random.default_rng(SEED)
    samples = rng.exponential(1.0, size=(3000, 401))
    truth = math.log(2.0)
    rows = np.array([quantile_interval(s, 0.5) for s in samples])
    coverage = float(((rows[:, 1] <= truth) & (truth <= rows[:, 2])).mean())
    assert 0.94 <= coverage <= 0.975, coverage


@pytest.mark.parametrize("n", [2, 3, 10, 200])
def test_student_option_equals_scipys_t_interval(n: int) -> None:
    """The duels' interval (``t_level``): SciPy's Student-t interval of the mean."""
    x = np.random.default_rng(n).normal(1.0, 2.0, n)
    mean, lo, hi = mean_interval(x, t_level=0.95)
    expected = stats.t.interval(0.95, n - 1, loc=x.mean(), scale=stats.sem(x))
    assert mean == pytest.approx(x.mean())
    assert (lo, hi) == pytest.approx(expected, rel=1e-12)
    # wider than the normal interval, by the ratio of the quantiles
    normal = mean_interval(x)
    ratio = (hi - lo) / (normal[2] - normal[1])
    assert ratio == pytest.approx(stats.t.ppf(0.975, n - 1) / Z95, rel=1e-12)


def test_the_rounded_quantile_the_backtest_and_games_print_with() -> None:
    """``Z95_ROUNDED`` keeps the yardsticks' and spreads' numbers as they were (1.96, not
    1.95996…); the backtest, the signalling spreads and the duels call the one helper."""
    from brink.analysis.intervals import Z95_ROUNDED
    from brink.backtest.runner import _interval
    from brink.games.duel import t_interval
    from brink.games.over_ranges import Spread

    x = np.arange(10.0) ** 2
    half = 1.96 * x.std(ddof=1) / math.sqrt(10)
    assert Z95_ROUNDED == 1.96
    assert mean_interval(x, Z95_ROUNDED) == (x.mean(), x.mean() - half, x.mean() + half)
    assert _interval(x)["lo"] == round(x.mean() - half, 3)
    spread = Spread.of(x)
    assert (spread.mean_lo, spread.mean_hi) == (x.mean() - half, x.mean() + half)
    assert t_interval(x) == mean_interval(x, t_level=0.95)
    assert t_interval(np.array([2.0])) == (2.0, None, None)  # printed as null
    assert Spread.of(np.array([2.0])).mean_lo == 2.0  # a point: one draw
