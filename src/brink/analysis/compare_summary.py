"""Moved: the policy table of a stored run is read by :mod:`brink.analysis.stored`
(``policy_table``, ``summarise_run``) and computed by :mod:`brink.analysis.policy_table`
(``policy_rows``, :class:`~brink.analysis.policy_table.PolicyTable`). These names are kept so
imports written before the move still work; new code imports from there."""

from __future__ import annotations

from brink.analysis.policy_table import SIDES
from brink.analysis.policy_table import TABLE_METRICS as METRICS
from brink.analysis.stored import per_draw_means, policy_table, summarise_run
from brink.vocabulary import REPORTED_CAUSES as CAUSES
from brink.vocabulary import REPORTED_OUTCOMES as OUTCOMES

__all__ = [
    "CAUSES",
    "METRICS",
    "OUTCOMES",
    "SIDES",
    "per_draw_means",
    "policy_table",
    "summarise_run",
]
