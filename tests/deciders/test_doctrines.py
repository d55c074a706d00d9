"""The reactive doctrines: protocol, registry, and each rule's behaviour on every outcome."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brink.deciders.doctrines import (
    DOCTRINES,
    Doctrine,
    GenerousTitForTat,
    Grit,
    get_doctrine,
    molander_generosity,
)
from brink.errors import BrinkInputError

C, D = True, False


def step(doctrine: Doctrine, memory, intended, played, seen) -> None:
    """Observe one turn for a batch of one."""
    doctrine.observe(memory, np.array([intended]), np.array([played]), np.array([seen]))


def intend(doctrine: Doctrine, memory, turn: int = 1, u: float = 0.99) -> bool:
    return bool(doctrine.intend(memory, turn, np.array([u]))[0])


@pytest.mark.parametrize("name", list(DOCTRINES))
def test_each_doctrine_satisfies_the_protocol_for_a_batch_of_one(name: str) -> None:
    doctrine = DOCTRINES[name]
    assert isinstance(doctrine, Doctrine)
    assert doctrine.name == name
    assert doctrine.description and "\n" not in doctrine.description
    memory = doctrine.start(1)
    for turn in range(5):
        move = doctrine.intend(memory, turn, np.array([0.5]))
        assert move.shape == (1,) and move.dtype == bool
        doctrine.observe(memory, move, ~move, np.array([turn % 2 == 0]))


@pytest.mark.parametrize("name", list(DOCTRINES))
def test_intentions_and_memory_do_not_alias_the_callers_buffers(name: str) -> None:
    """The engine may reuse its arrays; a doctrine must not be changed by that."""
    doctrine = DOCTRINES[name]
    n = 6
    memory_1, memory_2 = doctrine.start(n), doctrine.start(n)
    rng = np.random.default_rng(4)
    for turn in range(8):
        u = rng.random(n)
        seen = rng.random(n) < 0.5
        played = rng.random(n) < 0.5
        move_1 = doctrine.intend(memory_1, turn, u)
        move_2 = doctrine.intend(memory_2, turn, u.copy())
        np.testing.assert_array_equal(move_1, move_2)
        buffers = (move_1.copy(), played.copy(), seen.copy())
        doctrine.observe(memory_1, *buffers)
        doctrine.observe(memory_2, move_2.copy(), played.copy(), seen.copy())
        for buffer in (*buffers, move_1):
            buffer[:] = ~buffer  # the caller scribbles over everything it handed over
        for key in memory_1:
            np.testing.assert_array_equal(memory_1[key], memory_2[key])


@pytest.mark.parametrize("name", ["tft", "gtft", "ctft", "wsls", "grim", "grit", "allc"])
def test_nice_doctrines_open_with_cooperation(name: str) -> None:
    doctrine = DOCTRINES[name]
    assert intend(doctrine, doctrine.start(1), turn=0)


def test_alld_never_and_allc_always_cooperate() -> None:
    for outcome in [(C, C), (C, D), (D, C), (D, D)]:
        for name, expected in (("allc", C), ("alld", D)):
            doctrine = DOCTRINES[name]
            memory = doctrine.start(1)
            step(doctrine, memory, outcome[0], outcome[0], outcome[1])
            assert intend(doctrine, memory) is expected


@given(st.lists(st.booleans(), min_size=1, max_size=30))
def test_tft_repeats_the_move_it_saw(seen_moves: list[bool]) -> None:
    tft = DOCTRINES["tft"]
    memory = tft.start(1)
    for seen in seen_moves:
        mine = intend(tft, memory)
        step(tft, memory, mine, mine, seen)
        assert intend(tft, memory) is seen


@pytest.mark.parametrize(
    ("own", "other", "next_move"),
    [(C, C, C), (C, D, D), (D, C, D), (D, D, C)],
    ids=["R-stay-C", "S-shift-to-D", "T-stay-D", "P-shift-to-C"],
)
def test_wsls_wins_stay_losses_shift(own: bool, other: bool, next_move: bool) -> None:
    wsls = DOCTRINES["wsls"]
    memory = wsls.start(1)
    step(wsls, memory, own, own, other)
    assert intend(wsls, memory) is next_move


def test_wsls_reads_its_played_move_not_its_intention() -> None:
    """Axelrod's WinStayLoseShift conditions on the history, i.e. on what was actually played."""
    wsls = DOCTRINES["wsls"]
    memory = wsls.start(1)
    step(wsls, memory, C, D, D)  # meant C, noise played D, saw D: (D,D) -> cooperate
    assert intend(wsls, memory) is C


