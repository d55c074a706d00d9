"""Scenario discovery as a typed result: :class:`DiscoveryResult` (what `brink discover --json`
prints), one :class:`PolicyDiscovery` per policy with its PRIM boxes and tree rules.

``to_json()`` gives back the command's dictionary key for key; ``from_json()`` reads it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Limit:
    """A restricted input: ``low``/``high`` (None = that end not restricted) and its range."""

    low: float | None
    high: float | None
    full_low: float
    full_high: float

    def to_json(self) -> dict[str, Any]:
        return {
            "low": self.low,
            "high": self.high,
            "full_low": self.full_low,
            "full_high": self.full_high,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Limit:
        return cls(data["low"], data["high"], data["full_low"], data["full_high"])


@dataclass(frozen=True)
class Box:
    """A PRIM box: what it holds and its limits. ``peeled`` boxes (every restriction peeling
    made) also carry their trajectory step and the stats without each restriction."""

    coverage: float
    density: float
    mass: float
    episodes: int
    hits: int
    restricted: tuple[str, ...]
    limits: Mapping[str, Limit]
    quasi_p: Mapping[str, float]
    dropped: tuple[str, ...] | None = None
    trajectory_index: int | None = None
    without_restriction: Mapping[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "coverage": self.coverage,
            "density": self.density,
            "mass": self.mass,
            "episodes": self.episodes,
            "hits": self.hits,
            "restricted": list(self.restricted),
        }
        if self.trajectory_index is not None:
            out["trajectory_index"] = self.trajectory_index
        out["limits"] = {k: v.to_json() for k, v in self.limits.items()}
        out["quasi_p"] = dict(self.quasi_p)
        if self.dropped is not None:
            out["dropped"] = list(self.dropped)
        if self.without_restriction is not None:
            out["without_restriction"] = dict(self.without_restriction)
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Box:
        return cls(
            coverage=data["coverage"],
            density=data["density"],
            mass=data["mass"],
            episodes=data["episodes"],
            hits=data["hits"],
            restricted=tuple(data["restricted"]),
            limits={k: Limit.from_json(v) for k, v in data["limits"].items()},
            quasi_p=dict(data["quasi_p"]),
            dropped=tuple(data["dropped"]) if "dropped" in data else None,
            trajectory_index=data.get("trajectory_index"),
            without_restriction=(
                dict(data["without_restriction"]) if "without_restriction" in data else None
            ),
        )


@dataclass(frozen=True)
class Step:
    """One box on the peeling trajectory."""

    step: int
    coverage: float
    density: float
    mass: float
    episodes: int
    hits: int
    restricted: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "coverage": self.coverage,
            "density": self.density,
            "mass": self.mass,
            "episodes": self.episodes,
            "hits": self.hits,
            "restricted": list(self.restricted),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Step:
        return cls(
            data["step"],
            data["coverage"],
            data["density"],
            data["mass"],
            data["episodes"],
            data["hits"],
            tuple(data["restricted"]),
        )


@dataclass(frozen=True)
class TreeRule:
    """A leaf of the classification tree: its conditions and what it holds."""

    conditions: tuple[str, ...]
    density: float
    mass: float
    coverage: float
    episodes: int
    text: str

    def to_json(self) -> dict[str, Any]:
        return {
            "conditions": list(self.conditions),
            "density": self.density,
            "mass": self.mass,
            "coverage": self.coverage,
            "episodes": self.episodes,
            "text": self.text,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TreeRule:
        return cls(
            tuple(data["conditions"]),
            data["density"],
            data["mass"],
            data["coverage"],
            data["episodes"],
            data["text"],
        )


@dataclass(frozen=True)
class PolicyDiscovery:
    """PRIM (the kept box, the peeled box, the trajectory) and the tree for one policy."""

    policy: str
    settings: Mapping[str, Any]
    base_rate: float
    episodes: int
    hits: int
    box: Box
    peeled_box: Box
    trajectory: tuple[Step, ...]
    tree_max_depth: int
    tree_min_leaf: float
    rules: tuple[TreeRule, ...]
    rules_text: str
    sentence: str
    conditional_on: str

    @property
    def certain(self) -> bool:
        """Every episode ends in the outcome: there is nothing to discover but certainty."""
        return self.episodes > 0 and self.hits >= self.episodes

    @property
    def never(self) -> bool:
        return self.hits == 0

    def to_json(self) -> dict[str, Any]:
        return {
            "policy": self.policy,
            "settings": dict(self.settings),
            "base_rate": self.base_rate,
            "episodes": self.episodes,
            "hits": self.hits,
            "box": self.box.to_json(),
            "peeled_box": self.peeled_box.to_json(),
            "trajectory": [s.to_json() for s in self.trajectory],
            "tree": {
                "max_depth": self.tree_max_depth,
                "min_weight_fraction_leaf": self.tree_min_leaf,
                "rules": [r.to_json() for r in self.rules],
                "text": self.rules_text,
            },
            "sentence": self.sentence,
            "conditional_on": self.conditional_on,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PolicyDiscovery:
        tree = data["tree"]
        return cls(
            policy=str(data["policy"]),
            settings=dict(data["settings"]),
            base_rate=data["base_rate"],
            episodes=data["episodes"],
            hits=data["hits"],
            box=Box.from_json(data["box"]),
            peeled_box=Box.from_json(data["peeled_box"]),
            trajectory=tuple(Step.from_json(s) for s in data["trajectory"]),
            tree_max_depth=tree["max_depth"],
            tree_min_leaf=tree["min_weight_fraction_leaf"],
            rules=tuple(TreeRule.from_json(r) for r in tree["rules"]),
            rules_text=tree["text"],
            sentence=data["sentence"],
            conditional_on=data["conditional_on"],
        )


@dataclass(frozen=True)
class DiscoveryResult:
    """Which ranges of the inputs lead to an outcome, per policy, and what it rests on."""

    outcome: str
    outcome_label: str
    #: What the figures are conditional on (run, scenario, draws, seed, …), as printed.
    info: Mapping[str, Any]
    policies: tuple[str, ...]
    warnings: tuple[str, ...]
    blocks: tuple[PolicyDiscovery, ...]

    @property
    def method(self) -> str:
        """The name results are stored under: ``discover-<outcome>`` (``war:nuclear`` →
        ``discover-war-nuclear``)."""
        return "discover-" + self.outcome.replace(":", "-")

    def block(self, policy: str) -> PolicyDiscovery | None:
        return next((b for b in self.blocks if b.policy == policy), None)

    def for_policy(self, policy: str) -> DiscoveryResult:
        return replace(
            self, policies=(policy,), blocks=tuple(b for b in self.blocks if b.policy == policy)
        )

    @staticmethod
    def merge(parts: Sequence[DiscoveryResult], order: Sequence[str] = ()) -> DiscoveryResult:
        if not parts:
            raise ValueError("nothing to merge")
        rank = {p: i for i, p in enumerate(order)}
        blocks = sorted(
            (b for r in parts for b in r.blocks), key=lambda b: rank.get(b.policy, len(rank))
        )
        return replace(
            parts[0],
            policies=tuple(dict.fromkeys(b.policy for b in blocks)),
            warnings=tuple(dict.fromkeys(w for r in parts for w in r.warnings)),
            blocks=tuple(blocks),
        )

    def to_json(self) -> dict[str, Any]:
        """The dictionary `brink discover --json` prints."""
        return {
            "kind": "discover",
            "outcome": self.outcome,
            "outcome_label": self.outcome_label,
            **dict(self.info),
            "policies_analysed": list(self.policies),
            "warnings": list(self.warnings),
            "boxes": [b.to_json() for b in self.blocks],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DiscoveryResult:
        skip = {"kind", "outcome", "outcome_label", "policies_analysed", "warnings", "boxes"}
        if data.get("kind") != "discover":
            raise ValueError("not a discovery result")
        return cls(
            outcome=str(data["outcome"]),
            outcome_label=str(data["outcome_label"]),
            info={k: v for k, v in data.items() if k not in skip},
            policies=tuple(data["policies_analysed"]),
            warnings=tuple(data["warnings"]),
            blocks=tuple(PolicyDiscovery.from_json(b) for b in data["boxes"]),
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per policy and restricted input of the kept box (a row with no input when
        the box restricts nothing)."""
        import pandas as pd

        records = []
        for b in self.blocks:
            common = {
                "policy": b.policy,
                "base_rate": b.base_rate,
                "coverage": b.box.coverage,
                "density": b.box.density,
                "mass": b.box.mass,
            }
            if not b.box.limits:
                records.append({**common, "input": None})
            for name, lim in b.box.limits.items():
                records.append(
                    {
                        **common,
                        "input": name,
                        "low": lim.low,
                        "high": lim.high,
                        "quasi_p": b.box.quasi_p.get(name),
                    }
                )
        return pd.DataFrame.from_records(records)
