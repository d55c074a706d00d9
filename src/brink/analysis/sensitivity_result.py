"""Sensitivity indices as a typed result: :class:`SensitivityResult` (what `brink sensitivity
--json` prints) with one :class:`IndexTable` per policy and metric.

``to_json()`` gives back the command's dictionary key for key; ``from_json()`` reads it (and
the files older Brink versions stored). Per-policy pieces (:meth:`SensitivityResult.
for_policy`) and their union (:meth:`SensitivityResult.merge`) let results be stored per
policy, so analysing one policy never replaces what is known about the others.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

#: The index fields each method stores, in the order they are printed.
FIELDS = {
    "morris": ("mu_star", "mu_star_conf", "sigma", "mu"),
    "sobol": ("S1", "S1_conf", "ST", "ST_conf"),
}
#: The index each method ranks inputs by.
RANK_BY = {"morris": "mu_star", "sobol": "ST"}
#: The noise level each method reports per output.
NOISE_KEY = {"morris": "noise_floor", "sobol": "noise_share"}


@dataclass(frozen=True)
class IndexTable:
    """One policy's indices for one metric, per input (``names``), with the ranking."""

    policy: str
    metric: str
    names: tuple[str, ...]
    values: Mapping[str, tuple[float, ...]]
    above_noise: tuple[bool, ...]
    #: Input positions, most important first (ties in the unrounded index kept as computed).
    order: tuple[int, ...]

    def column(self, name: str) -> np.ndarray:
        return np.asarray(self.values[name], dtype=float)

    def to_json(self) -> dict[str, Any]:
        return {
            "names": list(self.names),
            **{f: list(v) for f, v in self.values.items()},
            "above_noise": list(self.above_noise),
        }

    def records(self) -> list[dict[str, Any]]:
        """The per-input records of ``indices`` in the command's output, in rank order."""
        out = []
        for rank, j in enumerate(self.order, start=1):
            out.append(
                {
                    "policy": self.policy,
                    "metric": self.metric,
                    "input": self.names[j],
                    "rank": rank,
                    **{f: v[j] for f, v in self.values.items()},
                    "above_noise": self.above_noise[j],
                }
            )
        return out


