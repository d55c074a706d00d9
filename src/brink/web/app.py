"""The app factory: routes, package-served static files and templates, errors as JSON or pages.

Every asset comes from the package (``brink/web/static``: htmx, the style sheet, the page
script); the content security policy allows nothing from elsewhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from brink.web import api, pages
from brink.web.debrief import REPLICATIONS
from brink.web.game import GameError
from brink.web.store import GameStore

HERE = Path(__file__).parent
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


class SecurityHeaders:
    """Adds the security headers to every response (a plain ASGI middleware: cheap)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.extra = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith("/static")

        async def with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                have = {k.lower() for k, _ in message.get("headers", [])}
                headers = list(message.get("headers", []))
                headers += [(k, v) for k, v in self.extra if k not in have]
                if not static and b"cache-control" not in have:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


def create_app(db: str | Path = ":memory:", replications: int = REPLICATIONS) -> FastAPI:
    """A Brink play server keeping its games in the SQLite file ``db``."""
    app = FastAPI(title="Brink play", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.store = GameStore(db)
    app.state.replications = int(replications)
    app.state.templates = pages.templates()
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)

    app.add_middleware(SecurityHeaders)

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    @app.exception_handler(GameError)
    async def game_error(request: Request, error: GameError) -> Response:
        if wants_json(request):
            return JSONResponse({"error": error.message}, status_code=error.status)
        return pages.error_page(request, error.status, error.message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        first = error.errors()[0] if error.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("body", "query"))
        message = f"{where or 'request'}: {first.get('msg', 'invalid')}"
        if wants_json(request):
            return JSONResponse({"error": message}, status_code=422)
        return pages.error_page(request, 422, message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        message = str(error.detail) if error.detail else "error"
        if wants_json(request) or error.status_code == 405:
            return JSONResponse({"error": message}, status_code=error.status_code)
        return pages.error_page(request, error.status_code, message)

    @app.get("/healthz", include_in_schema=False)
    def health() -> HTMLResponse:
        return HTMLResponse("ok")

    return app
