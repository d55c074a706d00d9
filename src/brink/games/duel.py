"""Noisy repeated duels between two doctrines, vectorised across repetitions.

The stage game is prisoner's-dilemma shaped: (C,C) pays R each, (D,D) P each, a defector against
a cooperator gets T and the cooperator S, with T > R > P > S (default 5, 3, 1, 0).

Noise (Molander 1985; Wu & Axelrod 1995): *execution* noise flips each intended move with
probability E before it is played (the axelrod library's ``noise``); *perception* noise leaves
the move alone but each side misreads the other's move with probability E. Doctrines act on
what they saw; payoffs follow what was played.

Random streams. Purpose k of a duel seeded ``seed`` has the seed sequence
``SeedSequence(seed, spawn_key=(k,))`` (the k-th child of ``SeedSequence(seed).spawn``), for
k = 0..5: execution noise for A and B, perception noise for A and B, the doctrines' own
uniforms for A and B.

* Noise events are a Bernoulli(E) process on the *repetition-major line* (repetition i, turn t)
  ↦ i·turns + t, read from purpose k's generator as geometric gaps (by inversion, from
  uniforms drawn in fixed batches). Sparse noise costs time in proportion to errors, not moves.
* A randomising doctrine's uniforms come in groups of G = min(4096, max(1, 2**22 // turns))
  consecutive repetitions: group g has generator ``SeedSequence(seed, spawn_key=(k, g))`` and
  draws its (turns × G) single-precision uniforms turn by turn (row-major), so no transposing.

Either way, repetition i's result depends only on (seed, i, the duel's settings): not on how
many repetitions are played nor on the internal block size. A purpose that is off (zero
noise, deterministic doctrine) draws nothing and cannot shift the others.

Intervals are Student-t 95% intervals for the mean over repetitions of each repetition's mean
payoff per turn (repetitions are independent and identically distributed by construction).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from brink.analysis.intervals import mean_interval
from brink.deciders.doctrines import Doctrine, get_doctrine
from brink.errors import BrinkInputError, check_seed

NOISE_KINDS = ("execution", "perception", "both")
_BLOCK_BUDGET = 1 << 24  # (turns × repetitions) cells per block: at most 64 MB of float32 uniforms
_MAX_GAP = float(1 << 40)  # caps absurd gaps (p ≈ 0) so cumulative sums cannot overflow
_COUNTS = ("cc", "coop_a", "coop_b")


@dataclass(frozen=True)
class StagePayoffs:
    """The stage game's payoffs T > R > P > S (temptation, reward, punishment, sucker)."""

    t: float = 5.0
    r: float = 3.0
    p: float = 1.0
    s: float = 0.0

    def __post_init__(self) -> None:
        values = (self.t, self.r, self.p, self.s)
        if not all(math.isfinite(v) for v in values) or not self.t > self.r > self.p > self.s:
            raise BrinkInputError(
                f"payoffs: need finite T > R > P > S (a prisoner's dilemma), got "
                f"{','.join(f'{v:g}' for v in values)}"
            )

    @classmethod
    def parse(cls, text: str) -> StagePayoffs:
        """Read ``"T,R,P,S"``, e.g. ``"5,3,1,0"``."""
        parts = [part.strip() for part in text.split(",")]
        try:
            values = [float(part) for part in parts]
        except ValueError:
            values = []
        if len(values) != 4:
            raise BrinkInputError(f"payoffs: expected four numbers T,R,P,S, got {text!r}")
        return cls(*values)

    def as_tuple(self) -> tuple[float, float, float, float]:
        return (self.t, self.r, self.p, self.s)


def noise_levels(noise: float, kind: str) -> tuple[float, float]:
    """(execution, perception) probabilities for ``--noise E --noise-kind KIND``."""
    if not (math.isfinite(noise) and 0.0 <= noise <= 1.0):
        raise BrinkInputError(f"noise: must be a probability in [0, 1], got {noise:g}")
    if kind not in NOISE_KINDS:
        raise BrinkInputError(f"noise kind: expected one of {', '.join(NOISE_KINDS)}, got {kind!r}")
    execution = noise if kind in ("execution", "both") else 0.0
    perception = noise if kind in ("perception", "both") else 0.0
    return execution, perception


def purpose_generators(seed: int) -> list[np.random.Generator]:
    """The generators of the four noise purposes of a duel, in the order of the module doc."""
    check_seed(seed)
    return [np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(k,))) for k in range(4)]


