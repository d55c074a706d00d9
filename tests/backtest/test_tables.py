"""scripts/backtest_tables.py: markers, --write / --check, drift on a doctored doc, precision.

Engine-free and fast: the sources are synthetic backtest outputs with the keys the real ones
have (`make test` checks the real doc against real runs through the script itself).
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from brink.backtest.outcomes import CATEGORIES
from conftest import ROOT

_spec = importlib.util.spec_from_file_location(
    "backtest_tables", ROOT / "scripts" / "backtest_tables.py"
)
assert _spec is not None and _spec.loader is not None
bt = importlib.util.module_from_spec(_spec)
sys.modules["backtest_tables"] = bt
_spec.loader.exec_module(bt)

CASE_IDS = ("alpha-1900", "beta-1950", "gamma-2000", "delta-2010", "eps-2020", "zeta-2021")
PARAMS = ("decision.temperature", "perception.misperception_rate")


def _summary(rng: np.random.Generator) -> dict[str, Any]:
    s: dict[str, Any] = {"n": len(CASE_IDS)}
    for key in (
        "brier",
        "log_score",
        "rps",
        "brier_base",
        "log_score_base",
        "rps_base",
        "brier_climatology",
        "log_score_climatology",
        "rps_climatology",
        "brier_uniform",
        "log_score_uniform",
        "rps_uniform",
    ):
        s[key] = float(rng.uniform(0.1, 1.5))
    s["brier_lo"], s["brier_hi"] = s["brier"] - 0.2, s["brier"] + 0.2
    for key in ("skill", "skill_climatology", "skill_uniform"):
        s[key] = float(rng.uniform(-0.3, 0.3))
        s[key + "_lo"], s[key + "_hi"] = s[key] - 0.25, s[key] + 0.25
    return s


def _case(cid: str, rng: np.random.Generator) -> dict[str, Any]:
    p = rng.dirichlet(np.ones(len(CATEGORIES)))
    forecast = {k: float(x) for k, x in zip(CATEGORIES, p, strict=True)}
    observed = CATEGORIES[int(rng.integers(len(CATEGORIES)))]
    base = {k: 1 / len(CATEGORIES) for k in CATEGORIES}
    return {
        "id": cid,
        "observed": observed,
        "forecast": forecast,
        "top": max(forecast, key=lambda k: forecast[k]),
        "p_observed": forecast[observed],
        "brier": float(rng.uniform(0, 2)),
        "brier_base": 0.833,
        "base_forecast": base,
    }


def _count(rng: np.random.Generator) -> dict[str, float]:
    mean = float(rng.uniform(0.5, 8))
    return {"mean": mean, "lo": mean - 0.1, "hi": mean + 0.1, "p05": 0.0, "p95": 2 * mean}


def _share(rng: np.random.Generator, icb: float) -> dict[str, float]:
    x = float(rng.uniform(0.05, 0.6))
    return {"model": x, "lo": x - 0.05, "hi": x + 0.05, "icb": icb}


def source(name: str, seed: int) -> dict[str, Any]:
    """A synthetic `brink backtest --json` output (``--calibrate`` when name is calibrated or
    fading_calibrated; the fading sources with ``--set fading.enabled=true``)."""
    rng = np.random.default_rng(seed)
    cases = [_case(cid, rng) for cid in CASE_IDS]
    kind = bt.FADING.get(name, name)
    label = {
        "uncalibrated": "none: Brink's global defaults (globals.yaml)",
        "shipped": "src/brink/scenario/calibration.yaml: decision.temperature x3.52 ...",
        "calibrated": "leave-one-case-out calibration",
    }[kind]
    overrides = bt.FADING_ON[1:] if name in bt.FADING else []
    data: dict[str, Any] = {
        "conditional_on": {"calibration": label, "overrides": overrides},
        "cases": cases,
        "summary": _summary(rng),
        "yardsticks": {
            "tests": {
                year: {
                    "policy": policy,
                    "nuclear_tests": {"observed": 1, "model": _count(rng)},
                    "missile_tests": {"observed": 16, "model": _count(rng)},
                }
                for year, policy in (("2016", "patience"), ("2017", "pressure"))
            },
            "durations": {
                "library": {
                    "within_30_days": _share(rng, 0.27),
                    "within_90_days": _share(rng, 0.54),
                    "over_one_year": _share(rng, 0.10),
                    "median_days": {"model": 161.0, "lo": 105.0, "hi": 287.0, "icb": 81},
                },
                "coverage_80": {"share": 4 / 6, "n": 6},
                "cases": [
                    {
                        "id": cid,
                        "icb_days": 30.0 + i,
                        "model_median_days": 100.0 + i,
                        "model_p10_days": 7.0,
                        "model_p90_days": None,  # over a year: null in the JSON
                        "within_80": i % 2 == 0,
                        "model_within_90": 0.4,
                        "model_unresolved_at_horizon": 0.3,
                    }
                    for i, cid in enumerate(CASE_IDS)
                ],
            },
        },
    }
    if kind == "calibrated":
        data["uncalibrated"] = {"summary": _summary(rng), "cases": cases}
        fit = {"decision.temperature": 3.5183, "perception.misperception_rate": 4.9999999}
        data["calibration"] = {
            "parameters": list(PARAMS),
            "fit": fit,
            "interval": {
                "decision.temperature": [0.5636, 5.6466],
                "perception.misperception_rate": [0.125, 5.0],
            },
            "folds": {
                cid: {p: fit[p] * (1 + 0.01 * i) for p in PARAMS} for i, cid in enumerate(CASE_IDS)
            },
            "log_likelihood": {"calibrated": -23.34, "uncalibrated": -31.92},
        }
    return data


def sources(*names: str) -> dict[str, Any]:
    return {n: source(n, seed) for seed, n in enumerate(names) if n}


ALL = ("uncalibrated", "shipped", "calibrated", "fading", "fading_shipped", "fading_calibrated")


def ablation(seed: int = 9) -> dict[str, Any]:
    """A synthetic ablation: the cases with each shipped parameter set back to x1."""
    import yaml

    params = yaml.safe_load(bt.SHIPPED_FILE.read_text(encoding="utf-8"))["parameters"]
    rng = np.random.default_rng(seed)
    return {p: {"cases": [_case(cid, rng) for cid in CASE_IDS]} for p in params}


@pytest.fixture(autouse=True)
def _ablation_cases(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bt, "ABLATION_CASES", CASE_IDS[:4])


def doc_with(keys: list[str]) -> str:
    """A doc quoting ``keys`` (tables on their own lines, figures inside sentences), unfilled."""
    parts = ["# A doc\n"]
    for key in keys:
        if key in bt.REQUIRED:
            parts.append(f"Table:\n\n<!-- backtest: {key} -->\n<!-- /backtest -->\n")
        else:
            parts.append(f"The figure is <!-- backtest: {key} -->?<!-- /backtest --> here.\n")
    return "\n".join(parts)


INLINE = [
    "n",
    "uncalibrated.brier",
    "calibrated.skill",
    "shipped.case.beta-1950.p_observed",
    "ablation.decision.temperature.alpha-1900.settlement",
    "fit.decision.temperature",
    "calibration.at_top",
    "uncalibrated.durations.median",
]


@pytest.fixture()
def filled() -> tuple[str, dict[str, Any]]:
    fresh = bt.items(sources(*ALL), ablation())
    text, unknown = bt.write(doc_with(list(bt.REQUIRED) + INLINE), fresh)
    assert unknown == []
    return text, fresh


# ----------------------------------------------------------------------------- precision


@pytest.mark.parametrize(
    ("quoted", "fresh", "ok"),
    [
        ("0.666", "0.666", True),
        ("0.667", "0.666", False),  # the last printed digit moved
        ("0.67", "0.666", True),  # coarser: 0.67 stands for 0.665-0.675
        ("0.66", "0.666", False),
        ("0.6662", "0.666", False),  # more digits than were computed
        ("0.7", "0.749", True),
        ("0.7", "0.751", False),
        ("+0.14 (−0.12 to +0.39)", "+0.14 (-0.12 to +0.39)", True),  # either minus sign
        ("+0.14 (-0.12 to +0.38)", "+0.14 (-0.12 to +0.39)", False),
        ("0.14 (-0.12 to +0.39)", "+0.14 (-0.12 to +0.39)", True),  # a sign is not a digit
        ("4,000 episodes", "4,000 episodes", True),
        ("4,000 episodes", "4,001 episodes", False),
        ("major war (0.35)", "limited war (0.35)", False),  # the words count too
        ("329 days (95% 147–329)", "329 days  (95% 147–329)", True),  # spaces do not
        ("0.153–0.323", "0.153–0.324", False),  # a range's dash is not a minus
    ],
)
def test_same_honours_the_printed_precision(quoted: str, fresh: str, ok: bool) -> None:
    assert bt.same(quoted, fresh) is ok


def test_same_allows_units_of_the_last_digit_only_when_asked() -> None:
    assert not bt.same("1.224", "1.223")
    assert bt.same("1.224", "1.223", units=1)
    assert not bt.same("1.224", "1.222", units=1)
    assert bt.same("38.6% (29.3–47.9)", "38.6% (29.3–47.8)", units=1)
    assert not bt.same("major war (0.35)", "limited war (0.35)", units=1)  # words still count


# ----------------------------------------------------------------------------- write / check


def test_write_fills_every_marker_and_check_passes(filled: tuple[str, dict[str, Any]]) -> None:
    text, fresh = filled
    assert "?<!-- /backtest -->" not in text
    assert text.count("<!-- backtest: ") == len(bt.REQUIRED) + len(INLINE)
    report = bt.check(text, fresh, ALL)
    assert report.drift == [] and report.partial == []
    assert report.checked == len(bt.REQUIRED) + len(INLINE)
    again, _ = bt.write(text, fresh)
    assert again == text  # writing is idempotent


def test_a_doctored_cell_is_one_drift_line(filled: tuple[str, dict[str, Any]]) -> None:
    text, fresh = filled
    cell = fresh["summary"].rows[2][1]  # calibrated, mean Brier (95%)
    doctored = text.replace(f"| {cell} |", "| 0.123 (0.100–0.200) |", 1)
    assert doctored != text
    drift = bt.check(doctored, fresh, ALL).drift
    assert len(drift) == 1
    assert "summary: calibrated, leave-one-case-out, mean Brier (95%)" in drift[0]
    assert "0.123" in drift[0]


def test_a_doctored_inline_figure_drifts(filled: tuple[str, dict[str, Any]]) -> None:
    text, fresh = filled
    quoted = fresh["uncalibrated.brier"]
    wrong = f"{float(quoted) + 0.001:.3f}"
    doctored = text.replace(f"-->{quoted}<!--", f"-->{wrong}<!--", 1)
    drift = bt.check(doctored, fresh, ALL).drift
    assert drift == [f"doc: uncalibrated.brier: quoted {wrong!r}, fresh {quoted!r}"]
    coarse = text.replace(f"-->{quoted}<!--", f"-->{float(quoted):.2f}<!--", 1)
    assert bt.check(coarse, fresh, ALL).drift == []  # quoted coarser, still right


def test_the_fit_may_be_one_unit_off_and_the_engine_not(
    filled: tuple[str, dict[str, Any]],
) -> None:
    """The leave-one-out fit's last digits depend on the machine (FIT_SLACK): its figures may
    be one unit of their last digit off; the engine's own figures, and two units, drift."""
    text, fresh = filled
    src, abl = sources(*ALL), ablation()
    fitted = bt.fitted_parts(src, abl, fresh)
    assert ("calibrated.skill", None, None) in fitted
    assert ("uncalibrated.brier", None, None) not in fitted

    def moved(key: str, units: int) -> str:
        """The doc with the first number of ``key`` moved by ``units`` of its last digit."""
        quoted = fresh[key]
        first = bt.NUMBER.search(quoted)
        value, decimals = bt._number(first.group(0))
        wrong = f"{value + units * 10.0**-decimals:+.{decimals}f}"
        if not first.group(0).startswith(("+", "-", "−")):
            wrong = wrong.lstrip("+")
        doctored = quoted[: first.start()] + wrong + quoted[first.end() :]
        marker = f"<!-- backtest: {key} -->"
        return text.replace(marker + quoted, marker + doctored)

    for key in ("calibrated.skill", "uncalibrated.brier"):
        assert moved(key, 1) != text
    assert bt.check(moved("calibrated.skill", 1), fresh, ALL, fitted=fitted).drift == []
    assert len(bt.check(moved("calibrated.skill", 1), fresh, ALL).drift) == 1  # strict by default
    assert len(bt.check(moved("calibrated.skill", 2), fresh, ALL, fitted=fitted).drift) == 1
    assert len(bt.check(moved("uncalibrated.brier", 1), fresh, ALL, fitted=fitted).drift) == 1


