"""What each bearer may see: a seat, the facilitator (white cell), an observer.

This is the one place that reads a game for display; routes and templates only ever get these
dictionaries. A seat's view is built from what that seat knows — its own moves and type, what
it perceived of the others, its own beliefs, its messages, the headlines it was told and the
public state of the standoff — and never from another actor's type, beliefs or true moves
(tests/web/test_leaks.py checks it by changing those truths and comparing every response).
Observers see the public state only, a few turns late. After the end the debrief shows all.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from brink.engine.session import Session
from brink.vocabulary import CATEGORIES, RUNG_NAMES
from brink.web import telling
from brink.web.advisers import advise
from brink.web.game import MESSAGE_KINDS, Game
from brink.web.injects import deck_for

#: Turns an observer's view runs behind the game.
OBSERVER_DELAY = 2


def _value(session: Session, path: str) -> float | None:
    value = session.crisis.inputs.get(path)
    if value is None:
        return None
    return float(value[0]) if isinstance(value, np.ndarray) else float(value)


def commitments(session: Session, index: int) -> str:
    """What taking an action commits the seat to, in a phrase."""
    t = session.crisis.compiled.table
    category = CATEGORIES[t.category[index]]
    parts: list[str] = []
    if category == "talks":
        parts.append("an offer: binds only if the other side reciprocates")
    elif category == "concede":
        parts.append("ends the crisis: you back down on the issue")
    elif category in ("sanction", "blockade"):
        parts.append("held until you lift it; it costs you while in force")
    elif category == "strike":
        parts.append("force: opens a clash and costs lives")
    elif category == "war":
        parts.append("major war")
    elif category == "nuclear":
        parts.append("nuclear use: ends the crisis in catastrophe")
    elif category in ("missile_test", "nuclear_test"):
        parts.append("advances your capability; cannot be repeated at once")
    if t.commitment[index] > 0.05 and category in ("sanction", "blockade"):
        parts.append(
            f"stakes a public commitment ({t.commitment[index]:.0%}) on it: lifting it while "
            "defied costs approval"
        )
    elif t.commitment[index] > 0.05:
        parts.append(
            f"a public commitment ({t.commitment[index]:.0%}): backing down when it is "
            "defied (anything but force) costs approval, once per defiance"
        )
    if t.breaks_freeze[index]:
        parts.append("breaks a freeze in force")
    if t.friction[index] >= 0.3 and category not in ("strike", "war", "nuclear"):
        parts.append("military contact: raises the risk of an accident")
    if t.visibility[index] < 0.99:
        parts.append(f"seen by others {t.visibility[index]:.0%} of the time")
    return "; ".join(parts) or "no lasting commitment"


def _public(game: Game, upto: int | None = None) -> dict[str, Any]:
    """The standoff as everyone sees it after turn ``upto`` (default: now)."""
    session, scenario = game.session, game.scenario
    turn = game.turn if upto is None else upto
    if turn == 0:
        war_level, stage, accident = 0, 0, False
    else:
        record = session.history[turn - 1]
        war_level = int(record.war_level[0])
        stage = int(record.stage[0])
        accident = bool(record.accident[0])
    out = {
        "turn": turn,
        "turn_name": telling.turn_name(scenario, turn),
        "war_level": war_level,
        "war": telling.WAR_LEVELS[min(war_level, 2)],
        "stage": stage,
        "deal": telling.stage_name(scenario, stage),
        "accident": accident,
    }
    if upto is None:
        out["casualties"] = round(float(session.crisis.state.casualties[0]))
    return out


def _headlines(game: Game, who: str | None, upto: int | None = None) -> list[dict[str, Any]]:
    """Inject headlines told to ``who`` (None: the public) up to a turn."""
    out: list[dict[str, Any]] = []
    fired = [(t + 1, step.get("injects", [])) for t, step in enumerate(game.steps)]
    fired.append((game.turn + 1, game.pending["injects"]))
    for turn, injects in fired:
        if upto is not None and turn > upto:
            continue
        for inject in injects:
            audience = inject.get("audience")
            if audience is not None and (who is None or who not in audience):
                continue
            out.append({"turn": turn, "headline": inject.get("headline") or inject["title"]})
    for entry in game.audit:
        if entry["what"] == "override" and (upto is None or entry["turn"] <= upto):
            out.append(
                {
                    "turn": entry["turn"],
                    "headline": f"The white cell revised the adjudication of turn {entry['turn']}.",
                }
            )
    return out


def _messages_for(game: Game, actor: str) -> list[dict[str, Any]]:
    names = {k: a.name for k, a in game.scenario.actors.items()}
    out = []
    for m in game.messages:
        mine = m["from"] == actor
        delivered = m["to"] == actor and m["turn"] <= game.turn
        if mine or delivered:
            out.append(
                {
                    **m,
                    "from_name": names[m["from"]],
                    "to_name": names[m["to"]],
                    "says": MESSAGE_KINDS[m["kind"]],
                    "delivered": m["turn"] <= game.turn,
                }
            )
    return out


def briefing(game: Game, actor: str) -> dict[str, Any]:
    """The scenario in words and the seat's objectives, intelligence and channels."""
    scenario, session = game.scenario, game.session
    me = scenario.actors[actor]
    names = {k: a.name for k, a in scenario.actors.items()}
    objectives: list[str] = []
    settle = _value(session, f"actors.{actor}.payoffs.settlement")
    if settle is not None:
        objectives.append(f"a negotiated settlement is worth {settle:+.2f} to you")
    for lead in (scenario.challenger, scenario.defender):
        v = _value(session, f"actors.{actor}.payoffs.capitulation.{lead}")
        if v is not None:
            who = "you back" if lead == actor else f"{names[lead]} backs"
            objectives.append(f"if {who} down: {v:+.2f}")
    for other in scenario.actors:
        v = _value(session, f"actors.{actor}.payoffs.collapse.{other}")
        if v is not None:
            objectives.append(f"if {names[other]}'s regime collapses: {v:+.2f}")
    war = _value(session, f"actors.{actor}.war_cost")
    if war is not None:
        objectives.append(f"a major war costs you about {war:.1f}")
    c = session.crisis.compiled
    k = c.index(actor)
    types = session.crisis.mixtures[k]
    policy = types[int(session.crisis.state.policy[0, k])] if types else None
    channels = []
    for other in game.channel_partners(actor):
        path = c.channel_path.get((k, c.index(other)))
        clarity = (_value(session, path) or 0.0) if path else 0.0
        channels.append({"with": other, "name": names[other], "clarity": round(clarity, 2)})
    return {
        "title": scenario.title,
        "summary": scenario.summary,
        "start": scenario.start_date.isoformat(),
        "turn_days": scenario.turn_days,
        "horizon": scenario.horizon_turns,
        "actor": actor,
        "name": me.name,
        "role": me.role,
        "side": names[me.side] if me.side else "neutral",
        "allies": [names[a] for a in scenario.allies_of(actor)] if me.side == actor else [],
        "others": [
            {
                "actor": a,
                "name": names[a],
                "role": scenario.actors[a].role,
                "human": a in game.humans,
            }
            for a in scenario.seats()
            if a != actor
        ],
        "objectives": objectives,
        "units": "in units of the stakes (prevailing on the issue is worth 1)",
        "doctrine": policy,
        "doctrine_text": scenario.policies[policy].description if policy else None,
        "resolute": bool(session.crisis.state.resolute[0, k]) if c.typed[k] else None,
        "beliefs": _beliefs(session, actor),
        "channels": channels,
    }


