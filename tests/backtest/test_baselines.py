"""Base-rate forecasters: ICB reference classes through the outcome rule, leave-one-out
climatology, uniform."""

from __future__ import annotations

from importlib import resources

import numpy as np
import pytest
import yaml

from brink.backtest import baselines
from brink.backtest.case_outcome import CaseOutcome, CaseReference
from brink.backtest.outcomes import CATEGORIES

DATA = yaml.safe_load((resources.files("brink.backtest") / baselines.DATA_FILE).read_text())
JOINT = np.array(DATA["viol_by_forout"]["counts"], dtype=float)


def test_data_file_is_consistent() -> None:
    assert JOINT.sum() == 496 and JOINT.shape == (4, 7)
    assert JOINT[:, :3].sum() == DATA["classes"]["all"]["agreement_or_tacit"]
    assert JOINT.sum(axis=1).tolist() == DATA["classes"]["all"]["viol"]
    for cid, c in DATA["classes"].items():
        assert sum(c["viol"]) == c["n"], cid
        assert 0 < c["agreement_or_tacit"] < c["n"] and 0 < c["definitive"] < 1
        assert c["source"] and c["definitive_source"]
    # complementary subsets add up to all crises
    for a, b in (("post-1945", "1918-1945"), ("protracted", "non-protracted")):
        ca, cb = DATA["classes"][a], DATA["classes"][b]
        assert ca["n"] + cb["n"] == 496
        assert np.add(ca["viol"], cb["viol"]).tolist() == DATA["classes"]["all"]["viol"]
        assert ca["agreement_or_tacit"] + cb["agreement_or_tacit"] == 193
    post, pre = DATA["classes"]["post-1945"], DATA["classes"]["1918-1945"]
    definitive_all = round(0.442 * 496)
    assert pre["definitive"] == pytest.approx(
        (definitive_all - round(post["definitive"] * 387)) / 109, abs=5e-4
    )


def test_every_class_is_a_distribution_with_icb_war_shares() -> None:
    for cid, c in baselines.reference_classes().items():
        shares = c.forecast()
        assert list(shares) == list(CATEGORIES)
        assert sum(shares.values()) == pytest.approx(1.0, abs=1e-12), cid
        assert min(shares.values()) > 0
        assert shares["war_major"] == pytest.approx(c.viol[3] / c.n)
        assert shares["war_limited"] == pytest.approx(c.viol[2] / c.n)
        assert shares["capitulation_challenger"] == pytest.approx(shares["capitulation_defender"])


def test_all_crises_by_hand() -> None:
    """All 496: 274 without war, 113 of them ending in FOROUT 1-3; 44.2% definitive."""
    shares = baselines.reference_classes()["all"].shares
    assert shares["settlement"] == pytest.approx(113 / 496 * (1 - 0.442))
    assert shares["unresolved"] == pytest.approx(161 / 496 * (1 - 0.442))
    assert shares["capitulation_defender"] == pytest.approx(274 / 496 * 0.442 / 2)
    rows = JOINT / JOINT.sum(axis=1, keepdims=True)
    assert np.allclose(baselines.form_given_violence(JOINT.sum(axis=1), 193, JOINT), rows)


def test_form_within_a_class_matches_its_agreement_share() -> None:
    for cid, c in baselines.reference_classes().items():
        form = baselines.form_given_violence(c.viol, c.agreement_or_tacit, JOINT)
        assert np.allclose(form.sum(axis=1), 1.0)
        pv = np.asarray(c.viol) / c.n
        assert float((pv * form[:, :3].sum(axis=1)).sum()) == pytest.approx(
            c.agreement_or_tacit / c.n, abs=1e-10
        ), cid
        # the shift is one factor on the odds: FOROUT 1-3 odds ratios between rows are kept
        odds = form[:, :3].sum(1) / form[:, 3:].sum(1)
        base = JOINT[:, :3].sum(1) / JOINT[:, 3:].sum(1)
        assert np.allclose(odds / odds[0], base / base[0])


def test_shares_go_through_the_case_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(baselines, "icb_category", lambda *a, **k: "unresolved")
    shares = baselines.category_shares([1, 1, 1, 1], 2, 0.5, JOINT)
    assert shares["unresolved"] == pytest.approx(1.0)


EXPECTED_CLASS = {
    "july-1914": "1918-1945",
    "munich-1938": "1918-1945",
    "falklands-1982": "nuclear-actor",
    "gulf-1990": "nuclear-actor",
    "taiwan-1995": "nuclear-actor",
    "kosovo-1999": "nuclear-actor",
    "russia-georgia-2008": "nuclear-actor",
    "yeonpyeong-2010": "nuclear-actor",
}


def test_reference_class_of_every_case(cases) -> None:  # type: ignore[no-untyped-def]
    for case_id, case in cases.items():
        ref = CaseOutcome.model_validate(case["outcome"]).reference
        chosen = baselines.choose_reference_class(ref)
        assert chosen == EXPECTED_CLASS.get(case_id, "nuclear-both-sides"), case_id
        assert chosen in baselines.matching_classes(ref)


def test_class_choice_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    plain = CaseReference(period="post-1945", nuclear="none", protracted=True)
    assert baselines.matching_classes(plain) == ["all", "post-1945", "protracted"]
    assert baselines.choose_reference_class(plain) == "protracted"
    calm = CaseReference(period="post-1945", nuclear="none", protracted=False)
    assert baselines.choose_reference_class(calm) == "non-protracted"
    both = CaseReference(period="post-1945", nuclear="both-sides", protracted=False)
    assert baselines.choose_reference_class(both) == "nuclear-both-sides"
    monkeypatch.setattr(baselines, "min_class_size", lambda: 30)
    assert baselines.choose_reference_class(both) == "nuclear-actor", "27 crises < 30"


def test_icb_forecast_by_id_or_reference() -> None:
    both = CaseReference(period="post-1945", nuclear="both-sides", protracted=True)
    assert baselines.icb_forecast(both) == baselines.icb_forecast("nuclear-both-sides")
    with pytest.raises(ValueError, match="reference class"):
        baselines.icb_forecast("cold-war")
    rows = baselines.icb_forecasts(["all", both])
    assert rows.shape == (2, len(CATEGORIES)) and np.allclose(rows.sum(axis=1), 1)


def test_climatology_leave_one_out_by_hand() -> None:
    p = baselines.climatology_loo(["settlement", "settlement", "capitulation_challenger"])
    # case 0 sees one settlement and one challenger capitulation among 2 others, + 1 each
    assert p[0].tolist() == pytest.approx([2 / 8, 2 / 8, 1 / 8, 1 / 8, 1 / 8, 1 / 8])
    assert p[2].tolist() == pytest.approx([3 / 8, 1 / 8, 1 / 8, 1 / 8, 1 / 8, 1 / 8])
    assert np.allclose(p.sum(axis=1), 1) and p.min() > 0
    assert np.allclose(baselines.climatology_loo(["war_major"]), 1 / len(CATEGORIES))


def test_uniform() -> None:
    u = baselines.uniform(3)
    assert u.shape == (3, len(CATEGORIES)) and np.allclose(u, 1 / len(CATEGORIES))
    assert "war_major 16.7%" in baselines.describe_shares(dict(zip(CATEGORIES, u[0], strict=True)))
