"""Numeric inputs of a scenario: a value or a distribution, always with its provenance.

Every number an analyst puts in a scenario says where it comes from: a ``source`` (a citation)
or ``judgement: true`` (the modeller's call, ideally explained in ``note``). Uncertain inputs
are distributions; the engine samples them per episode (or per experiment draw) and uses the
``nominal`` value where one number is needed.
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Param(BaseModel):
    """One numeric input: fixed (``value``) or uncertain (``dist`` with its bounds)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    value: float | None = Field(None, description="Fixed value (omit when `dist` is given).")
    dist: Literal["uniform", "triangular", "loguniform", "beta"] | None = Field(
        None, description="Distribution of an uncertain input."
    )
    low: float | None = Field(None, description="Lower bound (uniform, triangular, loguniform).")
    high: float | None = Field(None, description="Upper bound (uniform, triangular, loguniform).")
    mode: float | None = Field(None, description="Most likely value (triangular).")
    a: float | None = Field(None, description="Beta shape a.", gt=0)
    b: float | None = Field(None, description="Beta shape b.", gt=0)
    source: str | None = Field(None, description="Citation for the value or range.")
    judgement: bool = Field(False, description="True when the value is the modeller's judgement.")
    note: str | None = Field(None, description="Reasoning behind a judgement, or caveats.")
    reporting: bool = Field(
        False,
        description="The input only feeds reported figures (no decision or outcome depends on "
        "it); `brink effects` then does not count it as inert.",
    )

    @model_validator(mode="after")
    def _check_shape(self) -> Param:
        if not self.source and not self.judgement:
            raise ValueError("needs `source:` (a citation) or `judgement: true`")
        if self.dist is None:
            if self.value is None:
                raise ValueError("needs `value:` or `dist:` with its bounds")
            if not math.isfinite(self.value):
                raise ValueError("`value` must be a finite number")
            return self
        if self.value is not None:
            raise ValueError("give either `value` or `dist`, not both")
        if self.dist == "beta":
            if self.a is None or self.b is None:
                raise ValueError("`dist: beta` needs `a` and `b` (both > 0)")
            return self
        if self.low is None or self.high is None:
            raise ValueError(f"`dist: {self.dist}` needs `low` and `high`")
        if not (math.isfinite(self.low) and math.isfinite(self.high)) or self.low > self.high:
            raise ValueError("`low` must be a finite number not above `high`")
        if self.dist == "loguniform" and self.low <= 0:
            raise ValueError("`dist: loguniform` needs `low` > 0")
        if self.dist == "triangular" and (
            self.mode is None or not (self.low <= self.mode <= self.high)
        ):
            raise ValueError("`dist: triangular` needs `mode` between `low` and `high`")
        return self

    @property
    def uncertain(self) -> bool:
        """True when the input is a distribution rather than a point."""
        return self.dist is not None and not (self.dist != "beta" and self.low == self.high)

    @property
    def nominal(self) -> float:
        """The single value used when one number is needed: the value, or the mean."""
        if self.dist is None:
            assert self.value is not None
            return float(self.value)
        if self.dist == "beta":
            assert self.a is not None and self.b is not None
            return self.a / (self.a + self.b)
        assert self.low is not None and self.high is not None
        if self.dist == "uniform":
            return (self.low + self.high) / 2
        if self.dist == "triangular":
            assert self.mode is not None
            return (self.low + self.mode + self.high) / 3
        if self.low == self.high:
            return self.low
        return (self.high - self.low) / math.log(self.high / self.low)

    def quantile(self, u):  # type: ignore[no-untyped-def]
        """Inverse CDF at ``u`` (array or float in [0, 1)): maps uniforms to this input."""
        import numpy as np

        u = np.asarray(u, dtype=float)
        if self.dist is None:
            return np.full(u.shape, float(self.value))  # type: ignore[arg-type]
        if self.dist == "uniform":
            return self.low + (self.high - self.low) * u  # type: ignore[operator]
        if self.dist == "loguniform":
            lo, hi = math.log(self.low), math.log(self.high)  # type: ignore[arg-type]
            return np.exp(lo + (hi - lo) * u)
        if self.dist == "triangular":
            assert self.low is not None and self.high is not None and self.mode is not None
            lo, hi, mo = self.low, self.high, self.mode
            if hi == lo:
                return np.full(u.shape, lo)
            cut = (mo - lo) / (hi - lo)
            left = lo + np.sqrt(u * (hi - lo) * (mo - lo))
            right = hi - np.sqrt((1 - u) * (hi - lo) * (hi - mo))
            return np.where(u < cut, left, right)
        from scipy.stats import beta

        return beta.ppf(u, self.a, self.b)

    def bounds(self) -> tuple[float, float]:
        """Support of the input (for sensitivity analysis and plots)."""
        if self.dist is None:
            return (float(self.value), float(self.value))  # type: ignore[arg-type]
        if self.dist == "beta":
            return (0.0, 1.0)
        return (float(self.low), float(self.high))  # type: ignore[arg-type]

    def describe(self) -> str:
        """Short human description: ``0.2 (judgement)`` or ``uniform 0.05–0.3 (CRS R44994)``."""
        if self.dist is None:
            body = f"{self.value:g}"
        elif self.dist == "beta":
            body = f"beta(a={self.a:g}, b={self.b:g})"
        elif self.dist == "triangular":
            body = f"triangular {self.low:g}–{self.mode:g}–{self.high:g}"
        else:
            body = f"{self.dist} {self.low:g}–{self.high:g}"
        origin = self.source if self.source else "judgement"
        return f"{body} ({origin})"
