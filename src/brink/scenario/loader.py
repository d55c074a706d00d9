"""Load a scenario file (or a built-in by name), apply `--set` overrides, validate.

Errors become one line naming the file, the line where there is one, the field and what was
expected: ``korea.yaml:42: actors.US.war_cost: needs `source:` ...``.
"""

from __future__ import annotations

import copy
import difflib
import functools
import hashlib
import re
import typing
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from brink.errors import BrinkInputError, BrinkInputErrors, BrinkParameterError, located
from brink.scenario import calibration as calibration_mod
from brink.scenario import yaml_safe
from brink.scenario.case_file import without_outcome
from brink.scenario.schema import SCHEMA_VERSION, Scenario

LIBRARY_PACKAGE = "brink.scenario.library"


@dataclass(frozen=True)
class LoadedScenario:
    """A validated scenario with where it came from and a content hash for run manifests."""

    scenario: Scenario
    origin: str
    sha256: str
    overrides: tuple[str, ...] = ()
    #: Where the global parameters come from (a calibration file, or Brink's globals.yaml).
    calibration: str = "none: Brink's global defaults (globals.yaml)"


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
    """Pydantic's error location as a file path (dropping validator and union tags)."""
    return tuple(
        str(p)
        for p in loc
        if not (str(p).startswith("function-after") or str(p).startswith("tagged-union"))
    )


