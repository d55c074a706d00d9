"""The bounded knot's bookkeeping (docs/model.md §12), turn by turn with moves given.

cuba-1962 has daily turns, so a defiance that goes on for days calls a threat every turn
unless the model says otherwise: these tests pin that a held measure is carried out by holding
it, that lifting it in the face of defiance forfeits what was staked on it, and that a threat
is called once per defiance, not once per turn. Perception and accidents are off, so what a
seat sees is what was done and nothing overrides the moves.
"""

from __future__ import annotations

import numpy as np

from brink.engine.batch import compiled_for, resolve_matchup, start_crisis
from brink.engine.turn import play_turn
from brink.scenario.loader import load_scenario

N = 40
QUIET_WORLD = ["perception.enabled=false", "accidents.enabled=false"]


def _crisis(overrides: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    scenario = load_scenario("cuba-1962", [*QUIET_WORLD, *overrides])
    matchup = resolve_matchup(scenario, "diplomacy")
    draws, reps = np.arange(N, dtype=np.int64), np.zeros(N, dtype=np.int64)
    crisis = start_crisis(scenario, matchup, 0, draws, reps)
    c = compiled_for(scenario)
    return crisis, c, c.actors.index("US"), c.actors.index("USSR")


def _play(crisis, c, us: int, ussr: int, us_move: str, ussr_move: str) -> None:  # type: ignore[no-untyped-def]
    moves = {us: np.full(N, c.table.index(us_move)), ussr: np.full(N, c.table.index(ussr_move))}
    play_turn(crisis, moves)
    assert crisis.state.active.all()  # nothing ended the crisis


def test_holding_a_blockade_under_defiance_is_no_empty_threat() -> None:
    crisis, c, us, ussr = _crisis()
    s = crisis.state
    _play(crisis, c, us, ussr, "quarantine", "run-quarantine")
    staked = s.measure_commitment[:, us].copy()
    assert (staked > 0).all() and (s.commitment[:, us] == 0).all()
    for _ in range(5):  # the Soviets sail on; the US holds the line it drew
        _play(crisis, c, us, ussr, "hold", "run-quarantine")
    assert (s.empty_threats[:, us] == 0).all()
    assert (s.blockade[:, us] == 1).all() and (s.measure_commitment[:, us] > 0).all()


def test_lifting_a_blockade_in_the_face_of_defiance_forfeits_its_stake() -> None:
    def approval_after(lift: str) -> tuple[np.ndarray, np.ndarray]:
        crisis, c, us, ussr = _crisis()
        s = crisis.state
        _play(crisis, c, us, ussr, "quarantine", "run-quarantine")
        _play(crisis, c, us, ussr, "hold", "run-quarantine")
        staked = s.measure_commitment[:, us].copy()
        _play(crisis, c, us, ussr, lift, "run-quarantine")
        return s.approval[:, us].copy(), staked

    lifted, staked = approval_after("lift-quarantine")
    held, _ = approval_after("hold")
    scenario = load_scenario("cuba-1962", QUIET_WORLD)
    audience = np.asarray(
        start_crisis(
            scenario,
            resolve_matchup(scenario, "diplomacy"),
            0,
            np.arange(N, dtype=np.int64),
            np.zeros(N, dtype=np.int64),
        ).inputs["actors.US.audience_cost"],
        dtype=float,
    )
    # The loss, audience_cost · C_m, then reverts a little towards the start like any change.
    loss = held - lifted
    assert (loss > 0).all()
    assert np.allclose(loss, audience * staked, rtol=0.05)


def test_a_threat_is_called_once_per_defiance_not_once_per_turn() -> None:
    crisis, c, us, ussr = _crisis()
    s = crisis.state
    for _ in range(10):  # warnings every day while the work goes on: one defiance
        _play(crisis, c, us, ussr, "rhetoric", "site-work")
    assert (s.empty_threats[:, us] == 1).all()
    for _ in range(7):  # a week's pause ends it ...
        _play(crisis, c, us, ussr, "rhetoric", "hold")
    for _ in range(3):  # ... so resuming the work calls the warnings renewed meanwhile
        _play(crisis, c, us, ussr, "rhetoric", "site-work")
    assert (s.empty_threats[:, us] == 2).all()


def test_a_pause_shorter_than_a_week_does_not_end_a_defiance() -> None:
    crisis, c, us, ussr = _crisis()
    s = crisis.state
    for _ in range(3):
        _play(crisis, c, us, ussr, "rhetoric", "site-work")
    for _ in range(2):  # two quiet days
        _play(crisis, c, us, ussr, "rhetoric", "hold")
    for _ in range(3):
        _play(crisis, c, us, ussr, "rhetoric", "site-work")
    assert (s.empty_threats[:, us] == 1).all()


def test_force_carries_out_a_called_threat() -> None:
    crisis, c, us, ussr = _crisis()
    s = crisis.state
    _play(crisis, c, us, ussr, "rhetoric", "site-work")
    assert (s.commitment[:, us] > 0).all()
    moves = {
        us: np.full(N, c.table.index("air-strike")),
        ussr: np.full(N, c.table.index("hold")),
    }
    play_turn(crisis, moves)
    assert (s.empty_threats[:, us] == 0).all() and (s.commitment[:, us] == 0).all()
