"""Live updates by server-sent events: each open page hears when its game changes.

An event carries only what every bearer may know (the game's version, turn, whether it is
paused or over); the page then fetches its own view. A stream lives at most ``LIFETIME``
seconds and the browser's EventSource reconnects, so no connection is held for ever.
"""

from __future__ import annotations

import asyncio
import json

from fastapi import Request
from sse_starlette.sse import EventSourceResponse

from brink.web.game import Game

LIFETIME = 25.0
TICK = 0.4


def public_status(game: Game) -> dict[str, object]:
    return {"version": game.version, "turn": game.turn, "paused": game.paused, "ended": game.ended}


def event_stream(request: Request, game: Game, once: bool = False) -> EventSourceResponse:
    async def updates():  # type: ignore[no-untyped-def]
        loop = asyncio.get_running_loop()
        deadline = loop.time() + LIFETIME
        last = None
        while loop.time() < deadline:
            if await request.is_disconnected():
                return
            if game.version != last:
                last = game.version
                yield {"event": "update", "data": json.dumps(public_status(game))}
                if once:
                    return
            await asyncio.sleep(TICK)

    return EventSourceResponse(updates(), ping=15, headers={"Cache-Control": "no-store"})
