"""Whole-or-absent file writes, the bottom of the store: every format module writes through
these, so a crash or a full disk never leaves half a file where a reader would find it."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any


def write_atomically(path: Path, write: Any) -> None:
    """Write through a temporary file in the same folder, then rename: whole or absent."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    os.close(handle)
    try:
        write(temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_json(path: Path, data: dict[str, Any]) -> None:
    def dump(temporary: str) -> None:
        Path(temporary).write_text(json.dumps(data, indent=2, sort_keys=False) + "\n")

    write_atomically(path, dump)