def _nearest_line(path: tuple[str, ...], lines: dict[tuple[str, ...], int]) -> int | None:
    for end in range(len(path), 0, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None


_MESSAGE_PATH = re.compile(r"^([A-Za-z_][\w.\-\[\]]*): ")


def _inner_model(annotation: Any, part: str) -> Any:
    """The model a field's value is (or the model of its dict values / list items)."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (dict,) and len(args) == 2:
        return _ValueOf(args[1])
    if origin in (list,) and args:
        return _ValueOf(args[0])
    if args:  # Optional[...] and unions: the first model among them
        for arg in args:
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                return arg
        return None
    return annotation


class _ValueOf:
    """Stands for 'a value of this dict / an item of this list' while walking a path."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner


def _allowed_keys(path: tuple[str, ...]) -> list[str]:
    """Field names allowed at ``path`` in the scenario language (empty when unknown)."""
    model: Any = Scenario
    for part in path:
        if isinstance(model, _ValueOf):
            model = model.inner
            if not (isinstance(model, type) and issubclass(model, BaseModel)):
                model = _inner_model(model, part)
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return []
        field = model.model_fields.get(part)
        if field is None:
            return []
        model = _inner_model(field.annotation, part)
    if isinstance(model, _ValueOf):
        model = model.inner
    if isinstance(model, type) and issubclass(model, BaseModel):
        return list(model.model_fields)
    return []


def _unknown_key_message(path: tuple[str, ...]) -> str:
    allowed = _allowed_keys(path[:-1])
    close = difflib.get_close_matches(path[-1], allowed, n=1, cutoff=0.6) if path else []
    if close:
        return f"unknown key; did you mean `{close[0]}`?"
    if allowed:
        return f"unknown key (expected one of: {', '.join(allowed)})"
    return "unknown key (not part of the scenario language)"


def _validation_lines(origin: str, error: ValidationError, lines: dict) -> list[str]:
    """Every problem of a file, one ``file:line: field: expected`` line each."""
    out: list[str] = []
    for item in error.errors():
        path = _field_path(tuple(item["loc"]))
        message = str(item["msg"]).removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            message = _unknown_key_message(path)
        elif item["type"] == "missing":
            message = "required field is missing"
        elif "input" in item and item["type"] not in ("value_error", "assertion_error"):
            message = f"{message} (got {item['input']!r})"[:300]
        for part in message.split("\n"):
            sub_path, text = path, part
            inner = _MESSAGE_PATH.match(part)
            if inner:
                dotted = inner.group(1).replace("[", ".").replace("]", "")
                sub_path = (*path, *dotted.split("."))
                text = part[inner.end() :]
            field = ".".join(sub_path) if sub_path else None
            out.append(located(origin, _nearest_line(sub_path, lines), field, text))
    return out


def _override_message(
    lines_out: list[str], error: ValidationError, set_paths: list[tuple[str, ...]], origin: str
) -> BrinkParameterError | None:
    """Blame the override (`--set`), not the file, when a problem lies on an overridden path."""
    for item in error.errors():
        path = _field_path(tuple(item["loc"]))
        message = str(item["msg"]).removeprefix("Value error, ")
        for part in message.split("\n"):
            inner = _MESSAGE_PATH.match(part)
            full, text = path, part
            if inner:
                full = (*path, *inner.group(1).replace("[", ".").replace("]", "").split("."))
                text = part[inner.end() :]
            if item["type"] == "extra_forbidden":
                text = _unknown_key_message(full)
            for parts in set_paths:
                if full and (full[: len(parts)] == parts or parts[: len(full)] == full):
                    return BrinkParameterError(
                        "overrides", f"{text} (in {origin})", subject=".".join(parts)
                    )
    return None


def apply_override(data: dict[str, Any], assignment: str, origin: str) -> tuple[str, ...]:
    """Apply one ``path=value`` override to raw scenario data (before validation).

    A number set on a numeric input fixes it (``{value: v, judgement: true}``); other values
    are parsed as YAML scalars (true, false, text). A field the file leaves to its default can
    be set too (validation then rejects names that are not part of the language). Returns the
    path, for error messages.
    """
    if "=" not in assignment:
        raise BrinkParameterError(
            "overrides", "expected PATH=VALUE, e.g. channels.us-dprk.enabled=true", assignment
        )
    path_text, raw_value = assignment.split("=", 1)
    parts = [p for p in path_text.strip().split(".") if p]
    if not parts:
        raise BrinkParameterError("overrides", "empty path", assignment)
    try:
        value = yaml_safe.parse_value(raw_value, path_text) if raw_value.strip() else ""
    except yaml.YAMLError:
        value = raw_value
    except BrinkInputError as error:  # the value's YAML is refused: name the override
        text = str(error).removeprefix(f"{path_text}: ")
        raise BrinkParameterError("overrides", text, path_text) from None
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
            raise BrinkParameterError(
                "overrides", f"expected a number for this input (got {raw_value!r})", path_text
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
    raise BrinkParameterError("overrides", f"no item {part!r} in {origin}", ".".join(parts))


def _child(node: Any, part: str, parts: list[str], origin: str) -> Any:
    if isinstance(node, dict):
        if part not in node:
            known = ", ".join(sorted(map(str, node))) or "none"
            raise BrinkParameterError(
                "overrides", f"no such field in {origin} (fields here: {known})", ".".join(parts)
            )
        return node[part]
    if isinstance(node, list):
        return node[_list_index(node, part, parts, origin)]
    raise BrinkParameterError(
        "overrides", f"{parts[-2]} has no fields to set in {origin}", ".".join(parts)
    )


def load_scenario(
    name_or_path: str = "korea-2017", overrides: list[str] | tuple[str, ...] = ()
) -> Scenario:
    """Load and validate a scenario (built-in name or file path), applying ``--set`` overrides."""
    return load(name_or_path, overrides).scenario


def load(
    name_or_path: str,
    overrides: list[str] | tuple[str, ...] = (),
    calibration: str | None = calibration_mod.DEFAULT,
) -> LoadedScenario:
    """Like :func:`load_scenario`, also returning origin and content hash.

    ``calibration``: the shipped calibration (default), a calibration file's path, or
    ``none`` (None) for Brink's uncalibrated globals.yaml (docs/backtest.md, "Calibration").
    """
    origin, text = _read_source(name_or_path)
    data, lines = _parse_yaml(origin, text)
    # Case files (docs/backtest.md): the model never reads a case's coded outcome.
    data = without_outcome(data)
    check_version(origin, data)
    # Global parameters: Brink's globals.yaml, with a calibration file's values in place.
    applied = calibration_mod.resolve(calibration)
    fill_globals(data, calibration_mod.defaults(applied))
    set_paths = [apply_override(data, assignment, origin) for assignment in overrides]
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as error:
        problems = _validation_lines(origin, error, lines)
        blamed = _override_message(problems, error, set_paths, origin)
        if blamed:
            raise blamed from None
        if len(problems) == 1:
            raise BrinkInputError(problems[0]) from None
        raise BrinkInputErrors(problems) from None
    digest = hashlib.sha256(text.encode()).hexdigest()
    if overrides:
        digest = hashlib.sha256((digest + "\n".join(overrides)).encode()).hexdigest()
    return LoadedScenario(
        scenario, origin, digest, tuple(overrides), calibration_mod.describe(applied)
    )


def check_version(origin: str, data: dict[str, Any]) -> None:
    """Refuse files of another schema with one line that says what to do."""
    version = data.get("schema_version")
    if version == SCHEMA_VERSION:
        return
    if version == 1:
        raise BrinkInputError(
            located(
                origin,
                1,
                "schema_version",
                "this file is in schema 1, which Brink no longer reads; rewrite it in schema 2 "
                "(docs/scenarios.md, 'Moving a file from schema 1') or start from `brink new NAME`",
            )
        )
    raise BrinkInputError(
        located(origin, 1, "schema_version", f"expected {SCHEMA_VERSION} (got {version!r})")
    )


def fill_globals(data: dict[str, Any], defaults: dict[str, dict[str, Any]] | None = None) -> None:
    """Fill the global mechanism parameters a file leaves out from Brink's globals.yaml (or
    ``defaults``: globals.yaml with a calibration's values in place)."""
    for block, fields in (defaults or global_defaults()).items():
        current = data.setdefault(block, {})
        if current is None:
            current = data[block] = {}
        if not isinstance(current, dict):
            continue  # validation reports the wrong type
        for name, value in fields.items():
            current.setdefault(name, copy.deepcopy(value))


@functools.cache
def global_defaults() -> dict[str, dict[str, Any]]:
    """Brink's global mechanism parameters (raw YAML data), read once."""
    text = resources.files("brink.scenario").joinpath("globals.yaml").read_text()
    return yaml.safe_load(text)
