"""Experimental designs over a scenario's uncertain inputs (the 'draws' of an experiment).

A design is a matrix in the unit cube, one row per draw and one column per uncertain input;
each column is mapped through its input's inverse CDF, so draws follow the scenario's stated
distributions. Latin hypercube by default (McKay, Beckman & Conover 1979); scrambled Sobol'
points when asked (Owen 1998); Morris trajectories (Morris 1991) and Saltelli's design for
Sobol' indices (Saltelli 2002) for sensitivity designs. Every sampler is listed in
:data:`SAMPLERS` below — one table, no registration by import — so every experiment is built
and stored the same way whichever sampler made it.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from brink.errors import BrinkParameterError
from brink.scenario.params import Param

Sampler = Callable[[int, int, int], np.ndarray]
#: Levels of the Morris grid in the unit cube.
MORRIS_LEVELS = 4


def latin_hypercube(samples: int, dimensions: int, seed: int) -> np.ndarray:
    """Latin hypercube: each input's range cut into ``samples`` strata, one draw per stratum."""
    from scipy.stats import qmc

    return qmc.LatinHypercube(d=dimensions, seed=np.random.default_rng(seed)).random(samples)


def sobol_points(samples: int, dimensions: int, seed: int) -> np.ndarray:
    """Scrambled Sobol' low-discrepancy points (balanced when ``samples`` is a power of 2)."""
    from scipy.stats import qmc

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # non-power-of-2 balance warning
        return qmc.Sobol(d=dimensions, scramble=True, seed=np.random.default_rng(seed)).random(
            samples
        )


def salib_problem(dimensions: int) -> dict[str, Any]:
    """SALib's problem over the unit cube (inputs are mapped to their ranges afterwards)."""
    return {
        "num_vars": dimensions,
        "names": [f"x{i}" for i in range(dimensions)],
        "bounds": [[0.0, 1.0]] * dimensions,
    }


def morris_design(samples: int, dimensions: int, seed: int) -> np.ndarray:
    """``samples`` Morris trajectories of ``dimensions + 1`` points on a 4-level grid."""
    from SALib.sample import morris

    if samples < 2:
        raise BrinkParameterError(
            "samples", f"Morris needs at least 2 trajectories (got {samples})"
        )
    return morris.sample(salib_problem(dimensions), samples, num_levels=MORRIS_LEVELS, seed=seed)


def saltelli_design(samples: int, dimensions: int, seed: int) -> np.ndarray:
    """Saltelli's design for first and total Sobol' indices: ``samples·(dimensions + 2)`` rows
    from a scrambled Sobol' sequence (``samples`` a power of 2 is best)."""
    from SALib.sample import sobol

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SALib warns when samples is not a power of 2
        return sobol.sample(
            salib_problem(dimensions), samples, calc_second_order=False, scramble=True, seed=seed
        )


#: Every sampler, by the name the ``sampler`` parameter (``--sampler``) and the manifest use.
SAMPLERS: dict[str, Sampler] = {
    "lhs": latin_hypercube,
    "sobol": sobol_points,
    "morris": morris_design,
    "saltelli": saltelli_design,
}
#: Draws per sample of the samplers whose design size is set by the method: a Morris
#: trajectory has D + 1 points, a Saltelli block (first and total order) D + 2.
_ROWS_PER_SAMPLE = {"morris": 1, "saltelli": 2}


def unit_design(sampler: str, samples: int, dimensions: int, seed: int) -> np.ndarray:
    """The design in the unit cube, shape (rows, dimensions); rows may exceed ``samples``
    for samplers whose size is set by the method (Morris, Saltelli)."""
    if sampler not in SAMPLERS:
        known = ", ".join(sorted(SAMPLERS))
        raise BrinkParameterError("sampler", f"unknown sampler {sampler!r} (known: {known})")
    if samples < 1:
        raise BrinkParameterError("samples", f"expected a positive number (got {samples})")
    design = np.asarray(SAMPLERS[sampler](samples, dimensions, seed), dtype=float)
    return np.clip(design, 0.0, np.nextafter(1.0, 0.0))


def rows_for(sampler: str, samples: int, params: dict[str, Param]) -> int:
    """How many draws ``unit_design`` will make (to size a run before sampling it)."""
    extra = _ROWS_PER_SAMPLE.get(sampler)
    return max(0, samples) * (1 if extra is None else len(params) + extra)


def to_inputs(unit: np.ndarray, params: dict[str, Param]) -> dict[str, np.ndarray]:
    """Map unit-cube columns to input values through each input's distribution."""
    return {
        path: np.asarray(param.quantile(unit[:, column]), dtype=float)
        for column, (path, param) in enumerate(params.items())
    }
