"""YAML-level hardening: duplicate keys, alias bombs, impossible dates, sizes — with lines."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from brink.errors import BrinkInputError
from brink.scenario import yaml_safe


def _error(text: str) -> str:
    with pytest.raises(BrinkInputError) as caught:
        yaml_safe.parse(text, "s.yaml")
    message = str(caught.value)
    assert "\n" not in message and message.startswith("s.yaml")
    return message


def test_plain_yaml_reads_as_safe_load_would() -> None:
    data, root = yaml_safe.parse("a: 1\nb: [x, 2.5]\nstart: 2017-04-24\n", "s.yaml")
    assert data == {"a": 1, "b": ["x", 2.5], "start": dt.date(2017, 4, 24)}
    assert root is not None and root.start_mark.line == 0


def test_empty_text_is_none() -> None:
    assert yaml_safe.parse("", "s.yaml") == (None, None)
    assert yaml_safe.parse("# only a comment\n", "s.yaml") == (None, None)


def test_duplicated_key_names_the_key_and_both_lines() -> None:
    message = _error("title: one\nother: 2\ntitle: two\n")
    assert message.startswith("s.yaml:3:")
    assert "'title'" in message and "line 1" in message and "line 3" in message


def test_duplicates_in_nested_mappings_too() -> None:
    assert _error("a:\n  x: 1\n  x: 2\n").startswith("s.yaml:3:")


def test_merge_keys_may_be_overridden() -> None:
    data, _ = yaml_safe.parse("base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  x: 3\n", "s.yaml")
    assert data["use"] == {"x": 3, "y": 2}


def test_a_few_aliases_are_fine() -> None:
    data, _ = yaml_safe.parse("a: &v [1, 2]\nb: *v\nc: *v\n", "s.yaml")
    assert data["b"] == [1, 2] and data["c"] == [1, 2]


def test_alias_bomb_is_refused_fast() -> None:
    lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 12)]
    began = time.perf_counter()
    message = _error("\n".join(lines) + "\n")
    assert time.perf_counter() - began < 5
    assert "alias" in message and f"{yaml_safe.MAX_EXPANDED_NODES:,}" in message


def test_recursive_alias_and_deep_nesting_are_refused() -> None:
    assert "recursive alias" in _error("a: &x [1, *x]\n")
    assert "levels deep" in _error("a: " + "[" * 200 + "]" * 200 + "\n")


@pytest.mark.parametrize(
    ("value", "needle"),
    [
        ("2017-13-45", "month"),
        ("2017-02-30", "day"),
        ("2017-02-28 25:00:00", "hour"),
    ],
)
def test_impossible_dates_name_the_line(value: str, needle: str) -> None:
    message = _error(f"title: x\nstart_date: {value}\n")
    assert message.startswith("s.yaml:2:") and value in message and needle in message


def test_value_that_cannot_be_read_under_its_tag() -> None:
    assert _error("a: !!int abc\n").startswith("s.yaml:1: invalid value 'abc'")


def test_too_large_and_several_documents() -> None:
    assert "too large" in _error("#" * (yaml_safe.MAX_CHARS + 1))
    assert "single document" in _error("a: 1\n---\nb: 2\n")


def test_command_line_values() -> None:
    assert yaml_safe.parse_value("true", "--set x") is True
    assert yaml_safe.parse_value("0.25", "--set x") == 0.25
    with pytest.raises(BrinkInputError, match=r"^--set x: invalid date '2017-13-45'"):
        yaml_safe.parse_value("2017-13-45", "--set x")