def test_a_changed_model_drifts_where_it_shows(filled: tuple[str, dict[str, Any]]) -> None:
    text, _ = filled
    src = sources(*ALL)
    src["shipped"]["cases"][1]["p_observed"] += 0.02  # beta-1950 under the shipped calibration
    drift = bt.check(text, bt.items(src, ablation()), ALL).drift
    assert any("cases: beta-1950, shipped" in line for line in drift)
    assert any("shipped.case.beta-1950.p_observed" in line for line in drift)
    assert any("ablation: beta-1950, shipped calibration" in line for line in drift)
    assert len(drift) == 3  # the three places that quote it, nothing else
    src = sources(*ALL)
    src["shipped"]["cases"][1]["p_observed"] += 1e-5  # below the printed precision
    assert bt.check(text, bt.items(src, ablation()), ALL).drift == []


def test_rows_missing_extra_or_reordered_drift(filled: tuple[str, dict[str, Any]]) -> None:
    text, fresh = filled
    table = fresh["cases"].text()
    gamma = next(line for line in table.splitlines() if line.startswith("| gamma-2000 |"))
    without = text.replace(table, table.replace(gamma + "\n", ""))
    assert without != text
    drift = bt.check(without, fresh, ALL).drift
    assert drift == ["doc: cases: row 'gamma-2000' missing from the doc"]
    extra = text.replace("| uniform |", "| made up | 1 | 2 | 3 | 4 | 5 | 6 |\n| uniform |", 1)
    assert any(
        "row 'made up' is not in the fresh table" in line
        for line in bt.check(extra, fresh, ALL).drift
    )
    worst = fresh["worst"].text().splitlines()
    swapped = "\n".join([*worst[:2], worst[3], worst[2], *worst[4:]])
    drift = bt.check(text.replace(fresh["worst"].text(), swapped), fresh, ALL).drift
    assert any("worst: rows in another order" in line for line in drift)


