"""The white cell: injects from the deck and free ones, pause, and overruled adjudications."""

from __future__ import annotations

from brink.scenario.loader import builtin_names, load_scenario
from brink.web.injects import deck_for
from web.play_helpers import move, new_game, state


def fire(client, gid, token, **body):  # type: ignore[no-untyped-def]
    return client.post(f"/api/games/{gid}/injects", json={"token": token, **body})


def test_every_builtin_scenario_has_a_valid_deck_of_every_kind() -> None:
    for name in builtin_names():
        deck = deck_for(load_scenario(name))
        assert deck, name
    kinds = {i.kind for i in deck_for(load_scenario("korea-2017"))}
    assert kinds == {"force", "accident", "leak", "leader"}


def test_a_forced_test_replaces_the_doctrines_move(client, app) -> None:  # type: ignore[no-untyped-def]
    game = new_game(client, seats=("US",), seed=1)
    gid, boss, us = game["game_id"], game["facilitator"], game["seats"]["US"]
    assert fire(client, gid, boss, id="icbm-test").status_code == 200
    assert state(client, gid, us)["news"][0]["headline"].startswith("Pyongyang launches")
    move(client, gid, us, "hold")
    live = app.state.store.get(gid)
    record = live.session.history[0]
    c = live.session.crisis.compiled
    assert c.table.ids[record.action[0, c.index("DPRK")]] == "missile-test"
    assert state(client, gid, boss)["history"][0]["forced"] == {"DPRK": "missile-test"}
    again = fire(client, gid, boss, id="icbm-test")  # on cooldown now
    assert again.status_code == 409 and "not open" in again.json()["error"]


def test_a_forced_move_for_a_person_fixes_their_move(client) -> None:  # type: ignore[no-untyped-def]
    game = new_game(client, seats=("US", "DPRK"))
    gid, boss, tok = game["game_id"], game["facilitator"], game["seats"]
    assert fire(client, gid, boss, id="icbm-test").status_code == 200
    view = state(client, gid, tok["DPRK"])
    assert view["fixed_by_white_cell"] and view["phase"] == "waiting"
    refused = client.post(f"/api/games/{gid}/moves", json={"token": tok["DPRK"], "action": "hold"})
    assert refused.status_code == 409 and "white cell" in refused.json()["error"]
    assert move(client, gid, tok["US"], "hold")["adjudicated"] is True
    assert state(client, gid, tok["DPRK"])["history"][0]["you"] == "missile-test"


def test_a_leak_sets_the_observers_perception_and_belief(client) -> None:  # type: ignore[no-untyped-def]
    game = new_game(client, seats=("DPRK",))
    gid, boss, dprk = game["game_id"], game["facilitator"], game["seats"]["DPRK"]
    assert fire(client, gid, boss, id="leak-strike-plans").status_code == 200
    view = state(client, gid, dprk)
    assert view["perceived"]["US"]["action"] == "limited-strike"
    assert view["beliefs"]["US"]["p"] == 0.9
    assert any("strike" in n["headline"] for n in view["news"])


def test_a_change_of_leader_and_an_accident(client, app) -> None:  # type: ignore[no-untyped-def]
    game = new_game(client, seats=("US",), seed=4)
    gid, boss, us = game["game_id"], game["facilitator"], game["seats"]["US"]
    assert fire(client, gid, boss, id="new-leader-us").status_code == 200
    seats = {s["actor"]: s for s in state(client, gid, boss)["seats"]}
    assert seats["US"]["policy"] == "engagement"
    free = {"kind": "leader", "actor": "DPRK", "policy": "kim-defiant"}
    assert fire(client, gid, boss, inject=free, reason="a coup").status_code == 200
    assert {s["actor"]: s for s in state(client, gid, boss)["seats"]}["DPRK"]["policy"] == (
        "kim-defiant"
    )
    assert fire(client, gid, boss, id="dmz-incident").status_code == 200
    move(client, gid, us, "exercises")
    live = app.state.store.get(gid)
    c = live.session.crisis.compiled
    record = live.session.history[0]
    assert bool(record.accident[0])
    assert c.table.ids[record.action[0, c.index("DPRK")]] == "shelling"
    assert live.session.crisis.state.war_level[0] >= 1
    audit = state(client, gid, boss)["audit"]
    assert [e["what"] for e in audit] == ["inject", "inject", "inject"]
    assert audit[1]["reason"] == "a coup"


def test_free_injects_are_checked(client) -> None:  # type: ignore[no-untyped-def]
    game = new_game(client, seats=("US",))
    gid, boss, us = game["game_id"], game["facilitator"], game["seats"]["US"]
    for body, needle in [
        ({"inject": {"kind": "force", "actor": "XX", "action": "hold"}}, "not a seat"),
        ({"inject": {"kind": "force", "actor": "US", "action": "missile-test"}}, "cannot take"),
        ({"inject": {"kind": "quake", "actor": "US"}}, "kind"),
        ({"inject": {"kind": "leader", "actor": "US", "policy": "kim-defiant"}}, "not a policy"),
        ({"id": "no-such-inject"}, "not in the deck"),
    ]:
        r = fire(client, gid, boss, **body)
        assert r.status_code == 422 and needle in r.json()["error"], (body, r.text)
    seat = fire(client, gid, us, id="icbm-test")
    assert seat.status_code == 403 and "facilitator" in seat.json()["error"]


def test_pause_holds_the_game_and_override_is_logged(client, app) -> None:  # type: ignore[no-untyped-def]
    game = new_game(client, seats=("US",), seed=2)
    gid, boss, us = game["game_id"], game["facilitator"], game["seats"]["US"]
    r = client.post(f"/api/games/{gid}/pause", json={"token": boss, "paused": True})
    assert r.status_code == 200
    refused = client.post(f"/api/games/{gid}/moves", json={"token": us, "action": "hold"})
    assert refused.status_code == 409 and "paused" in refused.json()["error"]
    assert state(client, gid, us)["phase"] == "paused"
    client.post(f"/api/games/{gid}/pause", json={"token": boss, "paused": False})
    move(client, gid, us, "hold")
    no_reason = client.post(
        f"/api/games/{gid}/override",
        json={"token": boss, "actor": "DPRK", "action": "drills", "reason": " "},
    )
    assert no_reason.status_code == 422 and "reason" in no_reason.json()["error"]
    r = client.post(
        f"/api/games/{gid}/override",
        json={"token": boss, "actor": "DPRK", "action": "drills", "reason": "ruled: drills"},
    )
    assert r.status_code == 200, r.text
    live = app.state.store.get(gid)
    c = live.session.crisis.compiled
    assert c.table.ids[live.session.history[0].action[0, c.index("DPRK")]] == "drills"
    assert state(client, gid, boss)["audit"][-1]["reason"] == "ruled: drills"
    assert any("revised" in n["headline"] for n in state(client, gid, us)["news"])
    bad = client.post(
        f"/api/games/{gid}/override",
        json={"token": boss, "actor": "DPRK", "action": "limited-strike", "reason": "x"},
    )
    assert bad.status_code == 422 and "not open" in bad.json()["error"]
