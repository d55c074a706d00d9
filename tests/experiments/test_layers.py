"""Imports go down the layers: the store and the experiments never reach up into analysis,
the report, the commands or the web; samplers need no import to be known."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "brink"
ABOVE = ("brink.analysis", "brink.report", "brink.commands", "brink.web", "brink.cli")


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


@pytest.mark.parametrize("package", ["store", "experiments"])
def test_lower_layers_never_import_upward(package: str) -> None:
    upward = {
        f"{path.relative_to(SRC)}: {name}"
        for path in sorted((SRC / package).rglob("*.py"))
        for name in _imports(path)
        if name.startswith(ABOVE)
    }
    assert not upward


def test_the_schema_imports_nothing_but_the_ground_floor() -> None:
    brink = {n for n in _imports(SRC / "store" / "schema.py") if n.startswith("brink")}
    assert brink <= {"brink.vocabulary", "brink.columns"}
    assert not {n for n in _imports(SRC / "columns.py") if n.startswith("brink")}


def test_every_sampler_is_known_without_importing_analysis() -> None:
    code = (
        "import sys\n"
        "from brink.experiments.design import SAMPLERS, unit_design\n"
        "assert set(SAMPLERS) == {'lhs', 'sobol', 'morris', 'saltelli'}, SAMPLERS\n"
        "assert unit_design('morris', 2, 3, 1).shape == (8, 3)\n"
        "assert not any(m.startswith('brink.analysis') for m in sys.modules), 'analysis loaded'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
