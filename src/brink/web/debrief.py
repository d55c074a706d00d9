"""The after-action review: truth beside perception, the outcome, and the odds.

Once a game has ended everything may be shown: what each seat really did (and meant to do),
what every other seat saw of it, everyone's beliefs, the outcome with its casualties and cause,
and where the players' result falls among the built-in doctrines' outcome distributions from
the same start (the same scenario, seed and draw of the inputs; many replications of the luck),
drawn as a small SVG chart. Exports: the whole game as JSON (its script replays it) and the
turn-by-turn truth and perception as CSV.
"""

from __future__ import annotations

import csv
import io
from html import escape
from typing import Any

import numpy as np

from brink.experiments.execute import run_each
from brink.experiments.tasks import Task
from brink.vocabulary import REPORTED_OUTCOMES
from brink.web import telling
from brink.web.game import Game
from brink.web.views import result_summary

#: Replications per doctrine for the distributions (the app may ask for fewer in tests).
REPLICATIONS = 200
OUTCOME_COLOURS = {
    "war": "#b2182b",
    "settlement": "#1a9850",
    "capitulation": "#f4a582",
    "collapse": "#762a83",
    "unresolved": "#9e9e9e",
}


def payoff_column(game: Game, actor: str) -> str:
    scenario = game.scenario
    if actor == scenario.challenger:
        return "payoff_challenger"
    if actor == scenario.defender:
        return "payoff_defender"
    return f"payoff:{actor}"


def timeline(game: Game) -> list[dict[str, Any]]:
    """Turn by turn: each seat's true move beside what every other seat saw, and beliefs."""
    session, scenario = game.session, game.scenario
    c = session.crisis.compiled
    names = {k: a.name for k, a in scenario.actors.items()}
    out = []
    for t, record in enumerate(session.history):
        step = game.steps[t]
        actors = []
        for j in c.seats:
            j = int(j)
            truth = int(record.action[0, j])
            meant = int(record.intended[0, j])
            seen_by = {}
            for i in c.seats:
                i = int(i)
                if i == j:
                    continue
                seen = int(record.perceived[0, i, j])
                seen_by[c.actors[i]] = {
                    "action": c.table.ids[seen] if seen >= 0 else None,
                    "misread": bool(record.misread[0, i, j]),
                }
            actors.append(
                {
                    "actor": c.actors[j],
                    "name": names[c.actors[j]],
                    "human": c.actors[j] in game.humans,
                    "action": c.table.ids[truth],
                    "label": c.table.labels[truth],
                    "meant": c.table.ids[meant] if meant != truth else None,
                    "fixed": step.get("forced", {}).get(c.actors[j]),
                    "red_line": bool(record.red_line[0, j]),
                    "seen_by": seen_by,
                    "beliefs": {
                        c.actors[b]: round(float(record.belief[0, j, b]), 3)
                        for b in range(c.k)
                        if b != j and c.typed[b]
                    },
                }
            )
        out.append(
            {
                "turn": t + 1,
                "turn_name": telling.turn_name(scenario, t + 1),
                "war": telling.WAR_LEVELS[min(int(record.war_level[0]), 2)],
                "deal": telling.stage_name(scenario, int(record.stage[0])),
                "accident": bool(record.accident[0]),
                "injects": [i.get("title") for i in step.get("injects", [])],
                "overrides": step.get("overrides", []),
                "actors": actors,
            }
        )
    return out


def distributions(game: Game, replications: int = REPLICATIONS) -> list[dict[str, Any]]:
    """For each human seat, each of its doctrines' outcomes from the game's start, and where
    the players' result falls among them.

    A doctrine's replays are one task of the experiments pipeline: the game's draw (its
    inputs) with ``replications`` episodes of luck, that seat playing the doctrine and every
    other seat its default."""
    scenario = game.scenario
    row = game.session.result()
    out = []
    for actor in game.humans:
        column = payoff_column(game, actor)
        mine = float(row[column])
        doctrines = []
        policies = scenario.policies_for(actor)
        replays = run_each([replay_task(game, actor, policy, replications) for policy in policies])
        for policy, cols in zip(policies, replays, strict=True):
            outcomes = cols["outcome"]
            payoffs = np.asarray(cols[column], dtype=float)
            doctrines.append(
                {
                    "policy": policy,
                    "description": scenario.policies[policy].description,
                    "shares": {
                        o: round(float(np.mean(outcomes == o)), 4) for o in REPORTED_OUTCOMES
                    },
                    "same_outcome": round(float(np.mean(outcomes == row["outcome"])), 4),
                    "mean_payoff": round(float(payoffs.mean()), 4),
                    "players_better_than": round(float(np.mean(payoffs < mine)), 4),
                    "mean_casualties": round(float(np.mean(cols["casualties"]))),
                }
            )
        out.append(
            {
                "actor": actor,
                "name": scenario.actors[actor].name,
                "payoff": round(mine, 4),
                "outcome": row["outcome"],
                "replications": replications,
                "doctrines": doctrines,
            }
        )
    return out


def replay_task(game: Game, actor: str, policy: str, replications: int) -> Task:
    """``replications`` episodes of the game's draw with ``actor`` playing ``policy``."""
    return Task(
        game.scenario,
        None,
        None,
        game.seed,
        game.episode,
        game.episode + 1,
        replications=replications,
        columns="engine",
        others={actor: policy},
    )