class BernoulliLine:
    """Events of a Bernoulli(p) process on 0, 1, 2, ..., produced block by block.

    Gaps between events are geometric, drawn by inversion, ``1 + floor(log V / log(1 − p))`` with
    V uniform on (0, 1], from batches of ``batch`` uniforms; the batch size is fixed, so the
    events do not depend on how the line is cut into blocks.
    """

    def __init__(self, generator: np.random.Generator, p: float, batch: int = 1 << 16) -> None:
        self._generator, self._p, self._batch = generator, p, batch
        self._log_q = math.log1p(-p) if p < 1.0 else -math.inf
        self._pending = np.empty(0, dtype=np.int64)
        self._next = -1  # position of the last event drawn so far

    def take(self, end: int) -> np.ndarray:
        """Positions of all not-yet-taken events before ``end``, ascending."""
        parts = [self._pending]
        while self._next < end - 1:
            uniforms = 1.0 - self._generator.random(self._batch)
            with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
                gaps = np.floor(np.log(uniforms) / self._log_q)
            gaps = 1 + np.nan_to_num(np.minimum(gaps, _MAX_GAP), nan=0.0).astype(np.int64)
            positions = self._next + np.cumsum(gaps)
            self._next = int(positions[-1])
            parts.append(positions)
        events = np.concatenate(parts)
        cut = int(np.searchsorted(events, end))
        self._pending = events[cut:]
        return events[:cut]


