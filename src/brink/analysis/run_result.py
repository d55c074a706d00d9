"""What ``brink.run`` returns: a run's episodes with their summary (:class:`RunResult`).

The runs layer (:mod:`brink.simulation`) simulates and keeps the episodes; the estimates with
their intervals are analysis, so the result that can summarise itself is built here, one
layer up, from the episodes it was given.
"""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING, Any

from brink.analysis.summary import summarise_episodes
from brink.simulation import RunEpisodes

if TYPE_CHECKING:
    import pandas as pd


class RunResult(RunEpisodes):
    """Episodes of each policy, what they are conditional on, and their summary."""

    @classmethod
    def of(cls, episodes: RunEpisodes) -> RunResult:
        """The result of a simulated run (its episodes are shared, not copied)."""
        return cls(**{f.name: getattr(episodes, f.name) for f in fields(episodes)})

    def summary(self) -> dict[str, Any]:
        """The JSON object `brink run --json` prints (deterministic: no timings)."""
        return summarise_episodes(self)

    def outcome_table(self) -> pd.DataFrame:
        """Outcome probabilities with intervals: one row per (policy, outcome)."""
        import pandas as pd

        rows = []
        for block in self.summary()["results"]:
            for outcome, est in block["outcomes"].items():
                rows.append({"policy": block["policy"], "outcome": outcome, **est})
        return pd.DataFrame(rows)
