"""Unguessable ids and tokens, CSRF tokens for forms, and the host a server may bind to.

Game ids carry 96 random bits, seat and facilitator tokens 128 (``secrets``); tokens are
compared in constant time. A form's CSRF token is an HMAC of the bearer's token under the
server's secret (kept in the game store, so it survives a restart): a page from another site
can neither read nor forge it.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets

GAME_ID_BYTES = 12
TOKEN_BYTES = 16


def new_game_id() -> str:
    return secrets.token_urlsafe(GAME_ID_BYTES)


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def new_secret() -> str:
    return secrets.token_hex(32)


def same(a: str | None, b: str | None) -> bool:
    """Constant-time equality of two tokens (None never matches)."""
    if not a or not b:
        return False
    return hmac.compare_digest(a.encode(), b.encode())


def csrf_token(secret: str, bearer: str) -> str:
    """The CSRF token of forms shown to the holder of ``bearer``."""
    return hmac.new(secret.encode(), f"csrf:{bearer}".encode(), hashlib.sha256).hexdigest()


def csrf_ok(secret: str, bearer: str, given: str | None) -> bool:
    return same(csrf_token(secret, bearer), given)


def is_loopback(host: str) -> bool:
    """Whether a bind address is reachable from this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
