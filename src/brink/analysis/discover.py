"""Scenario discovery: which ranges of the uncertain inputs lead to an outcome.

Rows are episodes (grouped by draw, since every replication of a draw shares its inputs);
``y`` says whether the episode ended in the outcome asked for. PRIM (``brink.analysis.prim``)
finds a box of input ranges where that outcome is dense; a shallow decision tree from
scikit-learn gives a second, independent view of the same question.

This module only computes: :func:`discover_boxes` takes the design (inputs per draw) and the
per-draw counts as arrays and returns a :class:`~brink.analysis.discovery_result.
DiscoveryResult`. Reading them from a stored run, and storing the result as
``results/discover-<outcome>/<policy>.json`` for the report, is
``brink.analysis.stored.discovery``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from brink.analysis.discovery_result import DiscoveryResult, PolicyDiscovery
from brink.analysis.prim import prim
from brink.errors import BrinkInputError
from brink.vocabulary import REPORTED_CAUSES, REPORTED_OUTCOMES, REPORTED_WAR_KINDS

OUTCOMES = REPORTED_OUTCOMES
WAR_KINDS = REPORTED_WAR_KINDS
WAR_CAUSES = REPORTED_CAUSES
FEW_DRAWS = 100
_PLURAL = {
    "war": "wars",
    "settlement": "settlements",
    "capitulation": "capitulations",
    "collapse": "collapses",
    "unresolved": "unresolved crises",
}


@dataclass(frozen=True)
class Outcome:
    """An outcome name, the SQL that marks its episodes, and words for people."""

    name: str
    sql: str
    label: str
    plural: str

    @property
    def slug(self) -> str:
        """File-name form: ``war:nuclear`` → ``war-nuclear`` (no colons in file names)."""
        return self.name.replace(":", "-")


def valid_outcomes() -> list[str]:
    return [
        *OUTCOMES,
        *(f"war:{k}" for k in WAR_KINDS),
        *(f"cause:{c}" for c in WAR_CAUSES),
    ]


def parse_outcome(name: str, run: str = "", *, option: str = "outcome") -> Outcome:
    """``war``, ``settlement``, … ; ``war:nuclear`` (a kind of war); ``cause:accident``.
    ``option`` names the parameter in errors (the CLI passes its flag)."""
    if name in OUTCOMES:
        return Outcome(name, f"outcome = '{name}'", name, _PLURAL[name])
    head, _, tail = name.partition(":")
    if head == "war" and tail in WAR_KINDS:
        return Outcome(
            name, f"outcome = 'war' AND war_kind = '{tail}'", f"{tail} war", f"{tail} wars"
        )
    if head == "cause" and tail in WAR_CAUSES:
        return Outcome(
            name,
            f"outcome = 'war' AND war_cause = '{tail}'",
            f"war by {tail}",
            f"wars by {tail}",
        )
    where = f"{run}: " if run else ""
    raise BrinkInputError(
        f"{where}{option}: unknown outcome {name!r} (expected one of: "
        f"{', '.join(valid_outcomes())})"
    )


def describe(manifest: Mapping[str, Any], run: str) -> dict[str, Any]:
    """What every figure from a run is conditional on, from its manifest."""
    m = manifest
    options = m["options"]
    scenario = m["scenario"]
    return {
        "run": run,
        "scenario": scenario.get("id"),
        "scenario_sha256": scenario.get("sha256"),
        "overrides": scenario.get("overrides", []),
        "opponent": options.get("opponent"),
        "policies": list(options["policies"]),
        "draws": m.get("draws"),
        "replications": options.get("replications"),
        "sampler": options.get("sampler"),
        "seed": m["seed"],
        "uncertain_inputs": len(m.get("inputs", {})),
    }


def conditional_on_text(info: Mapping[str, Any], policy: str | None = None) -> str:
    """One line for people: run, scenario, policy, N draws × replications, seed."""
    who = f"policy {policy}" if policy else f"policies {', '.join(info['policies'])}"
    overrides = ", ".join(info["overrides"]) or "none"
    return (
        f"run {info['run']}, scenario {info['scenario']} (overrides: {overrides}), {who} "
        f"against {info['opponent']}, {info['draws']} {info['sampler']} draws of "
        f"{info['uncertain_inputs']} uncertain inputs × {info['replications']} replications, "
        f"seed {info['seed']}"
    )


def tree_rules(
    x: np.ndarray,
    n: np.ndarray,
    k: np.ndarray,
    names: list[str],
    *,
    label: str = "outcome",
    max_depth: int = 3,
    min_leaf: float = 0.05,
    seed: int = 0,
) -> list[dict[str, Any]]:
    """A shallow classification tree on the episodes (each draw enters twice, weighted by its
    cases and non-cases); returns its leaves as rules, densest first."""
    from sklearn.tree import DecisionTreeClassifier

    m = len(x)
    features = np.vstack([x, x])
    labels = np.concatenate([np.ones(m, dtype=int), np.zeros(m, dtype=int)])
    weights = np.concatenate([k, n - k])
    keep = weights > 0
    if len(np.unique(labels[keep])) < 2:
        return []
    tree = DecisionTreeClassifier(
        max_depth=max_depth, min_weight_fraction_leaf=min_leaf, random_state=seed
    ).fit(features[keep], labels[keep], sample_weight=weights[keep])
    t = tree.tree_
    leaves = tree.apply(x)
    total_n, total_k = float(n.sum()), float(k.sum())
    rules: list[dict[str, Any]] = []

    def walk(node: int, bounds: dict[int, list[float]]) -> None:
        if t.children_left[node] == -1:
            here = leaves == node
            weight, hits = float(n[here].sum()), float(k[here].sum())
            conditions = []
            for j, (lo, hi) in sorted(bounds.items()):
                if lo > -np.inf and hi < np.inf:
                    conditions.append(f"{lo:.3g} < {names[j]} <= {hi:.3g}")
                elif lo > -np.inf:
                    conditions.append(f"{names[j]} > {lo:.3g}")
                else:
                    conditions.append(f"{names[j]} <= {hi:.3g}")
            rules.append(
                {
                    "conditions": conditions,
                    "density": round(hits / weight, 4) if weight else 0.0,
                    "mass": round(weight / total_n, 4) if total_n else 0.0,
                    "coverage": round(hits / total_k, 4) if total_k else 0.0,
                    "episodes": round(weight),
                }
            )
            rules[-1]["text"] = _rule_text(rules[-1], label)
            return
        j, cut = int(t.feature[node]), float(t.threshold[node])
        lo, hi = bounds.get(j, [-np.inf, np.inf])
        walk(int(t.children_left[node]), {**bounds, j: [lo, min(hi, cut)]})
        walk(int(t.children_right[node]), {**bounds, j: [max(lo, cut), hi]})

    walk(0, {})
    rules.sort(key=lambda r: -r["density"])
    return rules


def _rule_text(rule: dict[str, Any], label: str) -> str:
    when = " and ".join(rule["conditions"]) or "always"
    return (
        f"if {when}: P({label}) = {rule['density']:.3f} "
        f"({100 * rule['mass']:.0f}% of episodes, {100 * rule['coverage']:.0f}% of cases)"
    )


def rules_text(rules: list[dict[str, Any]]) -> str:
    """The tree's leaves as lines a person can read, densest first."""
    return "\n".join(rule["text"] for rule in rules)


