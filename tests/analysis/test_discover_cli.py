"""`brink discover` and `brink sensitivity` from the command line: results, and bad input
refused with one line, exit status 2 and the stored run untouched."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from brink import api
from brink.experiments.runs import compare
from helpers import folder_digest

POLICIES = ["strategic-patience", "engagement"]


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("runs")
    compare(
        "korea-2017",
        POLICIES,
        samples=200,
        replications=20,
        seed=1,
        out=str(folder),
        name="small",
        workers=1,
    )
    return folder


def _one_line_error(result) -> str:  # type: ignore[no-untyped-def]
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("brink: error: ")
    assert "Traceback" not in result.stderr
    return lines[0]


def test_discover_json_has_box_trajectory_tree_and_sentence(root: Path, cli) -> None:  # type: ignore[no-untyped-def]
    before = folder_digest(root / "small")
    result = cli("discover", "small", "--out", str(root), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["outcome"] == "war" and report["policies_analysed"] == POLICIES
    for block in report["boxes"]:
        box = block["box"]
        assert 0 < box["coverage"] <= 1 and box["density"] >= block["base_rate"]
        assert set(box["quasi_p"]) == set(box["limits"])
        for lim in box["limits"].values():
            assert lim["full_low"] <= (lim["low"] or lim["full_low"])
            assert (lim["high"] or lim["full_high"]) <= lim["full_high"]
        assert block["trajectory"][0]["coverage"] == 1.0
        assert set(box["limits"]) <= set(block["peeled_box"]["limits"])
        assert all(p < 0.05 for p in box["quasi_p"].values())
        assert block["tree"]["rules"] and block["tree"]["text"]
        assert all(rule["text"].startswith("if ") for rule in block["tree"]["rules"])
        assert block["sentence"] and "small" in block["conditional_on"]
    stored = json.loads((root / "small" / "discover-war.json").read_text())
    assert stored == report
    after = folder_digest(root / "small")
    assert after.pop("discover-war.json")
    before.pop("discover-war.json", None)
    for policy in POLICIES:  # and one file per policy, which the report reads
        name = f"results/discover-war/{policy}.json"
        assert json.loads((root / "small" / name).read_text()) == {
            **report,
            "policies_analysed": [policy],
            "boxes": [b for b in report["boxes"] if b["policy"] == policy],
        }
        assert after.pop(name)
        before.pop(name, None)
    assert after == before, "discover only adds its own result files"


def test_discover_for_people_says_what_it_is_conditional_on(root: Path, cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("discover", "small", "--out", str(root), "--policy", "engagement")
    assert result.returncode == 0, result.stderr
    assert "Conditional on: run small" in result.stdout
    assert "policy engagement" in result.stdout


def test_collapse_is_found_where_china_gives_in_to_pressure(root: Path) -> None:
    """China's pressure sensitivity drives its enforcement, and so the North's strain: the box
    for collapse must bound it from below, and never name an input that only counts the dead."""
    report = api.discover("small", "collapse", policy="strategic-patience", out=str(root)).to_json()
    block = report["boxes"][0]
    assert block["hits"] > 50
    limits = block["box"]["limits"]
    path = "actors.China.pressure_sensitivity"
    assert path in limits
    assert limits[path]["low"] is not None and limits[path]["high"] is None
    assert block["box"]["quasi_p"][path] < 0.05
    assert f"{path} is above" in block["sentence"]
    assert not any(p.startswith("casualties.") for p in limits)
    assert (root / "small" / "results/discover-collapse/strategic-patience.json").exists()


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["discover", "small", "--outcome", "peace"], "war:nuclear"),
        (["discover", "small", "--outcome", "war:tactical"], "--outcome"),
        (["discover", "small", "--policy", "appeasement"], "--policy"),
        (["discover", "small", "--alpha", "0.9"], "--alpha"),
        (["discover", "nosuchrun"], "no such run"),
        (["sensitivity", "small", "--method", "fast"], "--method"),
        (["sensitivity", "small", "--metric", "p_peace"], "--metric"),
        (["sensitivity", "nosuchrun"], "no such run"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_changes(  # type: ignore[no-untyped-def]
    root: Path, args: list[str], needle: str, cli
) -> None:
    before = folder_digest(root)
    line = _one_line_error(cli(*args, "--out", str(root)))
    assert needle in line
    assert folder_digest(root) == before


def test_foreign_corrupt_and_old_folders_are_refused(  # type: ignore[no-untyped-def]
    root: Path, tmp_path: Path, cli
) -> None:
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "manifest.json").write_text(json.dumps({"tool": "other", "format_version": 1}))
    corrupt = tmp_path / "corrupt"
    corrupt.mkdir()
    (corrupt / "manifest.json").write_text("{not json")
    old = tmp_path / "old"
    old.mkdir()
    manifest = json.loads((root / "small" / "manifest.json").read_text())
    (old / "manifest.json").write_text(json.dumps({**manifest, "tool_version": "0.0.1"}))
    before = folder_digest(tmp_path)
    for name, needle in (("foreign", "tool"), ("corrupt", "corrupt"), ("old", "tool_version")):
        for command in ("discover", "sensitivity"):
            line = _one_line_error(cli(command, name, "--out", str(tmp_path)))
            assert needle in line
    assert folder_digest(tmp_path) == before
