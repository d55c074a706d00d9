"""Who is asking: a game's seat, its facilitator or an observer, from a bearer token.

The JSON API takes the token in the query (GET) or the body (POST); pages take it from the
per-game cookie set when a person joins. Unknown games are 404, tokens that open no role in
the game 403 — both with a JSON message the caller can show.
"""

from __future__ import annotations

from dataclasses import dataclass

from brink.web import security
from brink.web.game import Game, GameError
from brink.web.store import GameStore

COOKIE_PREFIX = "brink_"


@dataclass(frozen=True)
class Bearer:
    game: Game
    role: str  # "seat", "facilitator" or "observer"
    actor: str | None
    token: str


def cookie_name(game_id: str) -> str:
    return f"{COOKIE_PREFIX}{game_id}"


def find_game(store: GameStore, game_id: str) -> Game:
    game = store.get(game_id) if len(game_id) < 64 else None
    if game is None:
        raise GameError(404, f"no game {game_id!r} on this server")
    return game


def resolve(store: GameStore, game_id: str, token: str | None) -> Bearer:
    """The role the token opens in the game (403 when none)."""
    game = find_game(store, game_id)
    if not token:
        raise GameError(403, "a token is needed: a seat's join code, or the facilitator's")
    tokens = game.tokens
    for actor, seat_token in tokens["seats"].items():
        if security.same(seat_token, token):
            return Bearer(game, "seat", actor, token)
    if security.same(tokens["facilitator"], token):
        return Bearer(game, "facilitator", None, token)
    if security.same(tokens["observer"], token):
        return Bearer(game, "observer", None, token)
    raise GameError(403, "this token opens no seat in this game")


def require(bearer: Bearer, *roles: str) -> None:
    if bearer.role not in roles:
        who = {"seat": "a seat", "facilitator": "the facilitator", "observer": "an observer"}
        raise GameError(
            403,
            f"{who[bearer.role]} cannot do this (it needs {' or '.join(who[r] for r in roles)})",
        )