def _fmt(x: float) -> str:
    return f"{x:.3g}"


def _fmt2(x: float) -> str:
    """Densities to two decimals, or two significant figures when small (0.0042)."""
    return f"{x:.2f}" if x >= 0.1 else f"{x:.2g}"


def sentence(outcome: Outcome, block: dict[str, Any]) -> str:
    """The chosen box in plain words (restrictions with small quasi-p-values only)."""
    base = block["base_rate"]
    hits = block["hits"]
    if hits == 0:
        return f"no {outcome.label} in {block['episodes']:,} episodes: nothing to discover"
    box = block["box"]
    if base >= 1.0:
        return f"{outcome.label} happens in every one of the {block['episodes']:,} episodes"
    if not box["limits"]:
        return (
            f"no range of the inputs makes {outcome.label} clearly more likely than overall "
            f"(density {base:.2f}); it depends on luck or on many inputs at once"
        )
    parts = []
    for name, lim in box["limits"].items():
        if lim["low"] is not None and lim["high"] is not None:
            parts.append(f"{name} is between {_fmt(lim['low'])} and {_fmt(lim['high'])}")
        elif lim["low"] is not None:
            parts.append(f"{name} is above {_fmt(lim['low'])}")
        else:
            parts.append(f"{name} is below {_fmt(lim['high'])}")
    density = box["density"]
    ratio = density / base if base else float("inf")
    if density >= 0.5:
        how = "likely"
    elif ratio >= 1.5:
        how = f"{ratio:.1f} times as likely as overall"
    else:
        how = "only slightly more likely than overall"
    return (
        f"{outcome.label} is {how} (density {_fmt2(density)} vs {_fmt2(base)} overall) when "
        f"{' and '.join(parts)}; this box covers {100 * box['coverage']:.0f}% of "
        f"{outcome.plural}"
    )


def discover_boxes(
    x: np.ndarray,
    counts: Mapping[str, tuple[np.ndarray, np.ndarray]],
    names: Sequence[str],
    bounds: np.ndarray,
    outcome: Outcome,
    about: Mapping[str, Any],
    *,
    alpha: float = 0.05,
    mass_min: float = 0.05,
    min_coverage: float | None = 0.5,
    min_density: float | None = None,
    p_threshold: float = 0.05,
    tree_depth: int = 3,
    tree_min_leaf: float = 0.05,
) -> DiscoveryResult:
    """PRIM and a decision tree per policy. ``x``: input values per draw (one column per
    name); ``counts``: per policy, episodes and episodes with the outcome per draw (a draw
    with no episodes is left out); ``bounds``: each input's (low, high); ``about``: what the
    figures are conditional on (:func:`describe`)."""
    names = list(names)
    blocks = []
    for p, (n, k) in counts.items():
        seen = n > 0
        found = prim(
            x[seen],
            k[seen],
            counts=n[seen],
            names=names,
            bounds=bounds,
            alpha=alpha,
            mass_min=mass_min,
            min_coverage=min_coverage,
            min_density=min_density,
            p_threshold=p_threshold,
        )
        block: dict[str, Any] = {"policy": p, **found.to_dict()}
        rules = tree_rules(
            x[seen],
            n[seen],
            k[seen],
            names,
            label=outcome.label,
            max_depth=tree_depth,
            min_leaf=tree_min_leaf,
        )
        block["tree"] = {
            "max_depth": tree_depth,
            "min_weight_fraction_leaf": tree_min_leaf,
            "rules": rules,
            "text": rules_text(rules),
        }
        block["sentence"] = sentence(outcome, block)
        block["conditional_on"] = conditional_on_text(about, p)
        blocks.append(block)
    warnings = []
    if len(x) < FEW_DRAWS:
        warnings.append(
            f"only {len(x)} draws of {len(names)} inputs: boxes and trees are rough sketches "
            f"(use {FEW_DRAWS} draws or more)"
        )
    return DiscoveryResult(
        outcome=outcome.name,
        outcome_label=outcome.label,
        info=dict(about),
        policies=tuple(counts),
        warnings=tuple(warnings),
        blocks=tuple(PolicyDiscovery.from_json(b) for b in blocks),
    )