@given(st.lists(st.booleans(), min_size=1, max_size=40))
def test_grim_never_cooperates_after_seeing_a_defection(seen_moves: list[bool]) -> None:
    grim = DOCTRINES["grim"]
    memory = grim.start(1)
    seen_defection = False
    for seen in seen_moves:
        mine = intend(grim, memory)
        assert mine is not seen_defection
        step(grim, memory, mine, mine, seen)
        seen_defection = seen_defection or not seen
    assert intend(grim, memory) is not seen_defection


def test_gtft_default_generosity_is_molanders_one_third() -> None:
    t, r, p, s = 5, 3, 1, 0
    formula = min(1 - (t - r) / (r - s), (r - p) / (t - p))
    assert DOCTRINES["gtft"].generosity == pytest.approx(formula) == pytest.approx(1 / 3)
    assert molander_generosity(t, r, p, s) == pytest.approx(1 / 3)


@given(
    st.floats(0.0, 10.0),
    st.floats(0.01, 10.0),
    st.floats(0.01, 10.0),
    st.floats(0.01, 10.0),
)
def test_molander_generosity_matches_the_formula(s: float, d1: float, d2: float, d3: float) -> None:
    p, r, t = s + d1, s + d1 + d2, s + d1 + d2 + d3
    expected = min(1 - (t - r) / (r - s), (r - p) / (t - p))
    assert molander_generosity(t, r, p, s) == pytest.approx(min(1.0, max(0.0, expected)))
    doctrine = get_doctrine("gtft", payoffs=(t, r, p, s))
    assert doctrine.generosity == pytest.approx(molander_generosity(t, r, p, s))


@given(st.floats(0.0, 1.0), st.floats(0.0, 1.0, exclude_max=True))
def test_gtft_forgives_a_defection_exactly_when_its_uniform_is_below_generosity(
    generosity: float, u: float
) -> None:
    gtft = GenerousTitForTat(generosity=generosity)
    memory = gtft.start(1)
    step(gtft, memory, C, C, D)
    assert intend(gtft, memory, u=u) is (u < generosity)
    step(gtft, memory, C, C, C)
    assert intend(gtft, memory, u=u) is C


def test_gtft_forgiveness_rate_is_its_generosity() -> None:
    gtft = DOCTRINES["gtft"]
    n = 200_000
    memory = gtft.start(n)
    gtft.observe(memory, np.ones(n, bool), np.ones(n, bool), np.zeros(n, bool))
    rate = gtft.intend(memory, 1, np.random.default_rng(0).random(n)).mean()
    assert rate == pytest.approx(1 / 3, abs=0.005)


def test_ctft_accepts_retaliation_for_its_own_accident() -> None:
    """Noise turns its C into D against a cooperator: it then cooperates through the reprisal."""
    ctft = DOCTRINES["ctft"]
    memory = ctft.start(1)
    step(ctft, memory, C, D, C)  # accident: meant C, played D, other cooperated
    assert intend(ctft, memory) is C  # TFT reply to the other's C
    step(ctft, memory, C, C, D)  # the other retaliates
    assert intend(ctft, memory) is C  # contrite: does not answer the retaliation
    step(ctft, memory, C, C, C)
    assert intend(ctft, memory) is C


def test_ctft_justified_reprisal_does_not_make_it_contrite() -> None:
    """It answers a defection once; the other side, now contrite, cooperates, and so does it."""
    ctft = DOCTRINES["ctft"]
    memory = ctft.start(1)
    step(ctft, memory, C, C, D)  # the other defects unprovoked
    assert intend(ctft, memory) is D
    step(ctft, memory, D, D, C)  # reprisal (justified) while the other apologises
    assert intend(ctft, memory) is C


def test_ctft_stays_contrite_until_it_has_actually_cooperated() -> None:
    ctft = DOCTRINES["ctft"]
    memory = ctft.start(1)
    step(ctft, memory, C, D, C)  # accident
    for _ in range(3):  # its apologies keep being turned into defections by noise
        assert intend(ctft, memory) is C
        step(ctft, memory, C, D, D)
    assert intend(ctft, memory) is C
    step(ctft, memory, C, C, D)  # the apology finally goes through; the reprisal is accepted
    assert intend(ctft, memory) is C


def test_ctft_answers_the_other_sides_accident() -> None:
    """Contrition covers only its own errors; the other's defection is answered in kind."""
    ctft = DOCTRINES["ctft"]
    memory = ctft.start(1)
    step(ctft, memory, C, C, D)
    assert intend(ctft, memory) is D


