"""A session steps one episode through the batch engine's own turn, with seats played from
outside: following every seat's own suggestion must give the batch episode exactly."""

from __future__ import annotations

import numpy as np
import pytest

from brink.engine.batch import resolve_matchup, run_batch
from brink.engine.session import Session
from brink.errors import BrinkInputError
from brink.scenario.loader import load_scenario

SEED = 21


def _same_row(row: dict[str, object], batch: dict[str, np.ndarray], episode: int) -> None:
    for name, values in batch.items():
        stored = values[episode]
        if isinstance(stored, float | np.floating):
            assert row[name] == pytest.approx(float(stored), rel=1e-12, abs=1e-12), name
        else:
            assert row[name] == (stored.item() if hasattr(stored, "item") else stored), name


@pytest.mark.parametrize(
    ("scenario", "policy", "humans", "episodes"),
    [
        ("korea-2017", "maximum-pressure", ("US", "China"), 8),
        ("cuba-1962", "air-strike", ("US", "USSR"), 8),
    ],
)
def test_following_the_suggestions_reproduces_the_batch_episode(
    scenario: str, policy: str, humans: tuple[str, ...], episodes: int
) -> None:
    scen = load_scenario(scenario)
    draws = np.arange(episodes)
    matchup = resolve_matchup(scen, policy)
    batch = run_batch(scen, matchup, SEED, draws, np.zeros_like(draws)).columns
    assert len(set(batch["outcome"])) > 1 or len(set(batch["turns"])) > 1  # not one story
    for episode in draws:
        session = Session.start(scen, policy, seed=SEED, episode=int(episode), humans=humans)
        while not session.finished:
            session.step({actor: session.suggestion(actor)[0] for actor in humans})
        _same_row(session.result(), batch, int(episode))


def test_the_suggestion_is_open_and_its_probabilities_add_up() -> None:
    session = Session.start(load_scenario("korea-2017"), "maximum-pressure", humans=("US",))
    for actor in ("US", "DPRK", "China", "ROK", "Japan"):
        move, probabilities = session.suggestion(actor)
        assert move in {o.id for o in session.options(actor)}
        assert sum(probabilities.values()) == pytest.approx(1.0)
    # An adviser with other traits is the same decider with other traits: different odds.
    hawk = session.suggestion("US", {"ego": 1.0, "thin_skin": 1.0, "maximalism": 1.0})[1]
    dove = session.suggestion("US", {"ego": 0.0, "thin_skin": 0.0, "maximalism": 0.0})[1]
    assert hawk != dove
    with pytest.raises(BrinkInputError, match="not a trait"):
        session.suggestion("US", {"nerve": 1.0})


def test_a_person_can_change_the_course() -> None:
    scen = load_scenario("korea-2017")
    session = Session.start(scen, "maximum-pressure", seed=3, humans=("US",))
    session.step({"US": "war"})
    while not session.finished:
        session.step({"US": "hold"})
    row = session.result()
    assert row["outcome"] == "war" and row["war_cause"] == "intent"
    assert row["war_kind"] in ("conventional", "nuclear")
    followed = Session.start(scen, "maximum-pressure", seed=3, humans=("US",))
    followed.step({"US": followed.suggestion("US")[0]})
    assert followed.history[0].action[0].tolist() != session.history[0].action[0].tolist()


def test_what_a_seat_may_know() -> None:
    session = Session.start(load_scenario("korea-2017"), "maximum-pressure", humans=("US",))
    assert session.perceived("US") == {}  # nothing seen before the first turn
    session.step({"US": "sanctions"})
    seen = session.perceived("US")
    assert set(seen) == {"DPRK", "China", "ROK", "Japan"}
    assert all(0 <= s["rung"] <= 7 for s in seen.values())
    beliefs = session.beliefs("US")
    assert set(beliefs) == {"DPRK"} and 0.0 < beliefs["DPRK"] < 1.0


def test_bad_moves_are_refused() -> None:
    scen = load_scenario("korea-2017")
    session = Session.start(scen, seed=1, humans=("US",))
    with pytest.raises(BrinkInputError, match="not open"):
        session.step({"US": "missile-test"})
    with pytest.raises(BrinkInputError, match="no move for US"):
        session.step({})
    with pytest.raises(BrinkInputError, match="not a seat played from outside"):
        session.step({"US": "hold", "DPRK": "hold"})
    assert {o.id for o in session.options("US")} >= {"talks", "sanctions", "limited-strike"}
    assert session.turn == 0  # refused moves play nothing
    with pytest.raises(BrinkInputError, match="not an actor that takes actions"):
        Session.start(scen, humans=("Atlantis",))


def test_fork_replays_the_moves_made() -> None:
    scen = load_scenario("cuba-1962")
    moves = ("quarantine", "talks", "hold", "rhetoric")
    for episode in range(50):  # the first episode that lasts the four moves
        session = Session.start(scen, "quarantine", seed=4, episode=episode, humans=("US",))
        for move in moves:
            if session.finished:
                break
            session.step({"US": move})
        if len(session.moves) == len(moves) and not session.finished:
            break
    assert len(session.moves) == len(moves)
    assert session.fork(4).crisis.state.records.tobytes() == session.crisis.state.records.tobytes()
    fork = session.fork(2)
    assert fork.turn == 2 and fork.moves == session.moves[:2]
    for moves in session.moves[2:]:
        fork.step(moves)
    assert fork.crisis.state.records.tobytes() == session.crisis.state.records.tobytes()
    with pytest.raises(BrinkInputError, match="turn"):
        session.fork(9)
