"""Where a command may write a file the user named: one check and one writer for all of them.

An output goes to a regular file (replaced whole) or to a new name in an existing folder. A
device, FIFO, socket or folder given as the output is refused — also as root, who could
otherwise replace ``/dev/full`` with a regular file. The folder is probed before any work
starts, so a report or an export that cannot be written fails in a second, not after minutes
of computing; the file itself is written through a temporary file and a rename, so a full disk
leaves the old file (or nothing) instead of half a file.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from brink.errors import BrinkParameterError

_KINDS = (
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
)


def _kind(mode: int) -> str | None:
    """What a non-regular file is, in words (None for a regular file)."""
    for test, words in _KINDS:
        if test(mode):
            return words
    return None if stat.S_ISREG(mode) else "not a regular file"


def check_output_file(path: str | os.PathLike[str], option: str) -> Path:
    """Check that ``path`` may be written as an output; return it as a Path.

    ``option`` names the option in messages (``-o``, ``--csv``). The folder is probed by
    creating and removing a temporary file in it, which is the only check the file system
    cannot lie about (``/proc`` accepts ``access()`` but no new files).
    """
    target = Path(path)
    if str(path).strip() == "":
        raise BrinkParameterError(option, "expected a file name (got an empty one)")
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise BrinkParameterError(option, f"{target}: {error.strerror}") from None
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            raise BrinkParameterError(option, f"{target} is a folder; give a file name in it")
        kind = _kind(info.st_mode)
        if kind is not None:
            raise BrinkParameterError(
                option,
                f"{target} is {kind}, not a regular file; outputs go only to "
                "regular files or new names",
            )
    folder = target.parent
    if not folder.is_dir():
        raise BrinkParameterError(option, f"folder {folder} does not exist (create it first)")
    probe_folder(folder, option)
    return target


def probe_folder(folder: Path, option: str) -> None:
    """Refuse a folder in which no file can be created (read-only, /proc, no permission).

    A folder that does not exist yet is probed at its nearest existing parent, where it
    would be created.
    """
    here = folder
    while not here.exists() and here != here.parent:
        here = here.parent
    if not here.is_dir():
        raise BrinkParameterError(option, f"{here} is not a folder")
    try:
        handle, probe = tempfile.mkstemp(dir=here, prefix=".brink-probe-")
    except OSError as error:
        raise BrinkParameterError(
            option, f"cannot write in folder {here} ({error.strerror}); choose another place"
        ) from None
    os.close(handle)
    os.unlink(probe)


def write_output(path: str | os.PathLike[str], option: str, write: Callable[[str], object]) -> Path:
    """Check ``path``, then write it whole: ``write(temporary_name)`` fills a temporary file
    in the same folder, which is renamed over ``path``. Any OS error is one line naming the
    option; the temporary file never survives. New files get the usual umask permissions."""
    target = check_output_file(path, option)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=target.suffix)
    os.close(handle)
    try:
        write(temporary)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        check_output_file(target, option)  # still not a device or folder at the last moment
        os.replace(temporary, target)
    except OSError as error:
        raise BrinkParameterError(
            option, f"cannot write {target} ({error.strerror or error}); nothing was written"
        ) from None
    finally:
        Path(temporary).unlink(missing_ok=True)
    return target
