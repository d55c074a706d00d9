"""The white cell's injects: a deck per scenario, and how each kind acts on a session.

The scenario language has no inject deck, so the web package keeps one small YAML file per
built-in scenario under ``brink/web/injects/`` (``<scenario id>.yaml``): named events, each of
one *kind*. A facilitator fires one from the deck or composes a free one of the same kinds:

``force``    a seat's move this turn is fixed (a test, an exercise, a strike): the seat's own
             choice, a person's or its doctrine's, is replaced (``actor``, ``action``).
``accident`` a clash nobody chose: ``actor``'s forces strike this turn, as the model's own
             accidents do (the lead's move becomes its strike), and a war this opens carries
             the cause "accident".
``leak``     ``observer`` perceives ``actor`` as having done ``action`` (its intelligence for
             the coming decision), and optionally its belief that ``actor`` is resolute
             becomes ``belief``.
``leader``   ``actor``'s leader type becomes ``policy``, another of its policies in the
             scenario (a change of leader): its doctrine seats play it from now on, and a
             person's advisers advise as it would.

Everything here operates on ``session.crisis`` through the public ``BatchState`` views and the
same ``play_turn`` the engine runs; nothing edits the compiled kernels or ``Session``. Two
kinds (``leak``, ``leader``) act between turns, the moment they are fired; the other two act
when the coming turn is adjudicated. A game records every inject it applied, so it replays.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from functools import cache
from importlib import resources
from typing import Any, Literal

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from brink.engine.batch import Matchup, start_crisis
from brink.engine.session import Session
from brink.engine.turn import TurnRecord, play_turn
from brink.errors import BrinkInputError
from brink.model.layout import MAX_TYPES
from brink.scenario.schema import Scenario
from brink.vocabulary import ACCIDENT, INTENT, MISPERCEPTION

Kind = Literal["force", "accident", "leak", "leader"]
BETWEEN_TURNS: tuple[str, ...] = ("leak", "leader")


class Inject(BaseModel):
    """One event the white cell can fire."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field("free", pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
    title: str = Field(min_length=1, max_length=120)
    kind: Kind
    actor: str
    action: str | None = None
    observer: str | None = None
    belief: float | None = Field(None, ge=0.0, le=1.0)
    policy: str | None = None
    headline: str | None = Field(None, max_length=400, description="What the audience is told.")
    audience: list[str] | None = Field(
        None, description="Seats told the headline (default: every seat and observers)."
    )


