"""Same scenario + same seed = same numbers, whatever the batch, chunking or worker count; and
a told episode is the episode the batch simulated."""

from __future__ import annotations

import json

import numpy as np
import pytest

from brink.api import run
from brink.engine.batch import resolve_matchup, run_batch, start_crisis
from brink.narrate import narrate, tell_episode
from brink.scenario.loader import load_scenario


def _equal_rows(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> None:
    assert a.keys() == b.keys()
    for name in a:
        assert np.array_equal(a[name], b[name]), name


def test_an_episode_does_not_depend_on_its_batch() -> None:
    scen = load_scenario("korea-2017")
    matchup = resolve_matchup(scen, "maximum-pressure")
    draws = np.repeat(np.arange(60), 3)
    reps = np.tile(np.arange(3), 60)
    whole = run_batch(scen, matchup, 5, draws, reps).columns
    part = run_batch(scen, matchup, 5, draws[40:100], reps[40:100]).columns
    _equal_rows({k: v[40:100] for k, v in whole.items()}, part)
    order = np.random.default_rng(0).permutation(len(draws))
    shuffled = run_batch(scen, matchup, 5, draws[order], reps[order]).columns
    _equal_rows({k: v[order] for k, v in whole.items()}, shuffled)


def test_chunking_and_workers_do_not_change_results() -> None:
    args = {"episodes": 2400, "seed": 9, "opponent": "kim-calculating:0.6,kim-defiant:0.4"}
    one = run("korea-2017", ["maximum-pressure"], workers=1, chunk_size=2400, **args)
    many = run("korea-2017", ["maximum-pressure"], workers=2, chunk_size=700, **args)
    assert json.dumps(one.summary()) == json.dumps(many.summary())
    _equal_rows(one.columns["maximum-pressure"], many.columns["maximum-pressure"])


def test_different_seeds_give_different_episodes() -> None:
    a = run("korea-2017", ["maximum-pressure"], episodes=500, seed=1).columns["maximum-pressure"]
    b = run("korea-2017", ["maximum-pressure"], episodes=500, seed=2).columns["maximum-pressure"]
    assert not np.array_equal(a["missile_tests"], b["missile_tests"])
    assert not np.array_equal(a["opponent_type"], b["opponent_type"])


def test_policies_share_random_numbers() -> None:
    """Common random numbers: every policy meets the same inputs, types and leader types."""
    result = run(
        "korea-2017", ["maximum-pressure", "engagement"], episodes=500, seed=4, keep_inputs=True
    )
    a, b = (result.columns[p] for p in ("maximum-pressure", "engagement"))
    for name in ("input:actors.DPRK.disarm_probability", "resolute_defender", "opponent_type"):
        assert np.array_equal(a[name], b[name]), name
    assert not np.array_equal(a["outcome"], b["outcome"])


@pytest.mark.parametrize(
    ("scenario", "policy", "draw", "replication", "shared"),
    [
        ("korea-2017", "maximum-pressure", 3, 0, False),
        ("korea-2017", "preemptive-strike", 11, 4, False),
        ("korea-2017", "tit-for-tat", 6, 2, True),
        ("cuba-1962", "air-strike", 7, 1, False),
        ("cuba-1962", "quarantine", 2, 3, True),
    ],
)
def test_a_told_episode_is_the_batch_row(
    scenario: str, policy: str, draw: int, replication: int, shared: bool
) -> None:
    """Every column of the told episode equals the `run_batch` row of its (draw, replication)."""
    scen = load_scenario(scenario)
    matchup = resolve_matchup(scen, policy)
    draws = np.repeat(np.arange(draw + 2), replication + 2)
    reps = np.tile(np.arange(replication + 2), draw + 2)
    batch = run_batch(scen, matchup, 13, draws, reps, shared_streams=shared).columns
    at = int(np.flatnonzero((draws == draw) & (reps == replication))[0])
    crisis = start_crisis(
        scen, matchup, 13, np.array([draw]), np.array([replication]), shared_streams=shared
    )
    turns, row = tell_episode(crisis, draw, replication)
    assert len(turns) == batch["turns"][at]
    for name, values in batch.items():
        assert row[name] == values[at] or (row[name] != row[name] and values[at] != values[at]), (
            name
        )
    assert all(t["events"] for t in turns)


def test_narrate_replays_the_run_episode() -> None:
    cols = run("korea-2017", ["maximum-pressure"], episodes=30, seed=7).columns["maximum-pressure"]
    for episode in (3, 17, 29):
        story = narrate("korea-2017", "maximum-pressure", seed=7, episode=episode)
        assert len(story["turns"]) == cols["turns"][episode]
        assert story["outcome"].split(" ")[0] == cols["outcome"][episode]
        assert story["opponent_type"] == cols["opponent_type"][episode]
        assert story["resolute"]["DPRK"] == bool(cols["resolute_defender"][episode])