def test_unknown_markers_and_missing_tables_drift(filled: tuple[str, dict[str, Any]]) -> None:
    text, fresh = filled
    bad = text + "\nA <!-- backtest: calibrated.nonsense -->1<!-- /backtest --> figure.\n"
    assert any(
        "calibrated.nonsense: no such item" in line for line in bt.check(bad, fresh, ALL).drift
    )
    start = text.index("<!-- backtest: tests -->")
    end = text.index("<!-- /backtest -->", start) + len("<!-- /backtest -->")
    drift = bt.check(text[:start] + text[end:], fresh, ALL).drift
    assert drift == ["doc: tests: the doc quotes no such table"]


def test_a_changed_header_drifts(filled: tuple[str, dict[str, Any]]) -> None:
    text, fresh = filled
    doctored = text.replace("| forecasts | mean Brier (95%) |", "| forecasts | Brier |", 1)
    assert any("summary: header" in line for line in bt.check(doctored, fresh, ALL).drift)


# ----------------------------------------------------------------------------- --quick


def test_quick_checks_what_it_computed_and_says_what_it_did_not(
    filled: tuple[str, dict[str, Any]],
) -> None:
    import yaml

    # the full run's calibration as the shipped file holds it (quick mode reads the file)
    full = sources(*ALL)
    shipped = yaml.safe_load(bt.SHIPPED_FILE.read_text(encoding="utf-8"))
    params = shipped["parameters"]
    full["calibrated"]["summary"]["n"] = len(shipped["cases"])
    full["calibrated"]["calibration"] = {
        "parameters": list(params),
        "fit": {p: v["scale"] for p, v in params.items()},
        "interval": {p: v["interval"] for p, v in params.items()},
        "folds": {c: {p: params[p]["leave_one_out"][c] for p in params} for c in shipped["cases"]},
        "log_likelihood": shipped["log_likelihood"],
    }
    text, _ = bt.write(filled[0], bt.items(full, ablation()))
    assert bt.check(text, bt.items(full, ablation()), [*ALL, "ablation"]).drift == []
    quick = sources("uncalibrated", "shipped")
    fresh = bt.items(quick)
    report = bt.check(text, fresh, quick)
    assert report.drift == []
    assert "calibrated.skill" in report.partial and "cases" in report.partial
    assert "ablation.decision.temperature.alpha-1900.settlement" in report.partial
    assert "ablation" in report.partial
    assert "uncalibrated.brier" not in report.partial
    # the quick run still catches a change in what it recomputes
    quick["uncalibrated"]["cases"][0]["p_observed"] += 0.05
    drift = bt.check(text, bt.items(quick), quick).drift
    assert any("cases: alpha-1900, uncalibrated" in line for line in drift)
    with pytest.raises(ValueError, match="--write needs every source"):
        bt.write(text, fresh)


