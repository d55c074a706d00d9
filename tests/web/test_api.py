"""The JSON API: creation, state, moves, the 4xx answers, debrief, exports and fork."""

from __future__ import annotations

import csv
import io

from web.play_helpers import move, new_game, pick, state


def test_create_returns_tokens_and_state_has_the_documented_fields(client) -> None:
    game = new_game(client, seats=("US", "DPRK"))
    assert set(game) >= {"game_id", "seats", "facilitator", "observer"}
    assert set(game["seats"]) == {"US", "DPRK"}
    assert len(game["game_id"]) >= 16 and all(len(t) >= 22 for t in game["seats"].values())
    view = state(client, game["game_id"], game["seats"]["US"])
    for key in ("turn", "options", "perceived", "beliefs", "ended"):
        assert key in view
    assert view["turn"] == 0 and view["ended"] is False and view["phase"] == "decide"
    assert {o["id"] for o in view["options"]} >= {"talks", "sanctions", "limited-strike"}
    assert set(view["beliefs"]) == {"DPRK"}
    assert set(view["advisers"]) == {"hawk", "dove"}
    assert all(a["why"].endswith(".") for a in view["advisers"].values())
    boss = state(client, game["game_id"], game["facilitator"])
    assert boss["role"] == "facilitator" and len(boss["seats"]) == 5


def test_a_whole_game_to_the_debrief_and_exports(client) -> None:
    game = new_game(client, seed=4)
    gid, token = game["game_id"], game["seats"]["US"]
    view = state(client, gid, token)
    turns = 0
    while not view["ended"]:
        answer = move(client, gid, token, pick(view), turn=view["turn"] + 1)
        assert answer["adjudicated"] is True
        view = state(client, gid, token)
        turns += 1
        assert view["turn"] == turns and len(view["history"]) == turns
    assert view["result"]["outcome"] in {
        "war",
        "settlement",
        "capitulation",
        "collapse",
        "unresolved",
    }
    report = client.get(f"/api/games/{gid}/debrief", params={"token": token}).json()
    assert len(report["timeline"]) == turns
    assert report["distributions"][0]["actor"] == "US"
    doctrines = report["distributions"][0]["doctrines"]
    assert {d["policy"] for d in doctrines} >= {"maximum-pressure", "engagement"}
    for d in doctrines:
        assert abs(sum(d["shares"].values()) - 1) < 1e-6
        assert 0 <= d["players_better_than"] <= 1
    exported = client.get(f"/api/games/{gid}/export.json", params={"token": token})
    assert exported.status_code == 200 and "attachment" in exported.headers["content-disposition"]
    data = exported.json()
    assert len(data["game"]["steps"]) == turns and "tokens" not in data["game"]
    rows = list(
        csv.DictReader(
            io.StringIO(client.get(f"/api/games/{gid}/export.csv", params={"token": token}).text)
        )
    )
    assert rows and {r["turn"] for r in rows} == {str(t) for t in range(1, turns + 1)}
    assert {"actor", "action", "observer", "perceived", "misread"} <= set(rows[0])


