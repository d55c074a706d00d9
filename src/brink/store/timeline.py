"""The escalation timeline of a task: how many episodes stand at each rung on each turn.

Counts, not rows: ``horizon × rungs`` numbers per task whatever its episodes, so the report's
fan charts read a few kilobytes. Stored beside the episode parts (``timeline/<policy>/``).
"""

from __future__ import annotations

import numpy as np


def timeline_columns(counts: np.ndarray) -> dict[str, np.ndarray]:
    """(turn, level, episodes) columns of a ``(horizon, levels)`` count matrix."""
    horizon, levels = counts.shape
    turns, rungs = np.meshgrid(np.arange(1, horizon + 1), np.arange(levels), indexing="ij")
    return {
        "turn": turns.ravel().astype(np.int32),
        "level": rungs.ravel().astype(np.int8),
        "episodes": counts.ravel(),
    }


def count_matrix(columns: dict[str, np.ndarray]) -> np.ndarray:
    """Back from (turn, level, episodes) columns to the ``(horizon, levels)`` counts (summed
    over parts when several are given concatenated)."""
    turns = np.asarray(columns["turn"], dtype=np.int64)
    levels = np.asarray(columns["level"], dtype=np.int64)
    counts = np.zeros((int(turns.max()), int(levels.max()) + 1), dtype=np.int64)
    np.add.at(counts, (turns - 1, levels), np.asarray(columns["episodes"], dtype=np.int64))
    return counts
