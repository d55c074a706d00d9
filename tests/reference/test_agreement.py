"""The object-per-actor reference and the compiled engine compute the same model.

Both play the same (draw, replication) episodes with the same inputs and the same random
numbers, so they are compared row for row — most episodes must be identical in outcome,
length, tests and war cause, and identical rows must agree in every other column too — and in
distribution (chi-square test of the outcome tables, |z| of each outcome's probability and of
the means of tests, casualties, approval and turns). A rule changed in one implementation and
not the other (a threshold, an order of updates, a forgotten mask) shows up as a drop in the
identical share long before it moves a frequency; ``test_a_drift_is_caught`` checks that.
"""

from __future__ import annotations

import numpy as np
import pytest

from brink.engine.batch import resolve_matchup, run_batch
from brink.reference import run_episodes
from brink.reference.agreement import compare, identical_rows
from brink.scenario.loader import load_scenario

#: Policies exercising different parts of the turn: sanctions, tests, the third party and
#: allies (maximum-pressure); offers, stages, frozen tests and lifted sanctions
#: (freeze-for-freeze); a planned strike without consultation, disarming, war and cohesion
#: (preemptive-strike, air-strike); a reactive fixed rule (tit-for-tat); a blockade that
#: interdicts capability, daily turns and an opponent mixture (quarantine).
CASES = [
    ("korea-2017", "maximum-pressure"),
    ("korea-2017", "freeze-for-freeze"),
    ("korea-2017", "preemptive-strike"),
    ("korea-2017", "tit-for-tat"),
    ("cuba-1962", "quarantine"),
    ("cuba-1962", "air-strike"),
]
DRAWS, REPLICATIONS = 150, 2  # 300 episodes per case
SEED = 11
#: Near-ties of the logit draw may flip when the two implementations round differently
#: (a last-bit difference in exp); anything beyond a few percent is a real disagreement.
MIN_IDENTICAL = 0.95
MIN_P = 0.01
MAX_Z = 3.5


def episodes() -> tuple[np.ndarray, np.ndarray]:
    draws = np.repeat(np.arange(DRAWS, dtype=np.int64), REPLICATIONS)
    replications = np.tile(np.arange(REPLICATIONS, dtype=np.int64), DRAWS)
    return draws, replications


def both(scenario_id: str, policy: str, overrides: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    scenario = load_scenario(scenario_id, list(overrides))
    matchup = resolve_matchup(scenario, policy)
    draws, replications = episodes()
    engine = run_batch(scenario, matchup, SEED, draws, replications).columns
    reference = run_episodes(scenario, matchup, SEED, draws, replications)
    return engine, reference


def columns_agree(engine: dict[str, np.ndarray], reference: dict[str, np.ndarray]) -> np.ndarray:
    """Per episode: every column equal (floats to 1e-9 relative)."""
    same = np.ones(len(engine["outcome"]), dtype=bool)
    for name, values in engine.items():
        other = reference[name]
        if values.dtype.kind == "f":
            same &= np.isclose(values, other, rtol=1e-9, atol=1e-12)
        else:
            same &= values == other
    return same


@pytest.mark.parametrize(("scenario_id", "policy"), CASES)
def test_reference_agrees_with_engine(scenario_id: str, policy: str) -> None:
    engine, reference = both(scenario_id, policy)
    assert list(reference) == list(engine), "the reference must give the engine's columns"
    for name, values in engine.items():
        assert reference[name].dtype == values.dtype, name
    agreement = compare(engine, reference)
    report = f"{scenario_id} {policy}: {agreement.summary()}\n{agreement.table()}"
    print(report)
    assert agreement.identical >= MIN_IDENTICAL, report
    assert columns_agree(engine, reference).mean() >= MIN_IDENTICAL, report
    assert agreement.chi_square_p > MIN_P, report
    assert agreement.max_outcome_z < MAX_Z, report
    assert agreement.max_mean_z < MAX_Z, report
    # Not vacuous: every case ends in more than one way and runs for weeks.
    assert len(set(engine["outcome"])) >= 2
    assert engine["turns"].mean() > 3


def test_mechanisms_switched_off_agree_too() -> None:
    """Switches take other branches of the turn (no noise, no accidents, no knot...)."""
    for overrides in (
        ("perception.enabled=false", "accidents.enabled=false"),
        ("knot.enabled=false", "approval.enabled=false", "alliance.enabled=false"),
        ("sanctions.enabled=false", "beliefs.private_resolve=false"),
        ("channels.us-dprk.enabled=true", "actors.China.enforcement=always"),
    ):
        engine, reference = both("korea-2017", "maximum-pressure", overrides)
        assert identical_rows(engine, reference).mean() >= MIN_IDENTICAL, overrides


def test_a_drift_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """An off-by-one in one rule of the reference fails the test: cooldowns that last a turn
    longer (``<=`` for ``<``). Half the episodes change, yet the outcome table barely moves
    (chi-square p = 1.0, largest |z| about 2 on 300 episodes): the distributional checks
    alone would miss it, the row-for-row check does not."""
    from brink.reference.actor import Actor

    available = Actor.available

    def one_turn_longer(self: Actor, turn: int) -> dict[int, bool]:
        out = available(self, turn)
        for a in self.own:
            cooldown = self.episode.setting.actions[a].cooldown
            if cooldown > 0 and turn - self.episode.last_used[self.index][a] == cooldown:
                out[a] = False
        if not any(out.values()):
            out[self.spec.quiet] = True
        return out

    monkeypatch.setattr(Actor, "available", one_turn_longer)
    engine, reference = both("korea-2017", "maximum-pressure")
    assert compare(engine, reference).identical < MIN_IDENTICAL


def test_crises_that_fade_agree_too() -> None:
    """Fading (off in every shipped file) ends crises in both implementations alike: a case
    whose sides often go quiet, with two weeks of calm enough."""
    case = "src/brink/scenario/cases/pulwama-2019.yaml"
    overrides = ("fading.enabled=true", "fading.calm_days=14")
    engine, reference = both(case, "delhi-compellence", overrides)
    assert 0.05 < engine["faded"].mean() < 0.95
    assert identical_rows(engine, reference).mean() >= MIN_IDENTICAL
    assert columns_agree(engine, reference).mean() >= MIN_IDENTICAL
