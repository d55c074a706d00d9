"""`brink backtest` end to end on small folders: the JSON contract, --forecast-only,
--calibrate (a tiny design), calibration files applied by the loader, and bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from brink.cli import run_cli
from brink.scenario import calibration as cal
from brink.scenario.loader import load
from cases.conftest import CASES

FEW = ("kosovo-1999", "pulwama-2019", "russia-georgia-2008")


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    out = tmp_path / "cases"
    out.mkdir()
    for name in FEW:
        shutil.copy(CASES / f"{name}.yaml", out)
    return out


def _refuse(constant: str) -> None:
    raise AssertionError(f"not strict JSON: {constant}")


def _json(capsys: pytest.CaptureFixture[str], args: list[str]) -> dict:
    """The command's JSON, which must be strict (no Infinity or NaN: other languages' parsers
    refuse them)."""
    assert run_cli(args) == 0
    return json.loads(capsys.readouterr().out, parse_constant=_refuse)


def test_json_contract(folder: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    report = tmp_path / "bt.html"
    out = _json(
        capsys,
        [
            "backtest",
            "--cases",
            str(folder),
            "--episodes",
            "200",
            "--json",
            "--workers",
            "1",
            "-o",
            str(report),
        ],
    )
    assert [c["id"] for c in out["cases"]] == sorted(FEW)
    for case in out["cases"]:
        assert {"id", "forecast", "observed", "brier", "brier_base"} <= set(case)
        assert sum(case["forecast"].values()) == pytest.approx(1.0)
    assert {"n", "brier", "brier_base", "skill", "skill_lo", "skill_hi", "log_score", "rps"} <= set(
        out["summary"]
    )
    cond = out["conditional_on"]
    assert cond["cases"] == [str(folder)] and cond["seed"] == 0
    assert cond["episodes_per_case"] == 200 and "globals.yaml" in cond["calibration"]
    assert set(out["yardsticks"]) == {"tests", "durations"}
    assert out["yardsticks"]["tests"]["2017"]["nuclear_tests"]["observed"] == 1
    assert report.read_text().count("<script") >= 2  # one offline file


def test_same_seed_same_numbers(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["backtest", "--cases", str(folder), "--episodes", "200", "--json"]
    first = _json(capsys, [*args, "--workers", "1"])
    second = _json(capsys, [*args, "--workers", "2"])
    assert first["cases"] == second["cases"]


def test_set_applies_to_every_case(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--set reaches every case and the test yardstick, says so, and moves what it should:
    with crises able to fade, faded episodes count as ended (durations shorten) while the
    categories only trade among themselves."""
    args = ["backtest", "--cases", str(folder), "--episodes", "400", "--json"]
    off = _json(capsys, args)
    on = _json(capsys, [*args, "--set", "fading.enabled=true", "--set", "fading.calm_days=7"])
    assert off["conditional_on"]["overrides"] == []
    assert on["conditional_on"]["overrides"] == ["fading.enabled=true", "fading.calm_days=7"]
    span = {
        name: {
            c["id"]: c["model_unresolved_at_horizon"]
            for c in out["yardsticks"]["durations"]["cases"]
        }
        for name, out in (("off", off), ("on", on))
    }
    assert all(span["on"][cid] <= span["off"][cid] for cid in span["off"])
    assert span["on"]["pulwama-2019"] < span["off"]["pulwama-2019"] - 0.1
    assert run_cli([*args, "--set", "fading.calm_days=-3"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "fading.calm_days" in err[0], err


def test_forecast_only(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = folder / "pulwama-2019.yaml"
    data = yaml.safe_load(path.read_text())
    data.pop("outcome")
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    assert run_cli(["backtest", "--cases", str(folder), "--episodes", "200"]) == 2
    assert "--forecast-only" in capsys.readouterr().err
    out = _json(
        capsys,
        ["backtest", "--cases", str(folder), "--episodes", "200", "--json", "--forecast-only"],
    )
    assert all(set(c) == {"id", "forecast"} for c in out["cases"])
    assert "summary" not in out


@pytest.mark.parametrize(
    "args",
    [
        ["--cases", "/no/such/folder"],
        ["--episodes", "5"],
        ["--calibration", "/no/such.yaml"],
        ["--calibrate", "--calibration", "x.yaml"],
        ["-o", "/no/such/folder/report.html"],
        ["--seed", "-1"],
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(["backtest", "--episodes", "200", *args]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("brink: error:"), err


def test_a_broken_case_file_is_one_line(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = folder / "kosovo-1999.yaml"
    path.write_text(path.read_text().replace("  viol: 3\n", "  viol: 9\n"))
    assert run_cli(["backtest", "--cases", str(folder), "--episodes", "200"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "outcome.viol" in err[0], err


def _tiny_calibration(folder: Path, target: Path, *extra: str) -> list[str]:
    """`brink backtest --calibrate` on the folder with a tiny design (seconds, not minutes)."""
    return [
        "backtest", "--cases", str(folder), "--episodes", "200", "--json", "--calibrate",
        "--design-points", "4", "--design-episodes", "100",
        "--calibration-out", str(target), "--workers", "1", *extra,
    ]  # fmt: skip


def test_calibrate_writes_a_file_the_loader_applies(
    folder: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "cal.yaml"
    out = _json(capsys, _tiny_calibration(folder, target))
    assert set(out["calibration"]["folds"]) == set(FEW)
    assert out["uncalibrated"]["summary"]["n"] == out["summary"]["n"] == 3
    assert "leave-one-case-out" in out["conditional_on"]["calibration"]
    read = cal.read_calibration(target)
    assert set(read.scales) == set(out["calibration"]["parameters"]) and len(read.scales) <= 6
    assert read.cases == tuple(sorted(FEW))
    # Applied by the loader: the calibrated global is the globals.yaml range times the scale.
    plain = load("korea-2017", calibration="none").scenario
    fitted = load("korea-2017", calibration=str(target))
    scale = read.scales["decision.temperature"]
    assert fitted.scenario.decision.temperature.high == pytest.approx(
        plain.decision.temperature.high * scale
    )
    assert str(target) in fitted.calibration
    # The backtest says when a calibration file is applied to cases it was fitted on.
    again = _json(
        capsys,
        [
            "backtest",
            "--cases",
            str(folder),
            "--episodes",
            "200",
            "--json",
            "--calibration",
            str(target),
        ],
    )
    assert "IN SAMPLE" in again["conditional_on"]["calibration"]


def test_run_takes_a_calibration(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    doc = {"format": 1, "parameters": {"accidents.hazard_top": {"scale": 2.0}}, "cases": ["x"]}
    path = tmp_path / "c.yaml"
    path.write_text(yaml.safe_dump(doc))
    out = _json(
        capsys, ["run", "cuba-1962", "--episodes", "200", "--json", "--calibration", str(path)]
    )
    assert str(path) in out["conditional_on"]["calibration"]
    none = _json(
        capsys, ["run", "cuba-1962", "--episodes", "200", "--json", "--calibration", "none"]
    )
    assert "globals.yaml" in none["conditional_on"]["calibration"]


@pytest.mark.parametrize(
    "doc, message",
    [
        ({"format": 1, "parameters": {"no.such": {"scale": 1.0}}}, "not a global"),
        ({"format": 1, "parameters": {"decision.temperature": {"scale": -1}}}, "positive"),
        ({"format": 2, "parameters": {}}, "format"),
        (
            {
                "format": 1,
                "parameters": {
                    f"decision.{n}": {"scale": 1.0}
                    for n in ("temperature", "discount_rate", "honour", "threat_credibility")
                }
                | {
                    "war.mean_days": {"scale": 1.0},
                    "war.casualty_decay": {"scale": 1.0},
                    "knot.half_life_days": {"scale": 1.0},
                },
            },
            "at most 6",
        ),
    ],
)
def test_bad_calibration_files(doc: dict, message: str, tmp_path: Path) -> None:
    from brink.errors import BrinkInputError

    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(doc))
    with pytest.raises(BrinkInputError, match=message):
        cal.read_calibration(path)


def test_calibration_by_name(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`--calibration none` is the default's globals; `default` is the shipped file (the error
    for a missing file offers both names, so both must work)."""
    args = ["backtest", "--cases", str(folder), "--episodes", "200", "--json", "--workers", "1"]
    plain = _json(capsys, args)
    none = _json(capsys, [*args, "--calibration", "none"])
    assert none["cases"] == plain["cases"]
    shipped = _json(capsys, [*args, "--calibration", "default"])
    by_path = _json(capsys, [*args, "--calibration", str(cal.shipped_path())])
    assert shipped["cases"] == by_path["cases"] != plain["cases"]
    assert "IN SAMPLE" in shipped["conditional_on"]["calibration"]


@pytest.mark.parametrize("args", [["--prior-sd", "1"], ["--calibrate", "--prior-sd", "0"]])
def test_prior_sd_needs_calibrate_and_a_positive_number(args: list[str], folder: Path) -> None:
    assert run_cli(["backtest", "--cases", str(folder), "--episodes", "200", *args]) == 2


def test_the_cli_designs_as_many_points_as_the_calibration_does() -> None:
    import inspect

    from brink.backtest.calibrate import DEFAULT_POINTS
    from brink.backtest.runner import BacktestRun
    from brink.commands.backtest import backtest

    assert inspect.signature(backtest).parameters["design_points"].default == DEFAULT_POINTS
    assert BacktestRun().design_points == DEFAULT_POINTS


def test_fit_chooses_the_parameters_to_calibrate(
    folder: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "two.yaml"
    fitted = ["decision.temperature", "negotiation.hold_days"]
    out = _json(
        capsys, _tiny_calibration(folder, target, *[a for p in fitted for a in ("--fit", p)])
    )
    assert out["calibration"]["parameters"] == fitted
    assert set(cal.read_calibration(target).scales) == set(fitted)
    # The log-likelihood comes split by term as well as summed.
    loglik = out["calibration"]["log_likelihood"]
    for at in ("calibrated", "uncalibrated"):
        parts = loglik["endings"][at] + loglik["durations"][at]
        assert parts == pytest.approx(loglik[at])


@pytest.mark.parametrize(
    "args, message",
    [
        (["--fit", "decision.temperature"], "--fit: names the parameters to calibrate"),
        (["--calibrate", "--fit", "decision.temprature"], "did you mean decision.temperature?"),
        (["--calibrate", "--fit", "approval.weight", "--fit", "approval.weight"], "named twice"),
        (
            ["--calibrate", *[a for n in range(7) for a in ("--fit", f"x.{n}")]],
            "expected 1 to 6 global parameters (got 7)",
        ),
    ],
)
def test_bad_fit_is_one_line(
    args: list[str], message: str, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(["backtest", "--cases", str(folder), "--episodes", "200", *args]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0], err
