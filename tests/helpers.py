"""Helpers shared by tests in several folders (on the test path via pyproject's pythonpath)."""

from __future__ import annotations

import hashlib
from pathlib import Path


def folder_digest(folder: Path) -> dict[str, str]:
    """SHA-256 of every file below ``folder``: proof that an operation left it untouched."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
