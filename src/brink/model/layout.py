"""Fixed maxima and record layouts shared by the tables and the state.

Compiled kernels receive the scenario's tables as one numpy record and the batch state as an
array of per-episode records: both are passed by reference, so a kernel's helper functions
cost nanoseconds to call. Records need fixed sizes, hence these maxima (the scenario language
checks them, docs/scenarios.md, "Limits").
"""

from __future__ import annotations

import numpy as np

MAX_ACTORS = 8
MAX_ACTIONS = 32
MAX_TYPES = 4  # leader types in one seat's mixture
MAX_RED_LINES = 8  # per policy
MAX_OWN = MAX_ACTORS * MAX_ACTIONS
MAX_INPUTS = 512  # numeric inputs of a scenario (korea-2017 has about 130)

SHAPES = {
    "": (),
    "K": (MAX_ACTORS,),
    "KK": (MAX_ACTORS, MAX_ACTORS),
    "K2": (MAX_ACTORS, 2),  # per actor and type (0 irresolute, 1 resolute)
    "A": (MAX_ACTIONS,),
    "AK": (MAX_ACTIONS, MAX_ACTORS),
    "KA": (MAX_ACTORS, MAX_ACTIONS),
    "KT": (MAX_ACTORS, MAX_TYPES),
    "KTA": (MAX_ACTORS, MAX_TYPES, MAX_ACTIONS),
    "KTR": (MAX_ACTORS, MAX_TYPES, MAX_RED_LINES),
    "OWN": (MAX_OWN,),
}


def record_dtype(fields: list[tuple[str, type, str]]) -> np.dtype:
    """A structured dtype from (name, scalar type, shape key) triples.

    Flags are stored as uint8 (numba cannot index boolean sub-arrays of records).
    """
    return np.dtype(
        [
            (name, np.uint8 if kind is bool else kind, SHAPES[shape])
            if SHAPES[shape]
            else (name, np.uint8 if kind is bool else kind)
            for name, kind, shape in fields
        ],
        align=True,
    )
