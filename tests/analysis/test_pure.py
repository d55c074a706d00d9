"""Analysis is pure: sensitivity and discovery take arrays and return typed results; reading a
stored run is ``brink.analysis.stored``'s job alone."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pytest

from brink.analysis.discover import describe, discover_boxes, parse_outcome
from brink.analysis.sensitivity import (
    METRICS,
    DesignOutputs,
    analyse,
    design_samples,
    indices,
    morris_design,
)
from brink.analysis.stored import METRIC_SQL
from brink.errors import BrinkInputError

ANALYSIS = Path(__file__).resolve().parents[2] / "src" / "brink" / "analysis"
#: What a pure module may not import: the run store, and what plans or runs experiments.
READS_RUNS = ("brink.store", "brink.experiments.designs", "brink.experiments.execute")


def _brink_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return {n for n in found if n.startswith("brink")}


#: Modules of brink.analysis that may read runs, and why.
READERS = {
    "stored": "the one entry point from a run folder to the analysis, and back",
    "compare_summary": "moved to stored; re-exports the old names",
    "experiment": "moved to brink.experiments; re-exports the old names",
    "design": "moved to brink.experiments.design; re-exports the old names",
    "effects": "runs its own paired batches (being moved into brink.experiments)",
}
PURE = sorted(p.stem for p in ANALYSIS.glob("*.py") if p.stem not in {*READERS, "__init__"})


@pytest.mark.parametrize("module", PURE)
def test_the_analysis_modules_read_no_run(module: str) -> None:
    reads = {n for n in _brink_imports(ANALYSIS / f"{module}.py") if n.startswith(READS_RUNS)}
    assert not reads, f"analysis/{module}.py reads runs through {reads}"


def test_the_pure_modules_include_the_ones_that_compute() -> None:
    assert {"sensitivity", "discover", "prim", "policy_table", "intervals"} <= set(PURE)


def test_every_metric_is_read_from_a_stored_run() -> None:
    assert tuple(METRIC_SQL) == METRICS


ABOUT = describe(
    {
        "draws": 0,
        "seed": 5,
        "scenario": {"id": "made-up", "sha256": "0" * 64},
        "options": {
            "policies": ["a", "b"],
            "opponent": "x",
            "replications": 1,
            "sampler": "morris",
        },
        "inputs": {"u": {}, "v": {}, "w": {}},
    },
    "synthetic",
)


def test_indices_of_a_function_on_a_morris_design() -> None:
    """No run: a linear function per policy on a Morris design; the typed result ranks the
    inputs by their weights and equals SALib's indices."""
    samples, names = 12, ("u", "v", "w")
    unit = morris_design(samples, 3, seed=4)
    weights = {"a": np.array([3.0, 0.0, -1.0]), "b": np.array([0.0, 2.0, 0.5])}
    outputs = {(p, "p_war"): (unit @ w, np.zeros(len(unit))) for p, w in weights.items()}
    data = DesignOutputs(names, ("a", "b"), ("p_war",), outputs, unit=unit, shared_streams=True)
    about = {**ABOUT, "draws": len(unit)}
    result = indices("morris", data, about, seed=3)
    assert result.policies == ("a", "b") and result.inputs == names
    assert result.samples == samples and not result.child_run
    for policy, w in weights.items():
        table = result.table(policy, "p_war")
        assert table is not None
        expected = analyse("morris", unit @ w, unit=unit, seed=3)["mu_star"]
        assert table.column("mu_star") == pytest.approx(expected, rel=1e-5)
        assert table.column("mu_star") == pytest.approx(np.abs(w), abs=1e-9)
        assert names[table.order[0]] == names[int(np.argmax(np.abs(w)))]
    assert result.to_json()["conditional_on"]["run"] == "synthetic"


def test_a_design_of_the_wrong_size_is_a_one_line_error() -> None:
    assert design_samples("morris", 20, 4) == 4 and design_samples("sobol", 24, 4) == 4
    with pytest.raises(BrinkInputError, match="r: draws: 21 is not a multiple of inputs \\+ 1"):
        design_samples("morris", 21, 4, "r")
    unit = morris_design(2, 3, seed=1)
    data = DesignOutputs(("u", "v", "w"), ("a",), ("p_war",), {}, unit=unit)
    with pytest.raises(BrinkInputError, match="not a Saltelli design"):
        indices("sobol", data, {**ABOUT, "draws": len(unit)})
    with pytest.raises(BrinkInputError, match="method: unknown method 'fast'"):
        indices("fast", data, {**ABOUT, "draws": len(unit)})


def test_discovery_finds_the_box_of_made_up_draws() -> None:
    """No run: the outcome is likely only where u > 0.7; PRIM bounds u from below and the
    tree splits on u, for each policy given."""
    rng = np.random.default_rng(11)
    x = rng.random((400, 3))
    n = np.full(400, 20.0)
    k = np.where(x[:, 0] > 0.7, 18.0, 1.0)
    bounds = np.array([[0.0, 1.0]] * 3)
    counts = {"a": (n, k), "b": (n, np.where(x[:, 0] > 0.7, 15.0, 2.0))}
    about = {**ABOUT, "draws": 400}
    result = discover_boxes(x, counts, ["u", "v", "w"], bounds, parse_outcome("war"), about)
    assert result.policies == ("a", "b") and not result.warnings
    for policy in ("a", "b"):
        block = result.to_json()["boxes"][result.policies.index(policy)]
        limits = block["box"]["limits"]
        assert set(limits) == {"u"} and limits["u"]["low"] == pytest.approx(0.7, abs=0.03)
        assert limits["u"]["high"] is None
        assert "u is above" in block["sentence"]
        assert any("u" in c for rule in block["tree"]["rules"] for c in rule["conditions"])
    few = discover_boxes(
        x[:50],
        {"a": (n[:50], k[:50])},
        ["u", "v", "w"],
        bounds,
        parse_outcome("war"),
        {**ABOUT, "draws": 50},
    )
    assert few.warnings and "only 50 draws" in few.warnings[0]
