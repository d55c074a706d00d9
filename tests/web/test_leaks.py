"""A seat's responses never carry another actor's private type, beliefs or true moves.

Whole games are driven through the API and the pages with several people and a white cell
firing injects. After every turn, for every seat, every response it can get (its JSON state,
its page, its htmx panel, its status, its event stream, the refused debrief and exports) is
taken twice: once as it is, and once after the other actors' truths have been changed in the
server's memory — their private types (resolute or not), their leader types, their beliefs,
their true and intended moves in every past turn, and what they perceived. A seat that could
see any of that would see the responses change (non-interference). The responses are also
scanned for the other actors' policy names and for fields that only the facilitator's view
has, and the games are checked to contain misreadings, so that truth and perception differ.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator

import numpy as np
import pytest
from fastapi.testclient import TestClient

from brink.web.game import Game
from web.play_helpers import join, move, new_game, pick, state

FACILITATOR_ONLY = ("resolute", "policy", "misread", "actions", "seats", "audit", "intended")


@contextlib.contextmanager
def other_truths_changed(game: Game, actor: str) -> Iterator[None]:
    """Change every truth ``actor`` must not see, then put it all back."""
    crisis = game.session.crisis
    c, s = crisis.compiled, crisis.state
    me = c.index(actor)
    others = [int(j) for j in c.seats if int(j) != me]
    saved_records = s.records.copy()
    saved_history = [
        (r.action.copy(), r.intended.copy(), r.belief.copy(), r.perceived.copy(), r.misread.copy())
        for r in game.session.history
    ]
    try:
        for j in others:
            s.resolute[0, j] = not s.resolute[0, j]
            if len(crisis.mixtures[j]) > 1:
                s.policy[0, j] = (int(s.policy[0, j]) + 1) % len(crisis.mixtures[j])
            s.belief[0, j, :] = 1.0 - s.belief[0, j, :]
            s.perceived[0, j, :] = np.where(s.perceived[0, j, :] >= 0, c.quiet[me], -1)
        for record in game.session.history:
            for j in others:
                own = c.own[j]
                other_move = next(a for a in own if a != record.action[0, j])
                record.action[0, j] = other_move
                record.intended[0, j] = own[-1]
                record.belief[0, j, :] = 0.123
                record.perceived[0, j, :] = np.where(record.perceived[0, j, :] >= 0, own[0], -1)
                record.misread[0, j, :] = ~record.misread[0, j, :]
        yield
    finally:
        s.records[:] = saved_records
        for record, (a, i, b, p, m) in zip(game.session.history, saved_history, strict=True):
            record.action[:], record.intended[:], record.belief[:] = a, i, b
            record.perceived[:], record.misread[:] = p, m


def responses(client: TestClient, game_id: str, token: str) -> dict[str, str]:
    """Everything a seat can fetch from the server, by name."""
    out = {
        "api": client.get(f"/api/games/{game_id}", params={"token": token}).text,
        "page": client.get(f"/games/{game_id}").text,
        "panel": client.get(f"/games/{game_id}/panel").text,
        "status": client.get(f"/games/{game_id}/status").text,
        "events": client.get(
            f"/api/games/{game_id}/events", params={"token": token, "once": True}
        ).text,
        "debrief": client.get(f"/api/games/{game_id}/debrief", params={"token": token}).text,
        "csv": client.get(f"/api/games/{game_id}/export.csv", params={"token": token}).text,
    }
    return out


def private_words(game: Game, actor: str) -> list[str]:
    """Names that would reveal another actor's doctrine or type."""
    scenario = game.scenario
    public = " ".join(
        [scenario.summary, scenario.title, *(a.label for a in scenario.actions)]
        + [p.description for p in scenario.policies.values() if p.actor == actor]
    ).lower()
    words = []
    for name, policy in scenario.policies.items():
        if policy.actor != actor and name.lower() not in public:
            words.append(name)
    return words


def scan(game: Game, actor: str, got: dict[str, str]) -> None:
    words = private_words(game, actor)
    for name, text in got.items():
        for word in words:
            assert not re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text), (name, word)
    view = json.loads(got["api"])
    for key in FACILITATOR_ONLY:
        assert key not in view, key
    assert set(view["beliefs"]) <= {a for a in game.scenario.seats() if a != actor}
    for row in view["history"]:
        assert set(row) >= {"you", "perceived"} and "actions" not in row


def play_and_scan(
    client_for: dict[str, TestClient],
    boss: TestClient,
    game_id: str,
    tokens: dict[str, str],
    app,
    injects: dict[int, str],
) -> Game:  # type: ignore[no-untyped-def]
    game = app.state.store.get(game_id)
    misreadings = 0
    for turn in range(1, 60):
        if game.ended:  # from here on the debrief rightly shows everything
            break
        if turn in injects:
            r = boss.post(
                f"/api/games/{game_id}/injects",
                json={"token": game.tokens["facilitator"], "id": injects[turn]},
            )
            assert r.status_code == 200, r.text
        for actor, client in client_for.items():
            plain = responses(client, game_id, tokens[actor])
            with other_truths_changed(game, actor):
                changed = responses(client, game_id, tokens[actor])
            for name in plain:
                assert plain[name] == changed[name], (actor, turn, name)
            scan(game, actor, plain)
        for actor, client in client_for.items():
            view = state(client, game_id, tokens[actor])
            if view["phase"] == "decide":
                move(client, game_id, tokens[actor], pick(view, "hawk" if turn % 2 else "dove"))
        if game.session.history:
            misreadings += int(game.session.history[-1].misread.sum())
    assert game.ended
    assert misreadings > 0, "the game had no misreading: truth and perception never differed"
    return game


@pytest.mark.parametrize(
    ("scenario", "seats", "seed", "injects"),
    [
        (
            "korea-2017",
            ("US", "DPRK", "China"),
            5,
            {2: "leak-strike-plans", 3: "icbm-test", 5: "defiant-turn", 7: "new-leader-us"},
        ),
        ("cuba-1962", ("US", "USSR"), 3, {2: "leak-invasion-plans", 4: "soviet-ships-sail"}),
    ],
)
def test_no_seat_ever_sees_another_actors_truth(app, scenario, seats, seed, injects) -> None:  # type: ignore[no-untyped-def]
    with TestClient(app) as creator:
        game = new_game(creator, scenario, seats, seed)
    clients = {actor: TestClient(app) for actor in seats}
    for actor, client in clients.items():
        join(client, game["game_id"], game["seats"][actor])
    with TestClient(app) as boss:
        played = play_and_scan(clients, boss, game["game_id"], game["seats"], app, injects)
    for client in clients.values():
        client.close()
    assert played.turn > 3


def test_the_debrief_opens_the_truth_after_the_end(client) -> None:  # type: ignore[no-untyped-def]
    game = new_game(client, seats=("US",), seed=2)
    gid, token = game["game_id"], game["seats"]["US"]
    move(client, gid, token, "war")
    view = state(client, gid, token)
    while not view["ended"]:
        move(client, gid, token, pick(view))
        view = state(client, gid, token)
    report = client.get(f"/api/games/{gid}/debrief", params={"token": token}).json()
    assert "DPRK" in report["types"] and "DPRK" in report["resolute"]
    assert report["timeline"][0]["actors"][1]["seen_by"]["US"]["action"]
