"""The one safe-output helper: regular files or new names only, written whole."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from brink.errors import BrinkInputError
from brink.outputs import check_output_file, write_output


@pytest.mark.parametrize(
    ("target", "needle"),
    [
        ("/dev/full", "character device"),
        ("/dev/null", "character device"),
        ("/proc/r.html", "cannot write in folder /proc"),
        ("/no/such/folder/r.html", "does not exist"),
    ],
)
def test_devices_and_impossible_places_are_refused(target: str, needle: str) -> None:
    with pytest.raises(BrinkInputError, match=needle):
        check_output_file(target, "-o")


def test_fifo_folder_and_symlink_to_a_device_are_refused_even_as_root(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "link").symlink_to("/dev/full")
    for name, needle in (("pipe", "FIFO"), ("link", "character device"), (".", "folder")):
        with pytest.raises(BrinkInputError, match=needle):
            check_output_file(tmp_path / name, "--csv")
    assert (tmp_path / "link").is_symlink() and os.path.realpath(tmp_path / "link") == "/dev/full"


def test_new_and_regular_files_are_written_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    write_output(target, "-o", lambda t: Path(t).write_text("one"))
    write_output(target, "-o", lambda t: Path(t).write_text("two"))
    assert target.read_text() == "two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")

    def full(temporary: str) -> None:
        Path(temporary).write_text("half")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(BrinkInputError, match="No space left on device"):
        write_output(target, "--csv", full)
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]
