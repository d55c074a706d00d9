"""Experimental designs over a scenario's uncertain inputs (the 'draws' of an experiment).

A design is a matrix in the unit cube, one row per draw and one column per uncertain input;
each column is mapped through its input's inverse CDF, so draws follow the scenario's stated
distributions. Latin hypercube by default (McKay, Beckman & Conover 1979); scrambled Sobol'
points when asked (Owen 1998). Samplers for sensitivity designs (Morris, Saltelli) register
here too, so every experiment is built and stored the same way.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from brink.errors import BrinkInputError
from brink.scenario.params import Param

Sampler = Callable[[int, int, int], np.ndarray]
SAMPLERS: dict[str, Sampler] = {}


def register(name: str) -> Callable[[Sampler], Sampler]:
    def wrap(fn: Sampler) -> Sampler:
        SAMPLERS[name] = fn
        return fn

    return wrap


@register("lhs")
def latin_hypercube(samples: int, dimensions: int, seed: int) -> np.ndarray:
    """Latin hypercube: each input's range cut into ``samples`` strata, one draw per stratum."""
    from scipy.stats import qmc

    return qmc.LatinHypercube(d=dimensions, seed=np.random.default_rng(seed)).random(samples)


@register("sobol")
def sobol_points(samples: int, dimensions: int, seed: int) -> np.ndarray:
    """Scrambled Sobol' low-discrepancy points (balanced when ``samples`` is a power of 2)."""
    import warnings

    from scipy.stats import qmc

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # non-power-of-2 balance warning
        return qmc.Sobol(d=dimensions, scramble=True, seed=np.random.default_rng(seed)).random(
            samples
        )


def unit_design(sampler: str, samples: int, dimensions: int, seed: int) -> np.ndarray:
    """The design in the unit cube, shape (rows, dimensions); rows may exceed ``samples``
    for samplers whose size is set by the method (Morris, Saltelli)."""
    if sampler not in SAMPLERS:
        import brink.analysis.sensitivity  # noqa: F401  (registers the morris and saltelli samplers)
    if sampler not in SAMPLERS:
        known = ", ".join(sorted(SAMPLERS))
        raise BrinkInputError(f"--sampler: unknown sampler {sampler!r} (known: {known})")
    if samples < 1:
        raise BrinkInputError(f"--samples: expected a positive number (got {samples})")
    design = np.asarray(SAMPLERS[sampler](samples, dimensions, seed), dtype=float)
    return np.clip(design, 0.0, np.nextafter(1.0, 0.0))


#: Draws per sample of the samplers whose design size is set by the method: a Morris
#: trajectory has D + 1 points, a Saltelli block (first and total order) D + 2.
_ROWS_PER_SAMPLE = {"morris": 1, "saltelli": 2}


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
