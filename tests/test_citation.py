"""CITATION.cff is CFF 1.2.0 and agrees with the package it cites.

The full schema check is `cffconvert --validate -i CITATION.cff` (not a dependency of Brink);
this test keeps the required keys and the version and licence in step with pyproject.toml.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import yaml

import brink

ROOT = Path(__file__).resolve().parents[1]


def test_citation_is_cff_and_matches_the_package() -> None:
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert cff["cff-version"] == "1.2.0"
    for key in ("message", "title", "authors"):
        assert cff.get(key), f"CITATION.cff needs {key!r}"
    assert all(
        isinstance(a, dict) and (a.get("name") or a.get("family-names")) for a in cff["authors"]
    )
    assert cff["type"] == "software"
    assert cff["version"] == project["version"] == brink.__version__
    assert cff["license"] == project["license"]
