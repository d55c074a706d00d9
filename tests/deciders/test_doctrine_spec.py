"""The doctrine-spec grammar (scenario layer) and the doctrines built from it (deciders) agree."""

from __future__ import annotations

import pytest

from brink.deciders.doctrines import DOCTRINES, get_doctrine
from brink.deciders.reactive import GenerousTitForTat, Grit
from brink.errors import BrinkInputError
from brink.scenario.doctrine_spec import DOCTRINE_NAMES, DoctrineSpec, parse_doctrine_spec


def test_the_grammar_knows_exactly_the_registered_doctrines_in_order() -> None:
    assert tuple(DOCTRINES) == DOCTRINE_NAMES


@pytest.mark.parametrize(
    ("spec", "parsed"),
    [
        ("tft", DoctrineSpec("tft")),
        (" GTFT ", DoctrineSpec("gtft")),
        ("gtft:0.25", DoctrineSpec("gtft", generosity=0.25)),
        ("grit:3,6", DoctrineSpec("grit", steps=3, patience=6)),
        ("grit:patience=4", DoctrineSpec("grit", patience=4)),
    ],
)
def test_specs_parse(spec: str, parsed: DoctrineSpec) -> None:
    assert parse_doctrine_spec(spec) == parsed


def test_doctrines_are_built_from_the_parsed_spec() -> None:
    assert get_doctrine("gtft:0.25") == GenerousTitForTat(generosity=0.25)
    assert get_doctrine("grit:patience=4") == Grit(steps=Grit().steps, patience=4)
    assert get_doctrine("tft") is DOCTRINES["tft"]


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("nope", "unknown doctrine 'nope'; known doctrines: tft, gtft"),
        ("tft:1", "tft takes no parameters"),
        ("gtft:2", "generosity must be a number in [0, 1]"),
        ("grit:1,2,3", "expected at most 2 parameters"),
        ("grit:speed=1", "unknown parameter 'speed' (expected steps, patience)"),
        ("grit:x", "steps and patience must be whole numbers"),
        ("grit:patience=0", "need steps >= 0 and patience >= 1"),
    ],
)
def test_bad_specs_are_one_line_errors_in_both_layers(spec: str, message: str) -> None:
    for parse in (parse_doctrine_spec, get_doctrine):
        with pytest.raises(BrinkInputError, match=None) as caught:
            parse(spec)
        assert message in str(caught.value) and "\n" not in str(caught.value)
