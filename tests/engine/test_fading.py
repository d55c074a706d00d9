"""Fading: a crisis ends without terms and without a loser once both sides keep below shows of
force for ``fading.calm_days`` (docs/model.md, "Fading"). Off unless a scenario switches it on.
"""

from __future__ import annotations

import math

import numpy as np

from brink.analysis.effects import inapplicable_globals
from brink.analysis.summary import summarise_policy
from brink.engine.batch import compiled_for, resolve_matchup, run_batch
from brink.scenario.loader import load_scenario
from brink.vocabulary import CALM_RUNG
from helpers import paired

CASE = "src/brink/scenario/cases/pulwama-2019.yaml"
N = 3000


def _run(path: str, overrides: list[str], n: int = N, on_turn=None):  # type: ignore[no-untyped-def]
    scenario = load_scenario(path, overrides)
    draws = np.arange(n)
    matchup = resolve_matchup(scenario, None)
    columns = run_batch(scenario, matchup, 3, draws, np.zeros_like(draws), on_turn=on_turn)
    return scenario, columns.columns


def test_off_by_default_and_inert_when_the_calm_never_lasts() -> None:
    """No shipped scenario fades; switched on with a calm longer than the horizon, every
    column is as it was (the mechanism acts only through its rule)."""
    assert not load_scenario("korea-2017").fading.enabled
    assert not load_scenario(CASE).fading.enabled
    _, off = _run(CASE, [], n=800)
    _, never = _run(CASE, ["fading.enabled=true", "fading.calm_days=100000"], n=800)
    assert not off["faded"].any()
    for name, values in never.items():  # (off, the calm's days are drawn, not given)
        assert np.array_equal(values, off[name]), name


def test_a_faded_crisis_was_calm_at_peace_and_ended_unresolved() -> None:
    """Every faded episode ended before the horizon, unresolved, with no war and no deal's
    stage, after exactly the calm's turns in which no seat of a side moved above rhetoric."""
    calm_days = 14
    need = math.ceil(calm_days / 7)
    scenario = load_scenario(CASE, ["fading.enabled=true", f"fading.calm_days={calm_days}"])
    compiled = compiled_for(scenario)
    rung = np.asarray(compiled.table.rung)
    sided = [k for k in range(compiled.k) if compiled.side[k] >= 0]
    streak = np.zeros(N, dtype=np.int64)
    at_end = np.full(N, -1, dtype=np.int64)

    def track(crisis, record) -> None:  # type: ignore[no-untyped-def]
        moves = record.action[:, sided]
        calm = ((moves < 0) | (rung[np.maximum(moves, 0)] <= CALM_RUNG)).all(axis=1)
        calm &= record.war_level == 0
        streak[:] = np.where(calm, streak + 1, 0)
        at_end[record.ended] = streak[record.ended]

    _, cols = _run(CASE, ["fading.enabled=true", f"fading.calm_days={calm_days}"], on_turn=track)
    faded = cols["faded"]
    assert 0.05 < faded.mean() < 0.95, faded.mean()
    assert (cols["outcome"][faded] == "unresolved").all()
    assert (cols["war_kind"][faded] == "none").all()
    assert (cols["stage"][faded] == 0).all()
    assert (cols["turns"][faded] <= scenario.horizon_turns).all()
    assert (at_end[faded] >= need).all()
    assert not (cols["faded"] & (cols["outcome"] != "unresolved")).any()


def test_a_shorter_calm_ends_crises_sooner() -> None:
    """Paired (same episodes, same luck): two weeks of calm instead of six fade more crises,
    and sooner, beyond simulation noise; the summary counts them as ended."""
    on = ["fading.enabled=true"]
    scen, short = _run(CASE, [*on, "fading.calm_days=14"])
    _, long = _run(CASE, [*on, "fading.calm_days=42"])
    more, z_faded = paired(long["faded"].astype(float), short["faded"].astype(float))
    sooner, z_turns = paired(long["turns"].astype(float), short["turns"].astype(float))
    assert more > 0 and z_faded > 5
    assert sooner < 0 and z_turns < -5
    block = summarise_policy("p", short, (scen.challenger, scen.defender))
    assert block["faded"]["p"] == float(short["faded"].mean())
    ended = (short["outcome"] != "unresolved") | short["faded"]
    assert block["median_turns_to_end_given_ended"] == float(np.median(short["turns"][ended]))


def test_the_screen_calls_a_switched_off_block_absent_not_inert() -> None:
    """An input of a block a scenario leaves off cannot act as the scenario stands: the effects
    screen lists it as a mechanism the scenario lacks (as it does a channel's only once the
    channel is switched on to judge it)."""
    scenario = load_scenario("korea-2017")
    assert "fading.calm_days" in inapplicable_globals(scenario)
    assert not any(p.startswith("channels.") for p in inapplicable_globals(scenario))
    on = load_scenario("korea-2017", ["fading.enabled=true"])
    assert "fading.calm_days" not in inapplicable_globals(on)


def test_the_narrative_says_the_crisis_faded() -> None:
    """`brink narrate` tells a faded crisis apart from one still running at the horizon."""
    from brink.narrate import narrate

    on = ("fading.enabled=true", "fading.calm_days=14")
    told = [narrate(CASE, episode=e, overrides=on)["outcome"] for e in range(4)]
    assert any("faded" in line for line in told), told
    plain = [narrate(CASE, episode=e)["outcome"] for e in range(4)]
    assert not any("faded" in line for line in plain), plain
