"""Round-robin tournaments of doctrines under noise, ranked by mean payoff per turn.

Every pair meets once, self-play included by default as in Axelrod's (1980) tournaments (each
entry also met its twin); ``self_play=False`` leaves it out. Each match is exactly
``play_duel(a, b, seed=seed, ...)``, so any cell can be checked with ``brink duel``; all matches
share the seed, i.e. they run on common random numbers (the same noise events hit side A of
every match), which sharpens comparisons without biasing any of them.

A doctrine's score in repetition r is the mean, over its opponents (itself included when
self-play counts, with its two sides averaged), of its mean payoff per turn in repetition r.
Repetitions are independent, so the score's 95% interval is the Student-t interval over
repetitions of those per-repetition scores, the same interval as for a duel.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from brink.deciders.doctrines import DOCTRINES, Doctrine
from brink.errors import BrinkInputError
from brink.games.duel import (
    DuelResult,
    StagePayoffs,
    check_run,
    noise_levels,
    play_duel,
    resolve,
    spec_of,
    t_interval,
)


@dataclass(frozen=True)
class Standing:
    """One doctrine's place in the ranking."""

    rank: int
    doctrine: str
    mean: float
    lo: float | None
    hi: float | None
    cooperation: float


@dataclass(frozen=True)
class TournamentResult:
    """The ranking, every match, and what they are conditional on."""

    doctrines: list[str]
    noise: float
    noise_kind: str
    turns: int
    repetitions: int
    seed: int
    payoffs: StagePayoffs
    self_play: bool
    standings: list[Standing]
    matches: list[DuelResult]

    def to_dict(self) -> dict[str, Any]:
        """The JSON object ``brink tournament --json`` prints."""
        return {
            "doctrines": self.doctrines,
            "noise": self.noise,
            "noise_kind": self.noise_kind,
            "turns": self.turns,
            "repetitions": self.repetitions,
            "seed": self.seed,
            "payoffs": dict(zip("TRPS", self.payoffs.as_tuple(), strict=True)),
            "self_play": self.self_play,
            "ranking": [vars(standing) for standing in self.standings],
            "matches": [_match_dict(match) for match in self.matches],
            "interval": "95% Student-t interval of the mean over repetitions",
        }


def _match_dict(match: DuelResult) -> dict[str, Any]:
    full = match.to_dict()
    keys = ("a", "b", "mean_a", "lo_a", "hi_a", "mean_b", "lo_b", "hi_b")
    return {key: full[key] for key in (*keys, "cooperation_a", "cooperation_b")}


def play_tournament(
    doctrines: Sequence[Doctrine | str] | None = None,
    *,
    noise: float = 0.0,
    noise_kind: str = "execution",
    turns: int = 200,
    repetitions: int = 1000,
    seed: int = 0,
    payoffs: StagePayoffs | None = None,
    self_play: bool = True,
) -> TournamentResult:
    """Round robin among ``doctrines`` (all registered ones by default), ranked best first."""
    payoffs = payoffs or StagePayoffs()
    noise_levels(noise, noise_kind)
    check_run(turns, repetitions)
    entrants = [resolve(d, payoffs) for d in (doctrines or list(DOCTRINES))]
    names = [spec_of(d) for d in entrants]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise BrinkInputError(f"tournament: doctrine listed twice: {', '.join(repeated)}")
    if len(entrants) < 2:
        raise BrinkInputError("tournament: needs at least two different doctrines")

    scores = [np.zeros(repetitions) for _ in entrants]
    cooperation = [np.zeros(repetitions) for _ in entrants]
    meetings = [0] * len(entrants)
    matches: list[DuelResult] = []
    for i, a in enumerate(entrants):
        for j in range(i if self_play else i + 1, len(entrants)):
            match = play_duel(
                a,
                entrants[j],
                seed=seed,
                payoffs=payoffs,
                noise=noise,
                noise_kind=noise_kind,
                turns=turns,
                repetitions=repetitions,
            )
            matches.append(match)
            if i == j:
                _credit(i, scores, cooperation, meetings, match, both_sides=True)
            else:
                _credit(i, scores, cooperation, meetings, match, side="a")
                _credit(j, scores, cooperation, meetings, match, side="b")

    rows = []
    for k, name in enumerate(names):
        mean, lo, hi = t_interval(scores[k] / meetings[k])
        rows.append((name, mean, lo, hi, float(np.mean(cooperation[k] / meetings[k]))))
    rows.sort(key=lambda row: -row[1])
    standings = [Standing(rank, *row) for rank, row in enumerate(rows, start=1)]
    return TournamentResult(
        doctrines=names,
        noise=noise,
        noise_kind=noise_kind,
        turns=turns,
        repetitions=repetitions,
        seed=seed,
        payoffs=payoffs,
        self_play=self_play,
        standings=standings,
        matches=matches,
    )


def _credit(
    k: int,
    scores: list[np.ndarray],
    cooperation: list[np.ndarray],
    meetings: list[int],
    match: DuelResult,
    *,
    side: str = "a",
    both_sides: bool = False,
) -> None:
    """Add one match's per-repetition payoff and cooperation to entrant ``k``'s running sums."""
    if both_sides:
        scores[k] += (match.per_turn_a + match.per_turn_b) / 2
        cooperation[k] += (match.cooperation_a + match.cooperation_b) / 2
    elif side == "a":
        scores[k] += match.per_turn_a
        cooperation[k] += match.cooperation_a
    else:
        scores[k] += match.per_turn_b
        cooperation[k] += match.cooperation_b
    meetings[k] += 1
