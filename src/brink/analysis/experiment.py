"""Moved: stored runs are planned, executed and stored by :mod:`brink.experiments` (and
:mod:`brink.store`). These names are kept so imports written before the move still work;
new code imports from ``brink.experiments``."""

from __future__ import annotations

from brink.experiments.execute import execute
from brink.experiments.plan import EPISODES_PER_TASK, RunPlan, SizeCheck, plan_run
from brink.experiments.runs import compare, create_run, resume, write_run
from brink.experiments.tasks import Task, simulate, simulate_and_store
from brink.scenario.schema import Scenario
from brink.store.catalog import update_catalog
from brink.store.runs import RunFolder
from brink.store.scenario_json import read_scenario


def _scenario_of(run: RunFolder) -> Scenario:
    """Old name of :func:`brink.store.scenario_json.read_scenario`."""
    return read_scenario(run.path)


__all__ = [
    "EPISODES_PER_TASK",
    "RunPlan",
    "SizeCheck",
    "Task",
    "compare",
    "create_run",
    "execute",
    "plan_run",
    "resume",
    "simulate",
    "simulate_and_store",
    "update_catalog",
    "write_run",
]