def test_quick_reads_the_calibration_table_from_the_shipped_file() -> None:
    table = bt.calibration_table(sources("uncalibrated"))
    import yaml

    shipped = yaml.safe_load(bt.SHIPPED_FILE.read_text(encoding="utf-8"))["parameters"]
    assert [r[0] for r in table.rows] == [f"`{p}`" for p in shipped]
    for row, values in zip(table.rows, shipped.values(), strict=True):
        assert row[2] is not None and row[2].startswith(f"×{bt.sig(values['scale'])}")


def test_box_edges_are_named() -> None:
    table = bt.calibration_table(sources("calibrated"))
    rows = {r[0]: r for r in table.rows}
    assert rows["`perception.misperception_rate`"][2] == "×5.00 (top of the box)"
    assert rows["`decision.temperature`"][2] == "×3.52"
    assert rows["`decision.temperature`"][5] == "×0.125–×8.00"
    assert bt.items(sources("calibrated"))["calibration.at_top"] == (
        "`perception.misperception_rate`"
    )


# ----------------------------------------------------------------------------- the command


def test_a_saved_output_must_be_the_run_its_option_names(tmp_path: Path) -> None:
    """A run with crises able to fade is not the uncalibrated run, nor the reverse."""
    path = tmp_path / "fading.json"
    path.write_text(json.dumps(source("fading", 1)), encoding="utf-8")
    assert bt.read_source("fading", str(path))["conditional_on"]["overrides"]
    with pytest.raises(ValueError, match="overrides"):
        bt.read_source("uncalibrated", str(path))
    path.write_text(json.dumps(source("uncalibrated", 1)), encoding="utf-8")
    with pytest.raises(ValueError, match="overrides"):
        bt.read_source("fading", str(path))


