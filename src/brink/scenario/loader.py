"""Load a scenario file (or a built-in by name), apply `--set` overrides, validate.

Errors become one line naming the file, the line where there is one, the field and what was
expected: ``korea.yaml:42: actors.US.war_cost: needs `source:` ...``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from brink.errors import BrinkInputError, located
from brink.scenario import yaml_safe
from brink.scenario.schema import Scenario

LIBRARY_PACKAGE = "brink.scenario.library"
_ROLE_TAGS = {"principal", "third_party", "ally"}


@dataclass(frozen=True)
class LoadedScenario:
    """A validated scenario with where it came from and a content hash for run manifests."""

    scenario: Scenario
    origin: str
    sha256: str
    overrides: tuple[str, ...] = ()


def builtin_names() -> list[str]:
    """Names of the scenarios shipped with Brink."""
    folder = resources.files(LIBRARY_PACKAGE)
    return sorted(p.name[: -len(".yaml")] for p in folder.iterdir() if p.name.endswith(".yaml"))


def _read_source(name_or_path: str) -> tuple[str, str]:
    """Return (origin label, text) for a built-in name or a file path."""
    if name_or_path in builtin_names():
        text = resources.files(LIBRARY_PACKAGE).joinpath(f"{name_or_path}.yaml").read_text()
        return f"{name_or_path}.yaml", text
    path = Path(name_or_path)
    if not path.exists():
        known = ", ".join(builtin_names())
        raise BrinkInputError(
            located(
                name_or_path, None, None, f"no such scenario file or built-in (built-ins: {known})"
            )
        )
    if not path.is_file():  # a folder, a FIFO or a device would fail, or never end
        raise BrinkInputError(located(str(path), None, None, "not a regular file"))
    yaml_safe.check_size(path.stat().st_size, str(path))  # before reading a 10 GB file
    try:
        return str(path), path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise BrinkInputError(located(str(path), None, None, f"cannot read: {error}")) from None


def _line_map(node: yaml.Node, prefix: tuple[str, ...], lines: dict[tuple[str, ...], int]) -> None:
    """Record the 1-based line of every mapping key and sequence item by its path."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            path = (*prefix, str(key_node.value))
            lines[path] = key_node.start_mark.line + 1
            _line_map(value_node, path, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            path = (*prefix, str(index))
            lines[path] = item.start_mark.line + 1
            _line_map(item, path, lines)


def _parse_yaml(origin: str, text: str) -> tuple[Any, dict[tuple[str, ...], int]]:
    try:
        data, root = yaml_safe.parse(text, origin)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise BrinkInputError(located(origin, line, None, f"malformed YAML: {problem}")) from None
    lines: dict[tuple[str, ...], int] = {}
    if root is not None:
        _line_map(root, (), lines)
    if not isinstance(data, dict):
        raise BrinkInputError(located(origin, 1, None, "expected a mapping of scenario fields"))
    return data, lines


def _field_path(loc: tuple[Any, ...]) -> tuple[str, ...]:
    """Pydantic's error location as a file path: drop union tags such as 'principal'."""
    parts = [str(p) for p in loc]
    cleaned: list[str] = []
    for index, part in enumerate(parts):
        if index == 2 and parts[0] == "actors" and part in _ROLE_TAGS:
            continue
        if part.startswith("function-after") or part.startswith("tagged-union"):
            continue
        cleaned.append(part)
    return tuple(cleaned)


def _nearest_line(path: tuple[str, ...], lines: dict[tuple[str, ...], int]) -> int | None:
    for end in range(len(path), 0, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None


_MESSAGE_PATH = re.compile(r"^([A-Za-z_][\w.\-\[\]]*): ")


def _validation_message(origin: str, error: ValidationError, lines: dict) -> str:
    first = error.errors()[0]
    path = _field_path(tuple(first["loc"]))
    message = str(first["msg"]).removeprefix("Value error, ")
    if first["type"] == "extra_forbidden":
        message = "unknown key (not part of the scenario language)"
    elif first["type"] == "missing":
        message = "required field is missing"
    elif "input" in first and first["type"] not in ("value_error", "assertion_error"):
        message = f"{message} (got {first['input']!r})"[:300]
    inner = _MESSAGE_PATH.match(message)
    if inner and not path:
        dotted = inner.group(1).replace("[", ".").replace("]", "")
        path = tuple(dotted.split("."))
        message = message[inner.end() :]
    field = ".".join(path) if path else None
    return located(origin, _nearest_line(path, lines), field, message)


def _error_path(error: ValidationError) -> tuple[tuple[str, ...], str]:
    """The field path and message of the first validation error (cross-checks included)."""
    first = error.errors()[0]
    path = _field_path(tuple(first["loc"]))
    message = str(first["msg"]).removeprefix("Value error, ")
    if first["type"] == "extra_forbidden":
        message = "unknown field (not part of the scenario language)"
    inner = _MESSAGE_PATH.match(message)
    if inner and not path:
        path = tuple(inner.group(1).replace("[", ".").replace("]", "").split("."))
        message = message[inner.end() :]
    return path, message


def _override_message(
    error: ValidationError, set_paths: list[tuple[str, ...]], origin: str
) -> str | None:
    """Blame `--set` (not the file) when the first error lies on an overridden path."""
    path, message = _error_path(error)
    for parts in set_paths:
        if path and (path[: len(parts)] == parts or parts[: len(path)] == path):
            return f"--set {'.'.join(parts)}: {message} (in {origin})"
    return None


def apply_override(data: dict[str, Any], assignment: str, origin: str) -> tuple[str, ...]:
    """Apply one ``path=value`` override to raw scenario data (before validation).

    A number set on a numeric input fixes it (``{value: v, judgement: true}``); other values
    are parsed as YAML scalars (true, false, text). A field the file leaves to its default can
    be set too (validation then rejects names that are not part of the language). Returns the
    path, for error messages.
    """
    if "=" not in assignment:
        raise BrinkInputError(
            f"--set {assignment}: expected PATH=VALUE, e.g. channels.us-dprk.enabled=true"
        )
    path_text, raw_value = assignment.split("=", 1)
    parts = [p for p in path_text.strip().split(".") if p]
    if not parts:
        raise BrinkInputError(f"--set {assignment}: empty path")
    try:
        value = yaml_safe.parse_value(raw_value, f"--set {path_text}") if raw_value.strip() else ""
    except yaml.YAMLError:
        value = raw_value
    node: Any = data
    for depth, part in enumerate(parts[:-1]):
        optional_block = depth > 0 or part in Scenario.model_fields
        if isinstance(node, dict) and part not in node and optional_block:
            node[part] = {}  # a block the file leaves to its defaults
        node = _child(node, part, parts[: depth + 1], origin)
    last = parts[-1]
    container = node
    if isinstance(container, dict) and last not in container and len(parts) > 1:
        container[last] = value
        return tuple(parts)
    current = _child(container, last, parts, origin)
    if isinstance(current, dict) and ("value" in current or "dist" in current):
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise BrinkInputError(
                f"--set {path_text}: expected a number for this input (got {raw_value!r})"
            )
        current = {"value": float(value), "judgement": True, "note": "set on the command line"}
    else:
        current = value
    if isinstance(container, list):
        container[_list_index(container, last, parts, origin)] = current
    else:
        container[last] = current
    return tuple(parts)


def _list_index(items: list[Any], part: str, parts: list[str], origin: str) -> int:
    for index, item in enumerate(items):
        if isinstance(item, dict) and item.get("id") == part:
            return index
    if part.isdigit() and int(part) < len(items):
        return int(part)
    raise BrinkInputError(f"--set {'.'.join(parts)}: no item {part!r} in {origin}")


def _child(node: Any, part: str, parts: list[str], origin: str) -> Any:
    if isinstance(node, dict):
        if part not in node:
            known = ", ".join(sorted(map(str, node))) or "none"
            raise BrinkInputError(
                f"--set {'.'.join(parts)}: no such field in {origin} (fields here: {known})"
            )
        return node[part]
    if isinstance(node, list):
        return node[_list_index(node, part, parts, origin)]
    raise BrinkInputError(f"--set {'.'.join(parts)}: {parts[-2]} has no fields to set in {origin}")


def load_scenario(
    name_or_path: str = "korea-2017", overrides: list[str] | tuple[str, ...] = ()
) -> Scenario:
    """Load and validate a scenario (built-in name or file path), applying ``--set`` overrides."""
    return load(name_or_path, overrides).scenario


def load(name_or_path: str, overrides: list[str] | tuple[str, ...] = ()) -> LoadedScenario:
    """Like :func:`load_scenario`, also returning origin and content hash."""
    origin, text = _read_source(name_or_path)
    data, lines = _parse_yaml(origin, text)
    set_paths = [apply_override(data, assignment, origin) for assignment in overrides]
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as error:
        raise BrinkInputError(
            _override_message(error, set_paths, origin) or _validation_message(origin, error, lines)
        ) from None
    digest = hashlib.sha256(text.encode()).hexdigest()
    if overrides:
        digest = hashlib.sha256((digest + "\n".join(overrides)).encode()).hexdigest()
    return LoadedScenario(scenario, origin, digest, tuple(overrides))
