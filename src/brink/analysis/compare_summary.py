"""The policy table of a stored experiment, with honest intervals and paired differences.

Episodes that share a draw share its inputs, so they are not independent: intervals here are
cluster-robust (the per-draw means are the independent units; Cameron & Miller 2015). Because
policies meet the same draws and random streams, their difference is estimated per draw and
its interval is much tighter than the two intervals taken apart.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from brink.analysis.policy_table import PolicyTable, policy_rows
from brink.store.query import connect
from brink.store.runs import RunFolder

OUTCOMES = ("war", "settlement", "capitulation", "collapse", "unresolved")
CAUSES = ("intent", "misperception", "accident")
#: Who backs down, by side: capitulation by the challenger and by the defender are different
#: endings (one side's win is the other's loss), so they are never lumped together in reports.
SIDES = ("challenger", "defender")
METRICS = (
    *(f"p_{o}" for o in OUTCOMES),
    *(f"p_backs_down_{side}" for side in SIDES),
    *(f"p_war_{c}" for c in CAUSES),
    "casualties",
    "tests",
    "missile_tests",
    "nuclear_tests",
    "payoff_challenger",
    "payoff_defender",
)


def _leads(run: RunFolder) -> tuple[str, str]:
    """The challenger's and the defender's ids, from the run's stored scenario."""
    from brink.store.scenario_json import read_scenario

    scenario = read_scenario(run.path)
    return scenario.challenger, scenario.defender


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def per_draw_means(run: RunFolder) -> dict[str, dict[str, np.ndarray]]:
    """For each policy, each metric's mean per draw (arrays ordered by draw)."""
    from brink.store.aggregate import per_draw

    leads = _leads(run)
    expressions = {f"p_{o}": f"(outcome = '{o}')::DOUBLE" for o in OUTCOMES}
    expressions.update(
        {
            f"p_backs_down_{side}": (
                f"(outcome = 'capitulation' AND capitulator = {_quoted(lead)})::DOUBLE"
            )
            for side, lead in zip(SIDES, leads, strict=True)
        }
    )
    expressions.update(
        {f"p_war_{c}": f"(outcome = 'war' AND war_cause = '{c}')::DOUBLE" for c in CAUSES}
    )
    expressions.update(
        {
            name: f"{name}::DOUBLE"
            for name in (
                "casualties",
                "tests",
                "missile_tests",
                "nuclear_tests",
                "payoff_challenger",
                "payoff_defender",
            )
        }
    )
    con = connect(run)
    try:
        blocks = per_draw(con, expressions)
    finally:
        con.close()
    return {
        policy: {"draw": block.draw, **{m: block.mean(m) for m in METRICS}}
        for policy, block in blocks.items()
    }


def policy_table(run: RunFolder) -> PolicyTable:
    """The typed policy table of a stored run (rows for the policies with episodes stored)."""
    means = per_draw_means(run)
    leads = _leads(run)
    planned = tuple(run.manifest["options"]["policies"])
    order = [p for p in planned if p in means]
    rows, differences = policy_rows(means, order, METRICS)
    m = run.manifest
    options = m["options"]
    return PolicyTable(
        run=run.name,
        scenario=m["scenario"]["id"],
        seed=m["seed"],
        challenger=leads[0],
        defender=leads[1],
        conditional_on={
            "scenario_sha256": m["scenario"]["sha256"],
            "overrides": m["scenario"]["overrides"],
            "opponent": options["opponent"],
            "sampler": options["sampler"],
            "draws": m["draws"],
            "replications": options["replications"],
            "uncertain_inputs": len(m.get("inputs", {})),
            "interval": "95%, cluster-robust over draws (per-draw means as units)",
        },
        rows=rows,
        differences=differences,
        complete=run.complete,
        planned=planned,
    )


def summarise_run(run: RunFolder) -> dict[str, Any]:
    """Policy table and paired differences against the first policy (JSON-ready)."""
    return policy_table(run).to_json()
