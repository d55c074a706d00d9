"""The pages: join with a code, play a turn by form, CSRF, package-served assets only."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from web.play_helpers import csrf_of, join, new_game


def test_start_page_creates_a_game_and_shows_join_codes(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/")
    assert page.status_code == 200 and "korea-2017" in page.text
    r = client.post(
        "/games",
        data={"csrf": csrf_of(page.text), "scenario": "korea-2017", "seat:US": "1", "seed": "3"},
        follow_redirects=True,
    )
    assert r.status_code == 200 and "Join codes" in r.text
    assert re.search(r'class="join-link" data-actor="US" href="[^"]+code=', r.text)
    white_cell = client.get(re.search(r'href="(/games/[^"/]+)"', r.text).group(1))
    assert "white cell" in white_cell.text and "Leader type" in white_cell.text


def test_a_seat_plays_a_turn_through_the_form(client) -> None:  # type: ignore[no-untyped-def]
    game = new_game(client, seats=("US",))
    gid = game["game_id"]
    join(client, gid, game["seats"]["US"])
    page = client.get(f"/games/{gid}")
    assert page.status_code == 200
    for part in (
        "Briefing",
        "Objectives",
        "Intelligence report",
        "The hawk",
        "The dove",
        "What it commits you to",
        "Your channels",
    ):
        assert part in page.text, part
    r = client.post(
        f"/games/{gid}/move",
        data={
            "csrf": csrf_of(page.text),
            "action": "rhetoric",
            "turn": "1",
            "message_kind": "reassure",
            "message_to": "ROK",
            "message_text": "steady",
        },
        follow_redirects=True,
    )
    assert r.status_code == 200 and "Week 2" in r.text and "issues threats" in r.text
    assert "steady" in r.text


def test_forms_without_a_valid_csrf_token_or_from_elsewhere_are_refused(client) -> None:  # type: ignore[no-untyped-def]
    game = new_game(client, seats=("US",))
    gid = game["game_id"]
    join(client, gid, game["seats"]["US"])
    token = csrf_of(client.get(f"/games/{gid}").text)
    url = f"/games/{gid}/move"
    missing = client.post(url, data={"action": "hold"})
    assert missing.status_code == 403 and "CSRF" in missing.text
    wrong = client.post(url, data={"action": "hold", "csrf": "0" * 64})
    assert wrong.status_code == 403
    foreign = client.post(
        url, data={"action": "hold", "csrf": token}, headers={"origin": "http://evil.example"}
    )
    assert foreign.status_code == 403 and "cross-site" in foreign.text
    with TestClient(client.app) as other:  # another visitor cannot reuse this visitor's token
        other.cookies.set(f"brink_{gid}", game["seats"]["US"])
        other.get("/")
        assert other.post(url, data={"action": "hold", "csrf": token}).status_code == 403
    ok = client.post(url, data={"action": "hold", "csrf": token}, follow_redirects=False)
    assert ok.status_code == 303


def test_pages_need_a_joined_seat_and_join_refuses_bad_codes(client) -> None:  # type: ignore[no-untyped-def]
    game = new_game(client, seats=("US",))
    gid = game["game_id"]
    assert client.get(f"/games/{gid}").status_code == 403
    page = client.get("/join")
    r = client.post("/join", data={"game": gid, "code": "guess", "csrf": csrf_of(page.text)})
    assert r.status_code == 403 and "opens no seat" in r.text
    assert client.get("/games/unknown-game").status_code == 404


def test_every_asset_comes_from_the_package_and_headers_lock_pages_down(client) -> None:  # type: ignore[no-untyped-def]
    game = new_game(client, seats=("US",))
    join(client, game["game_id"], game["seats"]["US"])
    for url in ("/", f"/games/{game['game_id']}", "/join"):
        page = client.get(url)
        assert "default-src 'self'" in page.headers["content-security-policy"]
        assert page.headers["x-frame-options"] == "DENY"
        sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
        assert sources
        assert all(s.startswith(("/", "#", "data:")) for s in sources), sources
    htmx = client.get("/static/htmx.min.js")
    assert htmx.status_code == 200 and "htmx" in htmx.text[:2000]
    licence = client.get("/static/htmx-LICENSE.txt").text
    assert "2.0.11" in licence and "Zero-Clause BSD" in licence


def test_observers_see_the_public_view_late(client) -> None:  # type: ignore[no-untyped-def]
    game = new_game(client, seats=("US",))
    gid, us = game["game_id"], game["seats"]["US"]
    for _ in range(3):
        client.post(f"/api/games/{gid}/moves", json={"token": us, "action": "hold"})
    view = client.get(f"/api/games/{gid}", params={"token": game["observer"]}).json()
    assert view["role"] == "observer" and view["turn"] == 1 and view["delay"] == 2
    assert view["options"] == [] and view["beliefs"] == {} and "seats" in view
    assert not any("action" in s for s in view["seats"])
    join(client, gid, game["observer"])
    assert "runs 2 turns behind" in client.get(f"/games/{gid}").text


def test_the_debrief_page_replay_fork_and_exports(client) -> None:  # type: ignore[no-untyped-def]
    game = new_game(client, seats=("US",), seed=6)
    gid, us = game["game_id"], game["seats"]["US"]
    join(client, gid, us)
    client.post(f"/api/games/{gid}/moves", json={"token": us, "action": "war"})
    view = client.get(f"/api/games/{gid}", params={"token": us}).json()
    while not view["ended"]:
        client.post(
            f"/api/games/{gid}/moves", json={"token": us, "action": view["options"][0]["id"]}
        )
        view = client.get(f"/api/games/{gid}", params={"token": us}).json()
    page = client.get(f"/games/{gid}/debrief")
    assert page.status_code == 200 and "<svg" in page.text and "Truth and perception" in page.text
    step = client.get(f"/games/{gid}/replay/1")
    assert 'data-turn="1"' in step.text and "goes to war" in step.text
    assert client.get(f"/games/{gid}/export.csv").text.startswith("turn,date,actor")
    assert client.get(f"/games/{gid}/export.json").json()["game"]["steps"][0]["moves"] == {
        "US": "war"
    }
    forked = client.post(
        f"/games/{gid}/fork", data={"turn": "0", "csrf": csrf_of(step.text)}, follow_redirects=True
    )
    assert forked.status_code == 200 and "Decide your move" in forked.text
