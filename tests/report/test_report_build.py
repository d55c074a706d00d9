"""The report builder: bad input is one line and leaves stored data untouched; the HTML carries
the scenario's sources, the conditional-on section, and uses stored analysis when present."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import numpy as np
import pytest

from brink import __version__
from brink.analysis.given_data import given_data_sobol
from brink.errors import BrinkInputError
from brink.report.build import CHART_IDS, build_report
from brink.report.discovery import box_sentence
from brink.scenario.loader import load
from helpers import folder_digest

POLICIES = ["maximum-pressure", "freeze-for-freeze"]


def _copy(run: Path, tmp_path: Path, name: str = "copy") -> Path:
    target = tmp_path / "runs" / name
    shutil.copytree(run, target)
    manifest = json.loads((target / "manifest.json").read_text())
    manifest["name"] = name
    (target / "manifest.json").write_text(json.dumps(manifest))
    return target


def _one_line_error(run: str, out: Path, tmp_path: Path) -> str:
    with pytest.raises(BrinkInputError) as caught:
        build_report(run, tmp_path / "report.html", str(out))
    message = str(caught.value)
    assert "\n" not in message and message.strip() == message and message
    assert not (tmp_path / "report.html").exists()
    return message


@pytest.fixture(scope="module")
def html(report_run: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    before = folder_digest(report_run.parent)
    path = build_report(
        "small", tmp_path_factory.mktemp("html") / "report.html", str(report_run.parent)
    )
    assert folder_digest(report_run.parent) == before, "building a report changed the stored run"
    return path.read_text(encoding="utf-8")


# ------------------------------------------------------------------------------ bad input


def test_unknown_run_is_one_line(report_run: Path, tmp_path: Path) -> None:
    before = folder_digest(report_run.parent)
    message = _one_line_error("no-such-run", report_run.parent, tmp_path)
    assert "no-such-run" in message and "no such run" in message
    assert folder_digest(report_run.parent) == before


def test_foreign_folder_is_one_line_and_untouched(tmp_path: Path) -> None:
    foreign = tmp_path / "runs" / "foreign"
    foreign.mkdir(parents=True)
    (foreign / "manifest.json").write_text(json.dumps({"tool": "something-else", "name": "x"}))
    (foreign / "data.bin").write_bytes(b"\x00\x01 not ours")
    before = folder_digest(foreign)
    message = _one_line_error("foreign", tmp_path / "runs", tmp_path)
    assert "tool" in message
    assert folder_digest(foreign) == before
    plain = tmp_path / "runs" / "plain"
    plain.mkdir()
    (plain / "notes.txt").write_text("hello")
    assert "not a Brink run folder" in _one_line_error("plain", tmp_path / "runs", tmp_path)
    assert (plain / "notes.txt").read_text() == "hello"


def test_corrupt_manifest_is_one_line(report_run: Path, tmp_path: Path) -> None:
    copy = _copy(report_run, tmp_path)
    (copy / "manifest.json").write_text("{ not json")
    before = folder_digest(copy)
    assert "corrupt manifest" in _one_line_error("copy", copy.parent, tmp_path)
    assert folder_digest(copy) == before


def test_corrupt_parts_are_one_line_and_untouched(report_run: Path, tmp_path: Path) -> None:
    copy = _copy(report_run, tmp_path)
    part = sorted((copy / "parts").rglob("part-*.parquet"))[0]
    part.write_bytes(b"PAR1 this is not parquet")
    before = folder_digest(copy)
    message = _one_line_error("copy", copy.parent, tmp_path)
    assert str(copy) in message or "copy" in message
    assert folder_digest(copy) == before


def test_corrupt_scenario_is_one_line(report_run: Path, tmp_path: Path) -> None:
    copy = _copy(report_run, tmp_path)
    (copy / "scenario.json").write_text('{"id": 3}')
    before = folder_digest(copy)
    assert "scenario" in _one_line_error("copy", copy.parent, tmp_path)
    assert folder_digest(copy) == before


def test_other_tool_version_is_one_line_and_untouched(report_run: Path, tmp_path: Path) -> None:
    copy = _copy(report_run, tmp_path)
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest["tool_version"] = "0.0.0-other"
    (copy / "manifest.json").write_text(json.dumps(manifest))
    before = folder_digest(copy)
    message = _one_line_error("copy", copy.parent, tmp_path)
    assert "tool_version" in message and "0.0.0-other" in message and __version__ in message
    assert folder_digest(copy) == before


def test_report_is_never_written_into_the_run_folder(report_run: Path) -> None:
    before = folder_digest(report_run)
    with pytest.raises(BrinkInputError, match="inside the run folder"):
        build_report("small", report_run / "report.html", str(report_run.parent))
    with pytest.raises(BrinkInputError, match="does not exist"):
        build_report("small", report_run.parent / "missing" / "r.html", str(report_run.parent))
    assert folder_digest(report_run) == before


def test_cli_exit_status_2_and_one_line(report_run: Path, tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    done = cli("report", "nope", "-o", str(tmp_path / "r.html"), "--out", str(report_run.parent))
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("brink: error: nope:")
    ok = cli("report", "small", "-o", str(tmp_path / "r.html"), "--out", str(report_run.parent))
    assert ok.returncode == 0, ok.stderr
    assert (tmp_path / "r.html").stat().st_size > 1_000_000


# --------------------------------------------------------------------------------- content


def test_contains_sources_inputs_and_conditional_section(html: str, report_run: Path) -> None:
    scenario = load("korea-2017").scenario
    manifest = json.loads((report_run / "manifest.json").read_text())
    assert 'id="conditional"' in html and "What these numbers are conditional on" in html
    assert manifest["scenario"]["sha256"] in html
    assert f"seed {manifest['seed']}" in html
    assert "kim-calculating" in html  # the opponent
    assert "cluster-robust" in html  # the interval method
    for source in ("CRS R44994", "Tomz 2007", "KOTRA 2010-12"):
        assert source in html
    assert "actors.China.payoffs.collapse.DPRK" in html
    for policy in POLICIES:
        assert scenario.policies[policy].description.replace("'", "&#39;") in html


def test_every_section_and_chart_is_present(html: str) -> None:
    for section in (
        "question",
        "outcomes",
        "attribution",
        "escalation",
        "casualties",
        "drivers",
        "discovery",
        "narratives",
        "inputs",
        "conditional",
    ):
        assert f'<section id="{section}">' in html
    for chart in CHART_IDS:
        assert html.count(f'id="{chart}"') == 1
        assert html.count(f'data-target="{chart}"') == 1
    assert html.count('class="chart-spec"') == len(CHART_IDS)
    assert html.count('<details class="narrative"') == 3
    assert "did not reproduce" not in html  # replays match the stored episodes


def test_plotly_inlined_once_and_nothing_external(html: str) -> None:
    import plotly.offline

    bundle = plotly.offline.get_plotlyjs()
    head = bundle[:300]
    assert html.count(head) == 1
    start = html.index('<script id="plotly-js">')
    end = html.index("</script>", start)
    rest = html[:start] + html[end:]
    assert "<script src" not in html
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", rest, re.I)
    assert not re.search(r"@import|url\(|<link|<iframe", rest, re.I)
    assert "http://" not in rest and "https://" not in rest


def test_fallbacks_are_labelled_when_nothing_is_stored(html: str) -> None:
    assert "Given-data first-order estimate" in html
    assert "brink sensitivity RUN --method sobol" in html
    assert "lowest fifth" in html  # the quintile tornado
    assert 'id="discovery-missing"' in html or 'class="box"' in html


NAMES = ["actors.China.pressure_sensitivity", "actors.DPRK.resolve_prior", "knot.half_life_days"]


def _stored_files(run: Path) -> None:
    """Results as `brink sensitivity` and `brink discover` store them (one file per policy)."""
    from brink.analysis.stored import store_discovery, store_sensitivity
    from brink.store.runs import open_run
    from results_fixtures import discovery_result, sensitivity_result

    folder = open_run(str(run))
    morris = sensitivity_result(
        "morris",
        POLICIES,
        NAMES,
        {"maximum-pressure": [0.08, 0.05, 0.001], "freeze-for-freeze": [0.02, 0.09, 0.002]},
        noise=0.004,
        samples=20,
    )
    sobol = sensitivity_result(
        "sobol",
        POLICIES,
        NAMES,
        {p: [0.5, 0.3, 0.02] for p in POLICIES},
        first={p: [0.4, 0.2, 0.0] for p in POLICIES},
        noise=0.03,
        samples=256,
    )
    store_sensitivity(folder, morris)
    store_sensitivity(folder, sobol)
    store_discovery(folder, discovery_result(POLICIES))


def test_stored_sensitivity_and_discovery_are_used(report_run: Path, tmp_path: Path) -> None:
    copy = _copy(report_run, tmp_path)
    _stored_files(copy)
    before = folder_digest(copy)
    page = build_report("copy", tmp_path / "r.html", str(copy.parent)).read_text()
    assert folder_digest(copy) == before
    assert "Morris screening" in page and "results/morris/ (one file per policy), stored" in page
    assert "noise floor" in page and "within simulation noise" in page
    assert "maximum-pressure: total (with interactions)" in page
    assert "freeze-for-freeze: first-order (alone)" in page
    assert "Given-data" not in page and "lowest fifth" not in page
    assert 'data-warns="tornado"' not in page and 'data-warns="sobol"' not in page
    sentence = (
        "War is 2.4 times as likely as overall (12.0% of episodes vs 5.0% overall) when "
        "China&#39;s pressure sensitivity is below 1.8 and North Korea&#39;s resolve prior is "
        "above 0.7."
    )
    assert page.count(sentence) == 2  # one box per policy
    assert "Under <code>maximum-pressure</code>" in page
    assert "61.0%" in page
    assert (
        "If China&#39;s pressure sensitivity ≤ 1.8 and North Korea&#39;s resolve prior &gt; "
        "0.7: war in 15.0% of episodes (10% of episodes; 30% of all wars)."
    ) in page


def test_results_of_an_older_run_folder_are_still_read(report_run: Path, tmp_path: Path) -> None:
    """Before results/ existed, a run folder held one sensitivity-<method>.json per method in
    the shape `brink sensitivity --json` prints: it is read as the typed result it is."""
    from results_fixtures import sensitivity_result

    copy = _copy(report_run, tmp_path)
    morris = sensitivity_result(
        "morris", POLICIES, NAMES, {p: [0.08, 0.05, 0.001] for p in POLICIES}, samples=20
    )
    (copy / "sensitivity-morris.json").write_text(json.dumps(morris.to_json()))
    page = build_report("copy", tmp_path / "r.html", str(copy.parent)).read_text()
    assert "Morris screening" in page
    assert "sensitivity-morris.json (a run folder of an older" in page
    assert "lowest fifth" not in page


def test_unreadable_stored_results_fall_back_and_say_so(report_run: Path, tmp_path: Path) -> None:
    copy = _copy(report_run, tmp_path)
    (copy / "results" / "morris").mkdir(parents=True)
    (copy / "results" / "morris" / "maximum-pressure.json").write_text("{ truncated")
    (copy / "sensitivity-sobol.json").write_text(json.dumps({"tables": {"casualties": {}}}))
    page = build_report("copy", tmp_path / "r.html", str(copy.parent)).read_text()
    assert "lowest fifth" in page and "Given-data first-order estimate" in page
    assert "Could not read results/morris/maximum-pressure.json as a Brink result" in page
    assert "Could not read sensitivity-sobol.json as a Brink result" in page


# ------------------------------------------------------------------------------ estimators


def test_given_data_sobol_finds_the_input_that_matters() -> None:
    rng = np.random.default_rng(3)
    n = 2000
    design = {"matters": rng.random(n), "noise": rng.random(n), "small": rng.random(n)}
    y = np.sin(3 * design["matters"]) + 0.3 * design["small"] + rng.normal(0, 0.05, n)
    found = given_data_sobol(y, design, noise=0.05**2)
    got = {p: e.value for p, e in zip(found.paths, found.estimates, strict=True)}
    assert got["matters"] > 0.8
    assert got["noise"] < 0.03
    assert 0.02 < got["small"] < 0.2
    assert all(e.lo <= e.value + 1e-12 and e.value <= e.hi + 1e-12 for e in found.estimates)


def test_box_sentence_only_names_limits_that_bind() -> None:
    scenario = load("korea-2017").scenario
    bounds = {
        "actors.China.pressure_sensitivity": (0.5, 2.0),
        "knot.half_life_days": (30.0, 180.0),
        "actors.US.war_cost": (2.0, 6.0),
    }
    text = box_sentence(
        [
            {"path": "actors.China.pressure_sensitivity", "low": 0.5, "high": 1.2},
            {"path": "knot.half_life_days", "low": 90.0, "high": 180.0},
            {"path": "actors.US.war_cost", "low": 2.0, "high": 6.0},
        ],
        bounds,
        scenario,
    )
    assert text == (
        "War is likely when China's pressure sensitivity is below 1.2 and half life days (knot) "
        "is above 90."
    )
    ratio = box_sentence(
        [{"path": "knot.half_life_days", "low": 90.0, "high": None}],
        bounds,
        scenario,
        density=0.06,
        base=0.05,
    )
    assert ratio == (
        "War is only slightly more likely than overall (6.0% of episodes vs 5.0% "
        "overall) when half life days (knot) is above 90."
    )
    nothing = box_sentence(
        [{"path": "knot.half_life_days", "low": 30.0, "high": 180.0}], bounds, scenario
    )
    assert nothing.startswith("No range of the inputs singles out war")


def test_backing_down_is_told_by_side(html: str, report_run: Path) -> None:
    """Capitulation by the challenger and by the defender are different endings: the report's
    table has one column each, and they add up to the stored capitulations."""
    from brink.analysis.compare_summary import summarise_run
    from brink.store.runs import open_run
    from helpers import stored_episodes

    assert '<th class="num">US backs down</th>' in html
    assert '<th class="num">DPRK backs down</th>' in html
    assert '<th class="num">capitulation</th>' not in html
    summary = summarise_run(open_run(str(report_run)))
    episodes = stored_episodes(report_run)
    assert set(episodes["capitulator"]) >= {"US", "DPRK"}  # both sides back down somewhere
    for row in summary["policies"]:
        mine = episodes[episodes["policy"] == row["policy"]]
        for side, lead in (("challenger", "US"), ("defender", "DPRK")):
            told = row[f"p_backs_down_{side}"]["mean"]
            assert told == pytest.approx(float((mine["capitulator"] == lead).mean()))
        assert row["p_backs_down_challenger"]["mean"] + row["p_backs_down_defender"][
            "mean"
        ] == pytest.approx(row["p_capitulation"]["mean"])
        assert row["missile_tests"]["mean"] == pytest.approx(float(mine["missile_tests"].mean()))
