"""Games survive a server restart, and a full game replays to the same episode."""

from __future__ import annotations

import numpy as np
from fastapi.testclient import TestClient

from brink.engine.batch import resolve_matchup, run_batch
from brink.web.app import create_app
from brink.web.game import Game
from web.conftest import REPLICATIONS
from web.play_helpers import move, new_game, pick, state


def test_a_game_survives_a_restart_mid_turn(db) -> None:  # type: ignore[no-untyped-def]
    first = create_app(db, replications=REPLICATIONS)
    with TestClient(first) as client:
        game = new_game(client, seats=("US", "DPRK"), seed=9)
        gid, tok = game["game_id"], game["seats"]
        for _ in range(3):
            move(client, gid, tok["US"], pick(state(client, gid, tok["US"])))
            move(client, gid, tok["DPRK"], pick(state(client, gid, tok["DPRK"]), "hawk"))
        move(client, gid, tok["US"], "hold")  # a move waiting for the next turn
        before = {a: state(client, gid, t) for a, t in tok.items()}
        boss = state(client, gid, game["facilitator"])
    first.state.store.close()

    second = create_app(db, replications=REPLICATIONS)  # a new server on the same file
    with TestClient(second) as client:
        after = {a: state(client, gid, t) for a, t in tok.items()}
        assert after == before
        assert state(client, gid, game["facilitator"]) == boss
        assert move(client, gid, tok["DPRK"], "hold")["adjudicated"] is True
        assert state(client, gid, tok["US"])["turn"] == 4
    second.state.store.close()


def test_a_full_game_replays_to_the_same_episode(client, app) -> None:  # type: ignore[no-untyped-def]
    game = new_game(client, seats=("US", "DPRK"), seed=11)
    gid, tok = game["game_id"], game["seats"]
    client.post(f"/api/games/{gid}/injects", json={"token": game["facilitator"], "id": "icbm-test"})
    view = state(client, gid, tok["US"])
    while not view["ended"]:
        move(client, gid, tok["US"], pick(view, "hawk"))
        if not state(client, gid, tok["DPRK"])["ended"]:
            dprk = state(client, gid, tok["DPRK"])
            if dprk["phase"] == "decide":
                move(client, gid, tok["DPRK"], pick(dprk))
        view = state(client, gid, tok["US"])
    live = app.state.store.get(gid)
    replayed = Game.from_record(live.to_record())  # the script alone, played again
    assert replayed.session.result() == live.session.result()
    for a, b in zip(replayed.session.history, live.session.history, strict=True):
        assert np.array_equal(a.action, b.action) and np.array_equal(a.perceived, b.perceived)
        assert np.array_equal(a.belief, b.belief)


def test_people_playing_their_doctrines_reproduce_the_batch_episode(client, app) -> None:  # type: ignore[no-untyped-def]
    """The game is the model analysed: seats that follow their own doctrine's move (the
    session's suggestion) give the very episode `brink run` simulates."""
    for episode_seed in (3, 8):
        game = new_game(client, seats=("US", "DPRK"), seed=episode_seed)
        live = app.state.store.get(game["game_id"])
        while not live.ended:
            for actor in ("US", "DPRK"):
                move(client, live.id, game["seats"][actor], live.session.suggestion(actor)[0])
        scenario = live.scenario
        batch = run_batch(
            scenario, resolve_matchup(scenario), episode_seed, np.array([0]), np.array([0])
        ).columns
        row = live.session.result()
        for name in ("outcome", "turns", "tests", "war_cause", "payoff_challenger"):
            assert row[name] == batch[name][0], name
