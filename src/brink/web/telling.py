"""Turns in words for the web app: dates, the state of the standoff, intelligence readings.

The narratives of ``brink.narrate`` serve reports; a seat needs short lines about one turn
from its own point of view, so this small module has its own.
"""

from __future__ import annotations

import datetime as dt

from brink.engine.session import Session
from brink.scenario.schema import Scenario

WAR_LEVELS = ("no fighting", "a clash under way", "major war")


def date_of(scenario: Scenario, turn: int) -> dt.date:
    """The date a turn ends (turn 0: the start)."""
    return scenario.start_date + dt.timedelta(days=scenario.turn_days * turn)


def turn_name(scenario: Scenario, turn: int) -> str:
    unit = {1: "Day", 7: "Week"}.get(scenario.turn_days, "Turn")
    return f"{unit} {turn} ({date_of(scenario, turn):%-d %B %Y})"


def stage_name(scenario: Scenario, stage: int) -> str:
    """The negotiation stage reached between the leads (0: none)."""
    stages = scenario.negotiation.stages
    if stage <= 0:
        return "no deal"
    return stages[min(stage, len(stages)) - 1] + " reached"


def reading_confidence(session: Session, observer: str, actor: str) -> float:
    """How often the observer's reading of the actor is right: one less the misreading and
    delay rates, reduced by the channel between them if one exists."""
    crisis = session.crisis
    c = crisis.compiled
    if not c.scenario.perception.enabled:
        return 1.0
    i, j = c.index(observer), c.index(actor)
    clarity = 0.0
    path = c.channel_path.get((i, j))
    if path is not None:
        clarity = float(_value(crisis, path))
    slip = float(_value(crisis, "perception.misperception_rate"))
    late = float(_value(crisis, "perception.delay_probability"))
    return max(0.0, 1.0 - (slip + late) * (1.0 - clarity))


def _value(crisis, path: str) -> float:  # type: ignore[no-untyped-def]
    value = crisis.inputs[path]
    return float(value[0]) if hasattr(value, "__len__") else float(value)


def sureness(p: float) -> str:
    if p >= 0.95:
        return "almost certain"
    if p >= 0.85:
        return "fairly sure"
    if p >= 0.7:
        return "not sure"
    return "doubtful"


def belief_words(p: float) -> str:
    if p >= 0.8:
        return "almost certainly resolute"
    if p >= 0.6:
        return "probably resolute"
    if p >= 0.4:
        return "as likely resolute as not"
    if p >= 0.2:
        return "probably bluffing"
    return "almost certainly bluffing"