def _beliefs(session: Session, actor: str) -> dict[str, dict[str, Any]]:
    return {
        other: {"p": round(p, 3), "words": telling.belief_words(p)}
        for other, p in session.beliefs(actor).items()
    }


def seat_view(game: Game, actor: str) -> dict[str, Any]:
    """Everything the seat may know now."""
    session, scenario = game.session, game.scenario
    c = session.crisis.compiled
    me = c.index(actor)
    names = {k: a.name for k, a in scenario.actors.items()}
    ended = game.ended
    forced = game.forced_now()
    options = []
    if not ended:
        for o in session.options(actor):
            options.append(
                {
                    "id": o.id,
                    "label": o.label,
                    "rung": o.rung,
                    "rung_name": RUNG_NAMES[o.rung],
                    "category": o.category,
                    "commits": commitments(session, o.index),
                }
            )
    perceived = {}
    for other, seen in session.perceived(actor).items():
        sure = telling.reading_confidence(session, actor, other)
        perceived[other] = {
            **seen,
            "name": names[other],
            "confidence": round(sure, 2),
            "sure": telling.sureness(sure),
        }
    history = []
    for t, record in enumerate(session.history):
        step = game.steps[t]
        own = int(record.action[0, me])
        meant = int(record.intended[0, me])
        history.append(
            {
                "turn": t + 1,
                "turn_name": telling.turn_name(scenario, t + 1),
                "you": c.table.ids[own],
                "you_label": c.table.labels[own],
                "you_meant": c.table.ids[meant] if meant != own else None,
                "fixed_by_white_cell": actor in step.get("forced", {}),
                "perceived": {
                    c.actors[j]: c.table.ids[int(record.perceived[0, me, j])]
                    for j in c.seats
                    if int(j) != me and int(record.perceived[0, me, j]) >= 0
                },
                "perceived_labels": {
                    names[c.actors[j]]: c.table.labels[int(record.perceived[0, me, j])]
                    for j in c.seats
                    if int(j) != me and int(record.perceived[0, me, j]) >= 0
                },
                "war": telling.WAR_LEVELS[min(int(record.war_level[0]), 2)],
                "deal": telling.stage_name(scenario, int(record.stage[0])),
                "accident": bool(record.accident[0]),
            }
        )
    if ended:
        phase = "ended"
    elif game.paused:
        phase = "paused"
    elif actor in forced or actor in game.pending["moves"]:
        phase = "waiting"
    else:
        phase = "decide"
    view: dict[str, Any] = {
        "game_id": game.id,
        "role": "seat",
        "actor": actor,
        "name": names[actor],
        "scenario": {"id": scenario.id, "title": scenario.title},
        "turn": game.turn,
        "next_turn": None if ended else game.turn + 1,
        "turn_name": telling.turn_name(scenario, game.turn),
        "deciding": None if ended else telling.turn_name(scenario, game.turn + 1),
        "horizon": scenario.horizon_turns,
        "phase": phase,
        "paused": game.paused,
        "ended": ended,
        "version": game.version,
        "your_move": game.pending["moves"].get(actor),
        "fixed_by_white_cell": actor in forced,
        "waiting_for": [names[a] for a in game.waiting_for()],
        "options": options,
        "perceived": perceived,
        "beliefs": _beliefs(session, actor),
        "advisers": advise(session, actor) if options and phase == "decide" else {},
        "channels": briefing(game, actor)["channels"],
        "message_kinds": MESSAGE_KINDS,
        "messages": _messages_for(game, actor),
        "news": _headlines(game, actor),
        "history": history,
        "public": _public(game),
    }
    if ended:
        view["result"] = result_summary(game)
    return view


