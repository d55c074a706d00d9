"""The JSON API (the browser pages, bots and tests use it).

``POST /api/games`` {scenario, seats: {ACTOR: "human"}, seed} → {game_id, seats: {ACTOR: token},
facilitator, observer}; ``GET /api/games/{id}?token=T`` → what that bearer may see (``turn``,
``options``, ``perceived``, ``beliefs``, ``ended``, ...); ``POST /api/games/{id}/moves``
{token, action, message?, turn?}; ``GET /api/games/{id}/debrief?token=T`` after the end;
exports, fork, the white cell's pause, injects and overrides, and a server-sent event stream.
Errors are ``{"error": message}`` with a 4xx status.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from brink.web import actions, debrief
from brink.web.access import resolve
from brink.web.events import event_stream
from brink.web.game import GameError

router = APIRouter(prefix="/api")


async def _body(request: Request) -> dict[str, Any]:
    """A JSON object body (anything else is a 4xx with a clear message)."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/json":
        raise GameError(415, "expected a JSON body (Content-Type: application/json)")
    raw = await request.body()
    if len(raw) > 64_000:
        raise GameError(413, "request body too large")
    try:
        data = json.loads(raw or b"null")
    except ValueError:
        raise GameError(400, "the body is not valid JSON") from None
    if not isinstance(data, dict):
        raise GameError(422, "expected a JSON object")
    return data


def _store(request: Request):  # type: ignore[no-untyped-def]
    return request.app.state.store


@router.get("/scenarios")
def list_scenarios() -> list[dict[str, Any]]:
    return actions.scenarios()


@router.post("/games", status_code=201)
async def create_game(request: Request) -> dict[str, Any]:
    body = await _body(request)
    game = actions.create(
        _store(request),
        body.get("scenario"),
        body.get("seats"),
        body.get("seed", 0),
        body.get("episode", 0),
    )
    return actions.created(game)


@router.get("/games/{game_id}")
async def get_game(request: Request, game_id: str, token: str | None = None) -> Response:
    # The view is plain JSON data already: skip FastAPI's slow recursive encoder.
    return _json(actions.view(resolve(_store(request), game_id, token)))


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    body = json.dumps(data, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return Response(body, status_code=status, media_type="application/json", headers=headers)


@router.post("/games/{game_id}/moves")
async def post_move(request: Request, game_id: str) -> dict[str, Any]:
    body = await _body(request)
    bearer = resolve(_store(request), game_id, body.get("token"))
    return actions.move(_store(request), bearer, body)


@router.get("/games/{game_id}/debrief")
def get_debrief(request: Request, game_id: str, token: str | None = None) -> Response:
    bearer = resolve(_store(request), game_id, token)
    return _json(actions.full_debrief(_store(request), bearer, request.app.state.replications))


@router.get("/games/{game_id}/export.json")
def export_json(request: Request, game_id: str, token: str | None = None) -> Response:
    bearer = resolve(_store(request), game_id, token)
    actions.full_debrief(_store(request), bearer, request.app.state.replications)
    data = debrief.export_json(bearer.game, request.app.state.replications)
    return JSONResponse(
        data, headers={"Content-Disposition": f'attachment; filename="brink-{game_id}.json"'}
    )


@router.get("/games/{game_id}/export.csv")
def export_csv(request: Request, game_id: str, token: str | None = None) -> Response:
    bearer = resolve(_store(request), game_id, token)
    actions.full_debrief(_store(request), bearer, request.app.state.replications)
    with bearer.game.lock:
        text = debrief.export_csv(bearer.game)
    return PlainTextResponse(
        text,
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="brink-{game_id}.csv"'},
    )


@router.post("/games/{game_id}/fork", status_code=201)
async def fork_game(request: Request, game_id: str) -> dict[str, Any]:
    body = await _body(request)
    bearer = resolve(_store(request), game_id, body.get("token"))
    game = actions.fork(_store(request), bearer, body.get("turn"))
    return actions.created(game)


@router.post("/games/{game_id}/pause")
async def pause_game(request: Request, game_id: str) -> dict[str, Any]:
    body = await _body(request)
    bearer = resolve(_store(request), game_id, body.get("token"))
    return actions.pause(_store(request), bearer, body.get("paused", True))


@router.post("/games/{game_id}/injects")
async def fire_inject(request: Request, game_id: str) -> dict[str, Any]:
    body = await _body(request)
    bearer = resolve(_store(request), game_id, body.get("token"))
    return actions.fire(_store(request), bearer, body)


@router.post("/games/{game_id}/override")
async def override(request: Request, game_id: str) -> dict[str, Any]:
    body = await _body(request)
    bearer = resolve(_store(request), game_id, body.get("token"))
    return actions.override(_store(request), bearer, body)


@router.get("/games/{game_id}/events")
async def events(request: Request, game_id: str, token: str | None = None, once: bool = False):  # type: ignore[no-untyped-def]
    bearer = resolve(_store(request), game_id, token)
    return event_stream(request, bearer.game, once)
