"""What users saw wrong in the report, each fixed from the typed results it reads: partial
coverage said, inputs that cannot act left out, few samples and negative Sobol' estimates
explained, certain war not put down to luck, an interrupted run's heading, distinct colours,
long sections folded."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from brink.analysis.discovery_result import Limit
from brink.analysis.stored import store_discovery, store_sensitivity
from brink.report.build import build_report
from brink.report.charts import colour
from brink.report.discovery import box_sentence
from brink.scenario.loader import load
from brink.store.runs import open_run
from results_fixtures import discovery_result, policy_discovery, sensitivity_result

POLICIES = ["maximum-pressure", "freeze-for-freeze"]
NAMES = ["actors.China.pressure_sensitivity", "actors.DPRK.resolve_prior", "knot.half_life_days"]
OFF = "channels.us-dprk.noise_reduction"  # the US–DPRK channel is closed in korea-2017


def _copy(run: Path, tmp_path: Path, name: str = "copy") -> Path:
    target = tmp_path / "runs" / name
    shutil.copytree(run, target)
    manifest = json.loads((target / "manifest.json").read_text())
    manifest["name"] = name
    (target / "manifest.json").write_text(json.dumps(manifest))
    return target


def _page(copy: Path, tmp_path: Path) -> str:
    return build_report(copy.name, tmp_path / "r.html", str(copy.parent)).read_text()


def _section(page: str, ident: str) -> str:
    start = page.index(f'<section id="{ident}">')
    return page[start : page.index("</section>", start)]


def _spec(page: str, target: str) -> dict:
    match = re.search(
        rf'<script type="application/json" class="chart-spec" data-target="{target}">(.*?)'
        "</script>",
        page,
        re.S,
    )
    assert match
    return json.loads(match.group(1))


def test_a_result_for_fewer_policies_than_the_run_says_so(report_run: Path, tmp_path: Path) -> None:
    """`brink discover RUN -p P` then the report: discovery for one of two policies, said."""
    copy = _copy(report_run, tmp_path)
    store_discovery(open_run(str(copy)), discovery_result(["freeze-for-freeze"]))
    store_sensitivity(
        open_run(str(copy)),
        sensitivity_result(
            "morris", ["maximum-pressure"], NAMES, {"maximum-pressure": [0.1, 0.05, 0.01]}
        ),
    )
    page = _page(copy, tmp_path)
    discovery = _section(page, "discovery")
    assert (
        "This scenario discovery covers 1 of the run&#39;s 2 policies (freeze-for-freeze); "
        "not analysed: maximum-pressure."
    ) in discovery
    assert "Under <code>freeze-for-freeze</code>" in discovery
    assert "Under <code>maximum-pressure</code>" not in discovery
    assert (
        "This Morris screening covers 1 of the run&#39;s 2 policies (maximum-pressure); not "
        "analysed: freeze-for-freeze."
    ) in _section(page, "drivers")


def test_a_later_command_on_one_policy_keeps_the_others(report_run: Path, tmp_path: Path) -> None:
    copy = _copy(report_run, tmp_path)
    run = open_run(str(copy))
    store_discovery(run, discovery_result(POLICIES))
    again = policy_discovery("freeze-for-freeze", density=0.2)
    store_discovery(run, discovery_result(["freeze-for-freeze"], [again]))
    discovery = _section(_page(copy, tmp_path), "discovery")
    assert "covers" not in discovery
    assert "Under <code>maximum-pressure</code>" in discovery
    assert "(20.0% of episodes vs 5.0% overall)" in discovery  # the newer one replaced its own


def test_inputs_that_cannot_act_are_not_ranked(report_run: Path, tmp_path: Path) -> None:
    scenario = load("korea-2017").scenario
    assert not scenario.channels["us-dprk"].enabled
    copy = _copy(report_run, tmp_path)
    names = [*NAMES, OFF]
    store_sensitivity(
        open_run(str(copy)),
        sensitivity_result(
            "morris", POLICIES, names, {p: [0.02, 0.01, 0.005, 0.09] for p in POLICIES}
        ),
    )
    page = _page(copy, tmp_path)
    tornado = _spec(page, "chart-tornado")
    shown = {y for trace in tornado["data"] for y in trace["y"]}
    assert shown and not any("noise reduction" in label for label in shown)
    assert "1 input(s) are left out because they cannot act as the scenario stands" in page
    assert OFF in page  # named, so a reader knows what was dropped


def test_few_samples_are_warned_about(report_run: Path, tmp_path: Path) -> None:
    copy = _copy(report_run, tmp_path)
    run = open_run(str(copy))
    store_sensitivity(
        run,
        sensitivity_result(
            "morris", POLICIES, NAMES, {p: [0.1, 0.05, 0.0] for p in POLICIES}, samples=3
        ),
    )
    store_sensitivity(
        run,
        sensitivity_result(
            "sobol", POLICIES, NAMES, {p: [0.5, 0.2, 0.1] for p in POLICIES}, samples=8
        ),
    )
    page = _page(copy, tmp_path)
    assert "Only 3 Morris trajectories per input: too few to rank 3 inputs reliably" in page
    assert "Sobol&#39; indices from a base sample of N = 8 (40 draws for 3 inputs): too few" in page


def test_the_sample_estimates_warn_on_few_draws(report_run: Path, tmp_path: Path) -> None:
    """The report_run has 40 draws: each fifth of a range holds 8 of them."""
    page = _page(_copy(report_run, tmp_path), tmp_path)
    assert "Only 40 draws: each fifth of an input&#39;s range holds about 8 of them" in page
    assert "Only 40 draws (3 bins per input): the given-data estimate" in page


def test_enough_samples_are_not_warned_about(report_run: Path, tmp_path: Path) -> None:
    copy = _copy(report_run, tmp_path)
    store_sensitivity(
        open_run(str(copy)),
        sensitivity_result(
            "morris", POLICIES, NAMES, {p: [0.1, 0.05, 0.0] for p in POLICIES}, samples=20
        ),
    )
    assert 'data-warns="tornado"' not in _page(copy, tmp_path)


def test_negative_sobol_estimates_are_explained(report_run: Path, tmp_path: Path) -> None:
    copy = _copy(report_run, tmp_path)
    store_sensitivity(
        open_run(str(copy)),
        sensitivity_result(
            "sobol",
            POLICIES,
            NAMES,
            {p: [0.5, 0.3, 0.02] for p in POLICIES},
            first={p: [0.4, -0.38, 0.0] for p in POLICIES},
            conf=0.05,
            samples=256,
        ),
    )
    page = _page(copy, tmp_path)
    assert "Some estimates are below zero (lowest: S1 = −0.38 for North Korea&#39;s resolve" in page
    assert "A share of variance cannot be negative" in page


def test_positive_clear_sobol_estimates_need_no_excuse(report_run: Path, tmp_path: Path) -> None:
    copy = _copy(report_run, tmp_path)
    store_sensitivity(
        open_run(str(copy)),
        sensitivity_result(
            "sobol", POLICIES, NAMES, {p: [0.5, 0.3, 0.2] for p in POLICIES}, conf=0.05, samples=256
        ),
    )
    page = _page(copy, tmp_path)
    assert "below zero" not in page and "not distinguishable from 0" not in page


def test_certain_war_is_not_put_down_to_luck(report_run: Path, tmp_path: Path) -> None:
    scenario = load("korea-2017").scenario
    bounds = {"knot.half_life_days": (30.0, 180.0)}
    certain = box_sentence([], bounds, scenario, density=1.0, base=1.0)
    assert "every episode" in certain and "luck" not in certain
    common = box_sentence([], bounds, scenario, density=0.8, base=0.8)
    assert "luck" not in common and "80.0%" in common
    rare = box_sentence([], bounds, scenario, density=0.05, base=0.05)
    assert "depends on luck" in rare
    copy = _copy(report_run, tmp_path)
    blocks = [
        policy_discovery("maximum-pressure", base_rate=1.0, episodes=2000, hits=2000, limits={}),
        policy_discovery("freeze-for-freeze"),
    ]
    store_discovery(open_run(str(copy)), discovery_result(POLICIES, blocks))
    discovery = _section(_page(copy, tmp_path), "discovery")
    assert "War happens in every episode, whatever the inputs" in discovery
    assert "depends on luck or on many" not in discovery


def test_an_interrupted_run_is_headed_by_all_its_policies(report_run: Path, tmp_path: Path) -> None:
    copy = _copy(report_run, tmp_path)
    for kind in ("parts", "timeline"):
        shutil.rmtree(copy / kind / "freeze-for-freeze")
    page = _page(copy, tmp_path)
    heading = re.search(r'<p class="sub" id="policy-count">(.*?)</p>', page, re.S)
    assert heading and heading.group(1).startswith(
        "2 policies compared on the same sampled worlds and the same luck (1 with episodes "
        "stored so far)"
    )
    banner = page[page.index('id="incomplete"') :]
    assert "1 of its 2 policies (freeze-for-freeze) have no episodes yet" in banner[:800]


def test_colours_are_distinct_for_twelve_policies() -> None:
    assert len({colour(i).lower() for i in range(12)}) == 12
    assert len({colour(i).lower() for i in range(14)}) == 14


def test_long_sections_are_folded(report_run: Path, tmp_path: Path) -> None:
    copy = _copy(report_run, tmp_path)
    store_discovery(open_run(str(copy)), discovery_result(POLICIES))
    page = _page(copy, tmp_path)
    inputs = _section(page, "inputs")
    assert inputs.index('<details class="inputs"') < inputs.index('<table class="inputs">')
    discovery = _section(page, "discovery")
    folds = re.findall(r'<details class="discovery"( open)?>', discovery)
    assert folds == [" open", ""]  # the first policy's box open, the rest folded


@pytest.mark.parametrize("limit", [Limit(None, 1.8, 0.5, 2.0)])
def test_typed_limits_reach_the_sentence(limit: Limit, report_run: Path, tmp_path: Path) -> None:
    copy = _copy(report_run, tmp_path)
    block = policy_discovery(
        "maximum-pressure", limits={"actors.China.pressure_sensitivity": limit}, density=0.6
    )
    store_discovery(open_run(str(copy)), discovery_result(["maximum-pressure"], [block]))
    assert "War is likely (60.0% of episodes vs 5.0% overall) when China&#39;s pressure " in _page(
        copy, tmp_path
    )


def test_many_policies_do_not_stretch_the_driver_charts() -> None:
    from brink.report.charts import MAX_ROW_PX, bars_chart
    from brink.report.drivers import Bars

    labels = [f"input {i}" for i in range(12)]
    series = {
        f"policy {k}": {"value": [0.1] * 12, "lo": [0.0] * 12, "hi": [0.2] * 12} for k in range(10)
    }
    bars = Bars("morris", "t", "c", labels, labels, series)
    height = bars_chart(bars, "x", percent_axis=False).layout.height
    assert height == 140 + 12 * MAX_ROW_PX
    one = Bars("morris", "t", "c", labels, labels, dict(list(series.items())[:1]))
    assert bars_chart(one, "x", percent_axis=False).layout.height == 140 + 12 * 44


def test_sample_episodes_start_folded(report_run: Path, tmp_path: Path) -> None:
    narratives = _section(_page(_copy(report_run, tmp_path), tmp_path), "narratives")
    assert narratives.count('<details class="narrative">') >= 1
    assert '<details class="narrative" open' not in narratives


def test_an_older_design_with_inputs_that_cannot_act_is_screened_without_them(
    report_run: Path, tmp_path: Path
) -> None:
    """Runs made before designs left out switched-off inputs hold them in design.parquet: the
    estimates from the run's own sample must not rank them, even when chance lines them up
    with P(war) (here the column is P(war) itself)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from helpers import stored_episodes

    copy = _copy(report_run, tmp_path)
    episodes = stored_episodes(copy)
    per_draw = (episodes["outcome"] == "war").groupby(episodes["draw"]).mean()
    table = pq.read_table(copy / "design.parquet")
    draws = table.column("draw").to_pylist()
    column = pa.array([float(per_draw.get(d, 0.0)) for d in draws])
    pq.write_table(table.append_column(OFF, column), copy / "design.parquet")
    page = _page(copy, tmp_path)
    for chart in ("chart-tornado", "chart-sobol"):
        labels = {y for trace in _spec(page, chart)["data"] for y in trace["y"]}
        assert labels and not any("noise reduction" in label for label in labels), chart
    assert page.count("1 input(s) are left out because they cannot act") == 2