def test_main_checks_saved_outputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = sources(*ALL)
    paths = []
    for name, data in src.items():
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        paths += [f"--{name.replace('_', '-')}", str(path)]
    (tmp_path / "ablation.json").write_text(json.dumps(ablation()), encoding="utf-8")
    paths += ["--ablation", str(tmp_path / "ablation.json")]
    doc = tmp_path / "doc.md"
    doc.write_text(doc_with(list(bt.REQUIRED) + INLINE), encoding="utf-8")
    assert bt.main(["--write", "--doc", str(doc), *paths]) == 0
    assert bt.main(["--check", "--doc", str(doc), *paths]) == 0
    assert "backtest items match" in capsys.readouterr().out
    doc.write_text(
        doc.read_text(encoding="utf-8").replace("→", "->") + "\n"
        "<!-- backtest: n -->7<!-- /backtest -->\n",
        encoding="utf-8",
    )
    assert bt.main(["--check", "--doc", str(doc), *paths]) == 1
    assert capsys.readouterr().out.strip().splitlines() == [f"{doc}: n: quoted '7', fresh '6'"]


def test_main_refuses_a_mislabelled_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "u.json"
    path.write_text(json.dumps(source("uncalibrated", 0)), encoding="utf-8")
    assert (
        bt.main(
            [
                "--check",
                "--shipped",
                str(path),
                "--uncalibrated",
                str(path),
                "--calibrated",
                str(path),
            ]
        )
        == 2
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("backtest_tables: ")
    assert (
        bt.main(
            [
                "--check",
                "--uncalibrated",
                str(tmp_path / "missing.json"),
                "--quick",
                "--shipped",
                str(path),
            ]
        )
        == 2
    )


def test_a_median_over_a_year_prints_as_such() -> None:
    # `brink backtest --json` gives null for days past the horizon (strict JSON).
    src = sources(*ALL)
    for name in ALL:
        median = src[name]["yardsticks"]["durations"]["library"]["median_days"]
        median.update({"model": None, "lo": 175.0, "hi": None})
    fresh = bt.items(src, ablation())
    assert fresh["uncalibrated.durations.median"] == "over a year (95% 175 to over a year)"
    table = bt.durations_table(src)
    assert "over a year (175 to over a year)" in str(table.rows[0])
