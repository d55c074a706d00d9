"""After `kill -9` of a `brink compare`, none of its process-pool workers survives.

The control case shows the test can fail: a plain ProcessPoolExecutor (no lifeline) leaves its
workers alive when its parent is killed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            text = (entry / "stat").read_text()
        except OSError:
            continue
        if int(text[text.rindex(")") + 2 :].split()[1]) == pid:
            found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return text[text.rindex(")") + 2 :].split()[0] not in ("Z", "X")


def _wait_for(condition, seconds: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def _kill_and_watch(process: subprocess.Popen, workers: set[int]) -> set[int]:
    """SIGKILL the parent alone, then give its workers a few seconds to go."""
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    _wait_for(lambda: not any(_alive(w) for w in workers), 5.0)
    survivors = {w for w in workers if _alive(w)}
    for pid in survivors:  # never leak processes from a failing test
        os.kill(pid, signal.SIGKILL)
    return survivors


def test_workers_exit_when_a_killed_compare_leaves_them(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "brink.cli",
            "compare",
            "korea-2017",
            "-p",
            "maximum-pressure",
            "-p",
            "engagement",
            "--samples",
            "400",
            "--replications",
            "100",
            "--seed",
            "2",
            "--workers",
            "2",
            "--episodes-per-task",
            "1000",
            "--out",
            str(tmp_path),
            "--name",
            "killed",
            "--json",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        parts = tmp_path / "killed" / "parts"
        started = _wait_for(
            lambda: (
                len(_children(process.pid)) >= 2 and len(list(parts.glob("*/part-*.parquet"))) >= 2
            ),
            120,
        )
        workers = _children(process.pid)
        assert started and len(workers) >= 2, "the pool never started"
        assert process.poll() is None, "the run finished before it could be killed"
        survivors = _kill_and_watch(process, workers)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert not survivors, f"workers {sorted(survivors)} outlived their killed driver"


def test_control_a_plain_pool_does_leave_orphans(tmp_path: Path) -> None:
    """Without the lifeline the same kill leaves workers behind: the check above can fail."""
    script = tmp_path / "plain_pool.py"
    script.write_text(
        textwrap.dedent(
            """
            import time
            from concurrent.futures import ProcessPoolExecutor

            def nap(_):
                time.sleep(60)

            if __name__ == "__main__":
                with ProcessPoolExecutor(2) as pool:
                    list(pool.map(nap, range(4)))
            """
        )
    )
    process = subprocess.Popen([sys.executable, str(script)], start_new_session=True)
    try:
        assert _wait_for(lambda: len(_children(process.pid)) >= 2, 30)
        survivors = _kill_and_watch(process, _children(process.pid))
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert survivors, "a plain pool's workers died too: this machine cannot show the fault"
