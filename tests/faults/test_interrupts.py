"""SIGINT and SIGKILL at random moments of a `brink compare`: resume then gives the rows of an
uninterrupted run, one for one; Ctrl-C says what was saved and how to finish.

The moments are drawn from a seed printed with any failure (set BRINK_FAULT_SEED to replay).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from brink.experiments.runs import resume
from brink.store.runs import open_run
from brink.store.status import effective_status
from fault_runs import compare_args
from helpers import stored_episodes

TASKS = 12


def _hear_ctrl_c() -> None:
    """In the child, before Python starts: SIGINT back to its default. A shell starts a
    background job (`cmd &`, `nohup`) with SIGINT ignored, the child inherits that, and a
    Python started so never raises KeyboardInterrupt — what would test the launcher, not
    Brink."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _moment(case: int) -> tuple[int, int, float]:
    """(seed, parts to wait for, extra delay): anywhere from the first task to the last few.

    The seed is fresh each run (so the moments differ from run to run) unless
    BRINK_FAULT_SEED is set; it is in every failure message.
    """
    seed = int(os.environ.get("BRINK_FAULT_SEED", random.SystemRandom().randrange(10**6)))
    rng = random.Random(f"{seed}-{case}")
    return seed, rng.randint(0, TASKS - 3), rng.uniform(0.0, 0.15)


def _interrupt(root: Path, name: str, parts: int, delay: float, sig: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "brink.cli", *compare_args(root, name, "--workers", "2")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=_hear_ctrl_c,
    )
    folder = root / name / "parts"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        manifest = root / name / "manifest.json"
        if manifest.exists() and len(list(folder.glob("*/part-*.parquet"))) >= parts:
            break
        time.sleep(0.005)
    time.sleep(delay)
    if process.poll() is None:
        os.kill(process.pid, sig)  # the driver alone, as `kill` or Ctrl-C in a script would
    process.wait(60)
    return process


@pytest.mark.parametrize("case", [0, 1])
def test_ctrl_c_keeps_what_was_saved_and_resume_completes_it(
    tmp_path: Path, reference: Path, case: int
) -> None:
    seed, parts, delay = _moment(case)
    where = f"(BRINK_FAULT_SEED={seed}, after {parts} parts + {delay:.3f} s)"
    process = _interrupt(tmp_path, "stopped", parts, delay, signal.SIGINT)
    err = process.stderr.read() if process.stderr else ""
    run = open_run(str(tmp_path / "stopped"))
    if process.returncode == 0:
        pytest.fail(f"the run finished before SIGINT arrived {where}; make it larger")
    assert process.returncode == 130, (where, err)
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in err, (where, err)
    saved = TASKS - len(run.missing_tasks())
    assert f"{saved} of {TASKS} tasks are saved" in lines[0], (where, lines[0])
    assert f"brink resume stopped --out {tmp_path}" in lines[0], (where, lines[0])
    assert run.manifest["status"] == "interrupted"
    resume("stopped", out=str(tmp_path), workers=1)
    pd.testing.assert_frame_equal(stored_episodes(tmp_path / "stopped"), stored_episodes(reference))


@pytest.mark.parametrize("case", [2, 3])
def test_kill_9_at_a_random_moment_then_resume_gives_the_same_rows(
    tmp_path: Path, reference: Path, case: int
) -> None:
    seed, parts, delay = _moment(case)
    where = f"(BRINK_FAULT_SEED={seed}, after {parts} parts + {delay:.3f} s)"
    process = _interrupt(tmp_path, "killed", parts, delay, signal.SIGKILL)
    if process.returncode == 0:
        pytest.fail(f"the run finished before SIGKILL arrived {where}; make it larger")
    assert process.returncode == -signal.SIGKILL, where
    run = open_run(str(tmp_path / "killed"))
    assert run.manifest["status"] == "running"  # what the killed driver could not correct
    assert effective_status(run.manifest) == "interrupted", where
    resume("killed", out=str(tmp_path), workers=2)
    assert open_run(str(tmp_path / "killed")).manifest["status"] == "complete"
    pd.testing.assert_frame_equal(stored_episodes(tmp_path / "killed"), stored_episodes(reference))


def test_runs_lists_a_killed_run_as_interrupted(tmp_path: Path) -> None:
    from helpers import run_inprocess

    process = _interrupt(tmp_path, "gone", 1, 0.0, signal.SIGKILL)
    assert process.returncode == -signal.SIGKILL
    listing = run_inprocess("runs", "--out", str(tmp_path))
    assert listing.code == 0
    assert "gone: interrupted (finish it with `brink resume gone --out" in listing.out
    assert "running" not in listing.out


def _cpu_seconds(pid: int) -> float | None:
    """The process's CPU time so far (Linux /proc), None where there is no /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _wait_inside_the_query(pid: int) -> None:
    """Until the command has burnt 2 s of CPU: its imports take a tenth of that, so it is then
    inside DuckDB's endless join, however loaded the machine (a fixed sleep was not, under
    load). Without /proc: a fixed 2.5 s."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        used = _cpu_seconds(pid)
        if used is None:
            time.sleep(2.5)
            return
        if used >= 2.0:
            return
        time.sleep(0.05)


def test_ctrl_c_during_a_long_query_is_one_line(reference: Path) -> None:
    sql = "SELECT count(*) FROM range(1000000000000) a(x), episodes"
    process = subprocess.Popen(
        [sys.executable, "-m", "brink.cli", "query", str(reference), sql],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_hear_ctrl_c,
    )
    try:
        _wait_inside_the_query(process.pid)
        began = time.monotonic()
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:  # a failed test leaves no query burning the CPU for hours
            process.kill()
            process.communicate()
    assert time.monotonic() - began < 10, "DuckDB kept running after Ctrl-C"
    assert process.returncode == 130, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines == ["brink: interrupted: query stopped by Ctrl-C (nothing was changed)"], err
