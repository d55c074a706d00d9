"""What requests do to games, shared by the JSON API and the pages (which add cookies, CSRF
and HTML around them): create, view, move, debrief, fork, and the white cell's powers.

Every mutation runs under the game's lock and saves the game before it answers.
"""

from __future__ import annotations

from typing import Any

from brink.errors import BrinkInputError
from brink.scenario.loader import builtin_names
from brink.web import debrief, views
from brink.web import injects as inj
from brink.web.access import Bearer, require
from brink.web.game import Game, GameError, scenario_named
from brink.web.store import GameStore

MAX_SEED = 2**63 - 1


def create(
    store: GameStore,
    scenario: Any,
    seats: Any,
    seed: Any = 0,
    episode: Any = 0,
    parent: dict[str, Any] | None = None,
    steps: list[dict[str, Any]] | None = None,
) -> Game:
    if not isinstance(scenario, str) or scenario not in builtin_names():
        raise GameError(
            422, f"scenario: expected one of {', '.join(builtin_names())} (got {scenario!r})"
        )
    if not isinstance(seats, dict) or not seats:
        raise GameError(422, 'seats: expected {ACTOR: "human", ...} with at least one seat')
    for actor, kind in seats.items():
        if kind != "human":
            raise GameError(
                422, f'seats: {actor}: expected "human" (the other seats play their doctrines)'
            )
    for name, value in (("seed", seed), ("episode", episode)):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_SEED:
            raise GameError(422, f"{name}: expected a whole number from 0 (got {value!r})")
    try:
        game = Game.create(scenario, tuple(seats), seed, episode, parent=parent, steps=steps)
    except BrinkInputError as error:
        raise GameError(422, str(error)) from None
    store.add(game)
    return game


def created(game: Game) -> dict[str, Any]:
    """The answer to a new game: its id and every bearer's token."""
    return {
        "game_id": game.id,
        "scenario": game.scenario.id,
        "seed": game.seed,
        "seats": dict(game.tokens["seats"]),
        "facilitator": game.tokens["facilitator"],
        "observer": game.tokens["observer"],
    }


def view(bearer: Bearer) -> dict[str, Any]:
    game = bearer.game
    with game.lock:
        if bearer.role == "seat":
            assert bearer.actor is not None
            return views.seat_view(game, bearer.actor)
        if bearer.role == "facilitator":
            return views.facilitator_view(game)
        return views.observer_view(game)


def move(store: GameStore, bearer: Bearer, body: dict[str, Any]) -> dict[str, Any]:
    require(bearer, "seat")
    assert bearer.actor is not None
    action = body.get("action")
    if not isinstance(action, str) or not action:
        raise GameError(422, "action: expected the id of one of your options")
    turn = body.get("turn")
    if turn is not None and (isinstance(turn, bool) or not isinstance(turn, int)):
        raise GameError(422, f"turn: expected a whole number (got {turn!r})")
    game = bearer.game
    with game.lock:
        adjudicated = game.move(bearer.actor, action, body.get("message"), turn)
        store.save(game)
        return {
            "accepted": True,
            "adjudicated": adjudicated,
            "turn": game.turn,
            "ended": game.ended,
        }


def ended_only(game: Game) -> None:
    if not game.ended:
        raise GameError(
            409,
            f"the debrief opens when the game has ended (turn {game.turn} of "
            f"{game.scenario.horizon_turns})",
        )


def full_debrief(store: GameStore, bearer: Bearer, replications: int) -> dict[str, Any]:
    game = bearer.game
    with game.lock:
        ended_only(game)
        fresh = game.debrief is None
        out = debrief.build(game, replications)
        if fresh:
            store.save(game)
        return out


def fork(store: GameStore, bearer: Bearer, turn: Any) -> Game:
    """A new game replaying this one's script up to ``turn``; seats get new tokens."""
    game = bearer.game
    with game.lock:
        if bearer.role != "facilitator":
            ended_only(game)
        if isinstance(turn, bool) or not isinstance(turn, int) or not 0 <= turn <= game.turn:
            raise GameError(422, f"turn: expected 0 to {game.turn} (got {turn!r})")
        steps = [dict(s) for s in game.steps[:turn]]
        seats = dict.fromkeys(game.humans, "human")
        return create(
            store,
            game.scenario_name,
            seats,
            game.seed,
            game.episode,
            parent={"game": game.id, "turn": turn},
            steps=steps,
        )


# The white cell ---------------------------------------------------------------------------------
def pause(store: GameStore, bearer: Bearer, paused: Any) -> dict[str, Any]:
    require(bearer, "facilitator")
    if not isinstance(paused, bool):
        raise GameError(422, "paused: expected true or false")
    game = bearer.game
    with game.lock:
        game.set_paused(paused)
        store.save(game)
        return {"paused": game.paused, "turn": game.turn}


def fire(store: GameStore, bearer: Bearer, body: dict[str, Any]) -> dict[str, Any]:
    require(bearer, "facilitator")
    game = bearer.game
    deck = {i.id: i for i in inj.deck_for(game.scenario)}
    chosen = body.get("id")
    if chosen:
        if chosen not in deck:
            raise GameError(
                422, f"inject: {chosen!r} is not in the deck ({', '.join(deck) or 'empty'})"
            )
        inject = deck[chosen]
    else:
        free = body.get("inject")
        if not isinstance(free, dict):
            raise GameError(422, "inject: give a deck id, or a free inject {kind, actor, ...}")
        try:
            inject = inj.parse({"title": f"free {free.get('kind', 'inject')}", **free})
        except BrinkInputError as error:
            raise GameError(422, str(error)) from None
    reason = str(body.get("reason") or "")
    with game.lock:
        game.fire(inject, reason)
        store.save(game)
        return {"fired": inject.model_dump(exclude_none=True), "turn": game.turn}


def override(store: GameStore, bearer: Bearer, body: dict[str, Any]) -> dict[str, Any]:
    require(bearer, "facilitator")
    actor, action, reason = body.get("actor"), body.get("action"), body.get("reason")
    if not all(isinstance(v, str) for v in (actor, action, reason)):
        raise GameError(422, "override: expected {actor, action, reason} as text")
    game = bearer.game
    with game.lock:
        game.override(str(actor), str(action), str(reason))
        store.save(game)
        return {"overridden": {"actor": actor, "action": action}, "turn": game.turn}


def scenarios() -> list[dict[str, Any]]:
    out = []
    for name in builtin_names():
        scenario = scenario_named(name)
        out.append(
            {
                "id": scenario.id,
                "title": scenario.title,
                "summary": scenario.summary,
                "challenger": scenario.challenger,
                "seats": [
                    {"actor": a, "name": scenario.actors[a].name, "role": scenario.actors[a].role}
                    for a in scenario.seats()
                ],
                "deck": len(inj.deck_for(scenario)),
            }
        )
    return out
