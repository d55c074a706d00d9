"""The store's formats, each read back as written: manifest, design, timeline, catalog, and
the one per-draw aggregation."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from brink.errors import BrinkInputError
from brink.store.aggregate import per_draw
from brink.store.catalog import read_catalog, remove_from_catalog, update_catalog
from brink.store.design import read_design, write_design
from brink.store.manifest import new_manifest, read_manifest, task_rows, write_manifest
from brink.store.runs import RunFolder, part_path
from brink.store.timeline import count_matrix, timeline_columns


def _manifest(name: str = "m", draws: int = 7, per_task: int = 3) -> dict:
    return new_manifest(
        name=name,
        scenario={"id": "korea-2017"},
        seed=3,
        design_seed=11,
        options={"policies": ["a", "b"], "replications": 4, "draws_per_task": per_task},
        inputs={"x": {"low": 0.0, "high": 2.0}, "y": {"low": 1.0, "high": 1.0}},
        draws=draws,
        driver={},
        status="running",
    )


def test_a_manifest_lists_its_tasks_and_round_trips(tmp_path: Path) -> None:
    manifest = _manifest()
    tasks = manifest["tasks"]
    assert [(t["policy"], t["draw_start"], t["draw_stop"]) for t in tasks] == [
        ("a", 0, 3), ("a", 3, 6), ("a", 6, 7), ("b", 0, 3), ("b", 3, 6), ("b", 6, 7),
    ]  # fmt: skip
    assert sum(task_rows(manifest, t) for t in tasks) == 2 * 7 * 4
    assert manifest["episodes_per_policy"] == 28
    write_manifest(tmp_path, manifest)
    assert read_manifest(tmp_path) == manifest


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        ({"tool": "other"}, "tool: expected a manifest written by brink"),
        ({"format_version": 99}, "format_version: expected 1"),
        ({"tool_version": "0.0.0-other"}, "tool_version: run written by brink 0.0.0-other"),
        ({"tasks": None}, "tasks: required field is missing"),
    ],
)
def test_a_foreign_or_damaged_manifest_is_refused(
    tmp_path: Path, change: dict, needle: str
) -> None:
    manifest = {**_manifest(), **change}
    manifest = {k: v for k, v in manifest.items() if v is not None}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(BrinkInputError, match=needle):
        read_manifest(tmp_path)


def test_the_design_has_one_reader_and_one_shape(tmp_path: Path) -> None:
    values = {"x": np.array([0.0, 1.0, 2.0]), "y": np.array([1.0, 1.0, 1.0])}
    write_design(tmp_path, {"draw": np.arange(3), **values})
    design = read_design(tmp_path)
    assert design.names == ["x", "y"] and len(design) == 3
    assert np.array_equal(design.matrix(), np.column_stack([values["x"], values["y"]]))
    assert read_design(tmp_path, ["y", "x"]).names == ["y", "x"]
    unit = design.unit(_manifest()["inputs"])
    assert np.array_equal(unit[:, 0], [0.0, 0.5, 1.0]) and not unit[:, 1].any()
    assert design.row(2) == {"x": 2.0, "y": 1.0}
    with pytest.raises(BrinkInputError, match="input 'z' is missing"):
        read_design(tmp_path, ["z"])
    write_design(tmp_path, {"draw": np.array([1, 0, 2]), **values})
    with pytest.raises(BrinkInputError, match="draw: expected 0, 1, 2"):
        read_design(tmp_path)


def test_timeline_counts_round_trip() -> None:
    counts = np.arange(3 * 8, dtype=np.int64).reshape(3, 8)
    columns = timeline_columns(counts)
    assert columns["turn"].dtype == np.int32 and columns["level"].dtype == np.int8
    assert len(columns["episodes"]) == 24
    assert np.array_equal(count_matrix(columns), counts)


def test_the_catalog_indexes_runs_and_their_stored_parts(tmp_path: Path) -> None:
    manifest = {**_manifest("r1"), "created": "2026-01-01T00:00:00+00:00"}
    run = RunFolder(tmp_path / "r1", manifest)
    run.path.mkdir()
    stored = part_path(run.path, "parts", "a", 1)
    stored.parent.mkdir(parents=True)
    stored.write_bytes(b"")
    update_catalog(run)
    update_catalog(run)  # a second session replaces, never duplicates
    catalog = read_catalog(tmp_path)
    assert [(r["name"], r["seed"], r["episodes_per_policy"]) for r in catalog["runs"]] == [
        ("r1", 3, 28)
    ]
    assert [(p["policy"], p["chunk"]) for p in catalog["parts"]] == [("a", 1)]
    remove_from_catalog(tmp_path, "r1")
    assert read_catalog(tmp_path) == {"runs": [], "parts": []}
    assert read_catalog(tmp_path / "nowhere") == {"runs": [], "parts": []}


def test_per_draw_aggregates_match_a_plain_groupby() -> None:
    import duckdb

    rng = np.random.default_rng(0)
    frame = pd.DataFrame(
        {
            "policy": np.repeat(["b", "a"], 40),
            "draw": np.tile(np.repeat(np.arange(8), 5), 2),
            "outcome": rng.choice(["war", "settlement"], 80),
            "casualties": rng.exponential(1e5, 80),
        }
    )
    con = duckdb.connect()
    con.register("episodes_frame", frame)
    con.execute("CREATE VIEW episodes AS SELECT * FROM episodes_frame")
    metrics = {"war": "(outcome = 'war')::DOUBLE", "deaths": "casualties"}
    blocks = per_draw(con, metrics, statistics=("mean", "sum", "var"))
    assert list(blocks) == ["a", "b"]
    for policy, block in blocks.items():
        group = frame[frame.policy == policy].groupby("draw")
        assert np.array_equal(block.draw, np.arange(8))
        assert np.array_equal(block.n, group.size().to_numpy())
        wars = (frame.outcome == "war").astype(float)[frame.policy == policy].groupby(frame.draw)
        assert np.allclose(block.mean("war"), wars.mean().to_numpy())
        assert np.allclose(block.sum("war"), wars.sum().to_numpy())
        assert np.allclose(block.var("deaths"), group.casualties.var(ddof=1).to_numpy())
    only = per_draw(con, metrics, policy="b")
    assert list(only) == ["b"] and np.array_equal(only["b"].mean("war"), blocks["b"].mean("war"))
    with pytest.raises(ValueError, match="unknown statistic"):
        per_draw(con, metrics, statistics=("median",))


def test_the_stored_scenario_round_trips_and_a_bad_one_is_one_line(tmp_path: Path) -> None:
    from brink.scenario.loader import load
    from brink.store.scenario_json import read_scenario, write_scenario

    scenario = load("korea-2017").scenario
    write_scenario(tmp_path, scenario.model_dump_json())
    assert read_scenario(tmp_path) == scenario
    (tmp_path / "scenario.json").write_text('{"id": 3}')
    with pytest.raises(BrinkInputError, match="cannot read the run's scenario") as error:
        read_scenario(tmp_path)
    assert "\n" not in str(error.value)
