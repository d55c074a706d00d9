"""Build the Python-side deciders a seat's fixed-rule leader types need.

Strategic doctrines need none: the compiled turn decides for them from the doctrine tables.
"""

from __future__ import annotations

from brink.deciders.scripted import ReactiveDecider, TableDecider
from brink.model.compile import ActionTable
from brink.scenario.schema import Policy

FixedRule = TableDecider | ReactiveDecider


def fixed_rules(
    types: tuple[str, ...], policies: dict[str, Policy], table: ActionTable
) -> dict[int, FixedRule]:
    """Leader-type index → decider, for the seat's table and reactive types."""
    out: dict[int, FixedRule] = {}
    for index, name in enumerate(types):
        policy = policies[name]
        if policy.kind == "table":
            out[index] = TableDecider(policy, table.index)
        elif policy.kind == "reactive":
            out[index] = ReactiveDecider(policy, table.index)
    return out
