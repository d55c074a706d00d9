"""One game: a session, the script of its turns, the moves and messages waiting for the next.

A game is kept as a *script* that replays it exactly: its scenario, seed and episode, and for
every adjudicated turn the people's moves, the moves the white cell fixed (injects, overruled
adjudications), the accidents it set off and the injects fired before it. ``rebuild`` plays the
script again from the start, which is how a game comes back after a server restart, how an
overruled adjudication takes effect and how "fork from turn k" starts a new game.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from brink.engine.session import Session
from brink.errors import BrinkInputError
from brink.scenario.loader import load_scenario
from brink.scenario.schema import Scenario
from brink.web import injects as inj
from brink.web import security

MESSAGE_KINDS: dict[str, str] = {
    "signal-resolve": "signals resolve",
    "reassure": "reassures",
    "offer-freeze": "offers a freeze",
    "accept-freeze": "accepts a freeze",
    "note": "writes",
}
MAX_MESSAGE = 500


class GameError(Exception):
    """A request the game refuses; ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@cache
def scenario_named(name: str) -> Scenario:
    """Built-in scenarios are loaded once per process (they are immutable)."""
    return load_scenario(name)


@dataclass
class Game:
    """A game in play; ``session`` is rebuilt from the rest, which is what is saved."""

    id: str
    scenario_name: str
    seed: int
    episode: int
    humans: tuple[str, ...]
    tokens: dict[str, Any]
    created: float = field(default_factory=time.time)
    parent: dict[str, Any] | None = None
    steps: list[dict[str, Any]] = field(default_factory=list)
    pending: dict[str, Any] = field(default_factory=lambda: {"moves": {}, "injects": []})
    messages: list[dict[str, Any]] = field(default_factory=list)
    audit: list[dict[str, Any]] = field(default_factory=list)
    paused: bool = False
    version: int = 0
    debrief: dict[str, Any] | None = None
    session: Session = field(init=False, repr=False)
    lock: threading.RLock = field(init=False, repr=False, default_factory=threading.RLock)

    def __post_init__(self) -> None:
        self.rebuild()

    # Creating and saving -------------------------------------------------------------------
    @classmethod
    def create(
        cls,
        scenario_name: str,
        humans: tuple[str, ...],
        seed: int = 0,
        episode: int = 0,
        parent: dict[str, Any] | None = None,
        steps: list[dict[str, Any]] | None = None,
    ) -> Game:
        scenario = scenario_named(scenario_name)
        seats = scenario.seats()
        for actor in humans:
            if actor not in seats:
                raise BrinkInputError(
                    f"seat {actor!r} is not an actor of {scenario.id} that takes actions "
                    f"(seats: {', '.join(seats)})"
                )
        if len(set(humans)) != len(humans):
            raise BrinkInputError("seats: each actor can be taken once")
        tokens = {
            "seats": {actor: security.new_token() for actor in humans},
            "facilitator": security.new_token(),
            "observer": security.new_token(),
        }
        return cls(
            id=security.new_game_id(),
            scenario_name=scenario_name,
            seed=int(seed),
            episode=int(episode),
            humans=tuple(humans),
            tokens=tokens,
            parent=parent,
            steps=[dict(s) for s in steps or []],
        )

    def to_record(self) -> dict[str, Any]:
        """Everything that is saved (the session is rebuilt from it)."""
        return {
            "id": self.id,
            "scenario_name": self.scenario_name,
            "seed": self.seed,
            "episode": self.episode,
            "humans": list(self.humans),
            "tokens": self.tokens,
            "created": self.created,
            "parent": self.parent,
            "steps": self.steps,
            "pending": self.pending,
            "messages": self.messages,
            "audit": self.audit,
            "paused": self.paused,
            "version": self.version,
            "debrief": self.debrief,
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Game:
        record = dict(record)
        record["humans"] = tuple(record["humans"])
        return cls(**record)

    # The session ----------------------------------------------------------------------------
    @property
    def scenario(self) -> Scenario:
        return scenario_named(self.scenario_name)

    def rebuild(self) -> None:
        """Play the script again from the start: the same seed and moves, the same episode."""
        session = Session.start(
            self.scenario, seed=self.seed, episode=self.episode, humans=self.humans
        )
        for step in self.steps:
            for fired in step.get("injects", []):
                inject = inj.Inject.model_validate(fired)
                if inject.kind in inj.BETWEEN_TURNS:
                    inj.apply_between_turns(session, inject)
            inj.advance(
                session, step["moves"], step.get("forced", {}), tuple(step.get("accidents", ()))
            )
        for fired in self.pending["injects"]:
            inject = inj.Inject.model_validate(fired)
            if inject.kind in inj.BETWEEN_TURNS:
                inj.apply_between_turns(session, inject)
        self.session = session

    @property
    def turn(self) -> int:
        """Turns adjudicated so far."""
        return len(self.steps)

    @property
    def ended(self) -> bool:
        return self.session.finished

    def forced_now(self) -> dict[str, str]:
        return inj.at_adjudication(self._pending_injects())[0]

    def _pending_injects(self) -> list[inj.Inject]:
        return [inj.Inject.model_validate(i) for i in self.pending["injects"]]

    def waiting_for(self) -> list[str]:
        """Human seats whose move the coming turn still needs."""
        if self.ended:
            return []
        forced = self.forced_now()
        moved = self.pending["moves"]
        return [a for a in self.humans if a not in moved and a not in forced]

    def touch(self) -> None:
        self.version += 1

    # Seats' moves and messages --------------------------------------------------------------
    def move(self, actor: str, action: str, message: Any = None, turn: int | None = None) -> bool:
        """Record a seat's move for the coming turn; adjudicate when every seat has moved.
        Returns whether the turn was adjudicated."""
        if self.ended:
            raise GameError(409, "the game has ended: open the debrief")
        if self.paused:
            raise GameError(409, "the game is paused by the facilitator; wait for it to resume")
        if turn is not None and int(turn) != self.turn + 1:
            raise GameError(
                409,
                f"stale turn: this move is for turn {turn}, but the game is deciding turn "
                f"{self.turn + 1}",
            )
        if actor in self.forced_now():
            raise GameError(
                409, f"{actor}'s move in turn {self.turn + 1} is fixed by the white cell"
            )
        if actor in self.pending["moves"]:
            raise GameError(409, f"{actor} has already moved in turn {self.turn + 1}")
        options = [o.id for o in self.session.options(actor)]
        if not isinstance(action, str) or action not in options:
            raise GameError(
                422,
                f"unknown action {action!r} for {actor} in turn {self.turn + 1} "
                f"(options: {', '.join(options)})",
            )
        parsed = self._message(actor, message) if message not in (None, "", {}) else []
        self.pending["moves"][actor] = action
        self.messages.extend(parsed)
        self.touch()
        if not self.waiting_for():
            self.adjudicate()
            return True
        return False

    def _message(self, actor: str, message: Any) -> list[dict[str, Any]]:
        """Messages go over the channels that exist; a plain text goes over all of them."""
        partners = self.channel_partners(actor)
        if isinstance(message, str):
            message = {"kind": "note", "text": message, "to": "all"}
        if not isinstance(message, dict):
            raise GameError(422, "message: expected text or {to, kind, text}")
        kind = message.get("kind") or "note"
        text = str(message.get("text") or "").strip()
        to = message.get("to") or "all"
        if kind not in MESSAGE_KINDS:
            raise GameError(422, f"message: kind {kind!r} is not one of {', '.join(MESSAGE_KINDS)}")
        if len(text) > MAX_MESSAGE:
            raise GameError(422, f"message: at most {MAX_MESSAGE} characters")
        if kind == "note" and not text:
            raise GameError(422, "message: a note needs text")
        targets = partners if to == "all" else [to]
        if not partners:
            raise GameError(422, f"message: {actor} has no open channel to anyone")
        for target in targets:
            if target not in partners:
                raise GameError(
                    422,
                    f"message: {actor} has no channel to {target!r} "
                    f"(channels to: {', '.join(partners)})",
                )
        return [
            {"turn": self.turn + 1, "from": actor, "to": target, "kind": kind, "text": text}
            for target in targets
        ]

    def channel_partners(self, actor: str) -> list[str]:
        """Whom the seat can send words to: the other ends of its open channels, and the other
        members of its side (allies talk; the model's channels are about the noise between
        pairs, and a scenario need not code one between allies)."""
        c = self.session.crisis.compiled
        k = c.index(actor)
        partners = {c.actors[j] for (i, j) in c.channel_path if i == k}
        if c.side[k] >= 0:
            partners |= {c.actors[j] for j in range(c.k) if j != k and c.side[j] == c.side[k]}
        return [name for name in c.actors if name in partners]

    def adjudicate(self) -> None:
        """Play the coming turn with the people's moves and the white cell's injects."""
        fired = self._pending_injects()
        forced, accidents = inj.at_adjudication(fired)
        moves = dict(self.pending["moves"])
        inj.advance(self.session, moves, forced, accidents)
        self.steps.append(
            {
                "moves": moves,
                "forced": forced,
                "accidents": list(accidents),
                "injects": list(self.pending["injects"]),
                "overrides": [],
            }
        )
        self.pending = {"moves": {}, "injects": []}
        self.touch()

    # The white cell ---------------------------------------------------------------------------
    def log(self, what: str, **details: Any) -> None:
        self.audit.append(
            {"turn": self.turn, "time": round(time.time(), 3), "what": what, **details}
        )

    def set_paused(self, paused: bool) -> None:
        if self.ended:
            raise GameError(409, "the game has ended")
        self.paused = paused
        self.log("pause" if paused else "resume")
        self.touch()
        if not paused and not self.waiting_for():
            self.adjudicate()

    def fire(self, inject: inj.Inject, reason: str = "") -> None:
        """Fire an inject for the coming turn (a leak or a new leader acts at once)."""
        if self.ended:
            raise GameError(409, "the game has ended")
        try:
            inj.check(self.scenario, inject)
        except BrinkInputError as error:
            raise GameError(422, str(error)) from None
        if inject.kind == "force":
            open_ = [o.id for o in self.session.options(inject.actor)]
            if inject.action not in open_:
                raise GameError(
                    409,
                    f"inject {inject.id}: {inject.action!r} is not open to {inject.actor} now "
                    f"(options: {', '.join(open_)})",
                )
            if inject.actor in self.forced_now():
                raise GameError(409, f"{inject.actor}'s move this turn is already fixed")
        if (
            inject.kind == "accident"
            and self.session.crisis.compiled.strike_of[
                self.session.crisis.compiled.index(inject.actor)
            ]
            < 0
        ):
            raise GameError(422, f"inject {inject.id}: {inject.actor} has no strike to set off")
        if inject.kind in inj.BETWEEN_TURNS:
            try:
                inj.apply_between_turns(self.session, inject)
            except BrinkInputError as error:
                raise GameError(409, str(error)) from None
        self.pending["injects"].append(inject.model_dump(exclude_none=True))
        if inject.kind == "force":
            self.pending["moves"].pop(inject.actor, None)
        self.log("inject", inject=inject.model_dump(exclude_none=True), reason=reason)
        self.touch()
        if not self.paused and self.pending["moves"] and not self.waiting_for():
            self.adjudicate()

    def override(self, actor: str, action: str, reason: str) -> None:
        """Overrule the last adjudication: ``actor``'s move in the last turn becomes
        ``action``, and the turn is adjudicated again with the same luck."""
        if not self.steps:
            raise GameError(409, "no turn has been adjudicated yet")
        if not reason.strip():
            raise GameError(422, "override: give a reason (it is logged)")
        if actor not in self.scenario.seats():
            raise GameError(422, f"override: {actor!r} is not a seat")
        last = self.steps[-1]
        before = {k: (dict(v) if isinstance(v, dict) else list(v)) for k, v in last.items()}
        last["forced"] = {**last.get("forced", {}), actor: action}
        last["accidents"] = [a for a in last.get("accidents", []) if a != actor]
        last.setdefault("overrides", []).append(
            {"actor": actor, "action": action, "reason": reason.strip()}
        )
        try:
            self.rebuild()
        except BrinkInputError as error:
            self.steps[-1] = before
            self.rebuild()
            raise GameError(422, f"override: {error}") from None
        self.debrief = None
        self.pending["moves"] = {}  # the people decide again on the turn as now ruled
        self.log("override", actor=actor, action=action, reason=reason.strip())
        self.touch()
