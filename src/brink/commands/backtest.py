"""`brink backtest`: score Brink's forecasts of historical crises against what happened."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer


def register(app: typer.Typer) -> None:
    """Attach the backtest command."""
    app.command("backtest")(backtest)


def backtest(
    cases: Annotated[
        list[str] | None,
        typer.Option("--cases", help="A folder of case files (repeatable; default: the library)."),
    ] = None,
    calibration: Annotated[
        str | None,
        typer.Option(help="Apply a calibration file (default: none, Brink's globals.yaml)."),
    ] = None,
    calibrate: Annotated[
        bool,
        typer.Option("--calibrate", help="Fit the global parameters leave-one-case-out."),
    ] = False,
    calibration_out: Annotated[
        str,
        typer.Option(help="With --calibrate: where to write the calibration file."),
    ] = "calibration.yaml",
    episodes: Annotated[int, typer.Option(help="Episodes per case.")] = 4000,
    seed: Annotated[int, typer.Option(help="Random seed: same seed, same numbers.")] = 0,
    workers: Annotated[int, typer.Option(help="Worker processes (0 = one per core).")] = 0,
    design_points: Annotated[
        int, typer.Option(help="With --calibrate: points of the design (plus the globals).")
    ] = 32,  # calibrate.DEFAULT_POINTS (not imported: the CLI starts without numpy)
    design_episodes: Annotated[
        int, typer.Option(help="With --calibrate: episodes per case and design point.")
    ] = 2000,
    fit: Annotated[
        list[str] | None,
        typer.Option(
            "--fit",
            help="With --calibrate: a global parameter to fit, e.g. decision.temperature "
            "(repeatable, at most six; default: the shipped calibration's four).",
        ),
    ] = None,
    prior_sd: Annotated[
        float | None,
        typer.Option(
            help="With --calibrate: a normal prior N(0, SD^2) on ln(scale) (posterior mode); "
            "default none, plain maximum likelihood."
        ),
    ] = None,
    overrides: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help="Fix an input or switch a mechanism in every case (and korea-2017's test "
            "yardstick): PATH=VALUE, e.g. fading.enabled=true. Repeatable.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    output: Annotated[
        str | None, typer.Option("-o", "--output", help="Write the HTML report to this file.")
    ] = None,
    forecast_only: Annotated[
        bool,
        typer.Option("--forecast-only", help="Forecast case files without scoring them."),
    ] = False,
) -> None:
    """Forecast each historical case's ending and score it against what happened.

    Scores: multi-category Brier, log score, ranked probability score, against the ICB base
    rate of each case's reference class, the library's leave-one-out climatology and uniform,
    with case-bootstrap 95% intervals; yardsticks: North Korea's tests, crisis durations.
    """
    from brink.backtest.runner import BacktestRun, public, run_backtest
    from brink.commands.guards import workers_for
    from brink.errors import BrinkInputError

    if design_points < 4 or design_episodes < 100:
        raise BrinkInputError(
            "--design-points / --design-episodes: expected at least 4 points and 100 episodes"
        )
    if output is not None and forecast_only:
        raise BrinkInputError(
            "-o: the report needs scores; it cannot be written with --forecast-only"
        )
    if output is not None:
        _check_output(output)
    if calibrate:
        _check_output(calibration_out, "--calibration-out")
    options = BacktestRun(
        folders=cases or None,
        calibration=calibration,
        calibrate=calibrate,
        prior_sd=prior_sd,
        fit=tuple(fit) if fit else None,
        episodes=episodes,
        seed=seed,
        workers=workers_for(workers),
        forecast_only=forecast_only,
        design_points=design_points,
        design_episodes=design_episodes,
        overrides=tuple(overrides or ()),
    )
    result = run_backtest(options)
    if calibrate:
        from brink.backtest.calibrate import (
            calibration_document,
            out_of_sample_scores,
            write_calibration,
        )

        doc = calibration_document(result["_fit"], out_of_sample_scores(result))
        write_calibration(doc, calibration_out)
        result["calibration"]["file"] = calibration_out
    if output is not None:
        _write_report(result, output)
    if as_json:
        print(json.dumps(public(result), indent=2, default=float))
    else:
        _print_text(result, output)
    print(
        f"brink backtest: {len(result['cases'])} cases in {options.timings.get('total', 0):.1f} s"
        + (f" (calibration {options.timings['calibrate']:.1f} s)" if calibrate else ""),
        file=sys.stderr,
    )


def _check_output(path: str, option: str = "-o") -> None:
    from pathlib import Path

    from brink.errors import BrinkInputError

    out = Path(path)
    if out.is_dir():
        raise BrinkInputError(f"{option}: {out} is a folder; give a file name")
    if not out.parent.is_dir():
        raise BrinkInputError(f"{option}: folder {out.parent} does not exist")


def _write_report(result: dict[str, Any], output: str) -> None:
    from brink.backtest.report import build_backtest_report

    cond = result["conditional_on"]
    lines = [
        ("cases folder", ", ".join(cond["cases"])),
        ("calibration", cond["calibration"]),
        ("seed", str(cond["seed"])),
        ("episodes per case", f"{cond['episodes_per_case']:,} ({cond['monte_carlo_error']})"),
        ("policies", cond["policies"]),
        ("horizon", cond["horizon"]),
    ]
    build_backtest_report(result["_result"], output, notes=result["_notes"], conditional=lines)


def _fmt(x: float | None, digits: int = 3) -> str:
    return "—" if x is None else f"{x:.{digits}f}"


def _print_summary(title: str, s: dict[str, Any]) -> None:
    print(title)
    print(
        f"  mean Brier {_fmt(s['brier'])} (95% {_fmt(s['brier_lo'])}–{_fmt(s['brier_hi'])});"
        f" log score {_fmt(s['log_score'])}; RPS {_fmt(s['rps'])}"
    )
    rows = (
        ("ICB base rate", "brier_base", "skill", "log_score_base", "rps_base"),
        (
            "climatology (LOO)",
            "brier_climatology",
            "skill_climatology",
            "log_score_climatology",
            "rps_climatology",
        ),
        ("uniform", "brier_uniform", "skill_uniform", "log_score_uniform", "rps_uniform"),
    )
    for name, b, k, lg, r in rows:
        print(
            f"  vs {name:18s} Brier {_fmt(s[b])}, skill {_fmt(s[k], 2):>6} "
            f"(95% {_fmt(s[k + '_lo'], 2)} to {_fmt(s[k + '_hi'], 2)}); log {_fmt(s[lg])}, "
            f"RPS {_fmt(s[r])}"
        )


def _print_text(result: dict[str, Any], output: str | None) -> None:
    from brink.backtest.outcomes import CATEGORIES

    short = {
        "settlement": "settle",
        "capitulation_challenger": "chall↓",
        "capitulation_defender": "def↓",
        "unresolved": "unres",
        "war_limited": "limwar",
        "war_major": "major",
    }
    head = " ".join(f"{short[c]:>6}" for c in CATEGORIES)
    print(f"{'case':22s} {head}  {'observed':24s} {'p(obs)':>6} {'Brier':>6} {'ICB':>6}")
    for c in result["cases"]:
        probs = " ".join(f"{100 * c['forecast'][k]:6.1f}" for k in CATEGORIES)
        if "observed" in c:
            print(
                f"{c['id']:22s} {probs}  {c['observed']:24s} {c['p_observed']:6.3f} "
                f"{c['brier']:6.3f} {c['brier_base']:6.3f}"
            )
        else:
            print(f"{c['id']:22s} {probs}")
    if "summary" in result:
        if "uncalibrated" in result:
            _print_summary("Before calibration (globals.yaml):", result["uncalibrated"]["summary"])
            _print_summary(
                "After calibration, leave-one-case-out (out of sample):", result["summary"]
            )
            cal = result["calibration"]
            for p in cal["parameters"]:
                lo, hi = cal["interval"][p]
                print(
                    f"  {p}: x{cal['fit'][p]:.3g} (95% {lo:.3g}–{hi:.3g}); "
                    f"folds {min(f[p] for f in cal['folds'].values()):.3g}–"
                    f"{max(f[p] for f in cal['folds'].values()):.3g}"
                )
            print(f"  calibration file: {cal.get('file')}")
        else:
            _print_summary(
                "Scores (lower is better; skill > 0 beats the baseline):", result["summary"]
            )
        tests = result["yardsticks"]["tests"]
        print("Yardstick: North Korea's tests per 52 weeks, korea-2017 (mean, 95%; 90% range)")
        for year in ("2016", "2017"):
            row = tests[year]
            for col in ("nuclear_tests", "missile_tests"):
                m = row[col]["model"]
                print(
                    f"  {year} {row['policy']:19s} {col:13s} observed {row[col]['observed']:>3}"
                    f"; model {m['mean']:.2f} ({m['lo']:.2f}–{m['hi']:.2f}; "
                    f"{m['p05']:.0f}–{m['p95']:.0f})"
                )
        lib = result["yardsticks"]["durations"]["library"]
        cov = result["yardsticks"]["durations"]["coverage_80"]
        print("Yardstick: crisis durations against ICB (all 496 crises), 95% case bootstrap")
        for key, name in (
            ("median_days", "median days"),
            ("within_30_days", "end within 30 d"),
            ("within_90_days", "end within 90 d"),
            ("over_one_year", "last over a year"),
        ):
            r = lib[key]
            print(
                f"  {name:17s} model {r['model']:.3g} ({r['lo']:.3g}–{r['hi']:.3g}); ICB {r['icb']}"
            )
        print(
            f"  ICB duration within the model's 10–90% range: "
            f"{round(cov['share'] * cov['n'])} of {cov['n']} cases (80% if calibrated)"
        )
    cond = result["conditional_on"]
    print(
        f"Conditional on: cases {', '.join(cond['cases'])}; calibration: {cond['calibration']};"
        f" seed {cond['seed']}; N = {cond['episodes_per_case']:,} episodes per case "
        f"({cond['monte_carlo_error']}); {cond['policies']}; {cond['horizon']}; "
        f"{cond['intervals']}."
    )
    if output:
        print(f"Report: {output}")
