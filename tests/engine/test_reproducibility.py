"""Same scenario + same seed = same numbers, whatever the batch, chunking or worker count."""

from __future__ import annotations

import json

import numpy as np

from brink.engine.batch import run_batch
from brink.narrate import narrate
from brink.scenario.loader import load_scenario
from brink.simulation import run


def test_an_episode_does_not_depend_on_its_batch() -> None:
    scen = load_scenario("korea-2017")
    draws = np.arange(300)
    whole = run_batch(scen, "maximum-pressure", None, 5, draws, np.zeros(300, dtype=np.int64))
    part = run_batch(
        scen, "maximum-pressure", None, 5, draws[120:180], np.zeros(60, dtype=np.int64)
    )
    for name, values in part.columns.items():
        assert np.array_equal(whole.columns[name][120:180], values), name


def test_chunking_and_workers_do_not_change_results() -> None:
    one = run("korea-2017", ["maximum-pressure"], episodes=3000, seed=9, workers=1, chunk_size=3000)
    many = run("korea-2017", ["maximum-pressure"], episodes=3000, seed=9, workers=2, chunk_size=700)
    assert json.dumps(one.summary()) == json.dumps(many.summary())


def test_different_seeds_give_different_episodes() -> None:
    a = run("korea-2017", ["maximum-pressure"], episodes=2000, seed=1).columns["maximum-pressure"]
    b = run("korea-2017", ["maximum-pressure"], episodes=2000, seed=2).columns["maximum-pressure"]
    assert not np.array_equal(a["tests"], b["tests"])


def test_policies_share_random_numbers() -> None:
    """Common random numbers: both policies see the same sampled inputs per episode."""
    result = run(
        "korea-2017", ["maximum-pressure", "engagement"], episodes=500, seed=4, keep_inputs=True
    )
    a, b = (result.columns[p] for p in ("maximum-pressure", "engagement"))
    path = "input:actors.DPRK.disarm_probability"
    assert np.array_equal(a[path], b[path])
    assert np.array_equal(a["resolute_defender"], b["resolute_defender"])


def test_narrate_replays_the_run_episode() -> None:
    result = run("korea-2017", ["maximum-pressure"], episodes=40, seed=7)
    cols = result.columns["maximum-pressure"]
    for episode in (3, 17):
        story = narrate("korea-2017", "maximum-pressure", seed=7, episode=episode)
        assert len(story["turns"]) == cols["turns"][episode]
        assert story["outcome"].split(" ")[0] == cols["outcome"][episode]
