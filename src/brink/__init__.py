"""Brink: model, simulate and analyse international crises.

The public API is re-exported here lazily so that ``import brink`` stays light.
"""

from __future__ import annotations

__version__ = "0.1.0"
