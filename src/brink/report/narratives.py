"""Sample narratives of stored episodes: replay one (policy, draw, replication) exactly.

`brink narrate` samples its own inputs; an episode of a stored run has its inputs fixed by the
run's design. Replaying it with those inputs and the run's seed reproduces the stored episode
(random streams are keyed by draw and replication), which the report checks against the
stored outcome. The turn-by-turn wording follows `brink.narrate`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from brink.engine.batch import resolve_matchup, start_crisis
from brink.narrate import tell_episode
from brink.report.labels import people, possessive, turn_word
from brink.scenario.schema import Scenario


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
    shared_streams: bool = False,
) -> dict[str, Any]:
    """Play one stored episode again, turn by turn, with its draw's inputs fixed
    (``shared_streams`` as the run was made: sensitivity designs share luck across draws)."""
    fixed = {path: np.array([value]) for path, value in inputs.items()}
    draws, reps = np.array([draw]), np.array([replication])
    matchup = resolve_matchup(scenario, policy, opponent)
    crisis = start_crisis(scenario, matchup, seed, draws, reps, fixed, shared_streams)
    unit = turn_word(scenario.turn_days)
    told, row = tell_episode(crisis, draw, replication)
    turns = [{**turn, "when": f"{unit} {turn['turn']}"} for turn in told]
    return {"turns": turns, "row": row, "opponent": matchup.label(scenario.defender)}


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
    if outcome == "collapse":
        who = str(row.get("collapsed") or "")
        name = scenario.actors[who].name if who in scenario.actors else who
        return f"collapse ({possessive(name)} regime falls)"
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
            bool(options.get("shared_streams", False)),
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
