"""The one executor path: the same numbers whatever the workers, in memory and stored."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from brink.executors.local import InProcessExecutor, make_executor
from brink.experiments.execute import execute, run_each, run_in_memory, run_tasks
from brink.experiments.plan import memory_tasks
from brink.experiments.runs import create_run
from brink.experiments.tasks import Task, simulate
from brink.scenario.loader import load
from brink.store.parts import read_part
from brink.store.runs import open_run


def _tasks() -> list[Task]:
    scenario = load("korea-2017").scenario
    mixture = {"kim-calculating": 0.7, "kim-defiant": 0.3}
    return memory_tasks(scenario, ["engagement", "maximum-pressure"], mixture, 4, 250, 100)


def test_in_memory_results_do_not_depend_on_the_workers() -> None:
    seen: list[int] = []
    one = run_in_memory(_tasks(), InProcessExecutor(), seen.append)
    two = run_in_memory(_tasks(), make_executor(2))
    assert seen == [100, 100, 50, 100, 100, 50]
    assert list(one) == list(two) == ["engagement", "maximum-pressure"]
    for policy in one:
        assert len(one[policy]["draw"]) == 250
        assert np.array_equal(one[policy]["draw"], np.arange(250))
        for name, values in one[policy].items():
            assert np.array_equal(values, two[policy][name]), (policy, name)


def test_a_task_is_the_same_rows_however_the_work_is_cut() -> None:
    """A draw's episodes depend on the draw, never on the task that holds it."""
    scenario = load("korea-2017").scenario
    whole = simulate(Task(scenario, "engagement", None, 9, 0, 30, replications=3))
    halves = [
        simulate(Task(scenario, "engagement", None, 9, a, b, replications=3))
        for a, b in ((0, 13), (13, 30))
    ]
    for name, values in whole.episodes.items():
        joined = np.concatenate([h.episodes[name] for h in halves])
        assert np.array_equal(values, joined), name


def test_run_tasks_keeps_task_order_and_reports_sizes() -> None:
    sizes: list[int] = []
    done = list(
        run_tasks([3, 1, 2], InProcessExecutor(), lambda t: t * 10, sizes.append, size=lambda t: t)
    )
    assert done == [(3, 30), (1, 10), (2, 20)] and sizes == [3, 1, 2]


def _stored(root: Path) -> pd.DataFrame:
    frames = []
    for path in sorted((root / "parts").rglob("part-*.parquet")):
        frames.append(pd.DataFrame({k: v for k, v in read_part(path).items() if k != "run"}))
    frame = pd.concat(frames, ignore_index=True)
    return frame.sort_values(["policy", "draw", "replication"]).reset_index(drop=True)


def test_stored_runs_are_the_same_on_one_or_two_workers(tmp_path: Path) -> None:
    runs = {}
    for workers in (1, 2):
        name = f"w{workers}"
        run = create_run(
            "korea-2017", ["engagement"], samples=8, replications=5, seed=6,
            out=str(tmp_path), name=name, episodes_per_task=15,
        )  # fmt: skip
        execute(run, workers=workers)
        runs[workers] = open_run(str(tmp_path / name))
        assert runs[workers].complete and runs[workers].manifest["status"] == "complete"
        session = runs[workers].manifest["timings"]["sessions"][-1]
        assert session["workers"] == workers and session["tasks"] == 3
    one, two = _stored(runs[1].path), _stored(runs[2].path)
    assert len(one) == 8 * 5
    pd.testing.assert_frame_equal(one, two)


def test_run_each_keeps_each_task_and_others_sets_a_seat() -> None:
    """``run_each`` returns every task's own columns in order (tasks of one policy are not
    joined), and ``Task.others`` plays a seat's doctrine exactly as the engine's matchup
    does (the debrief's replays): the same rows as a batch with that matchup."""
    from brink.engine.batch import resolve_matchup, run_batch

    scenario = load("korea-2017").scenario
    tasks = [
        Task(scenario, None, None, 9, 4, 5, replications=30, columns="engine", others=others)
        for others in ({"US": "engagement"}, {"US": "maximum-pressure"}, None)
    ]
    seen: list[int] = []
    each = run_each(tasks, progress=seen.append)
    assert seen == [30, 30, 30] and len(each) == 3
    assert not np.array_equal(each[0]["payoff_challenger"], each[1]["payoff_challenger"])
    for task, columns in zip(tasks, each, strict=True):
        matchup = resolve_matchup(scenario, others=task.others)
        draws = np.full(30, 4, dtype=np.int64)
        expected = run_batch(scenario, matchup, 9, draws, np.arange(30, dtype=np.int64)).columns
        assert set(columns) == set(expected)
        for name, values in expected.items():
            assert np.array_equal(columns[name], values), name


def test_ctrl_c_while_a_run_starts_is_told_with_what_is_saved(tmp_path: Path) -> None:
    """Ctrl-C after the run folder is written but before its tasks start (the workers, the
    progress bar) says what is saved and how to finish, and marks the run interrupted."""
    import pytest

    from brink.errors import BrinkInterrupted
    from brink.experiments.execute import told_if_stopped

    run = create_run(
        "korea-2017", ["engagement"], samples=4, replications=5, seed=6,
        out=str(tmp_path), name="early", episodes_per_task=10,
    )  # fmt: skip
    saved = r"0 of 2 tasks are saved.*brink resume early"
    with pytest.raises(BrinkInterrupted, match=saved), told_if_stopped(run):
        raise KeyboardInterrupt
    assert open_run(str(tmp_path / "early")).manifest["status"] == "interrupted"
    execute(run, workers=1)  # resume finishes it
    assert open_run(str(tmp_path / "early")).complete