def build(game: Game, replications: int = REPLICATIONS) -> dict[str, Any]:
    """The whole debrief (cached on the game: it is computed once, after the end)."""
    if game.debrief is not None and game.debrief.get("replications") == replications:
        return game.debrief
    row = game.session.result()
    session = game.session
    c = session.crisis.compiled
    s = session.crisis.state
    types = {
        c.actors[k]: session.crisis.mixtures[k][int(s.policy[0, k])]
        for k in range(c.k)
        if session.crisis.mixtures[k]
    }
    game.debrief = {
        "game_id": game.id,
        "scenario": {"id": game.scenario.id, "title": game.scenario.title},
        "seed": game.seed,
        "episode": game.episode,
        "humans": list(game.humans),
        "replications": replications,
        "result": result_summary(game),
        "payoffs": {a: round(float(row[payoff_column(game, a)]), 4) for a in game.scenario.seats()},
        "types": types,
        "resolute": {c.actors[k]: bool(s.resolute[0, k]) for k in range(c.k) if c.typed[k]},
        "timeline": timeline(game),
        "distributions": distributions(game, replications),
        "audit": game.audit,
        "messages": game.messages,
    }
    return game.debrief


def chart_svg(dist: dict[str, Any]) -> str:
    """Stacked outcome shares per doctrine, the players' outcome marked, as inline SVG."""
    rows = dist["doctrines"]
    width, label_w, bar_w, row_h = 820, 170, 400, 22
    height = 40 + row_h * len(rows) + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="Outcomes by doctrine for {escape(dist["name"])}">'
    ]
    parts.append(
        f'<text x="0" y="14" class="chart-title">Outcomes of {dist["replications"]} episodes '
        f"from the same start, by {escape(dist['name'])}'s doctrine</text>"
    )
    for r, doctrine in enumerate(rows):
        y = 30 + r * row_h
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">'
            f"{escape(doctrine['policy'])}</text>"
        )
        x = float(label_w)
        for outcome in REPORTED_OUTCOMES:
            share = doctrine["shares"][outcome]
            if share <= 0:
                continue
            w = share * bar_w
            edge = ' stroke="#000" stroke-width="2"' if outcome == dist["outcome"] else ""
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row_h - 4}" '
                f'fill="{OUTCOME_COLOURS[outcome]}"{edge}>'
                f"<title>{escape(doctrine['policy'])}: {outcome} {share:.0%}</title></rect>"
            )
            x += w
        parts.append(
            f'<text x="{label_w + bar_w + 8}" y="{y + 14}">'
            f"you did better than {doctrine['players_better_than']:.0%}</text>"
        )
    y = 30 + row_h * len(rows) + 12
    x = float(label_w)
    for outcome in REPORTED_OUTCOMES:
        mark = " (yours)" if outcome == dist["outcome"] else ""
        parts.append(
            f'<rect x="{x:.0f}" y="{y}" width="10" height="10" fill="{OUTCOME_COLOURS[outcome]}"/>'
            f'<text x="{x + 14:.0f}" y="{y + 10}">{outcome}{mark}</text>'
        )
        x += 95 if not mark else 140
    parts.append("</svg>")
    return "".join(parts)


def replay_frame(game: Game, turn: int) -> dict[str, Any]:
    """The state of play after ``turn`` (0: the start), for the step-through replay."""
    frames = build_timeline_cached(game)
    turn = max(0, min(turn, len(frames)))
    return {
        "turn": turn,
        "last": len(frames),
        "frame": frames[turn - 1] if turn > 0 else None,
        "turn_name": telling.turn_name(game.scenario, turn),
    }


def build_timeline_cached(game: Game) -> list[dict[str, Any]]:
    if game.debrief is not None:
        return list(game.debrief["timeline"])
    return timeline(game)


def export_json(game: Game, replications: int = REPLICATIONS) -> dict[str, Any]:
    """The game's script (which replays it) and its debrief."""
    record = game.to_record()
    record.pop("tokens", None)
    record.pop("debrief", None)
    return {"game": record, "debrief": build(game, replications)}


def export_csv(game: Game) -> str:
    """One row per turn, actor and observer: the truth beside the perception."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "turn",
            "date",
            "actor",
            "action",
            "meant",
            "fixed_by_white_cell",
            "observer",
            "perceived",
            "misread",
            "observer_belief_resolute",
            "war",
            "accident",
        ]
    )
    for frame in build_timeline_cached(game):
        date = telling.date_of(game.scenario, frame["turn"]).isoformat()
        beliefs = {a["actor"]: a["beliefs"] for a in frame["actors"]}
        for a in frame["actors"]:
            for observer, seen in a["seen_by"].items():
                writer.writerow(
                    [
                        frame["turn"],
                        date,
                        a["actor"],
                        a["action"],
                        a["meant"] or "",
                        a["fixed"] or "",
                        observer,
                        seen["action"] or "",
                        int(seen["misread"]),
                        beliefs.get(observer, {}).get(a["actor"], ""),
                        frame["war"],
                        int(frame["accident"]),
                    ]
                )
    return buffer.getvalue()
