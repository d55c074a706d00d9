"""The same sweeps on a Dask cluster: same rows, and no loss when a worker dies."""

from __future__ import annotations

import builtins
import os
import signal
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from brink.errors import BrinkInputError
from brink.executors.dask import DaskExecutor
from brink.executors.local import make_executor
from brink.experiments.execute import execute
from brink.experiments.runs import create_run
from brink.store.query import run_query
from brink.store.runs import open_run

POLICIES = ["maximum-pressure", "engagement"]


def _rows(path: Path) -> pd.DataFrame:
    frame = run_query(open_run(str(path)), "SELECT * EXCLUDE (run) FROM episodes")
    frame["policy"] = frame["policy"].astype(str)
    return frame.sort_values(["policy", "draw", "replication"]).reset_index(drop=True)


def _new_run(root: Path, name: str, samples: int = 40, replications: int = 50):  # type: ignore[no-untyped-def]
    return create_run(
        "korea-2017",
        POLICIES,
        samples=samples,
        replications=replications,
        seed=8,
        out=str(root),
        name=name,
        episodes_per_task=250,
    )


def test_local_dask_cluster_gives_the_process_pool_rows(tmp_path: Path) -> None:
    execute(_new_run(tmp_path, "pool"), executor=make_executor(2))
    with DaskExecutor(workers=2) as dask:
        run = execute(_new_run(tmp_path, "dask"), executor=dask)
    assert run.complete
    pd.testing.assert_frame_equal(_rows(tmp_path / "pool"), _rows(tmp_path / "dask"))
    workers = run.manifest["timings"]["sessions"][-1]["per_worker"]
    assert len(workers) == 2 and all(v["episodes"] > 0 for v in workers.values())


def test_a_killed_worker_loses_no_episode_and_doubles_none(tmp_path: Path) -> None:
    execute(_new_run(tmp_path, "reference", samples=240), executor=make_executor(2))
    run = _new_run(tmp_path, "killed", samples=240)
    parts = run.path / "parts"
    with DaskExecutor(workers=2) as dask:
        victim = sorted(dask.worker_pids().values())[0]
        killer_done = threading.Event()
        at_kill: list[int] = []

        def kill_when_started() -> None:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and len(list(parts.glob("*/part-*.parquet"))) < 2:
                time.sleep(0.005)
            at_kill.append(len(list(parts.glob("*/part-*.parquet"))))
            os.kill(victim, signal.SIGKILL)
            killer_done.set()

        killer = threading.Thread(target=kill_when_started)
        killer.start()
        finished = execute(run, executor=dask)
        killer.join()
    assert killer_done.is_set()
    assert at_kill[0] < len(finished.tasks()), "the worker died only after the run; enlarge it"
    assert finished.complete
    assert len(list(parts.glob("*/part-*.parquet"))) == len(finished.tasks())
    pd.testing.assert_frame_equal(_rows(tmp_path / "reference"), _rows(tmp_path / "killed"))


def test_missing_dask_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_distributed(name: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name == "distributed" or name.startswith("distributed."):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_distributed)
    with pytest.raises(BrinkInputError, match=r"pip install 'brink\[dask\]'"):
        make_executor(2, "dask-local")


def test_cli_executor_errors_are_one_line(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for args, needle in (
        (["compare", "--executor", "dask", "--samples", "2", "--replications", "2"], "--address"),
        (["compare", "--executor", "spark", "--samples", "2", "--replications", "2"], "--executor"),
    ):
        proc = cli(*args, "--out", str(tmp_path))
        assert proc.returncode == 2, proc.stderr
        lines = [line for line in proc.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and needle in lines[0] and "Traceback" not in proc.stderr
    assert not any(tmp_path.iterdir()), "a rejected run must not leave a folder behind"
