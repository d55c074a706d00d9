"""How far two episode tables of the same episodes agree: row for row, and in distribution.

The engine and the reference play the same (draw, replication) episodes with the same inputs
and random numbers, so two checks apply. Row for row: the share of episodes identical in
outcome, length, tests and war cause — exact agreement is expected, and a change to either
implementation's rules shows up as a drop. In distribution: the outcome tables and a few means
compared as if the samples were independent (a chi-square test of the outcome table, z of each
outcome's probability and of the means) — what "agree within sampling error" means for two
implementations that do not share random numbers. With paired episodes these tests are
conservative (the pairs are positively correlated), so passing them is the weaker claim.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from brink.vocabulary import REPORTED_OUTCOMES

#: Columns that must be equal for two rows to count as the same episode.
ROW_KEYS = ("outcome", "turns", "tests", "war_cause")
#: Per-episode means compared in distribution.
MEANS = ("tests", "casualties", "approval", "turns")


@dataclass(frozen=True)
class Agreement:
    """Agreement of two episode tables of the same episodes."""

    episodes: int
    identical: float  # share of episodes identical in ROW_KEYS
    chi_square_p: float  # outcome tables (1.0 when both have a single outcome)
    outcome_z: dict[str, float]  # two-proportion z per outcome
    mean_z: dict[str, float]  # Welch z per mean
    outcomes: dict[str, tuple[float, float]]  # P(outcome) in each table
    means: dict[str, tuple[float, float]]

    @property
    def max_outcome_z(self) -> float:
        return max((abs(z) for z in self.outcome_z.values()), default=0.0)

    @property
    def max_mean_z(self) -> float:
        return max((abs(z) for z in self.mean_z.values()), default=0.0)

    def summary(self) -> str:
        """One line: identical share, chi-square p, largest |z| of outcomes and of means."""
        return (
            f"{self.episodes} episodes: identical rows {self.identical:.1%}, chi-square p = "
            f"{self.chi_square_p:.3f}, max |z| outcomes {self.max_outcome_z:.2f}, "
            f"means {self.max_mean_z:.2f}"
        )

    def table(self) -> str:
        """The statistics compared, one per line (for failure messages and the benchmark)."""
        lines = [f"  {'statistic':<22}{'engine':>12}{'reference':>12}{'z':>8}"]
        for name, (a, b) in self.outcomes.items():
            lines.append(
                f"  {'P(' + name + ')':<22}{a:>12.4f}{b:>12.4f}{self.outcome_z[name]:>8.2f}"
            )
        for name, (a, b) in self.means.items():
            lines.append(f"  {'mean ' + name:<22}{a:>12.4g}{b:>12.4g}{self.mean_z[name]:>8.2f}")
        return "\n".join(lines)


def identical_rows(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> np.ndarray:
    """Per episode: whether both tables agree on every column of ROW_KEYS."""
    if len(a["outcome"]) != len(b["outcome"]):
        raise ValueError("the tables must hold the same episodes")
    same = np.ones(len(a["outcome"]), dtype=bool)
    for key in ROW_KEYS:
        same &= np.asarray(a[key]) == np.asarray(b[key])
    return same


def z_proportions(x1: int, n1: int, x2: int, n2: int) -> float:
    """Two-proportion z with the pooled variance (0 when neither table has the outcome)."""
    pooled = (x1 + x2) / (n1 + n2)
    se = math.sqrt(pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2))
    return 0.0 if se == 0.0 else (x1 / n1 - x2 / n2) / se


def z_means(a: np.ndarray, b: np.ndarray) -> float:
    """Welch z of two means (0 when both samples are constant and equal, inf if unequal)."""
    se = math.sqrt(a.var(ddof=1) / len(a) + b.var(ddof=1) / len(b))
    diff = float(a.mean() - b.mean())
    if se == 0.0:
        return 0.0 if diff == 0.0 else math.inf
    return diff / se


def chi_square_p(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> float:
    """p-value of the chi-square test that both tables share one outcome distribution."""
    from scipy.stats import chi2_contingency

    counts = np.array([[int((t["outcome"] == o).sum()) for o in REPORTED_OUTCOMES] for t in (a, b)])
    counts = counts[:, counts.sum(axis=0) > 0]
    if counts.shape[1] < 2:
        return 1.0
    return float(chi2_contingency(counts).pvalue)


def compare(engine: dict[str, np.ndarray], reference: dict[str, np.ndarray]) -> Agreement:
    """Row-for-row and distributional agreement of two tables of the same episodes."""
    n1, n2 = len(engine["outcome"]), len(reference["outcome"])
    same = identical_rows(engine, reference) if n1 == n2 else np.zeros(0, dtype=bool)
    outcomes, outcome_z = {}, {}
    for outcome in REPORTED_OUTCOMES:
        x1 = int((engine["outcome"] == outcome).sum())
        x2 = int((reference["outcome"] == outcome).sum())
        outcomes[outcome] = (x1 / n1, x2 / n2)
        outcome_z[outcome] = z_proportions(x1, n1, x2, n2)
    means, mean_z = {}, {}
    for name in MEANS:
        a = np.asarray(engine[name], dtype=float)
        b = np.asarray(reference[name], dtype=float)
        means[name] = (float(a.mean()), float(b.mean()))
        mean_z[name] = z_means(a, b)
    return Agreement(
        episodes=n2,
        identical=float(same.mean()) if len(same) else float("nan"),
        chi_square_p=chi_square_p(engine, reference),
        outcome_z=outcome_z,
        mean_z=mean_z,
        outcomes=outcomes,
        means=means,
    )
