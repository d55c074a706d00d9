"""Aggregates of a stored run for the report, computed in DuckDB.

Everything here is a GROUP BY over the `episodes` and `timeline` views: a million episodes
become a few hundred numbers before Python sees them. Only the design (one row per draw) and
the per-draw means come back as arrays.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import duckdb

#: Width of a casualty-histogram bin, in decades (eight bins per factor of ten).
DECADE_BINS = 8
#: A deterministic scramble of (draw, replication), so the narratives are not always draw 0.
_EPISODE_KEY = "((draw * 2654435761 + replication * 2246822519 + 3266489917) % 4294967291)"


@dataclass
class Fan:
    """Escalation level quantiles by turn for one policy (levels are rungs 0–7)."""

    turns: np.ndarray
    q05: np.ndarray
    q25: np.ndarray
    q50: np.ndarray
    q75: np.ndarray
    q95: np.ndarray
    mean: np.ndarray
    at_war: np.ndarray  # share standing at a war level (strike or above)


def fan_chart_data(con: duckdb.DuckDBPyConnection, policies: list[str]) -> dict[str, Fan]:
    """Quantiles of the escalation level each turn, from the stored (turn, level) counts."""
    rows = con.execute(
        "SELECT policy::VARCHAR, turn, level, sum(episodes)::BIGINT FROM timeline "
        "GROUP BY ALL ORDER BY 1, 2, 3"
    ).fetchall()
    by_policy: dict[str, dict[tuple[int, int], int]] = {}
    for policy, turn, level, count in rows:
        by_policy.setdefault(policy, {})[(int(turn), int(level))] = int(count)
    out: dict[str, Fan] = {}
    for policy in policies:
        cells = by_policy.get(policy)
        if not cells:
            continue
        turns = np.array(sorted({t for t, _ in cells}))
        levels = max(lv for _, lv in cells) + 1
        counts = np.zeros((len(turns), max(levels, 8)))
        index = {t: i for i, t in enumerate(turns)}
        for (t, lv), c in cells.items():
            counts[index[t], lv] += c
        total = counts.sum(axis=1, keepdims=True)
        total[total == 0] = 1
        cdf = np.cumsum(counts / total, axis=1)

        def quantile(q: float, cdf: np.ndarray = cdf) -> np.ndarray:
            return np.argmax(cdf >= q - 1e-12, axis=1).astype(float)

        share = counts / total
        out[policy] = Fan(
            turns=turns,
            q05=quantile(0.05),
            q25=quantile(0.25),
            q50=quantile(0.5),
            q75=quantile(0.75),
            q95=quantile(0.95),
            mean=share @ np.arange(share.shape[1]),
            at_war=share[:, 5:].sum(axis=1),
        )
    return out


def casualty_data(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, Any]]:
    """Per policy: a log-binned histogram of deaths given war, and its quantiles."""
    hist = con.execute(
        f"SELECT policy::VARCHAR, floor(log10(casualties) * {DECADE_BINS})::INTEGER AS bin, "
        "count(*)::BIGINT FROM episodes WHERE outcome = 'war' AND casualties > 0 "
        "GROUP BY ALL ORDER BY 1, 2"
    ).fetchall()
    stats = con.execute(
        "SELECT policy::VARCHAR, count(*)::BIGINT, "
        "quantile_cont(casualties, [0.05, 0.5, 0.95]), avg(casualties) "
        "FROM episodes WHERE outcome = 'war' GROUP BY ALL"
    ).fetchall()
    out: dict[str, dict[str, Any]] = {}
    for policy, wars, quantiles, mean in stats:
        out[policy] = {
            "wars": int(wars),
            "q05": float(quantiles[0]),
            "median": float(quantiles[1]),
            "q95": float(quantiles[2]),
            "mean": float(mean),
            "bins": [],
            "shares": [],
        }
    for policy, b, count in hist:
        entry = out[policy]
        entry["bins"].append(int(b))
        entry["shares"].append(count / entry["wars"])
    return out


def per_draw(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, np.ndarray]]:
    """Per policy and draw: P(war) and P(at least a million dead), as arrays ordered by draw."""
    from brink.store.aggregate import per_draw as aggregate

    blocks = aggregate(
        con,
        {"p_war": "(outcome = 'war')::DOUBLE", "p_million": "(casualties >= 1e6)::DOUBLE"},
    )
    return {
        policy: {
            "draw": block.draw,
            "p_war": block.mean("p_war"),
            "p_million": block.mean("p_million"),
            "n": block.n,
        }
        for policy, block in blocks.items()
    }


def narrative_candidates(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """For each (policy, outcome, war cause): one stored episode, picked by a fixed scramble."""
    rows = con.execute(
        f"SELECT policy::VARCHAR, outcome::VARCHAR, war_cause::VARCHAR, count(*)::BIGINT, "
        f"arg_min([draw, replication], {_EPISODE_KEY}) "
        "FROM episodes GROUP BY ALL ORDER BY 1, 2, 3"
    ).fetchall()
    return [
        {
            "policy": policy,
            "outcome": outcome,
            "cause": cause,
            "count": int(count),
            "draw": int(pick[0]),
            "replication": int(pick[1]),
        }
        for policy, outcome, cause, count, pick in rows
    ]


def stored_episode(
    con: duckdb.DuckDBPyConnection, policy: str, draw: int, replication: int
) -> dict[str, Any]:
    """One stored episode row (outcome columns only) and its draw's inputs."""
    from brink.store.schema import ENDING_COLUMNS, sql_list

    cursor = con.execute(
        f"SELECT {sql_list(ENDING_COLUMNS)} FROM episodes "
        "WHERE policy = ? AND draw = ? AND replication = ?",
        [policy, draw, replication],
    )
    row = cursor.fetchone()
    names = ENDING_COLUMNS
    episode = dict(zip(names, row, strict=True)) if row else {}
    design = con.execute("SELECT * FROM design WHERE draw = ?", [draw]).fetchnumpy()
    inputs = {k: float(v[0]) for k, v in design.items() if k != "draw" and len(v)}
    return {"row": episode, "inputs": inputs}