def test_two_ctft_restore_mutual_cooperation_within_two_rounds_of_an_error() -> None:
    ctft = DOCTRINES["ctft"]
    memory_a, memory_b = ctft.start(1), ctft.start(1)
    history = []
    for turn in range(10):
        want_a, want_b = intend(ctft, memory_a, turn), intend(ctft, memory_b, turn)
        play_a = (not want_a) if turn == 3 else want_a  # one execution error by A at turn 3
        history.append((play_a, want_b))
        step(ctft, memory_a, want_a, play_a, want_b)
        step(ctft, memory_b, want_b, want_b, play_a)
    assert history[3] == (D, C)  # the accident
    assert history[4] == (C, D)  # B's reprisal, which A does not answer
    assert all(moves == (C, C) for moves in history[5:])  # cooperation restored


@given(st.integers(0, 5), st.integers(1, 6), st.lists(st.booleans(), max_size=40))
@settings(max_examples=60)
def test_grit_plays_its_initiatives_then_reciprocates_without_escalating(
    steps: int, patience: int, seen_moves: list[bool]
) -> None:
    grit = Grit(steps=steps, patience=patience)
    memory = grit.start(1)
    for turn, seen in enumerate(seen_moves):
        in_programme = bool(memory["programme"][0] > 0)
        mine = intend(grit, memory, turn)
        if turn < steps or in_programme:
            assert mine is C  # announced initiatives continue despite defection
        else:
            assert mine is bool(memory["seen"][0])  # in kind, never beyond what it saw
        step(grit, memory, mine, mine, seen)


def test_grit_renews_its_initiatives_when_tension_persists() -> None:
    grit = Grit(steps=2, patience=3)
    memory = grit.start(1)
    moves = []
    for turn in range(12):
        mine = intend(grit, memory, turn)
        moves.append(mine)
        step(grit, memory, mine, mine, D)  # facing a defector throughout
    assert moves == [C, C, D, D, D, C, C, D, D, D, C, C]


def test_grit_with_no_steps_is_tit_for_tat() -> None:
    grit, tft = Grit(steps=0), DOCTRINES["tft"]
    rng = np.random.default_rng(1)
    n = 50
    memory_g, memory_t = grit.start(n), tft.start(n)
    for turn in range(30):
        u = rng.random(n)
        move_g, move_t = grit.intend(memory_g, turn, u), tft.intend(memory_t, turn, u)
        np.testing.assert_array_equal(move_g, move_t)
        seen = rng.random(n) < 0.7
        grit.observe(memory_g, move_g, move_g, seen)
        tft.observe(memory_t, move_t, move_t, seen)


def test_registry_lists_the_issue_doctrines() -> None:
    assert set(DOCTRINES) == {"tft", "gtft", "ctft", "wsls", "grim", "allc", "alld", "grit"}


def test_get_doctrine_returns_the_shared_objects() -> None:
    for name, doctrine in DOCTRINES.items():
        assert get_doctrine(name) is doctrine
        assert get_doctrine(name.upper()) is doctrine


@pytest.mark.parametrize(
    ("spec", "attributes"),
    [
        ("gtft:0.1", {"generosity": 0.1}),
        ("gtft:generosity=0.25", {"generosity": 0.25}),
        ("grit:2,4", {"steps": 2, "patience": 4}),
        ("grit:patience=9", {"steps": 3, "patience": 9}),
    ],
)
def test_get_doctrine_reads_parameters(spec: str, attributes: dict[str, float]) -> None:
    doctrine = get_doctrine(spec)
    for key, value in attributes.items():
        assert getattr(doctrine, key) == value


@pytest.mark.parametrize(
    ("spec", "fragment"),
    [
        ("nope", "known doctrines: tft, gtft, ctft, wsls, grim, grit, allc, alld"),
        ("gtft:1.5", "generosity"),
        ("gtft:abc", "generosity"),
        ("gtft:0.1,0.2", "at most 1"),
        ("grit:x", "whole numbers"),
        ("grit:1,0", "patience >= 1"),
        ("grit:speed=3", "unknown parameter"),
        ("tft:3", "takes no parameters"),
    ],
)
def test_bad_doctrine_specs_are_one_line_input_errors(spec: str, fragment: str) -> None:
    with pytest.raises(BrinkInputError) as caught:
        get_doctrine(spec)
    message = str(caught.value)
    assert fragment in message
    assert "\n" not in message
