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
    from brink.analysis.experiment import _scenario_of

    scenario = _scenario_of(run)
    return scenario.challenger, scenario.defender


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def per_draw_means(run: RunFolder) -> dict[str, dict[str, np.ndarray]]:
    """For each policy, each metric's mean per draw (arrays ordered by draw)."""
    leads = _leads(run)
    con = connect(run)
    selects = [f"avg((outcome = '{o}')::DOUBLE) AS p_{o}" for o in OUTCOMES]
    selects += [
        f"avg((outcome = 'capitulation' AND capitulator = {_quoted(lead)})::DOUBLE) "
        f"AS p_backs_down_{side}"
        for side, lead in zip(SIDES, leads, strict=True)
    ]
    selects += [
        f"avg((outcome = 'war' AND war_cause = '{c}')::DOUBLE) AS p_war_{c}" for c in CAUSES
    ]
    selects += [
        f"avg({name}::DOUBLE) AS {name}"
        for name in (
            "casualties",
            "tests",
            "missile_tests",
            "nuclear_tests",
            "payoff_challenger",
            "payoff_defender",
        )
    ]
    sql = (
        f"SELECT policy::VARCHAR AS policy, draw, {', '.join(selects)} FROM episodes "
        "GROUP BY ALL ORDER BY policy, draw"
    )
    frame = con.execute(sql).df()
    con.close()
    out: dict[str, dict[str, np.ndarray]] = {}
    for policy, group in frame.groupby("policy", sort=False):
        out[str(policy)] = {
            "draw": group["draw"].to_numpy(),
            **{m: group[m].to_numpy(dtype=float) for m in METRICS},
        }
    return out


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
