"""Where numba keeps Brink's compiled kernels: one folder per version of their source.

numba's on-disk cache (``cache=True``) checks only the source file of the function it loads,
not the files of the functions that function calls and inlines. The turn kernel
(``brink/engine/kernel.py``) inlines the decider, the valuations and the constants of
``brink.model``, ``brink.deciders`` and ``brink.vocabulary``: after an edit to one of those,
numba would load the kernel compiled from the old code and every test would run it. So the
cache folder is named by a hash of every file the kernels are compiled from, and an edit
anywhere among them starts a fresh folder.

The folder is ``$NUMBA_CACHE_DIR/<hash>`` when that variable is set, else
``$XDG_CACHE_HOME/brink/numba/<hash>`` (``~/.cache`` by default), or under the temporary
directory when that cannot be written. Worker processes inherit it through the environment.
Folders of other versions unused for a week are removed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

#: The files the compiled kernels are built from (their helpers and constants included).
SOURCES = ("engine", "model", "deciders", "vocabulary.py")
#: Folders of other source versions older than this are removed.
STALE_SECONDS = 7 * 24 * 3600
_PACKAGE = Path(__file__).resolve().parent


def fingerprint(package: Path = _PACKAGE) -> str:
    """A hash of every kernel source file (names and contents), 16 hex digits."""
    digest = hashlib.sha256()
    for source in SOURCES:
        path = package / source
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for file in files:
            if not file.is_file():
                continue
            digest.update(str(file.relative_to(package)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def cache_folder(environ: dict[str, str] | os._Environ[str], stamp: str) -> Path:
    """The folder for kernels of source version ``stamp`` (kept when already chosen)."""
    current = environ.get("NUMBA_CACHE_DIR", "")
    if current and Path(current).name == stamp:  # a worker of a process that chose it
        return Path(current)
    if current:
        return Path(current) / stamp
    home = environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(home) / "brink" / "numba" / stamp


def writable(folder: Path) -> Path:
    """``folder`` if it can be made and written, else the same version's folder under the
    temporary directory: numba would otherwise fall back to ``__pycache__`` beside the source,
    where a stale kernel can hide again."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
        return folder
    except OSError:
        user = os.getuid() if hasattr(os, "getuid") else os.environ.get("USERNAME", "user")
        return Path(tempfile.gettempdir()) / f"brink-numba-{user}" / folder.name


def configure() -> Path:
    """Point numba's cache at this source version's folder, before any kernel is defined."""
    stamp = fingerprint()
    folder = writable(cache_folder(os.environ, stamp))
    os.environ["NUMBA_CACHE_DIR"] = str(folder)
    config = sys.modules.get("numba.core.config")
    if config is not None:  # numba came first: its settings were read already
        config.CACHE_DIR = str(folder)  # type: ignore[attr-defined]
    with contextlib.suppress(OSError):  # tidying is never worth failing an import for
        _prune(folder)
    return folder


def engine_compiled(folder: Path | None = None, kernel: str = "play_episodes") -> bool:
    """Whether this source version's ``kernel`` (the batch turn loop by default; a session's
    turn is ``play_turn``) is compiled in its cache folder already (the current one by
    default). When it is not, the first run compiles it, about a minute with nothing to show
    for it, so a command says so first."""
    root = folder if folder is not None else Path(os.environ.get("NUMBA_CACHE_DIR", "") or ".")
    return any(root.glob(f"engine_*/kernel.{kernel}-*.nbc"))


#: Who to tell, once, when the engine is about to run uncompiled (the command line sets it).
_listeners: list[Callable[[], None]] = []


def notify_compiling(callback: Callable[[], None] | None) -> None:
    """Have ``callback`` called just before the engine first runs, if it must be compiled
    then (None: nobody). The command line prints a notice: without it the first run of a
    version sits silent for about a minute."""
    _listeners[:] = [callback] if callback is not None else []


def before_engine(kernel: str = "play_episodes") -> None:
    """The engine is about to run ``kernel``: tell the listener if it must compile first.
    Asked once (the listener is dropped either way), so a run's later batches cost nothing."""
    if not _listeners:
        return
    callback = _listeners.pop()
    if not engine_compiled(kernel=kernel):
        callback()


def _is_stamp(name: str) -> bool:
    return len(name) == 16 and all(c in "0123456789abcdef" for c in name)


def _prune(folder: Path) -> None:
    """Mark this version's folder used; remove other versions' folders unused for
    STALE_SECONDS (best effort: a folder in use elsewhere is only compiled again)."""
    parent = folder.parent
    if not parent.is_dir():
        return
    now = time.time()
    try:
        if folder.is_dir():
            os.utime(folder, (now, now))
    except OSError:
        pass
    for sibling in parent.iterdir():
        if sibling == folder or not sibling.is_dir() or not _is_stamp(sibling.name):
            continue
        try:
            if now - sibling.stat().st_mtime > STALE_SECONDS:
                shutil.rmtree(sibling, ignore_errors=True)
        except OSError:
            continue
