"""Typed analysis results built by hand, for tests of readers (the report) and of storage."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from brink.analysis.discovery_result import (
    Box,
    DiscoveryResult,
    Limit,
    PolicyDiscovery,
    Step,
    TreeRule,
)
from brink.analysis.sensitivity_result import (
    FIELDS,
    NOISE_KEY,
    RANK_BY,
    IndexTable,
    OutputSummary,
    SensitivityResult,
)


def sensitivity_result(
    method: str,
    policies: Sequence[str],
    names: Sequence[str],
    main: Mapping[str, Sequence[float]],
    *,
    first: Mapping[str, Sequence[float]] | None = None,
    conf: float = 0.01,
    noise: float = 0.0,
    samples: int = 20,
    run: str = "copy",
) -> SensitivityResult:
    """P(war) indices: ``main`` is mu* (Morris) or ST (Sobol'), ``first`` S1."""
    tables, outputs = [], []
    d = len(names)
    for p in policies:
        values: dict[str, tuple[float, ...]] = {}
        for f in FIELDS[method]:
            if f == RANK_BY[method] or f == "mu":
                values[f] = tuple(main[p])
            elif f == "S1":
                values[f] = tuple((first or main)[p])
            elif f.endswith("_conf"):
                values[f] = (conf,) * d
            else:
                values[f] = (2 * conf,) * d
        order = tuple(int(j) for j in np.argsort(-np.asarray(main[p]), kind="stable"))
        tables.append(
            IndexTable(p, "p_war", tuple(names), values, tuple(v > noise for v in main[p]), order)
        )
        outputs.append(OutputSummary(p, "p_war", 0.05, 0.02, False, NOISE_KEY[method], noise))
    draws = samples * (d + 1 if method == "morris" else d + 2)
    return SensitivityResult(
        method=method,
        run=run,
        analysed_run=f"{run}-{method}",
        child_run=True,
        scenario="korea-2017",
        seed=11,
        design={"sampler": method, "samples": samples, "draws": draws, "replications": 5},
        inputs=tuple(names),
        metrics=("p_war",),
        policies=tuple(policies),
        conditional_on={"run": run},
        confidence=0.95,
        resamples=200,
        outputs=tuple(outputs),
        tables=tuple(tables),
    )


LIMITS = {
    "actors.China.pressure_sensitivity": Limit(None, 1.8, 0.5, 2.0),
    "actors.DPRK.resolve_prior": Limit(0.7, None, 0.5, 0.9),
}
RULE = TreeRule(
    ("actors.China.pressure_sensitivity <= 1.8", "actors.DPRK.resolve_prior > 0.7"),
    0.15,
    0.1,
    0.3,
    300,
    "if ...: P(war) = 0.150",
)


def policy_discovery(
    policy: str,
    *,
    base_rate: float = 0.05,
    episodes: int = 2000,
    hits: int = 100,
    limits: Mapping[str, Limit] | None = None,
    density: float = 0.12,
) -> PolicyDiscovery:
    limits = LIMITS if limits is None else limits
    box = Box(
        coverage=0.61,
        density=density,
        mass=0.2,
        episodes=1000,
        hits=120,
        restricted=tuple(limits),
        limits=dict(limits),
        quasi_p={k: 0.001 for k in limits},
        dropped=(),
    )
    peeled = Box(
        **{**box.__dict__, "dropped": None, "trajectory_index": 3, "without_restriction": {}}
    )
    return PolicyDiscovery(
        policy=policy,
        settings={"p_threshold": 0.05},
        base_rate=base_rate,
        episodes=episodes,
        hits=hits,
        box=box,
        peeled_box=peeled,
        trajectory=(Step(0, 1.0, base_rate, 1.0, episodes, hits, ()),),
        tree_max_depth=3,
        tree_min_leaf=0.05,
        rules=(RULE,),
        rules_text=RULE.text,
        sentence="...",
        conditional_on=f"run copy, policy {policy}",
    )


def discovery_result(
    policies: Sequence[str], blocks: Sequence[PolicyDiscovery] | None = None
) -> DiscoveryResult:
    blocks = list(blocks) if blocks is not None else [policy_discovery(p) for p in policies]
    return DiscoveryResult(
        outcome="war",
        outcome_label="war",
        info={"run": "copy", "scenario": "korea-2017", "draws": 40, "seed": 11},
        policies=tuple(b.policy for b in blocks),
        warnings=(),
        blocks=tuple(blocks),
    )
