"""Sensitivity: SALib designs as samplers, indices that match theory, stored runs analysed."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from brink import api
from brink.analysis.sensitivity import analyse
from brink.errors import BrinkInputError
from brink.experiments.design import SAMPLERS, morris_design, saltelli_design, unit_design
from brink.experiments.execute import execute
from brink.experiments.runs import compare, create_run
from brink.store.runs import open_run


def sensitivity(run: str, method: str, **options: Any) -> dict[str, Any]:
    """``brink.sensitivity`` (design run made or reused, indices stored) as the JSON the command
    prints."""
    return api.sensitivity(run, method, **options).to_json()


def test_samplers_are_listed_with_their_sizes() -> None:
    assert {"morris", "saltelli"} <= set(SAMPLERS)
    morris = unit_design("morris", 5, 7, seed=3)
    assert morris.shape == (5 * 8, 7)
    assert np.array_equal(morris, unit_design("morris", 5, 7, seed=3))
    steps = np.count_nonzero(np.diff(morris.reshape(5, 8, 7), axis=1), axis=2)
    assert np.all(steps == 1), "a Morris trajectory moves one input per step"
    saltelli = unit_design("saltelli", 16, 7, seed=3)
    assert saltelli.shape == (16 * 9, 7)
    assert saltelli.min() >= 0 and saltelli.max() < 1


def _ishigami(u: np.ndarray, a: float = 7.0, b: float = 0.1) -> np.ndarray:
    x = -math.pi + 2 * math.pi * u
    return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])


def test_sobol_indices_of_ishigami_match_theory() -> None:
    # Analytical values (a = 7, b = 0.1): S1 = .314, .442, 0; ST = .558, .442, .244
    unit = saltelli_design(1024, 3, seed=1)
    si = analyse("sobol", _ishigami(unit), dimensions=3)
    assert si["S1"] == pytest.approx([0.314, 0.442, 0.0], abs=0.06)
    assert si["ST"] == pytest.approx([0.558, 0.442, 0.244], abs=0.06)
    assert np.all(si["S1_conf"] > 0) and np.all(si["ST_conf"] > 0)


def test_morris_on_a_linear_function_recovers_its_weights() -> None:
    weights = np.array([5.0, -2.0, 0.0, 1.0, 0.5])
    unit = morris_design(30, 5, seed=2)
    si = analyse("morris", unit @ weights, unit=unit)
    assert si["mu_star"] == pytest.approx(np.abs(weights), abs=1e-9)
    assert si["mu"] == pytest.approx(weights, abs=1e-9)
    assert si["sigma"] == pytest.approx(np.zeros(5), abs=1e-9)
    assert list(np.argsort(-si["mu_star"])[:2]) == [0, 1]


def test_constant_output_gives_zero_indices() -> None:
    si = analyse("sobol", np.ones(8 * 5), dimensions=3)
    assert all(np.all(v == 0) for v in si.values())


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("runs")
    compare(
        "korea-2017",
        ["maximum-pressure", "engagement"],
        samples=8,
        replications=10,
        seed=2,
        out=str(root),
        name="tiny",
        workers=1,
    )
    return root


@pytest.mark.parametrize(("method", "samples"), [("morris", 3), ("sobol", 4)])
def test_stored_run_gets_an_entry_per_input_with_finite_values(
    tiny_run: Path, method: str, samples: int
) -> None:
    result = sensitivity(
        "tiny", method, out=str(tiny_run), workers=1, samples=samples, replications=5
    )
    manifest = json.loads((tiny_run / "tiny" / "manifest.json").read_text())
    inputs = list(manifest["inputs"])
    assert result["child_run"] and result["analysed_run"] == f"tiny-{method}"
    child = open_run(f"tiny-{method}", str(tiny_run))
    assert child.complete and child.manifest["options"]["parent_run"] == "tiny"
    assert child.manifest["options"]["replications"] == 5
    d = len(inputs)
    assert child.manifest["draws"] == samples * (d + 1 if method == "morris" else d + 2)
    fields = ("mu_star", "mu_star_conf", "sigma") if method == "morris" else ("S1", "S1_conf", "ST")
    for policy in ("maximum-pressure", "engagement"):
        for metric in ("p_war", "casualties"):
            rows = [r for r in result["indices"] if r["policy"] == policy and r["metric"] == metric]
            assert sorted(r["input"] for r in rows) == sorted(inputs)
            assert all(math.isfinite(r[f]) for r in rows for f in fields)
            assert [r["rank"] for r in rows] == list(range(1, d + 1))
    from brink.analysis.stored import load_sensitivity

    # stored one file per policy; read back and merged, they give the result printed
    for policy in ("maximum-pressure", "engagement"):
        assert (tiny_run / "tiny" / "results" / method / f"{policy}.json").is_file()
    stored = load_sensitivity(open_run("tiny", str(tiny_run)), method)
    assert stored.result is not None and not stored.missing and not stored.unreadable
    assert json.loads(json.dumps(stored.result.to_json())) == json.loads(json.dumps(result))


def test_child_run_is_reused_and_mismatches_are_refused(tiny_run: Path) -> None:
    sensitivity("tiny", "morris", out=str(tiny_run), workers=1, samples=3, replications=5)
    manifest = tiny_run / "tiny-morris" / "manifest.json"
    before = manifest.read_text()
    again = sensitivity("tiny", "morris", out=str(tiny_run), workers=1)  # reuse as it is
    assert manifest.read_text() == before
    assert again["design"]["samples"] == 3
    with pytest.raises(BrinkInputError, match="made with samples 3") as caught:
        sensitivity("tiny", "morris", out=str(tiny_run), workers=1, samples=4)
    assert "--" not in str(caught.value)  # the library names its parameter, not a flag


def test_bad_method_metric_and_policy_are_one_line_errors(tiny_run: Path) -> None:
    """A library call names its parameter, not the CLI's flag."""
    with pytest.raises(BrinkInputError, match="tiny: method: unknown method 'fast'") as caught:
        sensitivity("tiny", "fast", out=str(tiny_run))
    assert "--" not in str(caught.value)
    with pytest.raises(BrinkInputError, match="tiny: metrics: unknown metric 'p_peace'"):
        sensitivity("tiny", "morris", out=str(tiny_run), metrics=("p_peace",))
    with pytest.raises(BrinkInputError, match="tiny: policy: 'appeasement' is not in this run"):
        sensitivity("tiny", "morris", out=str(tiny_run), policy="appeasement")


