"""Storage faults: a full disk during compare and discover, a truncated or deleted part, a
read-only run folder. Each ends in one line (exit 2); nothing already saved is lost; resume
then gives exactly the rows of an untouched run.

Disk full is made two ways: writes that fail with ENOSPC in this process (always), and a
real size-limited tmpfs in a private mount namespace (where the machine allows mounts: root
and `unshare`). A read-only folder likewise: a patched writer (always) and a read-only bind
mount (where allowed) — chmod cannot make a folder read-only for root, who runs these tests.
"""

from __future__ import annotations

import errno
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import brink.store.design as design
import brink.store.files as files
import brink.store.parts as parts
from brink.experiments.runs import resume
from brink.store.runs import open_run
from fault_runs import can_unshare_mounts, compare_args
from helpers import assert_one_line_error, folder_digest, run_inprocess, stored_episodes

MOUNTS = can_unshare_mounts()


def _enospc(*_args: object, **_kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_disk_full_mid_compare_keeps_the_saved_parts(
    tmp_path: Path, reference: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = parts.write_table
    calls = {"n": 0}

    def write_until_full(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] > 9:  # 4 tasks (2 parts each) and the timeline of a fifth fit
            _enospc()
        return real(*args, **kwargs)

    monkeypatch.setattr(parts, "write_table", write_until_full)
    result = run_inprocess(*compare_args(tmp_path, "full", "--workers", "1"))
    line = assert_one_line_error(result, "No space left on device while storing the results")
    assert "4 of 12 tasks are saved" in line and "brink resume full" in line
    run = open_run(str(tmp_path / "full"))
    assert run.manifest["status"] == "incomplete"
    assert not list((tmp_path / "full").rglob(".tmp-*")), "a half-written file was left"
    monkeypatch.setattr(parts, "write_table", real)  # space freed
    resume("full", out=str(tmp_path), workers=1)
    pd.testing.assert_frame_equal(stored_episodes(tmp_path / "full"), stored_episodes(reference))


def test_disk_full_when_the_run_folder_is_made_leaves_no_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(design, "write_atomically", _enospc)
    result = run_inprocess(*compare_args(tmp_path, "never", "--workers", "1"))
    assert_one_line_error(result, "No space left on device); nothing was kept")
    assert not (tmp_path / "never").exists()
    monkeypatch.undo()
    assert run_inprocess(*compare_args(tmp_path, "never", "--workers", "1")).code == 0


def test_disk_full_during_discover_prints_the_result_and_changes_nothing(
    copy_of, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    run = copy_of("disc")
    before = folder_digest(run)
    monkeypatch.setattr(files, "write_atomically", _enospc)
    result = run_inprocess("discover", str(run), "--json")
    assert_one_line_error(result, "the result above could not be stored (No space left")
    assert json.loads(result.out)["outcome"] == "war"  # computed, shown, not lost
    assert folder_digest(run) == before


@pytest.mark.skipif(MOUNTS is not None, reason=f"real disk-full case needs mounts: {MOUNTS}")
def test_disk_full_on_a_real_small_filesystem(tmp_path: Path, reference: Path) -> None:
    """A 400 kB tmpfs fills up part-way through the run (the real ENOSPC, from the workers)."""
    mount, copy = tmp_path / "small-disk", tmp_path / "copied"
    mount.mkdir()
    args = " ".join(f"'{a}'" for a in compare_args(mount, "tight", "--workers", "2", "--force"))
    script = (
        f"mount -t tmpfs -o size=400k none '{mount}' && "
        f"{sys.executable} -m brink.cli {args}; status=$?; "
        f"cp -a '{mount}' '{copy}'; exit $status"
    )
    done = subprocess.run(
        ["unshare", "-m", "--propagation", "private", "sh", "-c", script],
        capture_output=True,
        text=True,
        timeout=300,
    )
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert done.returncode == 2, done.stderr
    assert len(lines) == 1 and "No space left on device" in lines[0], done.stderr
    assert "brink resume tight" in lines[0]
    saved = open_run(str(copy / "tight"))
    kept = len(saved.tasks()) - len(saved.missing_tasks())
    assert 0 < kept < len(saved.tasks()), "the disk should fill part-way through"
    resume(str(copy / "tight"), workers=1)  # on a disk with room
    pd.testing.assert_frame_equal(stored_episodes(copy / "tight"), stored_episodes(reference))


def test_truncated_part_is_named_by_readers_and_recomputed_by_resume(
    copy_of, reference: Path
) -> None:  # type: ignore[no-untyped-def]
    run = copy_of("cut")
    part = sorted((run / "parts").glob("*/part-*.parquet"))[3]
    part.write_bytes(part.read_bytes()[: part.stat().st_size // 2])
    before = folder_digest(run)
    for args in (
        ["query", str(run), "SELECT count(*) FROM episodes"],
        ["report", str(run), "-o", str(run.parent / "r.html")],
        ["discover", str(run)],
        ["narrate", str(run), "--draw", "0"],
    ):
        assert_one_line_error(run_inprocess(*args), f"{part}: damaged part")
        assert folder_digest(run) == before, args
    assert not (run.parent / "r.html").exists()
    result = run_inprocess("resume", str(run), "--workers", "1", "--json")
    assert result.code == 0, result.err
    pd.testing.assert_frame_equal(stored_episodes(run), stored_episodes(reference))


def test_deleted_part_is_reported_incomplete_and_resumed(copy_of, reference: Path) -> None:  # type: ignore[no-untyped-def]
    run = copy_of("hole")
    sorted((run / "timeline").glob("*/part-*.parquet"))[0].unlink()
    listing = run_inprocess("query", str(run), "SELECT count(*) AS n FROM episodes", "--json")
    assert listing.code == 0 and "is incomplete (1 of 12 tasks missing)" in listing.err
    assert_one_line_error(run_inprocess("discover", str(run)), "the run is incomplete")
    assert run_inprocess("resume", str(run), "--workers", "1", "--json").code == 0
    pd.testing.assert_frame_equal(stored_episodes(run), stored_episodes(reference))


def _read_only_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(files.tempfile, "mkstemp", refuse)


def test_read_only_run_folder_reads_work_and_writes_are_one_line(
    copy_of, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    run = copy_of("frozen")
    sorted((run / "parts").glob("*/part-*.parquet"))[0].unlink()  # something left to resume
    before = folder_digest(run)
    _read_only_writes(monkeypatch)
    assert run_inprocess("query", str(run), "SELECT count(*) FROM episodes").code == 0
    line = assert_one_line_error(run_inprocess("resume", str(run), "--workers", "1"))
    assert "cannot write to the run folder (Read-only file system)" in line
    assert folder_digest(run) == before


@pytest.mark.skipif(MOUNTS is not None, reason=f"read-only bind mount needs mounts: {MOUNTS}")
def test_read_only_bind_mounted_run_folder(copy_of, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run = copy_of("ro")
    sorted((run / "parts").glob("*/part-*.parquet"))[0].unlink()
    before = folder_digest(run)
    brink = f"{sys.executable} -m brink.cli"
    report = tmp_path / "ro.html"
    script = (
        f"mount --bind '{run}' '{run}' && mount -o remount,ro,bind '{run}' && "
        f"{brink} query '{run}' 'SELECT count(*) FROM episodes' >/dev/null 2>&1; echo q=$?; "
        f"{brink} report '{run}' -o '{report}' >/dev/null 2>&1; echo r=$?; "
        f"{brink} resume '{run}' --workers 1 >/dev/null 2>err.txt; echo s=$?; cat err.txt"
    )
    done = subprocess.run(
        ["unshare", "-m", "--propagation", "private", "sh", "-c", script],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    out = done.stdout.splitlines()
    assert out[:2] == ["q=0", "r=0"], done.stdout  # reads work, the report is written elsewhere
    assert out[2] == "s=2", done.stdout
    assert len(out) == 4 and "Read-only file system" in out[3], done.stdout
    assert folder_digest(run) == before