class Deck(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    scenario: str
    injects: list[Inject]


@cache
def builtin_deck(scenario_id: str) -> tuple[Inject, ...]:
    """The deck shipped for a built-in scenario (empty when there is none)."""
    path = resources.files("brink.web") / "injects" / f"{scenario_id}.yaml"
    if not path.is_file():
        return ()
    try:
        deck = Deck.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except ValidationError as error:
        raise BrinkInputError(f"inject deck {scenario_id}: {error.errors()[0]['msg']}") from None
    return tuple(deck.injects)


def deck_for(scenario: Scenario) -> tuple[Inject, ...]:
    """The scenario's deck, each inject checked against the scenario."""
    deck = builtin_deck(scenario.id)
    for inject in deck:
        check(scenario, inject)
    return deck


def parse(data: Mapping[str, Any]) -> Inject:
    """A free inject from a form or JSON body (4xx-ready messages on bad input)."""
    cleaned = {k: v for k, v in data.items() if v not in (None, "")}
    try:
        return Inject.model_validate(cleaned)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "inject"
        raise BrinkInputError(f"inject: {where}: {first['msg']}") from None


def check(scenario: Scenario, inject: Inject) -> None:
    """Refuse an inject that names what the scenario does not have."""
    seats = scenario.seats()

    def seat(name: str | None, field: str) -> str:
        if name not in seats:
            raise BrinkInputError(
                f"inject {inject.id}: {field} {name!r} is not a seat ({', '.join(seats)})"
            )
        return name

    actor = seat(inject.actor, "actor")
    if inject.kind in ("force", "leak"):
        ids = [a.id for a in scenario.actions]
        if inject.action not in ids:
            raise BrinkInputError(f"inject {inject.id}: action {inject.action!r} does not exist")
        if inject.kind == "force" and actor not in scenario.action(inject.action).actors:
            raise BrinkInputError(f"inject {inject.id}: {actor} cannot take {inject.action!r}")
    if inject.kind == "leak":
        observer = seat(inject.observer, "observer")
        if observer == actor:
            raise BrinkInputError(f"inject {inject.id}: a seat cannot leak to itself")
        if actor not in scenario.action(str(inject.action)).actors:
            raise BrinkInputError(f"inject {inject.id}: {actor} cannot take {inject.action!r}")
    if inject.kind == "leader" and inject.policy not in scenario.policies_for(actor):
        raise BrinkInputError(
            f"inject {inject.id}: {inject.policy!r} is not a policy of {actor} "
            f"({', '.join(scenario.policies_for(actor))})"
        )
    for name in inject.audience or ():
        seat(name, "audience")


# Between turns ---------------------------------------------------------------------------------
def apply_between_turns(session: Session, inject: Inject) -> None:
    """A leak or a change of leader, acting now on the coming decisions."""
    crisis = session.crisis
    if inject.kind == "leak":
        c, s = crisis.compiled, crisis.state
        i, j = c.index(str(inject.observer)), c.index(inject.actor)
        s.perceived[0, i, j] = c.table.index(str(inject.action))
        s.misread[0, i, j] = True
        if inject.belief is not None and c.typed[j]:
            s.belief[0, i, j] = float(inject.belief)
    elif inject.kind == "leader":
        change_leader(session, inject.actor, str(inject.policy))
    else:  # pragma: no cover - guarded by the caller
        raise ValueError(inject.kind)


def change_leader(session: Session, actor: str, policy: str) -> None:
    """Give the seat another leader type (a policy of the scenario) from now on.

    A crisis's tables hold the leader types of each seat's mixture, so when the new type is
    not among them the crisis is rebuilt with it added (weight 0: the draws already made stand)
    and the episode's state records carried over; only then does the seat's type switch.
    """
    crisis = session.crisis
    k = crisis.compiled.index(actor)
    types = crisis.mixtures[k]
    if policy not in types:
        if len(types) >= MAX_TYPES:
            raise BrinkInputError(
                f"inject: {actor} already has {MAX_TYPES} leader types in this game "
                f"({', '.join(types)}); choose one of them"
            )
        mixtures = {a: dict(m) for a, m in session.matchup.mixtures.items()}
        mixtures[actor][policy] = 0.0
        matchup = Matchup(mixtures)
        rebuilt = start_crisis(
            session.scenario, matchup, session.seed, np.array([session.episode]), np.array([0])
        )
        rebuilt.state.records[:] = crisis.state.records
        rebuilt.turn = crisis.turn
        rebuilt.work[:] = crisis.work
        for seat, memory in crisis.memory.items():
            rebuilt.memory.setdefault(seat, {}).update(memory)
        session.matchup = matchup
        session.crisis = rebuilt
        crisis = rebuilt
    crisis.state.policy[0, k] = crisis.mixtures[k].index(policy)


# At adjudication -------------------------------------------------------------------------------
def advance(
    session: Session,
    moves: Mapping[str, str],
    forced: Mapping[str, str] | None = None,
    accidents: tuple[str, ...] = (),
) -> TurnRecord:
    """Play one turn like ``Session.step``, with moves fixed from outside for any seat.

    ``moves``: every human seat's choice; ``forced``: moves the white cell fixes (an inject or
    an overruled adjudication) for any seat, replacing the seat's own; ``accidents``: leads
    whose forces strike this turn without anyone choosing it.
    """
    if session.finished:
        raise BrinkInputError("the episode has ended")
    forced = dict(forced or {})
    missing = [a for a in session.humans if a not in moves and a not in forced]
    if missing:
        raise BrinkInputError(f"moves: no move for {', '.join(missing)}")
    c = session.crisis.compiled
    chosen = {**dict(moves), **forced}
    overrides: dict[int, np.ndarray] = {}
    for actor, action_id in chosen.items():
        allowed = {o.id: o.index for o in session.options(actor)}
        if action_id not in allowed:
            raise BrinkInputError(
                f"{actor}: action {action_id!r} is not open now (options: {', '.join(allowed)})"
            )
        overrides[c.index(actor)] = np.array([allowed[action_id]])
    intended: dict[int, int] = {}
    for actor in accidents:
        k = c.index(actor)
        strike = c.strike_of[k]
        if strike < 0:
            raise BrinkInputError(f"inject: {actor} has no strike for an accident to set off")
        if k in overrides:
            intended[k] = int(overrides[k][0])
        else:
            suggested, _ = session.suggestion(actor)
            intended[k] = c.table.index(suggested)
        overrides[k] = np.array([int(strike)])
    s = session.crisis.state
    at_peace = int(s.war_level[0]) == 0 and int(s.initiator[0]) < 0
    record = play_turn(session.crisis, overrides)
    assert record is not None
    if accidents:
        record = _as_accident(session, record, intended, at_peace)
    session.history.append(record)
    session.moves.append({a: m for a, m in moves.items() if a in session.humans})
    return record


def _as_accident(
    session: Session, record: TurnRecord, intended: dict[int, int], at_peace: bool
) -> TurnRecord:
    """Book a white-cell accident as the model books its own: the strike was not chosen."""
    s = session.crisis.state
    first = int(s.initiator[0])
    if at_peace and first in intended and int(s.war_cause[0]) in (INTENT, MISPERCEPTION):
        s.war_cause[0] = ACCIDENT
    wanted = record.intended.copy()
    for k, action in intended.items():
        wanted[0, k] = action
    return replace(record, intended=wanted, accident=np.ones_like(record.accident))


def at_adjudication(
    injects: list[Inject],
) -> tuple[dict[str, str], tuple[str, ...]]:
    """The forced moves and accidents that fired injects set for the coming turn."""
    forced: dict[str, str] = {}
    accidents: list[str] = []
    for inject in injects:
        if inject.kind == "force":
            forced[inject.actor] = str(inject.action)
        elif inject.kind == "accident":
            accidents.append(inject.actor)
    return forced, tuple(accidents)
