"""The numeric inputs of a scenario as a flat table: path → Param, and their sampling.

Paths are the same dotted paths `--set` uses (``actors.US.war_cost``), so an analyst can read a
sensitivity chart, fix the input it names, and run again.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

import numpy as np
from pydantic import BaseModel

from brink.scenario.params import Param
from brink.scenario.schema import Scenario


def iter_params(model: BaseModel | dict | list, prefix: str = "") -> Iterator[tuple[str, Param]]:
    """Yield every (dotted path, Param) inside a scenario model, in a stable order."""
    if isinstance(model, Param):
        yield prefix, model
        return
    if isinstance(model, BaseModel):
        items = ((name, getattr(model, name)) for name in type(model).model_fields)
    elif isinstance(model, dict):
        items = ((str(k), v) for k, v in model.items())
    elif isinstance(model, list):
        items = ((getattr(v, "id", str(i)), v) for i, v in enumerate(model))
    else:
        return
    for name, value in items:
        if isinstance(value, BaseModel | dict | list):
            yield from iter_params(value, f"{prefix}.{name}" if prefix else name)


def param_table(scenario: Scenario) -> dict[str, Param]:
    """All numeric inputs by path."""
    return dict(iter_params(scenario))


#: Mechanism blocks a scenario can switch off (``<block>.enabled: false``).
SWITCHED_BLOCKS = (
    "perception",
    "accidents",
    "knot",
    "sanctions",
    "capability",
    "alliance",
    "approval",
    "negotiation",
    "fading",
)


def switched_off(scenario: Scenario) -> set[str]:
    """Paths of the inputs of switched-off blocks and channels: drawn (so switching a block
    back on by ``--set`` needs nothing else) but unable to change anything as the scenario
    stands, so experiments neither sample nor rank them."""
    out: set[str] = set()
    table = param_table(scenario)
    for block in SWITCHED_BLOCKS:
        if not getattr(scenario, block).enabled:
            out |= {path for path in table if path.startswith(f"{block}.")}
    for name, channel in scenario.channels.items():
        if not channel.enabled:
            out |= {path for path in table if path.startswith(f"channels.{name}.")}
    return out


def uncertain_inputs(scenario: Scenario) -> dict[str, Param]:
    """The inputs given as distributions that can matter as the scenario stands: what
    experiments sample and sensitivity ranks (inputs of switched-off parts are left out)."""
    off = switched_off(scenario)
    return {path: p for path, p in param_table(scenario).items() if p.uncertain and path not in off}


def stream_of(path: str) -> int:
    """A stable stream number for an input, independent of how many other inputs exist."""
    return zlib.crc32(path.encode())


class InputValues:
    """Per-episode values of every input: arrays for sampled inputs, floats for fixed ones."""

    def __init__(self, values: dict[str, np.ndarray | float]) -> None:
        self._values = values

    def __getitem__(self, path: str) -> np.ndarray | float:
        return self._values[path]

    def paths(self) -> list[str]:
        return list(self._values)

    def __contains__(self, path: object) -> bool:
        return path in self._values

    def col(self, path: str) -> np.ndarray | float:
        """The input shaped to broadcast against (episodes, actions) arrays."""
        value = self._values[path]
        return value[:, None] if isinstance(value, np.ndarray) else value

    def get(self, path: str, default: float | None = None) -> np.ndarray | float | None:
        return self._values.get(path, default)

    def sampled(self) -> dict[str, np.ndarray]:
        """Only the inputs that vary across episodes."""
        return {k: v for k, v in self._values.items() if isinstance(v, np.ndarray)}

    def subset(self, index: np.ndarray) -> InputValues:
        return InputValues(
            {k: (v[index] if isinstance(v, np.ndarray) else v) for k, v in self._values.items()}
        )


def sample_inputs(
    scenario: Scenario,
    keys: np.ndarray,
    fixed: dict[str, np.ndarray] | None = None,
) -> InputValues:
    """Draw each uncertain input once per key (per draw); ``fixed`` supplies given columns.

    Fixed-value inputs stay Python floats so the engine broadcasts them for free.
    """
    from brink.model.streams import INPUT_STREAM, uniforms

    fixed = fixed or {}
    values: dict[str, np.ndarray | float] = {}
    for path, param in param_table(scenario).items():
        if path in fixed:
            values[path] = np.asarray(fixed[path], dtype=float)
        elif param.uncertain:
            u = uniforms(keys, INPUT_STREAM + stream_of(path), 1)[:, 0]
            values[path] = np.asarray(param.quantile(u), dtype=float)
        else:
            values[path] = param.nominal
    return InputValues(values)
