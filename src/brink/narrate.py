"""One episode told as a timeline: what each side did and what the other believed it saw."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from brink.engine.batch import finish, start_crisis
from brink.engine.context import Crisis
from brink.engine.state import OUTCOME_NAMES
from brink.engine.turn import play_turn
from brink.errors import BrinkInputError
from brink.scenario.loader import load
from brink.scenario.schema import RUNG_NAMES


def tell_episode(
    crisis: Crisis, deciders: tuple, draw: int, replication: int
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Play a batch-of-one crisis to its end, telling each turn in words.

    Returns the turns (turn number, date, events) and the episode's row (outcome, cause,
    casualties, yardsticks). Shared by `brink narrate` and the report's sample narratives.
    """
    scen = crisis.scenario
    names = {0: scen.actors[scen.challenger].name, 1: scen.actors[scen.defender].name}
    third = scen.third_party
    turns: list[dict[str, Any]] = []
    for _ in range(scen.horizon_turns):
        record = play_turn(crisis, deciders)
        date = scen.start_date + dt.timedelta(days=scen.turn_days * (record.turn - 1))
        events: list[str] = []
        for seat in (0, 1):
            action = int(record.action[0, seat])
            other = 1 - seat
            seen = int(record.perceived[0, other])
            truth = int(crisis.table.rung[action])
            reading = (
                "sees it as it is"
                if seen == truth
                else f"MISREADS it as {RUNG_NAMES[seen]} (rung {seen})"
            )
            events.append(
                f"{names[seat]} {crisis.table.labels[action]} "
                f"(rung {truth}: {RUNG_NAMES[truth]}); {names[other]} {reading}"
            )
        belief = record.belief[0]
        events.append(
            f"beliefs: {names[0]} thinks {names[1]} resolute with p={belief[0]:.2f}; "
            f"{names[1]} thinks {names[0]} resolute with p={belief[1]:.2f}"
        )
        if third is not None and bool(crisis.state.sanctions_on[0]):
            verb = "enforces" if bool(record.enforced[0]) else "does not enforce"
            events.append(f"{third[1].name} {verb} sanctions")
        if int(record.stage[0]) > 0:
            events.append(f"deal in force: {scen.negotiation.stages[int(record.stage[0]) - 1]}")
        if bool(record.clash[0]):
            events.append("an accidental clash occurs")
        turns.append({"turn": record.turn, "date": date.isoformat(), "events": events})
        if bool(record.ended[0]) or not crisis.state.active[0]:
            break
    columns = finish(crisis, np.asarray([draw]), np.asarray([replication])).columns
    return turns, {k: v[0] for k, v in columns.items()}


def narrate(
    scenario: str,
    policy: str | None = None,
    *,
    seed: int = 0,
    episode: int = 0,
    overrides: tuple[str, ...] = (),
    opponent: str | None = None,
) -> dict:
    """Replay episode ``episode`` (draw = episode, replication 0) of a `brink run` alone.

    Because random streams are keyed by episode, this is exactly the episode of that number in
    `brink run` with the same seed and options.
    """
    if episode < 0:
        raise BrinkInputError(f"--episode: expected a number >= 0 (got {episode})")
    loaded = load(scenario, overrides)
    scen = loaded.scenario
    crisis, deciders = start_crisis(
        scen, policy, opponent, seed, np.array([episode]), np.array([0])
    )
    lines, row = tell_episode(crisis, deciders, episode, 0)
    ending = str(row["outcome"])
    detail = ""
    if ending == "war":
        detail = (
            f" ({row['war_kind']}, cause: {row['war_cause']}, about {row['casualties']:,.0f} dead)"
        )
    elif ending == "capitulation":
        detail = f" ({row['capitulator']} backs down)"
    assert ending in OUTCOME_NAMES
    return {
        "scenario": scen.id,
        "policy": crisis.policy_names[0],
        "opponent": crisis.policy_names[1],
        "seed": seed,
        "episode": episode,
        "turn_days": scen.turn_days,
        "turns": lines,
        "outcome": ending + detail,
        "resolute": {
            scen.challenger: bool(row["resolute_challenger"]),
            scen.defender: bool(row["resolute_defender"]),
        },
    }
