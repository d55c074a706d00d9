"""The outcome categories and the two mapping rules (ICB coding, engine episode)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from brink.backtest.case_outcome import CaseOutcome
from brink.backtest.outcomes import (
    ACTOR_OUTCOMES,
    CATEGORIES,
    FOROUT_CODES,
    INDEX,
    engine_categories,
    engine_category,
    episode_forecast,
    icb_category,
    pool,
)

# What each case must map to, worked out by hand from icb-cases.md (docs/backtest.md says why).
EXPECTED = {
    "july-1914": "war_major",
    "munich-1938": "capitulation_defender",
    "berlin-1961": "settlement",
    "cuba-1962": "capitulation_defender",
    "six-day-1967": "war_major",
    "ussuri-1969": "war_limited",
    "october-1973": "war_major",
    "falklands-1982": "war_major",
    "gulf-1990": "war_major",
    "taiwan-1995": "unresolved",
    "kosovo-1999": "war_limited",
    "india-pakistan-2001": "unresolved",
    "india-pakistan-2002": "settlement",
    "russia-georgia-2008": "war_limited",
    "yeonpyeong-2010": "unresolved",
    "korea-2017": "settlement",
    "pulwama-2019": "unresolved",
    "galwan-2020": "settlement",
    "russia-ukraine-2022": "war_major",
}


def test_categories_are_ordered_least_to_most_violent() -> None:
    assert CATEGORIES[0] == "settlement" and CATEGORIES[-2:] == ("war_limited", "war_major")
    assert INDEX["unresolved"] == INDEX["war_limited"] - 1
    assert len(set(CATEGORIES)) == len(CATEGORIES) == 6
    assert all(INDEX[c] == i for i, c in enumerate(CATEGORIES))


def test_every_case_maps_as_worked_out(cases) -> None:  # type: ignore[no-untyped-def]
    assert set(cases) == set(EXPECTED)
    for case_id, case in cases.items():
        outcome = CaseOutcome.model_validate(case["outcome"])
        got = outcome.category(case["challenger"], case["defender"])
        assert got == EXPECTED[case_id], case_id


def test_swapping_roles_swaps_who_capitulates(cases) -> None:  # type: ignore[no-untyped-def]
    cuba = CaseOutcome.model_validate(cases["cuba-1962"]["outcome"])
    assert cuba.category("USA", "RUS") == "capitulation_defender"
    assert cuba.category("RUS", "USA") == "capitulation_challenger"
    # Munich: Germany was no ICB crisis actor; Britain (victory: war avoided) as defender
    # would read as the challenger backing down, which is why the case's defender is CZE.
    munich = CaseOutcome.model_validate(cases["munich-1938"]["outcome"])
    assert munich.category("GMY", "UKG") == "capitulation_challenger"


def test_violence_comes_first() -> None:
    for forout, subout in itertools.product(FOROUT_CODES, (1, 2)):
        assert icb_category(4, forout, subout, "victory", "defeat") == "war_major"
        assert icb_category(3, forout, subout, "defeat", "victory") == "war_limited"
    assert icb_category(4, None, None) == "war_major"


def test_rule_is_total_over_non_war_codings() -> None:
    """Every VIOL 1-2 coding with an ambiguous content lands in exactly one category, and a
    definitive one whenever a principal's outcome says who lost."""
    for viol, forout in itertools.product((1, 2), FOROUT_CODES):
        expected = "settlement" if forout <= 3 else "unresolved"
        for c, d in itertools.product((None, *ACTOR_OUTCOMES), repeat=2):
            assert icb_category(viol, forout, 1, c, d) == expected
        assert icb_category(viol, forout, 2, "victory", "defeat") == "capitulation_defender"
        assert icb_category(viol, forout, 2, "defeat", "victory") == "capitulation_challenger"
        assert icb_category(viol, forout, 2, None, "defeat") == "capitulation_defender"
        assert icb_category(viol, forout, 2, "victory", None) == "capitulation_defender"
        assert icb_category(viol, forout, 2, "stalemate", "victory") == "capitulation_challenger"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((5, 1, 1), "VIOL"),
        ((2, None, 1), "FOROUT"),
        ((2, 8, 1), "FOROUT"),
        ((2, 1, 3), "SUBOUT"),
        ((1, 1, 2, None, None), "who lost"),
        ((1, 1, 2, "victory", "victory"), "who lost"),
        ((1, 1, 2, "defeat", "defeat"), "who lost"),
        ((1, 1, 1, "won", None), "challenger outcome"),
    ],
)
def test_rule_refuses_incomplete_codings(args: tuple, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        icb_category(*args)


def test_engine_outcomes_map() -> None:
    kw = {"challenger": "US", "defender": "DPRK"}
    assert engine_category("war", war_kind="limited", **kw) == "war_limited"
    assert engine_category("war", war_kind="conventional", **kw) == "war_major"
    assert engine_category("war", war_kind="nuclear", **kw) == "war_major"
    assert engine_category("settlement", **kw) == "settlement"
    assert engine_category("unresolved", **kw) == "unresolved"
    assert engine_category("capitulation", capitulator="US", **kw) == "capitulation_challenger"
    assert engine_category("capitulation", capitulator="DPRK", **kw) == "capitulation_defender"
    assert engine_category("collapse", collapsed="DPRK", **kw) == "capitulation_defender"
    assert engine_category("collapse", collapsed="US", **kw) == "capitulation_challenger"
    for bad in (
        {"outcome": "war", "war_kind": "none"},
        {"outcome": "capitulation", "capitulator": "China"},
        {"outcome": "collapse"},
        {"outcome": "peace"},
    ):
        with pytest.raises(ValueError):
            engine_category(**bad, **kw)  # type: ignore[arg-type]


EPISODE = st.sampled_from(
    [
        ("war", "limited", "", ""),
        ("war", "conventional", "", ""),
        ("war", "nuclear", "", ""),
        ("settlement", "none", "", ""),
        ("unresolved", "none", "", ""),
        ("capitulation", "none", "A", ""),
        ("capitulation", "none", "B", ""),
        ("collapse", "none", "", "A"),
        ("collapse", "none", "", "B"),
    ]
)


@given(st.lists(EPISODE, min_size=1, max_size=60))
def test_vectorised_matches_scalar(rows: list[tuple[str, str, str, str]]) -> None:
    outcome, kind, who, fallen = (list(col) for col in zip(*rows, strict=True))
    codes = engine_categories(
        outcome, challenger="A", defender="B", war_kind=kind, capitulator=who, collapsed=fallen
    )
    scalar = [
        INDEX[
            engine_category(o, challenger="A", defender="B", war_kind=k, capitulator=w, collapsed=f)
        ]
        for o, k, w, f in rows
    ]
    assert codes.tolist() == scalar
    forecast = episode_forecast(
        outcome, challenger="A", defender="B", war_kind=kind, capitulator=who, collapsed=fallen
    )
    assert list(forecast) == list(CATEGORIES)
    assert sum(forecast.values()) == pytest.approx(1.0)
    counts = np.bincount(codes, minlength=len(CATEGORIES)) / len(rows)
    assert [forecast[c] for c in CATEGORIES] == pytest.approx(counts.tolist())


def test_vectorised_reports_the_first_bad_row() -> None:
    with pytest.raises(ValueError, match="capitulator"):
        engine_categories(
            ["settlement", "capitulation"],
            challenger="A",
            defender="B",
            capitulator=["", "C"],
        )
    with pytest.raises(ValueError, match="length"):
        engine_categories(["war", "war"], challenger="A", defender="B", war_kind=["limited"])


def test_collapse_may_name_one_regime_for_all_episodes() -> None:
    codes = engine_categories(
        ["collapse", "settlement"], challenger="A", defender="B", collapsed="B"
    )
    assert codes.tolist() == [INDEX["capitulation_defender"], INDEX["settlement"]]


def test_weights_and_pool() -> None:
    forecast = episode_forecast(
        ["settlement", "unresolved"], challenger="A", defender="B", weights=[3, 1]
    )
    assert forecast["settlement"] == pytest.approx(0.75)
    with pytest.raises(ValueError):
        episode_forecast(["settlement"], challenger="A", defender="B", weights=[0])
    with pytest.raises(ValueError, match="at least one episode"):
        episode_forecast([], challenger="A", defender="B")
    a = dict.fromkeys(CATEGORIES, 0.0) | {"settlement": 1.0}
    b = dict.fromkeys(CATEGORIES, 0.0) | {"war_major": 1.0}
    mixed = pool([a, b], [1, 3])
    assert mixed["settlement"] == pytest.approx(0.25) and mixed["war_major"] == pytest.approx(0.75)
    assert sum(mixed.values()) == pytest.approx(1.0)
