"""The reduction's audience cost a is what the engine charges for backing down from one threat.

The engine's knot (docs/model.md §5, §12) raises a threat's commitment C when the challenger
makes a public move with commitment c and, when the defender defies it and the challenger does
not use force, takes audience_cost · C of approval, which the challenger's leader prices at
``values.retreat_cost``. These tests run the engine's own ``mechanics.politics`` for one threat
from the starting state and check the reduced game's a against its price.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from brink.games.engine_terms import nominal_inputs, start
from brink.games.from_scenario import core_from_scenario, load_core, reduce_core, solve_core
from brink.scenario.loader import load_scenario


def engine_price_after_one_threat(scenario: Any, action_id: str) -> tuple[float, float]:
    """(C, retreat cost) after the challenger plays ``action_id`` once from the start, at the
    scenario's nominal inputs, as the engine's politics step and valuation compute them."""
    from brink.engine import mechanics
    from brink.model import values as v

    crisis = start(scenario, np.zeros(1, dtype=np.int64), 0, nominal_inputs(scenario))
    tables, work = crisis.tables[0], crisis.work[0]
    compiled = crisis.compiled
    before = crisis.state.records[0]
    after = crisis.state.records[0:1].copy()[0]
    x = crisis.matrix.x["v"][0]
    v.fill_context(tables, before, x, work)
    c = compiled.actors.index(scenario.challenger)
    moves = np.array(compiled.quiet, dtype=np.int64)
    moves[c] = compiled.table.ids.index(action_id)
    empty = np.zeros_like(work["empty"])
    mechanics.politics(tables, after, x, moves, empty, work["keep_knot"], work["keep_approval"])
    commitment = float(after["commitment"][c])
    assert float(before["commitment"][c]) == 0.0  # the politics step ran on a copy
    worth = v.approval_value(tables, before, x, c)
    return commitment, float(v.retreat_cost(tables, before, x, c, worth, commitment))


@pytest.mark.parametrize("name", ["korea-2017", "cuba-1962"])
def test_a_is_the_engines_price_of_backing_down_from_one_threat(name: str) -> None:
    scenario = load_scenario(name)
    core = core_from_scenario(scenario)
    t = core.engine
    assert t is not None
    # The US's threat is its public rhetoric (commitment 0.25); in cuba-1962 not the blockade
    # (0.3): a held measure commits to holding it, not to force.
    assert t.threat == "rhetoric" and t.threat_move_commitment == 0.25
    commitment, price = engine_price_after_one_threat(scenario, "rhetoric")
    assert t.threat_commitment == pytest.approx(commitment, rel=1e-12)
    assert reduce_core(core)["a"] == pytest.approx(price, rel=1e-12)
    assert t.threat_note == ""
    # The price is not the plain audience_cost (approval_value · C · (1 + ego) != 1 here) ...
    assert price < core.challenger_audience_cost
    # ... and is what docs/theory.md writes, from the scenario's nominal inputs.
    us = scenario.actors["US"]
    ego = us.traits.ego.nominal
    worth = scenario.approval.weight.nominal * 0.5 / us.approval_start.nominal
    expected = worth * us.audience_cost.nominal * min(0.25 * (1 + ego) / 2, 1.0) * (1 + ego)
    assert price == pytest.approx(expected, rel=1e-9)


def test_over_the_ranges_each_draw_prices_its_own_threat() -> None:
    from brink.games.over_ranges import cores_over_ranges

    cores = cores_over_ranges(load_scenario("korea-2017"), 50, 0)
    prices = np.array([reduce_core(core)["a"] for core in cores])
    audience = np.array([core.challenger_audience_cost for core in cores])
    assert np.all(prices > 0) and np.all(prices < audience)
    assert len(set(prices.round(12))) > 1  # ego, approval and audience cost vary by draw
    for core in cores[:5]:
        t = core.engine
        assert t is not None
        expected = t.approval_value * t.audience_cost * t.threat_commitment * (1 + t.ego)
        assert reduce_core(core)["a"] == pytest.approx(expected, rel=1e-12)


def test_the_bridge_instance_prices_a_threat_at_its_audience_cost() -> None:
    core = load_core("tests/bridge/signalling-bridge.yaml")
    t = core.engine
    assert t is not None and t.threat == "threaten" and t.threat_commitment == 1.0
    assert reduce_core(core)["a"] == core.challenger_audience_cost == 0.3  # exactly


@pytest.mark.parametrize(
    ("assignments", "reason"),
    [
        (["actions.rhetoric.commitment=0", "actions.exercises.commitment=0"], "no threat move"),
        (["approval.enabled=false"], "no public"),
        (["knot.enabled=false"], "commitments are off"),
    ],
)
def test_without_a_threat_or_a_public_a_is_0_with_a_note(
    assignments: list[str], reason: str
) -> None:
    core = core_from_scenario(load_scenario("korea-2017", assignments))
    t = core.engine
    assert t is not None
    assert reduce_core(core)["a"] == 0.0
    assert reason in t.threat_note
    doc = solve_core(core, scenario="korea-2017").to_json()
    assert doc["params"]["a"] == 0.0
    assert reason in doc["core"]["engine"]["threat_note"]
    assert any("costs the challenger nothing (a = 0)" in line for line in doc["explanation"])


def test_a_held_measure_is_not_the_threat_even_with_the_larger_commitment() -> None:
    """Without public rhetoric the US's threat in cuba-1962 is its alert (commitment 0.1), not
    the quarantine (a blockade, 0.3)."""
    core = core_from_scenario(load_scenario("cuba-1962", ["actions.rhetoric.public=false"]))
    t = core.engine
    assert t is not None and t.threat == "alert" and t.threat_move_commitment == 0.1
    _, price = engine_price_after_one_threat(load_scenario("cuba-1962"), "alert")
    assert reduce_core(core)["a"] == pytest.approx(price, rel=1e-12)
