"""Moved: the samplers of experimental designs live in :mod:`brink.experiments.design` (one
explicit table, no registration by import). Kept so older imports still work."""

from __future__ import annotations

from brink.experiments.design import SAMPLERS, Sampler, rows_for, to_inputs, unit_design

__all__ = ["SAMPLERS", "Sampler", "rows_for", "to_inputs", "unit_design"]
