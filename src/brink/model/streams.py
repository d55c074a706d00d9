"""Counter-based random streams: every number is a pure function of (seed, episode, turn, slot).

Why not one Generator per episode: creating a million Generators costs seconds, and a shared
Generator makes results depend on batch size and worker count. Instead each episode gets a
64-bit key derived from ``SeedSequence(seed)`` and its (draw, replication) coordinates, and the
uniforms for turn ``t`` are SplitMix64 outputs at counter positions that depend only on ``t`` and
the slot. The same episode therefore sees the same numbers whether it runs alone (``brink
narrate``), in a batch of a million, or on another worker (Salmon et al. 2011, "Parallel random
numbers: as easy as 1, 2, 3", counter-based generators).

Keys depend on (draw, replication) but not on the policy, so every policy meets the same luck:
common random numbers, which make differences between policies sharp.
"""

from __future__ import annotations

import numpy as np
from numba import njit

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30, _S27, _S31 = np.uint64(30), np.uint64(27), np.uint64(31)
_TO_UNIT = 2.0**-32

#: Slots reserved per turn; the sampling of uncertain inputs uses its own counter range.
SLOTS_PER_TURN = 512
INPUT_STREAM = 1 << 40
DRAW_STREAM = 1 << 41


def mix64(x: np.ndarray) -> np.ndarray:
    """SplitMix64 finaliser (Steele, Lea & Flood 2014), in place on a uint64 array."""
    with np.errstate(over="ignore"):
        x ^= x >> _S30
        x *= _M1
        x ^= x >> _S27
        x *= _M2
        x ^= x >> _S31
    return x


def _root(seed: int) -> np.ndarray:
    from brink.errors import check_seed

    return np.random.SeedSequence(check_seed(int(seed))).generate_state(2, np.uint64)


def draw_keys(seed: int, draws: np.ndarray) -> np.ndarray:
    """Keys for sampling uncertain inputs: one per draw (shared by its replications)."""
    root = _root(seed)
    with np.errstate(over="ignore"):
        x = np.asarray(draws, dtype=np.uint64) * _GOLDEN + root[0] + np.uint64(DRAW_STREAM)
    return mix64(mix64(x) ^ root[1])


def episode_keys(seed: int, draws: np.ndarray, replications: np.ndarray) -> np.ndarray:
    """Keys for an episode's turn-by-turn randomness, from (seed, draw, replication)."""
    base = draw_keys(seed, draws)
    with np.errstate(over="ignore"):
        x = base ^ mix64(np.asarray(replications, dtype=np.uint64) * _GOLDEN + _M1)
    return mix64(x)


def uniforms(keys: np.ndarray, stream: int, count: int) -> np.ndarray:
    """``count`` uniforms in [0, 1) per key for one stream, shape (len(keys), count).

    Each 64-bit SplitMix64 output yields two 32-bit uniforms (resolution 2**-32).
    """
    pairs = (count + 1) // 2
    counters = np.arange(pairs, dtype=np.uint64) + np.uint64(stream * SLOTS_PER_TURN + 1)
    with np.errstate(over="ignore"):
        offsets = counters * _GOLDEN
        x = keys[:, None] + offsets[None, :]
    mix64(x)
    # Each 64-bit output read as two 32-bit halves: one conversion, one scaling.
    out = x.view(np.uint32).astype(np.float64)
    out *= _TO_UNIT
    return out[:, :count]


_U64_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


@njit(cache=True, error_model="numpy")
def _mix(x: np.uint64) -> np.uint64:
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


@njit(cache=True, error_model="numpy")
def uniform_at(key: np.uint64, stream: int, index: int) -> float:
    """The uniform ``uniforms(keys, stream, count)[e, index]`` gives for ``keys[e] == key``.

    The compiled kernels draw each number where it is used, so an episode's luck is the same
    whichever code path draws it (the vectorised and the compiled one agree bit for bit).
    """
    counter = np.uint64(stream * SLOTS_PER_TURN + 1 + index // 2)
    x = _mix(key + counter * _U64_GOLDEN)
    half = x & np.uint64(0xFFFFFFFF) if index % 2 == 0 else x >> np.uint64(32)
    return float(half) * 2.0**-32


@njit(cache=True, error_model="numpy")
def uniform_pair(key: np.uint64, stream: int, index: int) -> tuple[float, float]:
    """``(uniform_at(key, stream, index), uniform_at(key, stream, index + 1))`` for an even
    ``index``: the two halves of one 64-bit output, mixed once."""
    counter = np.uint64(stream * SLOTS_PER_TURN + 1 + index // 2)
    x = _mix(key + counter * _U64_GOLDEN)
    low = float(x & np.uint64(0xFFFFFFFF)) * 2.0**-32
    high = float(x >> np.uint64(32)) * 2.0**-32
    return low, high
