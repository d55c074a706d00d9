"""Sample narratives of stored episodes: replay one (policy, draw, replication) exactly.

`brink narrate` samples its own inputs; an episode of a stored run has its inputs fixed by the
run's design. Replaying it with those inputs and the run's seed reproduces the stored episode
(random streams are keyed by draw and replication), which the report checks against the
stored outcome. The turn-by-turn wording follows `brink.narrate`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from brink.engine.batch import finish, start_crisis
from brink.engine.turn import play_turn
from brink.report.labels import people, turn_word
from brink.scenario.schema import RUNG_NAMES, Scenario


@dataclass
class Narrative:
    """One told episode: its identity, turns (date and events) and ending."""

    title: str
    policy: str
    draw: int
    replication: int
    outcome: str
    ending: str
    turns: list[dict[str, Any]] = field(default_factory=list)
    matches_store: bool = True
    why: str = ""


def choose_episodes(
    candidates: list[dict[str, Any]], policies: list[str]
) -> list[tuple[str, dict[str, Any]]]:
    """Three episodes, deterministically: a war, a settlement (else unresolved), and a third
    ending of another kind — spread across policies where the run allows."""
    rank = {p: i for i, p in enumerate(policies)}
    ordered = sorted(candidates, key=lambda c: (rank.get(c["policy"], len(rank)), c["outcome"]))
    chosen: list[tuple[str, dict[str, Any]]] = []
    used_policies: set[str] = set()
    used_outcomes: set[str] = set()

    def pick(outcomes: tuple[str, ...], why: str, causes: tuple[str, ...] = ()) -> None:
        for outcome in outcomes:
            pool = [
                c
                for c in ordered
                if c["outcome"] == outcome
                and all(c is not d for _, d in chosen)
                and (not causes or c["cause"] in causes)
            ]
            fresh = [c for c in pool if c["policy"] not in used_policies]
            if pool:
                best = (fresh or pool)[0]
                chosen.append((why, best))
                used_policies.add(best["policy"])
                used_outcomes.add(outcome)
                return

    pick(("war",), "a war")
    pick(("settlement", "unresolved"), "a crisis that ends without war")
    others = tuple(
        o
        for o in ("capitulation", "collapse", "unresolved", "settlement", "war")
        if o not in used_outcomes
    )
    pick(others, "another way the crisis can end")
    if len(chosen) < 3:  # a run with few kinds of ending: any other stored combination
        pick(("war", "settlement", "unresolved", "capitulation", "collapse"), "another episode")
    return chosen[:3]


def replay(
    scenario: Scenario,
    policy: str,
    opponent: str | None,
    seed: int,
    draw: int,
    replication: int,
    inputs: dict[str, float],
) -> dict[str, Any]:
    """Play one stored episode again, turn by turn, with its draw's inputs fixed."""
    fixed = {path: np.array([value]) for path, value in inputs.items()}
    draws, reps = np.array([draw]), np.array([replication])
    crisis, deciders = start_crisis(scenario, policy, opponent, seed, draws, reps, fixed)
    names = {
        0: scenario.actors[scenario.challenger].name,
        1: scenario.actors[scenario.defender].name,
    }
    third = scenario.third_party
    unit = turn_word(scenario.turn_days)
    turns: list[dict[str, Any]] = []
    for _ in range(scenario.horizon_turns):
        record = play_turn(crisis, deciders)
        date = scenario.start_date + dt.timedelta(days=scenario.turn_days * (record.turn - 1))
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
            stage = scenario.negotiation.stages[int(record.stage[0]) - 1]
            events.append(f"deal in force: {stage}")
        if bool(record.clash[0]):
            events.append("an accidental clash occurs")
        turns.append(
            {
                "turn": record.turn,
                "when": f"{unit} {record.turn}",
                "date": date.isoformat(),
                "events": events,
                "misread": any("MISREADS" in e for e in events[:2]),
            }
        )
        if bool(record.ended[0]) or not crisis.state.active[0]:
            break
    row = {k: v[0] for k, v in finish(crisis, draws, reps).columns.items()}
    return {"turns": turns, "row": row, "opponent": crisis.policy_names[1]}


def ending_text(row: dict[str, Any], scenario: Scenario) -> str:
    """'war (conventional, cause: misperception, about 120,000 dead)' and the like."""
    outcome = str(row["outcome"])
    if outcome == "war":
        return (
            f"war ({row['war_kind']}, cause: {row['war_cause']}, "
            f"about {people(float(row['casualties']))} dead)"
        )
    if outcome == "capitulation":
        who = str(row.get("capitulator") or "")
        name = scenario.actors[who].name if who in scenario.actors else who
        return f"capitulation ({name} backs down)"
    return outcome


def narratives(
    scenario: Scenario,
    manifest: dict[str, Any],
    candidates: list[dict[str, Any]],
    lookup: Any,
) -> list[Narrative]:
    """Replay the chosen episodes; ``lookup(policy, draw, replication)`` gives the stored row
    and the draw's inputs."""
    options = manifest["options"]
    out = []
    for why, c in choose_episodes(candidates, list(options["policies"])):
        stored = lookup(c["policy"], c["draw"], c["replication"])
        told = replay(
            scenario,
            c["policy"],
            options.get("opponent"),
            int(manifest["seed"]),
            c["draw"],
            c["replication"],
            stored["inputs"],
        )
        row = told["row"]
        stored_row = stored["row"]
        matches = (
            str(row["outcome"]) == str(stored_row.get("outcome"))
            and int(row["turns"]) == int(stored_row.get("turns", -1))
            and str(row["war_cause"]) == str(stored_row.get("war_cause"))
        )
        out.append(
            Narrative(
                title=f"{why.capitalize()}: {c['policy']} against {told['opponent']}",
                policy=c["policy"],
                draw=c["draw"],
                replication=c["replication"],
                outcome=str(stored_row.get("outcome", row["outcome"])),
                ending=ending_text(stored_row if stored_row else row, scenario),
                turns=told["turns"],
                matches_store=matches,
                why=why,
            )
        )
    return out
