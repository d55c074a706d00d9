"""The reference's pure-Python uniforms are the engine's, bit for bit."""

from __future__ import annotations

import numpy as np

from brink.model.streams import episode_keys, uniform_at, uniforms
from brink.reference.streams import uniform_at as reference_uniform_at
from brink.vocabulary import STREAM_DECIDE, STREAMS_PER_TURN


def test_reference_uniforms_are_the_engines() -> None:
    keys = episode_keys(7, np.arange(50), np.arange(50) % 3)
    for stream in (0, 5, 6, STREAMS_PER_TURN + STREAM_DECIDE, 52 * STREAMS_PER_TURN + 11):
        table = uniforms(keys, stream, 41)
        for e, key in enumerate(keys):
            for index in range(41):
                expected = table[e, index]
                assert reference_uniform_at(int(key), stream, index) == expected
                assert uniform_at(key, stream, index) == expected


def test_known_answer() -> None:
    """Key 0, stream 0: the first SplitMix64 output from seed 0 is 0xE220A8397B1DCDAF (Vigna's
    reference splitmix64.c), read low half first."""
    assert reference_uniform_at(0, 0, 0) == 0x7B1DCDAF * 2.0**-32
    assert reference_uniform_at(0, 0, 1) == 0xE220A839 * 2.0**-32
    assert uniform_at(np.uint64(0), 0, 0) == reference_uniform_at(0, 0, 0)
