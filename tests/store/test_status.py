"""A run's driver is recorded, and a 'running' run whose driver is gone reads 'interrupted'."""

from __future__ import annotations

import os
import subprocess
import sys

from brink.store.status import driver_alive, driver_record, effective_status


def test_this_process_is_alive_and_a_finished_one_is_not() -> None:
    assert driver_alive(driver_record()) is True
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    gone = {**driver_record(), "pid": int(done.stdout)}
    assert driver_alive(gone) is False


def test_a_reused_pid_is_not_mistaken_for_the_driver() -> None:
    record = driver_record()
    if record["started"] is None:  # no /proc: only the pid can be checked
        return
    assert driver_alive({**record, "started": record["started"] - 1}) is False


def test_status_as_readers_see_it() -> None:
    me = driver_record()
    assert effective_status({"status": "running", "driver": me}) == "running"
    assert effective_status({"status": "running"}) == "interrupted"  # no driver recorded
    dead = {**me, "pid": 2**22 + 12345}
    assert effective_status({"status": "running", "driver": dead}) == "interrupted"
    other = {**me, "host": f"not-{me['host']}"}
    assert effective_status({"status": "running", "driver": other}) == f"running on {other['host']}"
    assert effective_status({"status": "complete", "driver": dead}) == "complete"
    assert os.getpid() == me["pid"]


def test_a_live_driver_blocks_resume_and_rm_but_a_dead_or_remote_one_does_not(
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    import json
    import signal
    import time

    from brink.experiments.runs import create_run
    from brink.store.status import is_driven_elsewhere
    from helpers import assert_one_line_error, run_inprocess

    create_run("korea-2017", ["engagement"], samples=2, replications=2, seed=1,
               out=str(tmp_path), name="busy")  # fmt: skip
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        time.sleep(0.2)
        manifest_path = tmp_path / "busy" / "manifest.json"
        manifest = json.loads(manifest_path.read_text())
        manifest["driver"] = driver_record(sleeper.pid)
        manifest_path.write_text(json.dumps(manifest))
        assert is_driven_elsewhere(manifest)
        for args in (["resume", "busy"], ["rm", "busy", "--yes"]):
            assert_one_line_error(run_inprocess(*args, "--out", str(tmp_path)), "right now")
        remote = {**manifest, "driver": {**manifest["driver"], "host": "elsewhere"}}
        assert not is_driven_elsewhere(remote)
    finally:
        sleeper.send_signal(signal.SIGKILL)
        sleeper.wait()
    assert not is_driven_elsewhere(manifest)
    assert run_inprocess("resume", "busy", "--out", str(tmp_path), "--json").code == 0