@dataclass(frozen=True)
class OutputSummary:
    """One policy's metric across the design's draws, and the level pure noise would reach."""

    policy: str
    metric: str
    mean: float
    sd_across_draws: float
    constant: bool
    noise_key: str
    noise: float

    def to_json(self) -> dict[str, Any]:
        return {
            "policy": self.policy,
            "metric": self.metric,
            "mean": self.mean,
            "sd_across_draws": self.sd_across_draws,
            "constant": self.constant,
            self.noise_key: self.noise,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> OutputSummary:
        key = "noise_floor" if "noise_floor" in data else "noise_share"
        return cls(
            str(data["policy"]),
            str(data["metric"]),
            data["mean"],
            data["sd_across_draws"],
            bool(data["constant"]),
            key,
            data[key],
        )


@dataclass(frozen=True)
class SensitivityResult:
    """Morris or Sobol' indices of a run's outputs to its uncertain inputs, per policy."""

    method: str
    run: str
    analysed_run: str
    child_run: bool
    scenario: str
    seed: int
    design: Mapping[str, Any]
    inputs: tuple[str, ...]
    metrics: tuple[str, ...]
    policies: tuple[str, ...]
    conditional_on: Mapping[str, Any]
    confidence: float
    resamples: int
    outputs: tuple[OutputSummary, ...]
    tables: tuple[IndexTable, ...]

    @property
    def samples(self) -> int:
        """Morris trajectories, or the Sobol' base sample N."""
        return int(self.design.get("samples", 0))

    def table(self, policy: str, metric: str) -> IndexTable | None:
        return next((t for t in self.tables if t.policy == policy and t.metric == metric), None)

    def output(self, policy: str, metric: str) -> OutputSummary | None:
        return next((o for o in self.outputs if o.policy == policy and o.metric == metric), None)

    def for_policy(self, policy: str) -> SensitivityResult:
        """The part of the result about one policy (what is stored per policy)."""
        return replace(
            self,
            policies=(policy,),
            outputs=tuple(o for o in self.outputs if o.policy == policy),
            tables=tuple(t for t in self.tables if t.policy == policy),
        )

    @staticmethod
    def merge(parts: Sequence[SensitivityResult], order: Sequence[str] = ()) -> SensitivityResult:
        """Per-policy parts as one result, policies in ``order`` first (the run's order)."""
        if not parts:
            raise ValueError("nothing to merge")
        rank = {p: i for i, p in enumerate(order)}
        parts = sorted(parts, key=lambda r: rank.get(r.policies[0], len(rank)) if r.policies else 0)
        policies = tuple(dict.fromkeys(p for r in parts for p in r.policies))
        metrics = tuple(dict.fromkeys(m for r in parts for m in r.metrics))
        return replace(
            parts[0],
            policies=policies,
            metrics=metrics,
            outputs=tuple(o for r in parts for o in r.outputs),
            tables=tuple(t for r in parts for t in r.tables),
        )

    def to_json(self) -> dict[str, Any]:
        """The dictionary `brink sensitivity --json` prints."""
        tables: dict[str, dict[str, Any]] = {m: {} for m in self.metrics}
        for t in self.tables:
            tables.setdefault(t.metric, {})[t.policy] = t.to_json()
        by_key = {(t.policy, t.metric): t for t in self.tables}
        indices = [
            record
            for p in self.policies
            for m in self.metrics
            if (p, m) in by_key
            for record in by_key[(p, m)].records()
        ]
        return {
            "kind": "sensitivity",
            "method": self.method,
            "run": self.run,
            "analysed_run": self.analysed_run,
            "child_run": self.child_run,
            "scenario": self.scenario,
            "seed": self.seed,
            "design": dict(self.design),
            "inputs": list(self.inputs),
            "metrics": list(self.metrics),
            "policies_analysed": list(self.policies),
            "conditional_on": dict(self.conditional_on),
            "confidence": self.confidence,
            "bootstrap_resamples": self.resamples,
            "outputs": [o.to_json() for o in self.outputs],
            "tables": tables,
            "indices": indices,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SensitivityResult:
        """Read what :meth:`to_json` wrote (raises ``KeyError``/``ValueError`` otherwise)."""
        method = str(data["method"])
        if method not in FIELDS:
            raise ValueError(f"unknown sensitivity method {method!r}")
        ranks: dict[tuple[str, str], dict[str, int]] = {}
        for r in data.get("indices", []):
            ranks.setdefault((r["policy"], r["metric"]), {})[r["input"]] = int(r["rank"])
        tables = []
        for metric, by_policy in data["tables"].items():
            for policy, t in by_policy.items():
                names = tuple(str(n) for n in t["names"])
                values = {f: tuple(t[f]) for f in FIELDS[method] if f in t}
                if any(len(v) != len(names) for v in values.values()):
                    raise ValueError(f"table {metric}/{policy}: lengths differ from names")
                above = t.get("above_noise", [False] * len(names))
                rank = ranks.get((policy, metric))
                if rank and len(rank) == len(names):
                    order = tuple(sorted(range(len(names)), key=lambda j: rank[names[j]]))
                else:
                    key = values[RANK_BY[method]]
                    order = tuple(int(j) for j in np.argsort(-np.asarray(key), kind="stable"))
                tables.append(
                    IndexTable(
                        policy=str(policy),
                        metric=str(metric),
                        names=names,
                        values=values,
                        above_noise=tuple(bool(a) for a in above),
                        order=order,
                    )
                )
        return cls(
            method=method,
            run=str(data["run"]),
            analysed_run=str(data.get("analysed_run", data["run"])),
            child_run=bool(data.get("child_run", False)),
            scenario=str(data["scenario"]),
            seed=data["seed"],
            design=dict(data.get("design", {})),
            inputs=tuple(data.get("inputs", ())),
            metrics=tuple(data["metrics"]),
            policies=tuple(data["policies_analysed"]),
            conditional_on=dict(data.get("conditional_on", {})),
            confidence=data.get("confidence", 0.95),
            resamples=data.get("bootstrap_resamples", 0),
            outputs=tuple(OutputSummary.from_json(o) for o in data.get("outputs", [])),
            tables=tuple(tables),
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per policy, metric and input, with every index and the rank."""
        import pandas as pd

        records = [r for t in self.tables for r in t.records()]
        return pd.DataFrame.from_records(records)
