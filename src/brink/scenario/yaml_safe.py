"""YAML text to Python data, refusing what a plain ``yaml.safe_load`` lets through.

A scenario file is read by people and by Brink, so anything that could make the two disagree,
or make reading it blow up, is an error naming the file and line:

* a key given twice in one mapping (YAML says the last wins; a reader sees the first);
* aliases that expand past a small bound (a "billion laughs" file is tiny but expands to
  gigabytes as soon as anything walks it), recursive aliases, and absurd nesting;
* dates and timestamps that do not exist (``2017-13-45``), and other values that cannot be
  read under their tag (``!!int abc``);
* files too large to be a scenario, and several documents in one file.

This module knows nothing of the scenario schema: it only turns text into data.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.resolver import Resolver

from brink.errors import BrinkInputError, located

#: Largest scenario text accepted (the built-ins are about 20 kB).
MAX_CHARS = 4 * 1024 * 1024
#: Nodes after expanding every alias (the built-ins have about 1,300).
MAX_EXPANDED_NODES = 100_000
#: Deepest nesting of mappings and sequences (the built-ins go 6 deep).
MAX_DEPTH = 64

try:  # libyaml's parser when present: the same events, parsed in C
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


class _Constructor(yaml.constructor.SafeConstructor):
    """SafeConstructor that refuses duplicated keys and unreadable values, with their line."""

    origin = "<input>"

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue  # `<<: *base` entries may legitimately be overridden
            key = self.construct_object(key_node)
            try:
                first = seen.get(key)
            except TypeError:
                continue  # an unhashable key: PyYAML's own error names it
            if first is not None:
                raise BrinkInputError(
                    located(
                        self.origin,
                        _line(key_node),
                        None,
                        f"duplicated key {key!r} (first at line {first}, again at line "
                        f"{_line(key_node)}); keep one of them",
                    )
                )
            seen[key] = _line(key_node)
        return super().construct_mapping(node, deep=deep)

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, TypeError, OverflowError, AttributeError) as error:
            text = node.value if isinstance(node, yaml.ScalarNode) else node.tag
            reason = str(error) if isinstance(error, ValueError | OverflowError) else ""
            if node.tag == "tag:yaml.org,2002:timestamp":
                what, hint = "date", "expected YYYY-MM-DD"
                reason = f"{reason}; {hint}" if reason else hint
            else:
                what, reason = "value", reason or f"not readable as {node.tag}"
            raise BrinkInputError(
                located(self.origin, _line(node), None, f"invalid {what} {text!r} ({reason})")
            ) from None


class _Loader(_Parser, _Constructor, Resolver):
    def __init__(self, stream: str, origin: str) -> None:
        _Parser.__init__(self, stream)
        _Constructor.__init__(self)
        Resolver.__init__(self)
        self.origin = origin


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def check_expansion(root: yaml.Node, origin: str) -> int:
    """Count the nodes of ``root`` with every alias expanded; refuse past the bounds.

    Aliases share one node, so the count is memoised per node: linear in the file, whatever
    the expansion. Returns the expanded count.
    """
    size: dict[int, int] = {}
    entered: set[int] = set()
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, finished = stack.pop()
        key = id(node)
        if finished:
            entered.discard(key)
            total = 1 + sum(size[id(child)] for child in _children(node))
            if total > MAX_EXPANDED_NODES:
                raise BrinkInputError(
                    located(
                        origin,
                        _line(node),
                        None,
                        f"aliases expand to more than {MAX_EXPANDED_NODES:,} values (an alias "
                        "bomb?); write the values out, or use fewer aliases",
                    )
                )
            size[key] = total
            continue
        if key in size:
            continue
        if key in entered:
            raise BrinkInputError(
                located(origin, _line(node), None, "recursive alias (a value that contains itself)")
            )
        if depth > MAX_DEPTH:
            raise BrinkInputError(
                located(origin, _line(node), None, f"nested more than {MAX_DEPTH} levels deep")
            )
        entered.add(key)
        stack.append((node, depth, True))
        fresh = [child for child in _children(node) if id(child) not in size]
        stack.extend((child, depth + 1, False) for child in fresh)
    return size[id(root)]


def _yaml_error(origin: str, error: yaml.YAMLError) -> BrinkInputError:
    mark = getattr(error, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    problem = getattr(error, "problem", None) or (str(error).splitlines() or ["unreadable"])[0]
    context = getattr(error, "context", None)
    if context and getattr(error, "problem", None):
        problem = f"{context}, {problem}"
    return BrinkInputError(located(origin, line, None, f"malformed YAML: {problem}"))


def check_size(size: int, origin: str) -> None:
    """Refuse a scenario of more than ``MAX_CHARS`` characters (or bytes, before reading)."""
    if size > MAX_CHARS:
        raise BrinkInputError(
            located(
                origin,
                None,
                None,
                f"file too large for a scenario ({size / 2**20:.1f} MiB; at most "
                f"{MAX_CHARS / 2**20:.0f} MiB)",
            )
        )


def parse(text: str, origin: str) -> tuple[Any, yaml.Node | None]:
    """Parse YAML ``text`` (from ``origin``, for messages) to (data, root node).

    The root node (``None`` for an empty document) carries each value's line, for callers
    that report fields by line. Raises BrinkInputError, ``file:line: ...``, on anything above.
    """
    check_size(len(text), origin)
    loader = _Loader(text, origin)
    try:
        root = loader.get_single_node()
        if root is None:
            return None, None
        check_expansion(root, origin)
        return loader.construct_document(root), root
    except yaml.YAMLError as error:
        raise _yaml_error(origin, error) from None
    except RecursionError:
        raise BrinkInputError(
            located(origin, None, None, f"nested more than {MAX_DEPTH} levels deep")
        ) from None
    finally:
        loader.dispose()


def parse_value(text: str, label: str) -> Any:
    """One value from the command line (``--set PATH=VALUE``): its YAML reading.

    Malformed YAML is left to the caller (raised as ``yaml.YAMLError``: the text may be meant
    literally); a value that cannot exist, such as the date 2017-13-45, is a BrinkInputError.
    """
    loader = _Loader(text, label)
    try:
        root = loader.get_single_node()
        if root is None:
            return None
        check_expansion(root, label)
        return loader.construct_document(root)
    except BrinkInputError as error:
        raise BrinkInputError(str(error).replace(f"{label}:1: ", f"{label}: ", 1)) from None
    finally:
        loader.dispose()
