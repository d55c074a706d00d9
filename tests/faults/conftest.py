"""An uninterrupted reference run, and the same run's options for runs that get interrupted."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fault_runs import PER_TASK, POLICIES, REPLICATIONS, SAMPLES, SEED


@pytest.fixture(scope="session")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The run none of the faults touched (in this process, one worker)."""
    from brink.experiments.runs import compare

    root = tmp_path_factory.mktemp("reference")
    compare(
        "korea-2017",
        list(POLICIES),
        samples=SAMPLES,
        replications=REPLICATIONS,
        seed=SEED,
        out=str(root),
        name="whole",
        workers=1,
        episodes_per_task=PER_TASK,
    )
    return root / "whole"


@pytest.fixture
def copy_of(tmp_path: Path, reference: Path):  # type: ignore[no-untyped-def]
    """A fresh copy of the reference run under a new root (named ``name``)."""

    def make(name: str = "copy") -> Path:
        import json

        target = tmp_path / "runs" / name
        shutil.copytree(reference, target)
        manifest = json.loads((target / "manifest.json").read_text())
        manifest["name"] = name
        (target / "manifest.json").write_text(json.dumps(manifest))
        return target

    return make
