"""The interactive seat goes through the batch engine's own code path."""

from __future__ import annotations

import numpy as np
import pytest

from brink.engine.batch import run_batch
from brink.engine.session import Session
from brink.errors import BrinkInputError
from brink.scenario.loader import load_scenario


@pytest.mark.parametrize(("policy", "seat"), [("maximum-pressure", 0), ("freeze-for-freeze", 1)])
def test_following_the_policy_reproduces_the_batch_episode(policy: str, seat: int) -> None:
    scen = load_scenario("korea-2017")
    episodes = np.arange(12)
    batch = run_batch(scen, policy, None, 21, episodes, np.zeros(12, dtype=np.int64)).columns
    for episode in episodes:
        session = Session(scen, policy, seed=21, episode=int(episode), seat=seat)
        while not session.finished:
            session.step(session.suggestion())
        row = session.result()
        for name in ("outcome", "turns", "tests", "war_cause", "payoff_challenger"):
            assert row[name] == batch[name][episode], (episode, name)


def test_a_person_can_change_the_course() -> None:
    scen = load_scenario("korea-2017")
    session = Session(scen, "maximum-pressure", seed=3, episode=0, seat=0)
    session.step("war")
    assert session.finished
    assert session.result()["outcome"] == "war"
    assert session.result()["war_cause"] == "intent"


def test_illegal_actions_are_refused() -> None:
    session = Session(load_scenario("korea-2017"), seed=1, seat=0)
    with pytest.raises(BrinkInputError, match="not open"):
        session.step("missile-test")
    assert {o.id for o in session.options()} >= {"talks", "sanctions", "limited-strike"}
