"""Pass-by-reference views of the tables and the state for compiled kernels.

Numba passes a NamedTuple by value: every call of a compiled function copied the ~60 arrays
of the tables and the ~50 of the state (kilobytes per call, a microsecond each), which cost
more than the model's arithmetic. A ``structref`` holds the same arrays (no copy) and is passed
as a pointer. Python code keeps using the NamedTuples; kernels get these views. The types are
defined at module level so that compiled kernels stay cached between runs.
"""

from __future__ import annotations

from numba import types
from numba.experimental import structref

from brink.model.state import BatchState
from brink.model.tables import Tables


@structref.register
class TablesType(types.StructRef):
    def preprocess_fields(self, fields):  # type: ignore[no-untyped-def]
        return tuple((name, types.unliteral(kind)) for name, kind in fields)


@structref.register
class StateType(types.StructRef):
    def preprocess_fields(self, fields):  # type: ignore[no-untyped-def]
        return tuple((name, types.unliteral(kind)) for name, kind in fields)


class TablesRef(structref.StructRefProxy):
    """The tables, by reference."""

    def __new__(cls, *values):  # type: ignore[no-untyped-def]
        return structref.StructRefProxy.__new__(cls, *values)


class StateRef(structref.StructRefProxy):
    """The state, by reference."""

    def __new__(cls, *values):  # type: ignore[no-untyped-def]
        return structref.StructRefProxy.__new__(cls, *values)


structref.define_proxy(TablesRef, TablesType, list(Tables._fields))
structref.define_proxy(StateRef, StateType, list(BatchState._fields))


def tables_ref(tables: Tables) -> TablesRef:
    """A by-reference view of the tables for kernels."""
    return TablesRef(*tables)


def state_ref(state: BatchState) -> StateRef:
    """A by-reference view of the state for kernels: the same arrays, no copy."""
    return StateRef(*state)