class NoiseSource:
    """The flip masks of one purpose for consecutive blocks of repetitions.

    The mask is one reused buffer (only the previous block's events are cleared), so a mask is
    valid until the next call.
    """

    def __init__(self, generator: np.random.Generator, p: float, turns: int) -> None:
        self._line = BernoulliLine(generator, p) if p > 0 else None
        self._turns = turns
        self._origin = 0
        self._mask: np.ndarray | None = None
        self._set: tuple[np.ndarray, np.ndarray] | None = None

    def block(self, repetitions: int) -> np.ndarray | None:
        """A (turns, repetitions) boolean mask of flips, or None when this noise is off."""
        start, self._origin = self._origin, self._origin + repetitions * self._turns
        if self._line is None:
            return None
        if self._mask is None or self._mask.shape[1] < repetitions:
            self._mask = np.zeros((self._turns, repetitions), dtype=bool)
        elif self._set is not None:
            self._mask[self._set] = False
        events = self._line.take(self._origin) - start
        self._set = (events % self._turns, events // self._turns)
        self._mask[self._set] = True
        return self._mask[:, :repetitions]


def uniform_group(turns: int) -> int:
    """How many repetitions share one generator for a doctrine's uniforms (see module doc)."""
    return min(4096, max(1, _BLOCK_BUDGET // turns))


class UniformSource:
    """A randomising doctrine's uniforms for consecutive blocks of repetitions (see module doc)."""

    def __init__(self, seed: int, purpose: int, used: bool, turns: int) -> None:
        self._seed, self._purpose, self._used, self._turns = seed, purpose, used, turns
        self.group = uniform_group(turns)
        self._origin = 0
        self._values = np.empty(0, dtype=np.float32)
        self._drawn = -1  # the group whose uniforms are in the reused buffer ``_values``

    def _group_values(self, g: int) -> np.ndarray:
        if self._drawn != g:
            if self._values.size == 0:
                self._values = np.empty((self._turns, self.group), dtype=np.float32)
            sequence = np.random.SeedSequence(self._seed, spawn_key=(self._purpose, g))
            np.random.default_rng(sequence).random(out=self._values, dtype=np.float32)
            self._drawn = g
        return self._values

    def block(self, repetitions: int) -> np.ndarray:
        """(turns, repetitions) uniforms; a dummy row (and no draws) for a deterministic doctrine.

        Valid until the next call (buffers are reused). Single precision (steps of 2**-24)
        halves the cost and is ample for a probability.
        """
        start, self._origin = self._origin, self._origin + repetitions
        if not self._used:
            return np.zeros((1, repetitions), dtype=np.float32)
        width = self.group
        first, last = start // width, (start + repetitions - 1) // width
        if first == last:  # the usual case: a view, no copy
            offset = start - first * width
            return self._group_values(first)[:, offset : offset + repetitions]
        out = np.empty((self._turns, repetitions), dtype=np.float32)
        for g in range(first, last + 1):
            lo, hi = max(start, g * width), min(start + repetitions, (g + 1) * width)
            out[:, lo - start : hi - start] = self._group_values(g)[
                :, lo - g * width : hi - g * width
            ]
        return out


@dataclass(frozen=True)
class Totals:
    """Per-repetition totals over all turns: payoffs and number of cooperative moves played."""

    payoff_a: np.ndarray
    payoff_b: np.ndarray
    cooperations_a: np.ndarray
    cooperations_b: np.ndarray


def simulate(
    a: Doctrine,
    b: Doctrine,
    *,
    execution_noise: float,
    perception_noise: float,
    turns: int,
    repetitions: int,
    seed: int,
    payoffs: StagePayoffs,
    block: int | None = None,
) -> Totals:
    """Play the duel turn by turn, a block of repetitions at a time; per-repetition totals."""
    if block is None:  # a whole number of uniform groups, within the memory budget
        group = uniform_group(turns)
        block = min(repetitions, max(group, _BLOCK_BUDGET // turns // group * group))
    generators = purpose_generators(seed)
    noise = [
        NoiseSource(generator, level, turns)
        for generator, level in zip(
            generators, (execution_noise,) * 2 + (perception_noise,) * 2, strict=True
        )
    ]
    uniforms = [
        UniformSource(seed, 4, getattr(a, "stochastic", True), turns),
        UniformSource(seed, 5, getattr(b, "stochastic", True), turns),
    ]
    counts = {key: np.zeros(repetitions, dtype=np.int64) for key in _COUNTS}
    played = np.empty((2, turns, min(block, repetitions)), dtype=bool)  # reused by every block
    for first in range(0, repetitions, block):
        size = min(block, repetitions - first)
        played_a, played_b = played[0, :, :size], played[1, :, :size]
        flips = [source.block(size) for source in noise]
        _play_block(a, b, (played_a, played_b), flips, [u.block(size) for u in uniforms])
        _tally(
            {key: value[first : first + size] for key, value in counts.items()}, played_a, played_b
        )
    cc = counts["cc"]
    cd, dc = counts["coop_a"] - cc, counts["coop_b"] - cc
    dd = turns - cc - cd - dc
    t, r, p, s = payoffs.as_tuple()
    return Totals(
        payoff_a=r * cc + s * cd + t * dc + p * dd,
        payoff_b=r * cc + t * cd + s * dc + p * dd,
        cooperations_a=counts["coop_a"],
        cooperations_b=counts["coop_b"],
    )


def _play_block(
    a: Doctrine,
    b: Doctrine,
    played: tuple[np.ndarray, np.ndarray],
    flips: list[np.ndarray | None],
    uniforms: list[np.ndarray],
) -> None:
    """Step one block of repetitions through every turn, writing the moves actually played."""
    played_a, played_b = played
    turns, size = played_a.shape
    memory_a, memory_b = a.start(size), b.start(size)
    slip_a, slip_b, misread_a, misread_b = flips
    choice_a, choice_b = uniforms
    fixed_a = choice_a[0] if len(choice_a) == 1 else None  # a deterministic side's dummy row
    fixed_b = choice_b[0] if len(choice_b) == 1 else None
    intend_a, intend_b, observe_a, observe_b = a.intend, b.intend, a.observe, b.observe
    differ = np.not_equal
    for turn in range(turns):
        intended_a = intend_a(memory_a, turn, choice_a[turn] if fixed_a is None else fixed_a)
        intended_b = intend_b(memory_b, turn, choice_b[turn] if fixed_b is None else fixed_b)
        move_a, move_b = played_a[turn], played_b[turn]
        if slip_a is None:
            move_a[:] = intended_a
        else:
            differ(intended_a, slip_a[turn], out=move_a)
        if slip_b is None:
            move_b[:] = intended_b
        else:
            differ(intended_b, slip_b[turn], out=move_b)
        seen_by_a = move_b if misread_a is None else differ(move_b, misread_a[turn])
        seen_by_b = move_a if misread_b is None else differ(move_a, misread_b[turn])
        observe_a(memory_a, intended_a, move_a, seen_by_a)
        observe_b(memory_b, intended_b, move_b, seen_by_b)


def _tally(counts: dict[str, np.ndarray], played_a: np.ndarray, played_b: np.ndarray) -> None:
    """Add a block's outcome counts (integers, so totals are exact whatever the block size)."""
    counts["cc"] += (played_a & played_b).sum(axis=0, dtype=np.int32)
    counts["coop_a"] += played_a.sum(axis=0, dtype=np.int32)
    counts["coop_b"] += played_b.sum(axis=0, dtype=np.int32)


def t_interval(values: np.ndarray, level: float = 0.95) -> tuple[float, float | None, float | None]:
    """Mean and Student-t interval of the mean (``brink.analysis.intervals``); no interval
    (None, printed as null) from a single value."""
    if values.size < 2:
        return float(np.mean(values)), None, None
    return mean_interval(values, t_level=level)


@dataclass(frozen=True)
class DuelResult:
    """A duel's outcome and everything it is conditional on."""

    a: str
    b: str
    noise: float
    noise_kind: str
    turns: int
    repetitions: int
    seed: int
    payoffs: StagePayoffs
    per_turn_a: np.ndarray = field(repr=False)
    per_turn_b: np.ndarray = field(repr=False)
    cooperation_a: np.ndarray = field(repr=False)
    cooperation_b: np.ndarray = field(repr=False)

    def summary(self, side: str) -> tuple[float, float | None, float | None]:
        """(mean, lo, hi) of mean payoff per turn for side ``"a"`` or ``"b"``."""
        return t_interval(self.per_turn_a if side == "a" else self.per_turn_b)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object ``brink duel --json`` prints."""
        mean_a, lo_a, hi_a = self.summary("a")
        mean_b, lo_b, hi_b = self.summary("b")
        return {
            "a": self.a,
            "b": self.b,
            "noise": self.noise,
            "noise_kind": self.noise_kind,
            "turns": self.turns,
            "repetitions": self.repetitions,
            "seed": self.seed,
            "payoffs": dict(zip("TRPS", self.payoffs.as_tuple(), strict=True)),
            "mean_a": mean_a,
            "lo_a": lo_a,
            "hi_a": hi_a,
            "mean_b": mean_b,
            "lo_b": lo_b,
            "hi_b": hi_b,
            "cooperation_a": float(np.mean(self.cooperation_a)),
            "cooperation_b": float(np.mean(self.cooperation_b)),
            "interval": "95% Student-t interval of the mean over repetitions",
        }


def check_run(turns: int, repetitions: int) -> None:
    """Reject run sizes that cannot be played."""
    if turns < 1:
        raise BrinkInputError(f"turns: must be a positive whole number, got {turns}")
    if repetitions < 1:
        raise BrinkInputError(f"repetitions: must be a positive whole number, got {repetitions}")


def resolve(doctrine: Doctrine | str, payoffs: StagePayoffs) -> Doctrine:
    """A doctrine object from a name/spec (a bare ``gtft`` takes Molander's value for the game)."""
    if isinstance(doctrine, str):
        return get_doctrine(doctrine, payoffs=payoffs.as_tuple())
    return doctrine


def play_duel(
    a: Doctrine | str,
    b: Doctrine | str,
    *,
    noise: float = 0.0,
    noise_kind: str = "execution",
    turns: int = 200,
    repetitions: int = 1000,
    seed: int = 0,
    payoffs: StagePayoffs | None = None,
    block: int | None = None,
) -> DuelResult:
    """Play ``repetitions`` independent noisy duels of ``turns`` turns between ``a`` and ``b``."""
    payoffs = payoffs or StagePayoffs()
    execution, perception = noise_levels(noise, noise_kind)
    check_run(turns, repetitions)
    doctrine_a, doctrine_b = resolve(a, payoffs), resolve(b, payoffs)
    totals = simulate(
        doctrine_a,
        doctrine_b,
        execution_noise=execution,
        perception_noise=perception,
        turns=turns,
        repetitions=repetitions,
        seed=seed,
        payoffs=payoffs,
        block=block,
    )
    return DuelResult(
        a=spec_of(doctrine_a),
        b=spec_of(doctrine_b),
        noise=noise,
        noise_kind=noise_kind,
        turns=turns,
        repetitions=repetitions,
        seed=seed,
        payoffs=payoffs,
        per_turn_a=totals.payoff_a / turns,
        per_turn_b=totals.payoff_b / turns,
        cooperation_a=totals.cooperations_a / turns,
        cooperation_b=totals.cooperations_b / turns,
    )


def spec_of(doctrine: Doctrine) -> str:
    """The doctrine's name with its parameters (``gtft:0.3333``), as reported in results."""
    spec = getattr(doctrine, "spec", None)
    return spec() if callable(spec) else doctrine.name