def test_the_cli_names_its_flags(tiny_run: Path, cli) -> None:  # type: ignore[no-untyped-def]
    for args, flag in (
        (("--method", "fast"), "--method"),
        (("--metric", "p_peace"), "--metric"),
        (("-p", "appeasement"), "--policy"),
    ):
        result = cli("sensitivity", "tiny", "--out", str(tiny_run), *args)
        assert result.returncode == 2 and f"tiny: {flag}: " in result.stderr, result.stderr


def test_a_run_sampled_for_the_method_is_analysed_in_place(tmp_path: Path) -> None:
    run = create_run(
        "korea-2017",
        ["engagement"],
        samples=3,
        replications=4,
        seed=9,
        sampler="morris",
        out=str(tmp_path),
        name="own",
    )
    execute(run, workers=1)
    result = sensitivity("own", "morris", out=str(tmp_path))
    assert not result["child_run"] and result["analysed_run"] == "own"
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_dir()) == ["own"]


def test_an_input_that_cannot_matter_ranks_below_one_that_does(tmp_path: Path) -> None:
    """casualties.conventional only counts the dead: it cannot change how a crisis ends.
    Pyongyang's red line (answer an attack with war, with probability 0.6–0.95) decides whether
    the planned strike becomes a war. Under pre-emption Morris must tell them apart."""
    compare(
        "korea-2017",
        ["preemptive-strike"],
        samples=4,
        replications=50,
        seed=3,
        out=str(tmp_path),
        name="k",
        workers=2,
    )
    result = sensitivity("k", "morris", out=str(tmp_path), workers=2, samples=6, metrics=("p_war",))
    rows = {r["input"]: r for r in result["indices"]}
    dead = rows["casualties.conventional"]
    line = rows["policies.kim-calculating.red_lines.0.probability"]
    assert line["mu_star"] > 0.05
    assert line["mu"] > 0 and line["above_noise"]
    assert max(rows.values(), key=lambda r: r["mu_star"])["input"] == line["input"]
    assert not dead["above_noise"]
    # Common random numbers across the design's draws: no effect means exactly no effect.
    assert dead["mu_star"] == 0.0
