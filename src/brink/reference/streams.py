"""The engine's counter-based uniforms, in plain Python integers.

An episode of the reference must meet exactly the luck the engine's episode meets, so the
numbers come from the same function of (key, stream, index): SplitMix64 (Steele, Lea & Flood
2014) at counter ``stream · 512 + 1 + index // 2``, each 64-bit output read as two 32-bit
halves. Written out here with Python's unbounded integers (masked to 64 bits) instead of
calling the compiled ``brink.model.streams.uniform_at``, so a change to one shows up as a
disagreement with the other (``tests/reference/test_streams.py``).
"""

from __future__ import annotations

MASK64 = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15
SLOTS_PER_TURN = 512
TO_UNIT = 2.0**-32


def mix64(x: int) -> int:
    """The SplitMix64 finaliser on a 64-bit integer."""
    x ^= x >> 30
    x = (x * 0xBF58476D1CE4E5B9) & MASK64
    x ^= x >> 27
    x = (x * 0x94D049BB133111EB) & MASK64
    return x ^ (x >> 31)


def uniform_at(key: int, stream: int, index: int) -> float:
    """Uniform number ``index`` of ``stream`` for an episode with this 64-bit key, in [0, 1)."""
    counter = (stream * SLOTS_PER_TURN + 1 + index // 2) & MASK64
    x = mix64((key + counter * GOLDEN) & MASK64)
    half = x & 0xFFFFFFFF if index % 2 == 0 else x >> 32
    return half * TO_UNIT
