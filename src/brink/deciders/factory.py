"""Build the decider a policy names: the strategic decider, a table or a reactive doctrine."""

from __future__ import annotations

from brink.deciders.base import Decider
from brink.deciders.scripted import ReactiveDecider, TableDecider
from brink.deciders.strategic import StrategicDecider
from brink.model.compile import ActionTable
from brink.scenario.schema import Policy


def make_deciders(
    types: tuple[str, ...], policies: dict[str, Policy], table: ActionTable
) -> list[tuple[Decider, list[int]]]:
    """Deciders for one seat's leader types: one strategic decider for all strategic types (its
    doctrines are per-episode arrays), one decider per table or reactive type. Returns each
    decider with the type indices it plays."""
    out: list[tuple[Decider, list[int]]] = []
    strategic = {
        i: (name, policies[name])
        for i, name in enumerate(types)
        if policies[name].kind == "strategic"
    }
    if strategic:
        out.append((StrategicDecider(strategic), list(strategic)))
    for i, name in enumerate(types):
        policy = policies[name]
        if policy.kind == "table":
            out.append((TableDecider(policy, table.index), [i]))
        elif policy.kind == "reactive":
            out.append((ReactiveDecider(policy, table.index), [i]))
    return out
