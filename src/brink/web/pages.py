"""The HTML pages (Jinja2 + htmx): start, join, a seat's turn, the white cell, observers,
the debrief.

A person joins with a seat's code; the page then keeps that seat's token in an HttpOnly,
SameSite=Strict cookie for the game. Every form carries a CSRF token (an HMAC of the visitor's
cookie under the server's secret) and is refused without it, or from another origin. Templates
receive only the dictionaries of ``views`` and ``debrief``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from brink.web import actions, debrief, security, views
from brink.web.access import Bearer, cookie_name, find_game, require, resolve
from brink.web.events import event_stream, public_status
from brink.web.game import GameError

router = APIRouter()
VISITOR = "brink_visitor"
HERE = Path(__file__).parent


def templates() -> Jinja2Templates:
    found = Jinja2Templates(directory=str(HERE / "templates"))
    found.env.filters["pct"] = lambda p: f"{float(p):.0%}"
    found.env.filters["thousands"] = lambda n: f"{int(n):,}"
    found.env.globals["chart_svg"] = debrief.chart_svg
    return found


def _secret(request: Request) -> str:
    return str(request.app.state.store.secret)


def _visitor(request: Request) -> tuple[str, bool]:
    given = request.cookies.get(VISITOR)
    if given and 16 <= len(given) <= 64:
        return given, False
    return security.new_token(), True


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    visitor, new = _visitor(request)
    context = {"csrf": security.csrf_token(_secret(request), visitor), **context}
    response = request.app.state.templates.TemplateResponse(
        request, name, context, status_code=status
    )
    if new:
        response.set_cookie(VISITOR, visitor, httponly=True, samesite="strict")
    return response


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", {"status": status, "message": message}, status)


async def _form(request: Request) -> dict[str, str]:
    """A form posted from one of our pages: same origin and a valid CSRF token."""
    origin = request.headers.get("origin")
    if origin and origin != "null":
        if urlsplit(origin).netloc != request.headers.get("host"):
            raise GameError(403, "cross-site form refused")
    elif origin == "null":
        raise GameError(403, "cross-site form refused")
    form = await request.form()
    fields = {k: str(v) for k, v in form.items()}
    visitor = request.cookies.get(VISITOR)
    if not visitor or not security.csrf_ok(_secret(request), visitor, fields.get("csrf")):
        raise GameError(403, "the form's CSRF token is missing or wrong: reload the page")
    return fields


def _bearer(request: Request, game_id: str) -> Bearer:
    token = request.cookies.get(cookie_name(game_id))
    find_game(request.app.state.store, game_id)
    if not token:
        raise GameError(403, "join this game with your seat's code first (see the start page)")
    return resolve(request.app.state.store, game_id, token)


def _to(url: str, token_for: tuple[str, str] | None = None) -> RedirectResponse:
    response = RedirectResponse(url, status_code=303)
    if token_for is not None:
        game_id, token = token_for
        response.set_cookie(cookie_name(game_id), token, httponly=True, samesite="strict")
    return response


# Start and join ---------------------------------------------------------------------------------
@router.get("/", response_class=HTMLResponse)
def index(request: Request) -> HTMLResponse:
    return render(request, "index.html", {"scenarios": actions.scenarios()})


@router.post("/games")
async def create_game(request: Request) -> RedirectResponse:
    form = await _form(request)
    scenario = form.get("scenario", "")
    seats = {k[len("seat:") :]: "human" for k, v in form.items() if k.startswith("seat:") and v}
    try:
        seed = int(form.get("seed") or 0)
    except ValueError:
        raise GameError(422, "seed: expected a whole number") from None
    game = actions.create(request.app.state.store, scenario, seats, seed)
    return _to(f"/games/{game.id}/codes", (game.id, game.tokens["facilitator"]))


def join_link(request: Request, game_id: str, token: str) -> str:
    return f"{str(request.base_url).rstrip('/')}/join?game={quote(game_id)}&code={quote(token)}"


@router.get("/games/{game_id}/codes", response_class=HTMLResponse)
def codes(request: Request, game_id: str) -> HTMLResponse:
    bearer = _bearer(request, game_id)
    require(bearer, "facilitator")
    game = bearer.game
    seats = [
        {
            "actor": a,
            "name": game.scenario.actors[a].name,
            "code": t,
            "link": join_link(request, game.id, t),
        }
        for a, t in game.tokens["seats"].items()
    ]
    return render(
        request,
        "codes.html",
        {
            "game": game,
            "seats": seats,
            "facilitator": join_link(request, game.id, game.tokens["facilitator"]),
            "observer": join_link(request, game.id, game.tokens["observer"]),
        },
    )


@router.get("/join", response_class=HTMLResponse)
def join_page(request: Request, game: str = "", code: str = "") -> HTMLResponse:
    return render(request, "join.html", {"game_id": game, "code": code})


@router.post("/join")
async def join(request: Request) -> RedirectResponse:
    form = await _form(request)
    game_id, code = form.get("game", "").strip(), form.get("code", "").strip()
    bearer = resolve(request.app.state.store, game_id, code)
    return _to(f"/games/{bearer.game.id}", (bearer.game.id, bearer.token))


# Playing ----------------------------------------------------------------------------------------
def _context(bearer: Bearer) -> dict[str, Any]:
    game = bearer.game
    view = actions.view(bearer)
    context: dict[str, Any] = {"view": view, "game_id": game.id, "role": bearer.role}
    if bearer.role == "seat":
        assert bearer.actor is not None
        with game.lock:
            context["briefing"] = views.briefing(game, bearer.actor)
    return context


@router.get("/games/{game_id}", response_class=HTMLResponse)
def game_page(request: Request, game_id: str) -> HTMLResponse:
    bearer = _bearer(request, game_id)
    return render(request, f"{bearer.role}.html", _context(bearer))


@router.get("/games/{game_id}/panel", response_class=HTMLResponse)
def panel(request: Request, game_id: str) -> HTMLResponse:
    bearer = _bearer(request, game_id)
    return render(request, f"_{bearer.role}_panel.html", _context(bearer))


@router.get("/games/{game_id}/status")
def status(request: Request, game_id: str) -> JSONResponse:
    bearer = _bearer(request, game_id)
    return JSONResponse(public_status(bearer.game))


@router.get("/games/{game_id}/events")
async def events(request: Request, game_id: str):  # type: ignore[no-untyped-def]
    bearer = _bearer(request, game_id)
    return event_stream(request, bearer.game)


@router.post("/games/{game_id}/move")
async def move(request: Request, game_id: str) -> RedirectResponse:
    form = await _form(request)
    bearer = _bearer(request, game_id)
    message: Any = None
    text = form.get("message_text", "").strip()
    kind = form.get("message_kind", "")
    if kind or text:
        message = {"kind": kind or "note", "text": text, "to": form.get("message_to") or "all"}
    turn = form.get("turn")
    body = {
        "action": form.get("action", ""),
        "message": message,
        "turn": int(turn) if turn and turn.isdigit() else None,
    }
    actions.move(request.app.state.store, bearer, body)
    return _to(f"/games/{game_id}")


@router.post("/games/{game_id}/pause")
async def pause(request: Request, game_id: str) -> RedirectResponse:
    form = await _form(request)
    bearer = _bearer(request, game_id)
    actions.pause(request.app.state.store, bearer, form.get("paused") == "1")
    return _to(f"/games/{game_id}")


@router.post("/games/{game_id}/inject")
async def inject(request: Request, game_id: str) -> RedirectResponse:
    form = await _form(request)
    bearer = _bearer(request, game_id)
    body: dict[str, Any] = {"reason": form.get("reason", "")}
    if form.get("id"):
        body["id"] = form["id"]
    else:
        free = {
            k: form.get(k) for k in ("kind", "actor", "action", "observer", "policy", "headline")
        }
        if form.get("belief"):
            try:
                free["belief"] = float(form["belief"])  # type: ignore[assignment]
            except ValueError:
                raise GameError(422, "inject: belief: expected a number from 0 to 1") from None
        free["title"] = form.get("title") or f"free {form.get('kind') or 'inject'}"
        body["inject"] = free
    actions.fire(request.app.state.store, bearer, body)
    return _to(f"/games/{game_id}")


@router.post("/games/{game_id}/override")
async def override(request: Request, game_id: str) -> RedirectResponse:
    form = await _form(request)
    bearer = _bearer(request, game_id)
    actions.override(
        request.app.state.store,
        bearer,
        {k: form.get(k, "") for k in ("actor", "action", "reason")},
    )
    return _to(f"/games/{game_id}")


# After the end ----------------------------------------------------------------------------------
@router.get("/games/{game_id}/debrief", response_class=HTMLResponse)
def debrief_page(request: Request, game_id: str) -> HTMLResponse:
    bearer = _bearer(request, game_id)
    report = actions.full_debrief(request.app.state.store, bearer, request.app.state.replications)
    with bearer.game.lock:
        frame = debrief.replay_frame(bearer.game, 0)
    return render(
        request,
        "debrief.html",
        {"d": report, "game_id": game_id, "frame": frame, "role": bearer.role},
    )


@router.get("/games/{game_id}/replay/{turn}", response_class=HTMLResponse)
def replay(request: Request, game_id: str, turn: int) -> HTMLResponse:
    bearer = _bearer(request, game_id)
    actions.full_debrief(request.app.state.store, bearer, request.app.state.replications)
    with bearer.game.lock:
        frame = debrief.replay_frame(bearer.game, turn)
    return render(request, "_replay.html", {"frame": frame, "game_id": game_id})


@router.post("/games/{game_id}/fork")
async def fork(request: Request, game_id: str) -> RedirectResponse:
    form = await _form(request)
    bearer = _bearer(request, game_id)
    try:
        turn = int(form.get("turn", ""))
    except ValueError:
        raise GameError(422, "turn: expected a whole number") from None
    game = actions.fork(request.app.state.store, bearer, turn)
    if bearer.role == "seat" and bearer.actor in game.tokens["seats"]:
        return _to(f"/games/{game.id}", (game.id, game.tokens["seats"][bearer.actor]))
    return _to(f"/games/{game.id}/codes", (game.id, game.tokens["facilitator"]))


@router.get("/games/{game_id}/export.json")
def export_json(request: Request, game_id: str) -> JSONResponse:
    bearer = _bearer(request, game_id)
    actions.full_debrief(request.app.state.store, bearer, request.app.state.replications)
    with bearer.game.lock:
        data = debrief.export_json(bearer.game, request.app.state.replications)
    return JSONResponse(
        data, headers={"Content-Disposition": f'attachment; filename="brink-{game_id}.json"'}
    )


@router.get("/games/{game_id}/export.csv")
def export_csv(request: Request, game_id: str) -> PlainTextResponse:
    bearer = _bearer(request, game_id)
    actions.full_debrief(request.app.state.store, bearer, request.app.state.replications)
    with bearer.game.lock:
        text = debrief.export_csv(bearer.game)
    return PlainTextResponse(
        text,
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="brink-{game_id}.csv"'},
    )
