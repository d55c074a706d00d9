"""Helpers for the web app's tests: drive games through the API and the pages."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient


def new_game(
    client: TestClient, scenario: str = "korea-2017", seats=("US",), seed: int = 1
) -> dict:
    r = client.post(
        "/api/games",
        json={"scenario": scenario, "seats": dict.fromkeys(seats, "human"), "seed": seed},
    )
    assert r.status_code == 201, r.text
    return r.json()


def state(client: TestClient, game_id: str, token: str) -> dict[str, Any]:
    r = client.get(f"/api/games/{game_id}", params={"token": token})
    assert r.status_code == 200, r.text
    return r.json()


def move(client: TestClient, game_id: str, token: str, action: str, **extra: Any) -> dict:
    r = client.post(f"/api/games/{game_id}/moves", json={"token": token, "action": action, **extra})
    assert r.status_code == 200, r.text
    return r.json()


def pick(view: dict[str, Any], prefer: str = "dove") -> str:
    """A seat's move: its adviser's recommendation, else its first option."""
    advice = view.get("advisers") or {}
    if prefer in advice:
        return advice[prefer]["action"]
    return view["options"][0]["id"]


def join(client: TestClient, game_id: str, code: str) -> None:
    """Join through the pages (the CSRF token comes from the join form)."""
    page = client.get("/join", params={"game": game_id, "code": code})
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page.text)
    assert csrf, page.text
    r = client.post(
        "/join",
        data={"game": game_id, "code": code, "csrf": csrf.group(1)},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    assert found, "no CSRF field in the page"
    return found.group(1)
