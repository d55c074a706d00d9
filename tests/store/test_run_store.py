"""Stored runs: complete, reproducible, resumable after SIGKILL, and safe from bad input."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from brink import __version__
from brink.analysis.compare_summary import summarise_run
from brink.errors import BrinkInputError
from brink.experiments.runs import compare, resume
from brink.store.parts import EPISODES
from brink.store.query import run_query
from brink.store.runs import open_run
from helpers import folder_digest

POLICIES = ["maximum-pressure", "freeze-for-freeze"]


def _episodes(run_dir: Path) -> pd.DataFrame:
    run = open_run(str(run_dir))
    frame = run_query(run, "SELECT * EXCLUDE (run) FROM episodes")
    frame["policy"] = frame["policy"].astype(str)
    return frame.sort_values(["policy", "draw", "replication"]).reset_index(drop=True)


@pytest.fixture(scope="module")
def small_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("runs")
    compare(
        "korea-2017",
        POLICIES,
        samples=24,
        replications=30,
        seed=5,
        out=str(root),
        name="small",
        workers=1,
        episodes_per_task=200,
    )
    return root / "small"


def test_every_episode_is_stored_once_with_its_inputs(small_run: Path) -> None:
    frame = _episodes(small_run)
    assert len(frame) == 2 * 24 * 30
    assert not frame.duplicated(["policy", "draw", "replication"]).any()
    assert "actors.DPRK.disarm_probability" in frame.columns
    by_policy = [g.set_index(["draw", "replication"]) for _, g in frame.groupby("policy")]
    column = "actors.DPRK.disarm_probability"
    assert np.array_equal(by_policy[0][column].to_numpy(), by_policy[1][column].to_numpy())
    manifest = json.loads((small_run / "manifest.json").read_text())
    assert manifest["status"] == "complete" and manifest["tool_version"] == __version__


def test_workers_and_task_size_do_not_change_rows(small_run: Path, tmp_path: Path) -> None:
    compare(
        "korea-2017",
        POLICIES,
        samples=24,
        replications=30,
        seed=5,
        out=str(tmp_path),
        name="other",
        workers=2,
        episodes_per_task=25_000,
    )
    pd.testing.assert_frame_equal(_episodes(small_run), _episodes(tmp_path / "other"))


def test_summary_has_paired_differences(small_run: Path) -> None:
    summary = summarise_run(open_run(str(small_run)))
    assert [row["policy"] for row in summary["policies"]] == POLICIES
    diff = summary["paired_differences"][0]
    assert diff["draws"] == 24
    total = sum(
        summary["policies"][0][f"p_{o}"]["mean"]
        for o in ("war", "settlement", "capitulation", "collapse", "unresolved")
    )
    assert abs(total - 1.0) < 1e-9


def test_a_run_killed_mid_way_resumes_to_exactly_the_same_rows(tmp_path: Path) -> None:
    args = [
        "compare",
        "korea-2017",
        "-p",
        "maximum-pressure",
        "-p",
        "engagement",
        "--samples",
        "150",
        "--replications",
        "100",
        "--seed",
        "3",
        "--workers",
        "1",
        "--episodes-per-task",
        "500",
        "--out",
        str(tmp_path),
        "--json",
    ]
    process = subprocess.Popen(
        [sys.executable, "-m", "brink.cli", *args, "--name", "killed"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    parts = tmp_path / "killed" / "parts"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(parts.glob("*/part-*.parquet"))) < 3:
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    run = open_run(str(tmp_path / "killed"))
    assert run.missing_tasks(), "the run finished before it could be killed; make it larger"
    resume("killed", out=str(tmp_path), workers=2)
    assert open_run(str(tmp_path / "killed")).complete
    compare(
        "korea-2017",
        ["maximum-pressure", "engagement"],
        samples=150,
        replications=100,
        seed=3,
        out=str(tmp_path),
        name="whole",
        workers=2,
        episodes_per_task=500,
    )
    pd.testing.assert_frame_equal(_episodes(tmp_path / "killed"), _episodes(tmp_path / "whole"))


@pytest.mark.parametrize(
    ("sql", "needle"),
    [
        ("SELEC nonsense", "SQL"),
        ("SELECT nope FROM episodes", "nope"),
        ("DROP VIEW episodes", "only SELECT"),
        ("COPY (SELECT 1) TO 'x.csv'", "only SELECT"),
        ("SELECT 1; SELECT 2", "exactly one"),
    ],
)
def test_bad_sql_is_refused_and_data_untouched(small_run: Path, sql: str, needle: str) -> None:
    before = folder_digest(small_run)
    with pytest.raises(BrinkInputError) as caught:
        run_query(open_run(str(small_run)), sql)
    assert needle in str(caught.value) and "\n" not in str(caught.value)
    assert folder_digest(small_run) == before


def test_grouped_query(small_run: Path) -> None:
    frame = run_query(
        open_run(str(small_run)),
        "SELECT policy, count(*) AS n, avg((outcome = 'war')::DOUBLE) AS p_war FROM episodes "
        "GROUP BY policy ORDER BY policy",
    )
    assert list(frame["n"]) == [720, 720]


def test_foreign_corrupt_and_other_version_folders(tmp_path: Path, small_run: Path) -> None:
    with pytest.raises(BrinkInputError, match="no such run"):
        open_run("ghost", str(tmp_path))
    (tmp_path / "plain").mkdir()
    with pytest.raises(BrinkInputError, match="not a Brink run"):
        open_run(str(tmp_path / "plain"))
    corrupt = tmp_path / "corrupt"
    corrupt.mkdir()
    (corrupt / "manifest.json").write_text("{not json")
    with pytest.raises(BrinkInputError, match="corrupt manifest"):
        open_run(str(corrupt))
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "manifest.json").write_text(json.dumps({"tool": "other"}))
    with pytest.raises(BrinkInputError, match="written by brink"):
        open_run(str(foreign))
    old = tmp_path / "old"
    old.mkdir()
    manifest = json.loads((small_run / "manifest.json").read_text())
    manifest["tool_version"] = "0.0.1"
    (old / "manifest.json").write_text(json.dumps(manifest))
    before = folder_digest(old)
    with pytest.raises(BrinkInputError, match="tool_version"):
        open_run(str(old))
    assert folder_digest(old) == before


def test_cli_errors_are_one_line(cli, small_run: Path) -> None:  # type: ignore[no-untyped-def]
    root = str(small_run.parent)
    for args, needle in (
        (["query", "ghost", "SELECT 1", "--out", root], "ghost"),
        (["resume", "ghost", "--out", root], "ghost"),
        (["query", "small", "DELETE FROM episodes", "--out", root], "only SELECT"),
        (["compare", "--samples", "0", "--out", root], "--samples"),
        (
            ["compare", "--name", "small", "--samples", "2", "--replications", "2", "--out", root],
            "already exists",
        ),
    ):
        proc = cli(*args)
        assert proc.returncode == 2, (args, proc.stderr)
        lines = [line for line in proc.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and needle in lines[0], proc.stderr
        assert "Traceback" not in proc.stderr


def test_cli_runs_and_query_json(cli, small_run: Path) -> None:  # type: ignore[no-untyped-def]
    root = str(small_run.parent)
    listing = cli("runs", "--out", root)
    assert "small" in listing.stdout and "complete" in listing.stdout
    proc = cli(
        "query",
        "small",
        "SELECT policy, count(*) AS n FROM episodes GROUP BY 1 ORDER BY 1",
        "--out",
        root,
        "--json",
    )
    assert json.loads(proc.stdout) == [
        {"policy": "freeze-for-freeze", "n": 720},
        {"policy": "maximum-pressure", "n": 720},
    ]


def test_a_mixture_opponent_is_stored_as_its_label_and_replayed(tmp_path: Path) -> None:
    """A run against a mixture of leader types keeps the mixture as text; each episode says
    which type it met, and a sensitivity design made from the run plays the same mixture."""
    from brink.experiments.designs import design_run
    from brink.store.runs import open_run
    from helpers import stored_episodes

    mixture = "kim-calculating:0.6,kim-defiant:0.4"
    run = compare(
        "korea-2017",
        ["engagement"],
        samples=6,
        replications=10,
        seed=3,
        opponent=mixture,
        out=str(tmp_path),
        name="mix",
        workers=1,
    )
    assert run.manifest["options"]["opponent"] == mixture
    rows = stored_episodes(tmp_path / "mix")
    assert set(rows["opponent_type"]) == {"kim-calculating", "kim-defiant"}
    _, child = design_run(str(run.path), "morris", policy="engagement", samples=2, replications=2)
    assert open_run(str(child.path)).manifest["options"]["opponent"] == mixture


def test_faded_crises_are_counted_in_the_policy_table(tmp_path: Path) -> None:
    """With fading switched on, the table's p_faded is the share of episodes that ended
    unresolved and faded (counted from the stored rows); it says the run could fade."""
    compare(
        "korea-2017",
        ["freeze-for-freeze"],
        samples=8,
        replications=25,
        seed=4,
        overrides=["fading.enabled=true", "fading.calm_days=14"],
        out=str(tmp_path),
        name="fades",
        workers=1,
    )
    summary = summarise_run(open_run(str(tmp_path / "fades")))
    rows = _episodes(tmp_path / "fades")
    faded = float(((rows["outcome"] == "unresolved") & rows["faded"]).mean())
    assert faded > 0.05  # otherwise the check below proves nothing
    row = summary["policies"][0]
    assert row["p_faded"]["mean"] == pytest.approx(faded)
    assert row["p_faded"]["mean"] <= row["p_unresolved"]["mean"]
    assert summary["conditional_on"]["fading"] is True


def test_a_run_stored_before_fading_reads_with_none_faded(small_run: Path, tmp_path: Path) -> None:
    """Runs stored before the ``faded`` column existed still give their policy table."""
    import shutil

    import pyarrow.parquet as pq

    old = tmp_path / "old"
    shutil.copytree(small_run, old)
    parts = list(old.glob(f"{EPISODES}/*/part-*.parquet"))
    assert parts
    for part in parts:
        table = pq.read_table(part)
        pq.write_table(table.drop(["faded"]), part)
    assert "faded" not in _episodes(old).columns
    summary = summarise_run(open_run(str(old)))
    assert all(row["p_faded"]["mean"] == 0.0 for row in summary["policies"])
    assert summary["conditional_on"]["fading"] is False
    fresh = summarise_run(open_run(str(small_run)))
    assert [r["p_war"] for r in summary["policies"]] == [r["p_war"] for r in fresh["policies"]]


def test_compare_tells_faded_crises_when_fading_is_on(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    common = ["--policy", "freeze-for-freeze", "--samples", "4", "--replications", "10"]
    common += ["--workers", "1", "--out", str(tmp_path)]
    on = cli("compare", "korea-2017", *common, "--name", "on", "--set", "fading.enabled=true")
    off = cli("compare", "korea-2017", *common, "--name", "off")
    assert on.returncode == 0 and off.returncode == 0, on.stderr + off.stderr
    assert "unresolved: faded" in on.stdout
    assert "unresolved: faded" not in off.stdout
