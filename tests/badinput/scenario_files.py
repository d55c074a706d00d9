"""Scenario files broken at the YAML or top level — invalid under any scenario schema.

Each builder returns the bytes of a file. Mutations start from the TEXT of a built-in
scenario (read through ``brink.scenario.loader``) and break it in ways no schema can accept:
a top-level key given twice, a date that does not exist, garbage appended, a second
document. Nothing here names a field below the top level.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from importlib import resources

from brink.scenario import yaml_safe
from brink.scenario.loader import LIBRARY_PACKAGE


def builtin_text(name: str = "korea-2017") -> str:
    return resources.files(LIBRARY_PACKAGE).joinpath(f"{name}.yaml").read_text()


def _replace_date(value: str, name: str = "korea-2017") -> bytes:
    text = builtin_text(name)
    mutated, count = re.subn(r"(?m)^start_date:.*$", f"start_date: {value}", text)
    assert count == 1, "the built-in has one top-level start_date"
    return mutated.encode()


def _duplicate_top_key(name: str = "korea-2017") -> bytes:
    text = builtin_text(name)
    first = re.search(r"(?m)^([a-z_]+):[ \t]*\S.*$", text)
    assert first is not None
    return (text + f"\n{first.group(0)}\n").encode()


def _alias_bomb(levels: int = 10) -> bytes:
    lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return ("\n".join(lines) + "\n").encode()


def _huge() -> bytes:
    line = b"# padding that makes this file larger than any scenario could be\n"
    return line * (yaml_safe.MAX_CHARS // len(line) + 2)


BUILDERS: dict[str, Callable[[], bytes]] = {
    "unclosed-list": lambda: b"title: x\nitems: [1, 2\n",
    "unclosed-quote": lambda: b'title: "never closed\n',
    "tab-indent": lambda: b"block:\n\tkey: 1\n",
    "bad-indent": lambda: b"a: 1\n  b: 2\n",
    "colon-garbage": lambda: b": : :\n",
    "top-list": lambda: b"- one\n- two\n",
    "top-scalar": lambda: b"just some words\n",
    "top-number": lambda: b"42\n",
    "top-null": lambda: b"~\n",
    "empty": lambda: b"",
    "comments-only": lambda: b"# nothing but a comment\n",
    "binary": lambda: bytes(range(256)) * 8,
    "utf16": lambda: "title: x\n".encode("utf-16"),
    "nul-byte": lambda: b"title: a\x00b\n",
    "huge": _huge,
    "alias-bomb": _alias_bomb,
    "recursive-alias": lambda: b"a: &x [1, *x]\n",
    "undefined-alias": lambda: b"a: *nowhere\n",
    "deep-nesting": lambda: b"a: " + b"[" * 300 + b"]" * 300 + b"\n",
    "unhashable-key": lambda: b"[a, b]: 1\n",
    "bad-merge": lambda: b"a:\n  <<: 1\n",
    "bad-int-tag": lambda: b"a: !!int abc\n",
    "python-tag": lambda: b"a: !!python/object:os.system ls\n",
    "bad-float-tag": lambda: b"a: !!float abc\n",
    "bad-timestamp-tag": lambda: b"a: !!timestamp soon\n",
    "nested-duplicate": lambda: b"block:\n  key: 1\n  key: 2\n",
    "duplicate-top-key": _duplicate_top_key,
    "duplicate-top-key-cuba": lambda: _duplicate_top_key("cuba-1962"),
    "date-month-13": lambda: _replace_date("2017-13-45"),
    "date-feb-30": lambda: _replace_date("2017-02-30"),
    "date-apr-31": lambda: _replace_date("2017-04-31"),
    "date-cuba-day-0": lambda: _replace_date("1962-10-00", "cuba-1962"),
    "timestamp-hour-25": lambda: _replace_date("2017-04-24 25:00:00"),
    "garbage-appended": lambda: (builtin_text() + "\n: ][ :\n").encode(),
    "second-document": lambda: (builtin_text() + "\n---\nanother: document\n").encode(),
    "truncated-mid-quote": lambda: (builtin_text()[:400] + '\ntitle: "cut off').encode(),
    "bomb-appended": lambda: builtin_text().encode() + b"\n" + _alias_bomb().replace(b"l", b"zz"),
}
