"""Round-robin tournaments: structure, scoring, ranking and their agreement with single duels."""

from __future__ import annotations

import numpy as np
import pytest

from brink.deciders.doctrines import DOCTRINES
from brink.errors import BrinkInputError
from brink.games.duel import play_duel
from brink.games.tournament import play_tournament

SMALL = dict(noise=0.01, turns=150, repetitions=60, seed=7)


def test_every_pair_meets_once_with_self_play_by_default() -> None:
    result = play_tournament(["tft", "alld", "gtft"], **SMALL)
    pairs = [(m.a, m.b) for m in result.matches]
    assert len(pairs) == 6  # 3 self-play + 3 pairs
    assert ("tft", "tft") in pairs and ("tft", "alld") in pairs
    without = play_tournament(["tft", "alld", "gtft"], self_play=False, **SMALL)
    assert len(without.matches) == 3
    assert all(m.a != m.b for m in without.matches)


def test_the_default_field_is_every_registered_doctrine() -> None:
    result = play_tournament(noise=0.0, turns=20, repetitions=3)
    assert [s.split(":")[0] for s in result.doctrines] == list(DOCTRINES)
    assert len(result.matches) == len(DOCTRINES) * (len(DOCTRINES) + 1) // 2


def test_each_match_is_the_duel_with_the_same_seed() -> None:
    result = play_tournament(["ctft", "wsls"], **SMALL)
    match = next(m for m in result.matches if (m.a, m.b) == ("ctft", "wsls"))
    duel = play_duel("ctft", "wsls", **SMALL)
    np.testing.assert_array_equal(match.per_turn_a, duel.per_turn_a)
    np.testing.assert_array_equal(match.per_turn_b, duel.per_turn_b)


def test_scores_are_the_mean_over_opponents_and_ranked_best_first() -> None:
    names = ["tft", "alld", "allc"]
    for self_play in (True, False):
        result = play_tournament(names, noise=0.0, turns=10, repetitions=2, self_play=self_play)
        by_name = {s.doctrine: s for s in result.standings}
        # Payoff per turn against tft, alld, allc without noise (tft meets alld: S, then P).
        expected = {"tft": [3.0, 0.9, 3.0], "alld": [1.4, 1.0, 5.0], "allc": [3.0, 0.0, 3.0]}
        for name, values in expected.items():
            mine = names.index(name)
            kept = [v for j, v in enumerate(values) if self_play or j != mine]
            assert by_name[name].mean == pytest.approx(np.mean(kept))
        means = [s.mean for s in result.standings]
        assert means == sorted(means, reverse=True)
        assert [s.rank for s in result.standings] == [1, 2, 3]


def test_under_noise_generosity_beats_plain_tit_for_tat() -> None:
    result = play_tournament(["tft", "gtft", "ctft"], noise=0.01, turns=300, repetitions=200)
    rank = {s.doctrine.split(":")[0]: s.rank for s in result.standings}
    assert rank["tft"] == 3
    worst = result.standings[-1]
    assert worst.hi < result.standings[0].lo  # a clear, not a marginal, last place


def test_tournament_json_keys() -> None:
    data = play_tournament(["tft", "alld"], **SMALL).to_dict()
    for key in ("doctrines", "noise", "turns", "repetitions", "seed", "self_play", "ranking"):
        assert key in data
    row = data["ranking"][0]
    assert set(row) == {"rank", "doctrine", "mean", "lo", "hi", "cooperation"}
    assert {"a", "b", "mean_a", "lo_a", "hi_a", "mean_b", "lo_b", "hi_b"} <= set(data["matches"][0])


@pytest.mark.parametrize(
    ("doctrines", "kwargs", "fragment"),
    [
        (["tft", "tft"], {}, "listed twice"),
        (["tft"], {}, "at least two"),
        (["tft", "bogus"], {}, "unknown doctrine"),
        (["tft", "alld"], {"noise": 2.0}, "noise"),
        (["tft", "alld"], {"turns": 0}, "turns"),
    ],
)
def test_bad_tournaments_are_input_errors(doctrines, kwargs, fragment: str) -> None:
    with pytest.raises(BrinkInputError, match=fragment):
        play_tournament(doctrines, **kwargs)
