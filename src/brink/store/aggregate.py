"""Episodes aggregated per draw: the one GROUP BY every analysis of a run starts from.

Episodes that share a draw share its inputs, so the draw is the unit of analysis: intervals
are computed over per-draw means (cluster-robust), sensitivity and discovery explain per-draw
outputs by the draw's inputs. Each caller names its metrics as SQL expressions over the
``episodes`` view; this module alone writes the aggregation, in DuckDB, so a million episodes
come back as a few arrays of draws.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import duckdb

#: What may be asked of a metric per draw: its mean, its sum, its sample variance.
STATISTICS = ("mean", "sum", "var")
_SQL = {"mean": "avg({})", "sum": "sum({})", "var": "coalesce(var_samp({}), 0)"}


@dataclass(frozen=True)
class PerDraw:
    """One policy's episodes per draw: ``draw`` and ``n`` (episodes), and for each
    (metric, statistic) asked the array over draws, in draw order."""

    draw: np.ndarray
    n: np.ndarray
    values: dict[tuple[str, str], np.ndarray]

    def mean(self, metric: str) -> np.ndarray:
        return self.values[(metric, "mean")]

    def sum(self, metric: str) -> np.ndarray:
        return self.values[(metric, "sum")]

    def var(self, metric: str) -> np.ndarray:
        return self.values[(metric, "var")]


def per_draw(
    con: duckdb.DuckDBPyConnection,
    metrics: Mapping[str, str],
    *,
    policy: str | None = None,
    statistics: Sequence[str] = ("mean",),
) -> dict[str, PerDraw]:
    """``{policy: PerDraw}`` for one policy (``policy``) or all of them, each metric an SQL
    value expression over the ``episodes`` view (e.g. ``(outcome = 'war')::DOUBLE``)."""
    unknown = [s for s in statistics if s not in _SQL]
    if unknown:
        raise ValueError(f"unknown statistic {unknown[0]!r} (known: {', '.join(STATISTICS)})")
    selects = ", ".join(
        f'{_SQL[stat].format(expression)} AS "{stat}:{name}"'
        for name, expression in metrics.items()
        for stat in statistics
    )
    where, parameters = ("WHERE policy = ? ", [policy]) if policy is not None else ("", [])
    frame = con.execute(
        f"SELECT policy::VARCHAR AS policy, draw, count(*) AS n{', ' if selects else ''}"
        f"{selects} FROM episodes {where}GROUP BY ALL ORDER BY policy, draw",
        parameters,
    ).fetchnumpy()
    policies = np.asarray(frame["policy"], dtype=object)
    out: dict[str, PerDraw] = {}
    for name in dict.fromkeys(policies.tolist()):
        mask = policies == name
        out[str(name)] = PerDraw(
            draw=np.asarray(frame["draw"])[mask],
            n=np.asarray(frame["n"])[mask],
            values={
                (metric, stat): np.asarray(frame[f"{stat}:{metric}"], dtype=float)[mask]
                for metric in metrics
                for stat in statistics
            },
        )
    return out