def test_bad_requests_get_clear_4xx_json(client) -> None:
    game = new_game(client, seats=("US", "DPRK"))
    gid, us = game["game_id"], game["seats"]["US"]

    def post(body, path="moves"):  # type: ignore[no-untyped-def]
        return client.post(f"/api/games/{gid}/{path}", json=body)

    r = post({"token": us, "action": "missile-test"})
    assert r.status_code == 422 and "unknown action 'missile-test'" in r.json()["error"]
    r = post({"token": us, "action": "hold", "turn": 5})
    assert r.status_code == 409 and "stale turn" in r.json()["error"]
    r = post({"token": "not-a-token", "action": "hold"})
    assert r.status_code == 403 and "token" in r.json()["error"]
    r = post({"token": game["facilitator"], "action": "hold"})
    assert r.status_code == 403 and "seat" in r.json()["error"]
    r = client.get(f"/api/games/{gid}")
    assert r.status_code == 403 and "token is needed" in r.json()["error"]
    r = client.get("/api/games/nosuchgame", params={"token": us})
    assert r.status_code == 404 and "no game" in r.json()["error"]
    r = client.post(f"/api/games/{gid}/moves", content=b"action=hold")
    assert r.status_code == 415
    r = client.post(
        f"/api/games/{gid}/moves", content=b"{", headers={"content-type": "application/json"}
    )
    assert r.status_code == 400 and "JSON" in r.json()["error"]
    assert post({"token": us, "action": "hold"}).status_code == 200
    r = post({"token": us, "action": "hold"})
    assert r.status_code == 409 and "already moved" in r.json()["error"]
    r = client.get(f"/api/games/{gid}/debrief", params={"token": us})
    assert r.status_code == 409 and "debrief opens" in r.json()["error"]
    r = post({"token": us, "turn": 0}, path="fork")
    assert r.status_code == 409
    for body, needle in [
        ({"scenario": "nope", "seats": {"US": "human"}}, "scenario"),
        ({"scenario": "../../etc/passwd", "seats": {"US": "human"}}, "scenario"),
        ({"scenario": "korea-2017", "seats": {"XX": "human"}}, "XX"),
        ({"scenario": "korea-2017", "seats": {"US": "robot"}}, "human"),
        ({"scenario": "korea-2017", "seats": {}}, "seats"),
        ({"scenario": "korea-2017", "seats": {"US": "human"}, "seed": -1}, "seed"),
        ({"scenario": "korea-2017", "seats": {"US": "human"}, "seed": "x"}, "seed"),
    ]:
        r = client.post("/api/games", json=body)
        assert r.status_code == 422 and needle in r.json()["error"], (body, r.text)


def test_messages_go_over_existing_channels_and_arrive_at_adjudication(client) -> None:
    game = new_game(client, seats=("US", "ROK", "DPRK"))
    gid, tok = game["game_id"], game["seats"]
    r = client.post(
        f"/api/games/{gid}/moves",
        json={"token": tok["US"], "action": "hold", "message": {"to": "DPRK", "kind": "reassure"}},
    )
    assert r.status_code == 422 and "no channel" in r.json()["error"]
    move(
        client,
        gid,
        tok["US"],
        "hold",
        message={"to": "ROK", "kind": "offer-freeze", "text": "A freeze for a freeze?"},
    )
    assert state(client, gid, tok["ROK"])["messages"] == []  # not delivered yet
    assert state(client, gid, tok["US"])["messages"][0]["delivered"] is False
    move(client, gid, tok["ROK"], "hold")
    move(client, gid, tok["DPRK"], "hold")
    got = state(client, gid, tok["ROK"])["messages"]
    assert [m["text"] for m in got] == ["A freeze for a freeze?"] and got[0][
        "kind"
    ] == "offer-freeze"
    assert state(client, gid, tok["DPRK"])["messages"] == []


def test_waiting_for_the_other_seats_then_one_adjudication(client) -> None:
    game = new_game(client, seats=("US", "DPRK"))
    gid, tok = game["game_id"], game["seats"]
    assert move(client, gid, tok["US"], "hold")["adjudicated"] is False
    view = state(client, gid, tok["US"])
    assert view["phase"] == "waiting" and view["waiting_for"] == ["North Korea"]
    assert move(client, gid, tok["DPRK"], "hold")["adjudicated"] is True
    assert state(client, gid, tok["US"])["turn"] == 1


def test_fork_from_turn_k_replays_the_first_k_turns(client) -> None:
    game = new_game(client, seed=2)
    gid, token = game["game_id"], game["seats"]["US"]
    view = state(client, gid, token)
    while not view["ended"]:
        move(client, gid, token, "exercises" if view["turn"] == 3 else "hold")
        view = state(client, gid, token)
    assert view["turn"] > 3 and view["history"][3]["you"] == "exercises"
    r = client.post(f"/api/games/{gid}/fork", json={"token": token, "turn": 3})
    assert r.status_code == 201, r.text
    fork = r.json()
    forked = state(client, fork["game_id"], fork["seats"]["US"])
    assert forked["turn"] == 3 and not forked["ended"]
    assert [h["you"] for h in forked["history"]] == ["hold"] * 3
    original = [h["perceived"] for h in view["history"][:3]]
    assert [h["perceived"] for h in forked["history"]] == original
    bad = client.post(f"/api/games/{gid}/fork", json={"token": token, "turn": 999})
    assert bad.status_code == 422