def result_summary(game: Game) -> dict[str, Any]:
    """How the crisis ended (shown to everyone once it has)."""
    row = game.session.result()
    return {
        "outcome": row["outcome"],
        "war_kind": row["war_kind"],
        "war_cause": row["war_cause"],
        "casualties": round(float(row["casualties"])),
        "capitulator": row["capitulator"],
        "collapsed": row["collapsed"],
        "turns": int(row["turns"]),
    }


def facilitator_view(game: Game) -> dict[str, Any]:
    """The white cell sees everything: types, beliefs, true moves, pending moves, the deck."""
    session, scenario = game.session, game.scenario
    c = session.crisis.compiled
    s = session.crisis.state
    names = {k: a.name for k, a in scenario.actors.items()}
    seats = []
    for actor in scenario.seats():
        k = c.index(actor)
        types = session.crisis.mixtures[k]
        seats.append(
            {
                "actor": actor,
                "name": names[actor],
                "human": actor in game.humans,
                "policy": types[int(s.policy[0, k])] if types else None,
                "policies": scenario.policies_for(actor),
                "resolute": bool(s.resolute[0, k]) if c.typed[k] else None,
                "beliefs": {
                    c.actors[j]: round(float(s.belief[0, k, j]), 3)
                    for j in range(c.k)
                    if j != k and c.typed[j]
                },
                "last": c.table.ids[int(s.action[0, k])] if int(s.action[0, k]) >= 0 else None,
                "perceived": session.perceived(actor),
                "options": [o.id for o in session.options(actor)] if not game.ended else [],
                "pending": game.pending["moves"].get(actor),
                "approval": round(float(s.approval[0, k]), 3),
                "capability": round(float(s.capability[0, k]), 3),
            }
        )
    history = []
    for t, record in enumerate(session.history):
        history.append(
            {
                "turn": t + 1,
                "turn_name": telling.turn_name(scenario, t + 1),
                "actions": {c.actors[j]: c.table.ids[int(record.action[0, j])] for j in c.seats},
                "misread": [
                    f"{c.actors[i]} saw {c.actors[j]} {c.table.ids[int(record.perceived[0, i, j])]}"
                    for i in c.seats
                    for j in c.seats
                    if i != j and bool(record.misread[0, i, j])
                ],
                "forced": game.steps[t].get("forced", {}),
                "accident": bool(record.accident[0]),
                "war": telling.WAR_LEVELS[min(int(record.war_level[0]), 2)],
            }
        )
    view: dict[str, Any] = {
        "game_id": game.id,
        "role": "facilitator",
        "scenario": {"id": scenario.id, "title": scenario.title},
        "turn": game.turn,
        "next_turn": None if game.ended else game.turn + 1,
        "turn_name": telling.turn_name(scenario, game.turn),
        "horizon": scenario.horizon_turns,
        "paused": game.paused,
        "ended": game.ended,
        "version": game.version,
        "humans": list(game.humans),
        "waiting_for": game.waiting_for(),
        "seats": seats,
        "pending_injects": game.pending["injects"],
        "deck": [i.model_dump(exclude_none=True) for i in deck_for(scenario)],
        "messages": game.messages,
        "audit": game.audit,
        "history": history,
        "public": _public(game),
        "options": {},
        "perceived": {},
        "beliefs": {row["actor"]: row["beliefs"] for row in seats},
        "actions": [a.id for a in scenario.actions],
    }
    if game.ended:
        view["result"] = result_summary(game)
    return view


def observer_view(game: Game) -> dict[str, Any]:
    """The public state of the standoff, ``OBSERVER_DELAY`` turns late (all of it at the end)."""
    shown = game.turn if game.ended else max(0, game.turn - OBSERVER_DELAY)
    scenario = game.scenario
    timeline = [_public(game, t) for t in range(1, shown + 1)]
    view: dict[str, Any] = {
        "game_id": game.id,
        "role": "observer",
        "scenario": {"id": scenario.id, "title": scenario.title, "summary": scenario.summary},
        "turn": shown,
        "delay": 0 if game.ended else OBSERVER_DELAY,
        "turn_name": telling.turn_name(scenario, shown),
        "horizon": scenario.horizon_turns,
        "ended": game.ended,
        "paused": game.paused,
        "version": game.version,
        "seats": [
            {"actor": a, "name": scenario.actors[a].name, "human": a in game.humans}
            for a in scenario.seats()
        ],
        "public": _public(game, shown),
        "timeline": timeline,
        "news": _headlines(game, None, upto=shown),
        "options": [],
        "perceived": {},
        "beliefs": {},
    }
    if game.ended:
        view["result"] = result_summary(game)
    return view
