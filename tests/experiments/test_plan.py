"""Plans: how an experiment is cut into tasks, before anything runs or touches the disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from brink.errors import BrinkInputError
from brink.experiments.plan import memory_tasks, plan_run
from brink.model.inputs import uncertain_inputs
from brink.scenario.loader import load


def test_an_in_memory_plan_cuts_each_policy_into_chunks() -> None:
    scenario = load("korea-2017").scenario
    tasks = memory_tasks(scenario, ["a", "b"], {"kim-calculating": 1.0}, 5, 45_000, 20_000)
    assert [(t.policy, t.chunk, t.draw_start, t.draw_stop) for t in tasks] == [
        ("a", 0, 0, 20_000), ("a", 1, 20_000, 40_000), ("a", 2, 40_000, 45_000),
        ("b", 0, 0, 20_000), ("b", 1, 20_000, 40_000), ("b", 2, 40_000, 45_000),
    ]  # fmt: skip
    assert sum(t.episodes for t in tasks) == 2 * 45_000
    assert all(t.replications == 1 and t.inputs is None and t.seed == 5 for t in tasks)
    assert all(t.columns == "kept" and not t.timeline for t in tasks)


def test_a_stored_plan_sizes_its_tasks_and_touches_nothing(tmp_path: Path) -> None:
    plan = plan_run(
        "korea-2017",
        ["engagement", "maximum-pressure"],
        samples=10,
        replications=30,
        seed=2,
        out=str(tmp_path / "runs"),
        name="p",
        episodes_per_task=100,
    )
    m = plan.manifest
    assert m["draws"] == 10 and m["episodes_per_policy"] == 300
    assert m["options"]["draws_per_task"] == 3  # 100 episodes // 30 replications
    assert len(m["tasks"]) == 2 * 4  # draws 0-3, 3-6, 6-9, 9-10 per policy
    assert [t["draw_stop"] - t["draw_start"] for t in m["tasks"][:4]] == [3, 3, 3, 1]
    inputs = uncertain_inputs(plan.scenario)
    assert list(plan.design) == ["draw", *inputs] and len(plan.design["draw"]) == 10
    assert list(m["inputs"]) == list(inputs)
    assert not (tmp_path / "runs" / "p").exists(), "planning made the folder"


def test_method_samplers_size_the_design_by_the_inputs(tmp_path: Path) -> None:
    plan = plan_run(
        "korea-2017", ["engagement"], samples=2, replications=1, seed=2, sampler="morris",
        out=str(tmp_path), name="m",
    )  # fmt: skip
    d = len(plan.manifest["inputs"])
    assert plan.manifest["draws"] == 2 * (d + 1)


def test_a_size_check_sees_the_size_before_sampling(tmp_path: Path) -> None:
    seen = []

    def refuse(scenario, policies, opponent, episodes):  # type: ignore[no-untyped-def]
        seen.append((policies, opponent, episodes))
        raise BrinkInputError("too big")

    with pytest.raises(BrinkInputError, match="too big"):
        plan_run(
            "korea-2017", ["engagement"], samples=8, replications=5, seed=1,
            out=str(tmp_path), size_check=refuse,
        )  # fmt: skip
    assert seen == [(["engagement"], "kim-calculating:0.7,kim-defiant:0.3", 40)]
