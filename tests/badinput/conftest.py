"""The corpus's runs folder: one good run, another to try to reach, and folders with faults."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest


def _edit_manifest(folder: Path, **changes: object) -> None:
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest.update(changes)
    (folder / "manifest.json").write_text(json.dumps(manifest))


def _copy(root: Path, name: str) -> Path:
    target = root / name
    shutil.copytree(root / "small", target)
    _edit_manifest(target, name=name)
    return target


@pytest.fixture(scope="session")
def corpus_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``small`` (2 policies × 24 draws × 10 replications, 6 tasks) and its faulty kin."""
    import pyarrow.parquet as pq

    from brink.experiments.runs import compare, create_run

    root = tmp_path_factory.mktemp("corpus-runs")
    for name in ("small", "other"):
        compare(
            "korea-2017",
            ["maximum-pressure", "engagement"],
            samples=24,
            replications=10,
            seed=3,
            out=str(root),
            name=name,
            workers=1,
            episodes_per_task=100,
        )
    (root / "plain").mkdir()
    for name, text in (
        ("foreign", json.dumps({"tool": "other", "name": "foreign"})),
        ("corrupt", "{not json"),
        ("listed", "[]"),
    ):
        (root / name).mkdir()
        (root / name / "manifest.json").write_text(text)
    (root / "binary").mkdir()
    (root / "binary" / "manifest.json").write_bytes(bytes(range(256)))
    _edit_manifest(_copy(root, "old"), tool_version="0.0.1")
    _edit_manifest(_copy(root, "format"), format_version=99)
    notasks = _copy(root, "notasks")
    manifest = json.loads((notasks / "manifest.json").read_text())
    del manifest["tasks"]
    (notasks / "manifest.json").write_text(json.dumps(manifest))
    (_copy(root, "nodesign") / "design.parquet").unlink()
    design = _copy(root, "baddesign") / "design.parquet"
    design.write_bytes(design.read_bytes()[:200])
    (_copy(root, "badscenario") / "scenario.json").write_text("{broken")
    (_copy(root, "stray") / "notes.txt").write_text("my own notes\n")
    part = sorted((_copy(root, "truncated") / "parts").glob("*/part-*.parquet"))[0]
    part.write_bytes(part.read_bytes()[:300])
    short = sorted((_copy(root, "shortpart") / "parts").glob("*/part-*.parquet"))[0]
    pq.write_table(pq.read_table(short).slice(0, 5), short)
    incomplete = _copy(root, "incomplete")
    first = json.loads((incomplete / "manifest.json").read_text())["options"]["policies"][0]
    (incomplete / "parts" / first / "part-00000.parquet").unlink()
    create_run(
        "korea-2017", ["engagement"], samples=4, replications=2, seed=1, out=str(root),
        name="noparts",
    )  # fmt: skip
    return root
