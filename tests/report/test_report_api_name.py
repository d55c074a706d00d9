"""``brink.report(run, path)``: the Python API's name for writing a report (issue 11), while
``brink.report`` stays the package that builds it."""

from __future__ import annotations

from pathlib import Path

import pytest

import brink
import brink.report.build
from brink.errors import BrinkInputError


def test_the_report_package_is_the_api_call(tmp_path: Path) -> None:
    assert callable(brink.report)
    assert brink.report.build.build_report is brink.report.build_report
    with pytest.raises(BrinkInputError, match="no-such-run"):
        brink.report("no-such-run", tmp_path / "r.html", out=str(tmp_path))
    assert not (tmp_path / "r.html").exists()
