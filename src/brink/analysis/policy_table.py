"""The policy table of an experiment as a typed result: one row of estimates per policy, and
the paired differences against the first policy (what `brink compare --json` prints)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from brink.analysis.estimate import Estimate
from brink.vocabulary import REPORTED_CAUSES, REPORTED_OUTCOMES

if TYPE_CHECKING:
    import pandas as pd

#: Who backs down, by side: capitulation by the challenger and by the defender are different
#: endings (one side's win is the other's loss), so they are never lumped together in reports.
SIDES = ("challenger", "defender")
#: The policy table's metrics, in the order `brink compare` prints them.
TABLE_METRICS: tuple[str, ...] = (
    *(f"p_{o}" for o in REPORTED_OUTCOMES),
    "p_faded",  # of p_unresolved: the crises that faded before the horizon (fading on)
    *(f"p_backs_down_{side}" for side in SIDES),
    *(f"p_war_{c}" for c in REPORTED_CAUSES),
    "casualties",
    "tests",
    "missile_tests",
    "nuclear_tests",
    "payoff_challenger",
    "payoff_defender",
)


def _metrics_json(metrics: Mapping[str, Estimate]) -> dict[str, dict[str, float]]:
    return {name: e.to_json() for name, e in metrics.items()}


def _metrics_of(data: Mapping[str, Any], skip: tuple[str, ...]) -> dict[str, Estimate]:
    return {k: Estimate.from_json(v) for k, v in data.items() if k not in skip}


@dataclass(frozen=True)
class PolicyRow:
    """One policy: how many draws it covers and each metric's cluster-robust estimate."""

    policy: str
    draws: int
    metrics: Mapping[str, Estimate]

    def __getitem__(self, metric: str) -> Estimate:
        return self.metrics[metric]

    def to_json(self) -> dict[str, Any]:
        return {"policy": self.policy, "draws": self.draws, **_metrics_json(self.metrics)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PolicyRow:
        return cls(str(data["policy"]), int(data["draws"]), _metrics_of(data, ("policy", "draws")))


@dataclass(frozen=True)
class PairedDifference:
    """``policy`` − ``versus``, estimated draw by draw on the draws both cover."""

    policy: str
    versus: str
    draws: int
    metrics: Mapping[str, Estimate]

    def __getitem__(self, metric: str) -> Estimate:
        return self.metrics[metric]

    def to_json(self) -> dict[str, Any]:
        return {
            "policy": self.policy,
            "versus": self.versus,
            "draws": self.draws,
            **_metrics_json(self.metrics),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PairedDifference:
        skip = ("policy", "versus", "draws")
        return cls(
            str(data["policy"]), str(data["versus"]), int(data["draws"]), _metrics_of(data, skip)
        )


@dataclass(frozen=True)
class PolicyTable:
    """Every policy's estimates, conditional on the run's scenario, design and seed."""

    run: str
    scenario: str
    seed: int
    challenger: str
    defender: str
    conditional_on: Mapping[str, Any]
    rows: tuple[PolicyRow, ...]
    differences: tuple[PairedDifference, ...]
    complete: bool
    #: Every policy the run was asked to compare (rows cover those with episodes stored).
    planned: tuple[str, ...] = field(default=())

    @property
    def policies(self) -> list[str]:
        return [r.policy for r in self.rows]

    def row(self, policy: str) -> PolicyRow:
        return next(r for r in self.rows if r.policy == policy)

    def to_json(self) -> dict[str, Any]:
        """The dictionary `brink compare --json` prints (``planned`` is not part of it)."""
        return {
            "run": self.run,
            "scenario": self.scenario,
            "seed": self.seed,
            "challenger": self.challenger,
            "defender": self.defender,
            "conditional_on": dict(self.conditional_on),
            "policies": [r.to_json() for r in self.rows],
            "paired_differences": [d.to_json() for d in self.differences],
            "complete": self.complete,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PolicyTable:
        rows = tuple(PolicyRow.from_json(r) for r in data["policies"])
        return cls(
            run=str(data["run"]),
            scenario=str(data["scenario"]),
            seed=data["seed"],
            challenger=str(data["challenger"]),
            defender=str(data["defender"]),
            conditional_on=dict(data["conditional_on"]),
            rows=rows,
            differences=tuple(PairedDifference.from_json(d) for d in data["paired_differences"]),
            complete=bool(data["complete"]),
            planned=tuple(r.policy for r in rows),
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per policy; columns ``<metric>``, ``<metric>_lo``, ``<metric>_hi``."""
        import pandas as pd

        records = []
        for r in self.rows:
            record: dict[str, Any] = {"policy": r.policy, "draws": r.draws}
            for name, e in r.metrics.items():
                record[name], record[f"{name}_lo"], record[f"{name}_hi"] = e.value, e.lo, e.hi
            records.append(record)
        return pd.DataFrame.from_records(records).set_index("policy")


def policy_rows(
    means: Mapping[str, Mapping[str, np.ndarray]], order: Sequence[str], metrics: Sequence[str]
) -> tuple[tuple[PolicyRow, ...], tuple[PairedDifference, ...]]:
    """Rows and paired differences (against the first policy) from per-draw means: pure.

    ``means[policy]`` holds ``draw`` (sorted) and each metric's mean per draw. Probabilities
    (metrics named ``p_…``) keep their interval inside [0, 1]; differences are not clipped.
    """
    rows = []
    for policy in order:
        m = means[policy]
        estimates = {}
        for metric in metrics:
            e = Estimate.of_clusters(m[metric])
            estimates[metric] = e.clipped() if metric.startswith("p_") else e
        rows.append(PolicyRow(policy, len(m["draw"]), estimates))
    differences = []
    baseline = order[0] if order else None
    for policy in order[1:]:
        assert baseline is not None
        a, b = means[policy], means[baseline]
        common = np.intersect1d(a["draw"], b["draw"])
        ia = np.searchsorted(a["draw"], common)
        ib = np.searchsorted(b["draw"], common)
        differences.append(
            PairedDifference(
                policy,
                baseline,
                len(common),
                {metric: Estimate.of_clusters(a[metric][ia] - b[metric][ib]) for metric in metrics},
            )
        )
    return tuple(rows), tuple(differences)
