"""Build the decider a policy names: posture table, reactive doctrine or logit chooser."""

from __future__ import annotations

from brink.deciders.base import Decider
from brink.deciders.logit import LogitDecider
from brink.deciders.scripted import DoctrineDecider, PostureDecider
from brink.engine.compile import ActionTable
from brink.scenario.schema import Policy


def make_decider(policy: Policy, table: ActionTable) -> Decider:
    """One decider object per seat and batch; all share the Decider interface."""
    if policy.kind == "posture":
        return PostureDecider(policy, table.index)
    if policy.kind == "doctrine":
        return DoctrineDecider(policy, table.index)
    return LogitDecider(policy, len(table.ids))
