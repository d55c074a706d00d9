"""One shape for a figure with its 95% interval: :class:`Estimate`.

Commands print estimates under the key they always used: ``{"mean", "lo", "hi"}`` for a mean
(and the cluster-robust probabilities of `brink compare`), ``{"p", "lo", "hi"}`` for a
proportion of episodes (`brink run`), ``{"value", "lo", "hi"}`` for a quantile. In Python it is
one type; ``key`` only remembers which name the JSON uses, so output stays byte-identical.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from brink.analysis.intervals import cluster_interval, mean_interval

if TYPE_CHECKING:
    import pandas as pd

#: The JSON names a value may carry, in the order they are looked for.
VALUE_KEYS = ("mean", "p", "value")


@dataclass(frozen=True)
class Estimate:
    """A value and its 95% interval (``lo``, ``hi``; NaN when there is none)."""

    value: float
    lo: float
    hi: float
    key: str = "mean"

    @classmethod
    def of_mean(cls, values: np.ndarray) -> Estimate:
        """The mean of independent values with its normal interval."""
        return cls(*mean_interval(np.asarray(values, dtype=float)))

    @classmethod
    def of_clusters(cls, per_draw: np.ndarray) -> Estimate:
        """The mean of per-draw means with its cluster-robust interval."""
        return cls(*cluster_interval(np.asarray(per_draw, dtype=float)))

    def clipped(self, low: float = 0.0, high: float = 1.0) -> Estimate:
        """The interval kept inside [low, high] (a probability's); a missing end becomes the
        bound, as the policy table has always printed it."""
        return replace(self, lo=max(low, self.lo), hi=min(high, self.hi))

    @property
    def width(self) -> float:
        return self.hi - self.lo

    def excludes(self, x: float = 0.0) -> bool:
        """The interval lies wholly on one side of ``x`` (a difference told apart from 0)."""
        return bool(self.lo > x or self.hi < x)

    def to_json(self) -> dict[str, float]:
        return {self.key: self.value, "lo": self.lo, "hi": self.hi}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Estimate:
        key = next((k for k in VALUE_KEYS if k in data), None)
        if key is None:
            raise ValueError(f"an estimate needs one of {', '.join(VALUE_KEYS)} (got {list(data)})")

        def number(x: Any) -> float:
            return math.nan if x is None else x

        return cls(number(data[key]), number(data["lo"]), number(data["hi"]), key)

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame([{"value": self.value, "lo": self.lo, "hi": self.hi}])
