"""Property-based: mutated scenario files never crash the loader, they fail in one clear line."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brink.errors import BrinkInputError
from brink.scenario.loader import load

KOREA = Path(__file__).resolve().parents[2] / "src/brink/scenario/library/korea-2017.yaml"
BASE = yaml.safe_load(KOREA.read_text())

junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


PATHS = _paths(BASE)


def _mutate(data: dict, path: tuple, action: str, value: Any) -> dict:
    mutated = copy.deepcopy(data)
    parent: Any = mutated
    for key in path[:-1]:
        parent = parent[key]
    last = path[-1]
    if action == "delete" and isinstance(parent, dict):
        del parent[last]
    elif action == "rename" and isinstance(parent, dict):
        parent[f"{last}_x"] = parent.pop(last)
    else:
        parent[last] = value
    return mutated


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    index=st.integers(0, len(PATHS) - 1),
    action=st.sampled_from(["replace", "delete", "rename"]),
    value=junk,
)
def test_mutations_load_or_fail_in_one_line(
    tmp_path_factory, index: int, action: str, value: Any
) -> None:  # type: ignore[no-untyped-def]
    mutated = _mutate(BASE, PATHS[index], action, value)
    path = tmp_path_factory.mktemp("fuzz") / "mutant.yaml"
    path.write_text(yaml.safe_dump(mutated, allow_unicode=True))
    try:
        load(str(path))
    except BrinkInputError as error:
        message = str(error)
        assert message.startswith(str(path))
        assert "\n" not in message
        assert "Traceback" not in message


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_fails_cleanly(text: str) -> None:
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as handle:
        handle.write(text)
    try:
        load(handle.name)
    except BrinkInputError as error:
        assert "\n" not in str(error)
