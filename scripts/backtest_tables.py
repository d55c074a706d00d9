"""Every generated figure and table of docs/backtest.md, recomputed from real backtests, and a
check that the doc still quotes them.

    python scripts/backtest_tables.py                  # run the three backtests, print every item
    python scripts/backtest_tables.py --write          # ... and fill every marker in the doc
    python scripts/backtest_tables.py --check          # ... exit 1 if a quoted item drifted
    python scripts/backtest_tables.py --check --quick  # no calibration run (`make test`)

Three sources, each one command (seed 0, 4,000 episodes per case, the shipped library):

- ``uncalibrated``: ``brink backtest --json`` (globals.yaml as it is);
- ``shipped``:      ``brink backtest --calibration src/brink/scenario/calibration.yaml --json``
  (the shipped calibration, in sample on the cases it was fitted on);
- ``calibrated``:   ``brink backtest --calibrate --json`` (the leave-one-case-out refit,
  a few minutes; its fit on every case is what calibration.yaml ships).

and an ablation (why the fit moved what it moved): a few cases under the shipped calibration
with one fitted parameter at a time set back to ×1, ``brink backtest --cases DIR --calibration
FILE --json`` on copies of the cases and of the shipped file (under a minute).

``--uncalibrated FILE``, ``--shipped FILE``, ``--calibrated FILE``, ``--ablation FILE`` read
saved outputs instead of running the commands; ``--save DIR`` keeps the outputs of the runs.
``--quick`` leaves out the calibration run and the ablation: items that need them are not
checked (the check says how many), and the calibration table is read from
src/brink/scenario/calibration.yaml instead.

The doc quotes an item between markers: a table on lines of its own,

    <!-- backtest: summary -->
    | forecasts | ... |
    <!-- /backtest -->

or a figure inside a sentence, ``<!-- backtest: calibrated.brier -->0.666<!-- /backtest -->``.
``--write`` replaces the text between every marker by the item as computed. ``--check``
recomputes and prints one line per drifted item (a table cell, a figure, a row, a marker naming
no item, a required table the doc lacks) and exits 1 if any drifted. A quoted number drifts when
it no longer matches at the precision it is printed at: the doc may quote 0.67 for a computed
0.666 (0.67 stands for 0.665–0.675), not 0.66, and not 0.6662 (more digits than computed). The
backtests are deterministic (same seed, same numbers, whatever --workers), so an item drifts
exactly when a change of the model, the cases or the calibration moves it at that precision;
except that the leave-one-out fit's last digits depend on the machine (FIT_SLACK), so the
figures and cells that fit moves may be one unit of their last digit off.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "backtest.md"
SHIPPED_FILE = ROOT / "src" / "brink" / "scenario" / "calibration.yaml"
#: The decimals a calibration file keeps of each scale (brink.backtest.calibrate).
FILE_DECIMALS = 4

#: The command behind each source (the doc names the same ones).
COMMANDS: dict[str, list[str]] = {
    "uncalibrated": ["backtest", "--json"],
    "shipped": ["backtest", "--calibration", "src/brink/scenario/calibration.yaml", "--json"],
    "calibrated": ["backtest", "--calibrate", "--json"],
}
SOURCES = tuple(COMMANDS)
#: The same three with crises able to fade (docs/model.md, "Fading"), which no shipped
#: scenario or case switches on: what the mechanism would do to the scores and durations.
FADING_ON = ["--set", "fading.enabled=true"]
FADING: dict[str, str] = {
    "fading": "uncalibrated",
    "fading_shipped": "shipped",
    "fading_calibrated": "calibrated",
}
COMMANDS.update({name: [*COMMANDS[base], *FADING_ON] for name, base in FADING.items()})
#: The sources that rerun the leave-one-out fit (left out by --quick).
FITS = ("calibrated", "fading_calibrated")

LABELS = {
    "settlement": "settlement",
    "capitulation_challenger": "challenger backs down",
    "capitulation_defender": "defender backs down",
    "unresolved": "unresolved",
    "war_limited": "limited war",
    "war_major": "major war",
}

#: Why each calibrated parameter is fitted (the calibration table's "why" column).
WHY = {
    "decision.temperature": "the deciders' logit noise: how sure the model is of what leaders do",
    "accidents.hazard_top": "Schelling's threat that leaves something to chance: wars nobody chose",
    "perception.misperception_rate": "the perception-noise scale: wars from misreadings",
    "approval.weight": "what a point of approval is worth to a leader: the scale of audience "
    "costs and of the pull of toughness",
}

#: Cases of the ablation: the worst ones, and those whose category the fit traded.
ABLATION_CASES = (
    "berlin-1961",
    "munich-1938",
    "cuba-1962",
    "korea-2017",
    "russia-georgia-2008",
    "india-pakistan-2002",
    "galwan-2020",
    "india-pakistan-2001",
    "pulwama-2019",
    "july-1914",
    "october-1973",
)

#: Tables every version of the doc must quote (inline figures are optional).
REQUIRED = (
    "summary",
    "cases",
    "worst",
    "calibration",
    "ablation",
    "tests",
    "durations",
    "durations.cases",
    "fading",
)
#: How many cases the "worst" table lists.
WORST = 5

MARKER = re.compile(r"<!-- backtest: (?P<id>[\w.\-]+) -->(?P<text>.*?)<!-- /backtest -->", re.S)
#: A number as the generator prints it: optional sign (not a range's dash), thousands commas.
NUMBER = re.compile(r"(?<![\w.])[-+−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")

Source = Mapping[str, Any]


# ----------------------------------------------------------------------------- formatting


def f(x: float | None, d: int = 3) -> str:
    return "—" if x is None else f"{x:.{d}f}"


def signed(x: float | None, d: int = 2) -> str:
    return "—" if x is None else f"{x:+.{d}f}"


def sig(x: float) -> str:
    """Three significant figures, trailing zeros kept (3.52, 0.125, 8.00)."""
    return f"{x:#.3g}".rstrip(".")


def pct(x: float, d: int = 1) -> str:
    return f"{100 * x:.{d}f}%"


def over_a_year(x: float | None) -> bool:
    """A number of days past the horizon: inf in Python, null in `brink backtest --json`."""
    return x is None or not math.isfinite(x)


def days(x: float | None) -> str:
    return "over a year" if over_a_year(x) else f"{x:.0f}"


@dataclass(frozen=True)
class Table:
    """A markdown table; a cell of None is one this run did not compute (not checked)."""

    header: list[str]
    rows: list[list[str | None]]
    ordered: bool = True  # whether the row order is itself a figure (sorted by a score)

    @property
    def complete(self) -> bool:
        return all(cell is not None for row in self.rows for cell in row)

    def text(self) -> str:
        lines = ["| " + " | ".join(self.header) + " |", "|" + "---|" * len(self.header)]
        lines += [
            "| " + " | ".join(c if c is not None else "?" for c in r) + " |" for r in self.rows
        ]
        return "\n".join(lines)


Item = str | Table


# ----------------------------------------------------------------------------- the items


def _skill(s: Mapping[str, Any], key: str) -> str:
    return f"{signed(s[key])} ({signed(s[key + '_lo'])} to {signed(s[key + '_hi'])})"


def _summary_row(name: str, s: Mapping[str, Any] | None) -> list[str | None]:
    if s is None:
        return [name] + [None] * 6
    return [
        name,
        f"{f(s['brier'])} ({f(s['brier_lo'])}–{f(s['brier_hi'])})",
        _skill(s, "skill"),
        _skill(s, "skill_climatology"),
        _skill(s, "skill_uniform"),
        f(s["log_score"]),
        f(s["rps"]),
    ]


def _summary(src: Mapping[str, Source], name: str) -> Mapping[str, Any] | None:
    return src[name]["summary"] if name in src else None


def _any(src: Mapping[str, Source]) -> Source:
    return next(iter(src.values()))


def _base_rate_row(label: str, s: Mapping[str, Any], name: str, itself: int) -> list[str]:
    """A base-rate forecaster's row: its scores, skill 0 against itself (column ``itself`` of
    the three skills) and no skill figure against the others."""
    skills = ["", "", ""]
    skills[itself] = "0"
    return [label, f(s[f"brier_{name}"]), *skills, f(s[f"log_score_{name}"]), f(s[f"rps_{name}"])]


def summary_table(src: Mapping[str, Source]) -> Table:
    """Brink under each calibration, then the base-rate forecasters (which need no engine)."""
    s = _any(src)["summary"]
    rows = [
        _summary_row("uncalibrated (globals.yaml)", _summary(src, "uncalibrated")),
        _summary_row("shipped calibration (in sample)", _summary(src, "shipped")),
        _summary_row("calibrated, leave-one-case-out", _summary(src, "calibrated")),
        _base_rate_row("ICB base rate", s, "base", 0),
        _base_rate_row("climatology (leave-one-out)", s, "climatology", 1),
        _base_rate_row("uniform", s, "uniform", 2),
    ]
    header = [
        "forecasts",
        "mean Brier (95%)",
        "skill vs ICB",
        "skill vs climatology",
        "skill vs uniform",
        "log score",
        "RPS",
    ]
    return Table(header, rows, ordered=False)


def _cases(src: Mapping[str, Source], name: str) -> dict[str, Mapping[str, Any]]:
    return {c["id"]: c for c in src[name]["cases"]} if name in src else {}


def _most_likely(c: Mapping[str, Any] | None) -> str | None:
    return None if c is None else f"{LABELS[c['top']]} ({f(c['forecast'][c['top']], 2)})"


def _p(c: Mapping[str, Any] | None) -> str | None:
    return None if c is None else f(c["p_observed"], 2)


def _brier(c: Mapping[str, Any] | None) -> str | None:
    return None if c is None else f(c["brier"])


def _order(src: Mapping[str, Source]) -> tuple[list[str], bool]:
    """Case ids, worst first by the out-of-sample Brier score (by id when it was not run)."""
    if "calibrated" in src:
        ranked = sorted(src["calibrated"]["cases"], key=lambda c: -c["brier"])
        return [c["id"] for c in ranked], True
    return sorted(c["id"] for c in _any(src)["cases"]), False


def cases_table(src: Mapping[str, Source]) -> Table:
    un, sh, lo = (_cases(src, n) for n in SOURCES)
    ids, ordered = _order(src)
    base = {c["id"]: c for c in _any(src)["cases"]}
    rows: list[list[str | None]] = []
    for cid in ids:
        b = base[cid]
        rows.append(
            [
                cid,
                LABELS[b["observed"]],
                f(b["base_forecast"][b["observed"]], 2),
                _p(un.get(cid)),
                _p(sh.get(cid)),
                _p(lo.get(cid)),
                _most_likely(lo.get(cid)),
                _brier(un.get(cid)),
                _brier(lo.get(cid)),
                f(b["brier_base"]),
            ]
        )
    header = [
        "case",
        "observed",
        "p(observed): ICB",
        "uncalibrated",
        "shipped",
        "leave-one-out",
        "most likely (leave-one-out)",
        "Brier uncalibrated",
        "Brier leave-one-out",
        "Brier ICB",
    ]
    return Table(header, rows, ordered=ordered)


def worst_table(src: Mapping[str, Source]) -> Table:
    """The cases the calibrated model gets most wrong (out of sample), and the runner-up."""
    header = ["case", "observed", "p(observed)", "most likely", "second", "Brier", "Brier ICB"]
    if "calibrated" not in src:
        return Table(header, [], ordered=True)
    rows: list[list[str | None]] = []
    for c in sorted(src["calibrated"]["cases"], key=lambda c: -c["brier"])[:WORST]:
        ranked = sorted(c["forecast"], key=lambda k: -c["forecast"][k])
        rows.append(
            [
                c["id"],
                LABELS[c["observed"]],
                f(c["p_observed"], 2),
                _most_likely(c),
                f"{LABELS[ranked[1]]} ({f(c['forecast'][ranked[1]], 2)})",
                f(c["brier"]),
                f(c["brier_base"]),
            ]
        )
    return Table(header, rows, ordered=True)


def box_bounds(parameter: str) -> tuple[float, float]:
    """The scale's box in the calibration (an eighth to eight; a probability's top lowered)."""
    from brink.backtest.calibrate import box

    lo, hi = box([parameter])[0]
    return math.exp(lo), math.exp(hi)


def _edge(x: float, parameter: str) -> str | None:
    lo, hi = box_bounds(parameter)
    if x >= hi * (1 - 1e-3):
        return "top"
    if x <= lo * (1 + 1e-3):
        return "bottom"
    return None


def calibration_values(src: Mapping[str, Source]) -> dict[str, Any]:
    """The fit, intervals and folds: the calibration run's, else the shipped file's.

    The run's are rounded to the file's 4 decimals first, so both sources print alike (a fold of
    0.41553 would print 0.416 from the run and 0.415 from the file's 0.4155)."""
    if "calibrated" in src and "calibration" in src["calibrated"]:
        cal = src["calibrated"]["calibration"]
        return {
            "n": src["calibrated"]["summary"]["n"],
            "parameters": list(cal["parameters"]),
            "fit": {p: round(v, FILE_DECIMALS) for p, v in cal["fit"].items()},
            "interval": {
                p: [round(v, FILE_DECIMALS) for v in pair] for p, pair in cal["interval"].items()
            },
            "folds": {
                p: [round(fold[p], FILE_DECIMALS) for fold in cal["folds"].values()]
                for p in cal["parameters"]
            },
            "loglik": cal["log_likelihood"],
        }
    import yaml

    doc = yaml.safe_load(SHIPPED_FILE.read_text(encoding="utf-8"))
    params = doc["parameters"]
    return {
        "n": len(doc["cases"]),
        "parameters": list(params),
        "fit": {p: v["scale"] for p, v in params.items()},
        "interval": {p: v["interval"] for p, v in params.items()},
        "folds": {p: list(v["leave_one_out"].values()) for p, v in params.items()},
        "loglik": doc["log_likelihood"],
    }


def judged_range(parameter: str) -> tuple[float, float]:
    """The parameter's globals.yaml range (low, high), or its value twice."""
    from brink.scenario.loader import global_defaults

    block, _, name = parameter.partition(".")
    raw = global_defaults()[block][name]
    if "value" in raw:
        return float(raw["value"]), float(raw["value"])
    return float(raw["low"]), float(raw["high"])


def shipped_line() -> str:
    """What `brink run` prints it is conditional on (the shipped file, always recomputed)."""
    from brink.scenario import calibration

    return calibration.describe(calibration.read_calibration(SHIPPED_FILE)).split(": ", 1)[1]


def calibration_table(src: Mapping[str, Source]) -> Table:
    cal = calibration_values(src)
    rows: list[list[str | None]] = []
    for p in cal["parameters"]:
        lo, hi = cal["interval"][p]
        folds = cal["folds"][p]
        b_lo, b_hi = box_bounds(p)
        edge = _edge(cal["fit"][p], p)
        rows.append(
            [
                f"`{p}`",
                WHY.get(p, "(no reason given: add one to WHY in scripts/backtest_tables.py)"),
                f"×{sig(cal['fit'][p])}" + (f" ({edge} of the box)" if edge else ""),
                f"{sig(lo)}–{sig(hi)}",
                f"{sig(min(folds))}–{sig(max(folds))}",
                f"×{sig(b_lo)}–×{sig(b_hi)}",
            ]
        )
    header = [
        "parameter",
        "why",
        f"fit (all {cal['n']} cases)",
        "95% interval",
        "leave-one-out folds",
        "box",
    ]
    return Table(header, rows, ordered=False)


def _with_top(c: Mapping[str, Any] | None) -> str | None:
    if c is None:
        return None
    top = c["top"]
    return f"{f(c['p_observed'], 2)} ({LABELS[top]} {f(c['forecast'][top], 2)})"


def ablation_table(src: Mapping[str, Source], ablation: Mapping[str, Source] | None) -> Table:
    """p(observed) (and the most likely ending) under the shipped calibration, and with one
    fitted parameter at a time set back to ×1 (its globals.yaml range): which one moved what."""
    params = list(calibration_values({})["parameters"]) if ablation is None else list(ablation)
    shipped = _cases(src, "shipped")
    runs = {p: ({c["id"]: c for c in ablation[p]["cases"]} if ablation else {}) for p in params}
    base = {c["id"]: c for c in _any(src)["cases"]}
    rows: list[list[str | None]] = []
    for cid in (c for c in ABLATION_CASES if c in base):
        rows.append(
            [cid, LABELS[base[cid]["observed"]], _with_top(shipped.get(cid))]
            + [_with_top(runs[p].get(cid)) for p in params]
        )
    header = ["case", "observed", "shipped calibration: p(observed) (most likely)"]
    header += [f"`{p}` ×1" for p in params]
    return Table(header, rows, ordered=False)


def ablation_items(src: Mapping[str, Source], ablation: Mapping[str, Source]) -> dict[str, str]:
    """Per parameter and case: the forecast with it at ×1; its largest shift from the shipped
    forecast over the ablation's cases and categories; per case, p(observed)'s largest value."""
    out = {}
    shipped = _cases(src, "shipped")
    top: dict[str, float] = {cid: c["p_observed"] for cid, c in shipped.items()}
    for p, data in ablation.items():
        if shipped:
            shift = max(
                abs(c["forecast"][k] - shipped[c["id"]]["forecast"][k])
                for c in data["cases"]
                for k in c["forecast"]
            )
            out[f"ablation.{p}.max_shift"] = f(shift, 2)
        for c in data["cases"]:
            top[c["id"]] = max(top.get(c["id"], 0.0), c["p_observed"])
    if shipped:
        for cid, x in top.items():
            out[f"ablation.max.{cid}.p_observed"] = f(x, 2)
    if "shipped" in src:
        base = _running_share(src["shipped"], ABLATION_CASES)
        if base is not None:
            out["ablation.shipped.unresolved_at_horizon"] = f"{base:.1%}"
    for p, data in ablation.items():
        running = _running_share(data, [c["id"] for c in data["cases"]])
        if running is not None:
            out[f"ablation.{p}.unresolved_at_horizon"] = f"{running:.1%}"
        for c in data["cases"]:
            prefix = f"ablation.{p}.{c['id']}"
            out[f"{prefix}.p_observed"] = f(c["p_observed"], 2)
            for k, x in c["forecast"].items():
                out[f"{prefix}.{k}"] = f(x, 2)
    return out


def _running_share(data: Source, ids: Sequence[str]) -> float | None:
    """Mean over the cases ``ids`` of the share of episodes still running at the horizon."""
    rows = {r["id"]: r for r in data.get("yardsticks", {}).get("durations", {}).get("cases", [])}
    if not rows or not all(i in rows for i in ids):
        return None
    return sum(rows[i]["model_unresolved_at_horizon"] for i in ids) / len(ids)


def _count(m: Mapping[str, float]) -> str:
    return (
        f"{m['mean']:.2f} ({m['lo']:.2f}–{m['hi']:.2f}; 90% of episodes "
        f"{m['p05']:.0f}–{m['p95']:.0f})"
    )


def tests_table(src: Mapping[str, Source]) -> Table:
    """North Korea's tests under each calibration's korea-2017 (the calibrated run's yardstick
    uses its fit on every case, which is what the shipped file holds)."""
    t = _any(src)["yardsticks"]["tests"]
    rows: list[list[str | None]] = []
    for year in sorted(k for k in t if k.isdigit()):
        for column, name in (
            ("nuclear_tests", "nuclear tests"),
            ("missile_tests", "missile tests"),
        ):
            cells: list[str | None] = [
                f"{year} ({t[year]['policy']}), {name}",
                str(t[year][column]["observed"]),
            ]
            for source in ("uncalibrated", "shipped"):
                if source in src:
                    cells.append(_count(src[source]["yardsticks"]["tests"][year][column]["model"]))
                else:
                    cells.append(None)
            rows.append(cells)
    header = [
        "year (policy), events",
        "observed",
        "model uncalibrated: mean (95%; 90% range)",
        "model, shipped calibration",
    ]
    return Table(header, rows, ordered=False)


def _share(s: Mapping[str, float]) -> str:
    return f"{pct(s['model'])} ({100 * s['lo']:.1f}–{100 * s['hi']:.1f})"


def durations_table(src: Mapping[str, Source]) -> Table:
    lib = {n: src[n]["yardsticks"]["durations"]["library"] for n in SOURCES if n in src}
    icb = next(iter(lib.values()))
    rows: list[list[str | None]] = []
    m = icb["median_days"]
    rows.append(
        ["median duration, days", f"{m['icb']:.0f}"]
        + [
            f"{days(lib[n]['median_days']['model'])} ({days(lib[n]['median_days']['lo'])} to "
            f"{days(lib[n]['median_days']['hi'])})"
            if n in lib
            else None
            for n in SOURCES
        ]
    )
    for key, name in (
        ("within_30_days", "ended within 30 days"),
        ("within_90_days", "ended within 90 days"),
        ("over_one_year", "lasted over a year"),
    ):
        rows.append(
            [name, pct(icb[key]["icb"], 0)]
            + [_share(lib[n][key]) if n in lib else None for n in SOURCES]
        )
    cov = {n: src[n]["yardsticks"]["durations"]["coverage_80"] for n in SOURCES if n in src}
    rows.append(
        ["ICB duration within the model's 10–90%", "80% if calibrated"]
        + [
            f"{round(cov[n]['share'] * cov[n]['n'])} of {cov[n]['n']}" if n in cov else None
            for n in SOURCES
        ]
    )
    header = [
        "measure",
        "ICB, all 496 crises",
        "model uncalibrated (95%)",
        "shipped calibration",
        "leave-one-out",
    ]
    return Table(header, rows, ordered=False)


def fading_table(src: Mapping[str, Source]) -> Table:
    """Each calibration with crises able to fade and without: the endings' scores and the
    durations (the library's figures, as the summary and durations tables give them)."""
    labels = {
        "uncalibrated": "uncalibrated",
        "fading": "uncalibrated, fading on",
        "shipped": "shipped calibration (in sample)",
        "fading_shipped": "shipped calibration, fading on",
        "calibrated": "leave-one-out",
        "fading_calibrated": "leave-one-out refit, fading on",
    }
    rows: list[list[str | None]] = []
    for name, label in labels.items():
        if name not in src:
            rows.append([label] + [None] * 6)
            continue
        s = src[name]["summary"]
        d = src[name]["yardsticks"]["durations"]
        lib = d["library"]
        cov = d["coverage_80"]
        rows.append(
            [
                label,
                f"{f(s['brier'])} ({f(s['brier_lo'])}–{f(s['brier_hi'])})",
                f(s["log_score"]),
                _share(lib["within_30_days"]),
                _share(lib["over_one_year"]),
                days(lib["median_days"]["model"]),
                f"{round(cov['share'] * cov['n'])} of {cov['n']}",
            ]
        )
    header = [
        "forecasts",
        "mean Brier (95%)",
        "log score",
        "ended within 30 days",
        "lasted over a year",
        "median days",
        "ICB duration within 10–90%",
    ]
    return Table(header, rows, ordered=False)


def durations_cases_table(src: Mapping[str, Source]) -> Table:
    """Case by case, out of sample (the calibration run), else empty cells."""
    ids = sorted(c["id"] for c in _any(src)["cases"])
    got = (
        {r["id"]: r for r in src["calibrated"]["yardsticks"]["durations"]["cases"]}
        if "calibrated" in src
        else {}
    )
    rows: list[list[str | None]] = []
    for cid in ids:
        r = got.get(cid)
        if r is None:
            rows.append([cid] + [None] * 5)
            continue
        rows.append(
            [
                cid,
                f"{r['icb_days']:.0f}" if "icb_days" in r else "—",
                f"{days(r['model_median_days'])} ({days(r['model_p10_days'])} to "
                f"{days(r['model_p90_days'])})",
                ("yes" if r["within_80"] else "no") if "within_80" in r else "—",
                pct(r["model_within_90"], 0),
                pct(r["model_unresolved_at_horizon"], 0),
            ]
        )
    header = [
        "case",
        "ICB days",
        "model median days (10–90%)",
        "ICB within the 10–90%",
        "model: ended within 90 days",
        "model: unresolved at the horizon",
    ]
    return Table(header, rows, ordered=False)


def _loglik_items(key: str, loglik: Mapping[str, Any]) -> dict[str, str]:
    """A fit's surrogate log-likelihood against the uncalibrated one, whole and by term."""
    out = {key: f"{loglik['calibrated']:.1f} against {loglik['uncalibrated']:.1f}"}
    for term in ("endings", "durations"):
        part = loglik.get(term)
        if part:
            out[f"{key}.{term}"] = f"{part['calibrated']:.1f} against {part['uncalibrated']:.1f}"
    return out


def inline_items(src: Mapping[str, Source]) -> dict[str, str]:
    """Figures quoted inside sentences: ``<source>.<key>`` and per case."""
    out: dict[str, str] = {}
    s = _any(src)["summary"]
    out["n"] = str(s["n"])
    out["icb.brier"] = f(s["brier_base"])
    out["icb.log_score"] = f(s["log_score_base"])
    out["icb.rps"] = f(s["rps_base"])
    for name, data in src.items():
        s = data["summary"]
        out[f"{name}.brier"] = f(s["brier"])
        out[f"{name}.log_score"] = f(s["log_score"])
        out[f"{name}.rps"] = f(s["rps"])
        for key in ("skill", "skill_climatology", "skill_uniform"):
            out[f"{name}.{key}"] = _skill(s, key)
        worse = [c for c in data["cases"] if c["brier"] > c["brier_base"]]
        out[f"{name}.worse_than_icb"] = f"{len(worse)} of {len(data['cases'])}"
        for c in data["cases"]:
            prefix = f"{name}.case.{c['id']}"
            out[f"{prefix}.p_observed"] = f(c["p_observed"], 2)
            out[f"{prefix}.top"] = _most_likely(c) or ""
            out[f"{prefix}.brier"] = f(c["brier"])
            for k, p in c["forecast"].items():
                out[f"{prefix}.{k}"] = f(p, 2)
        t = data["yardsticks"]["tests"]
        for year in (k for k in t if k.isdigit()):
            for column, short in (("nuclear_tests", "nuclear"), ("missile_tests", "missile")):
                out[f"{name}.tests.{year}.{short}"] = _count(t[year][column]["model"])
        lib = data["yardsticks"]["durations"]["library"]
        m = lib["median_days"]
        out[f"{name}.durations.median"] = (
            f"{days(m['model'])} days (95% {days(m['lo'])} to {days(m['hi'])})"
            if not over_a_year(m["model"])
            else f"over a year (95% {days(m['lo'])} to {days(m['hi'])})"
        )
        for key, short in (
            ("within_30_days", "within_30"),
            ("within_90_days", "within_90"),
            ("over_one_year", "over_one_year"),
        ):
            out[f"{name}.durations.{short}"] = _share(lib[key])
        rows = data["yardsticks"]["durations"]["cases"]
        beyond = [r for r in rows if over_a_year(r["model_median_days"])]
        out[f"{name}.durations.median_beyond"] = f"{len(beyond)} of {len(rows)}"
        cov = data["yardsticks"]["durations"]["coverage_80"]
        out[f"{name}.durations.coverage"] = f"{round(cov['share'] * cov['n'])} of {cov['n']}"
        for r in rows:
            out[f"{name}.durations.{r['id']}"] = days(r["model_median_days"])
    cal = calibration_values(src)
    out.update(_loglik_items("loglik", cal["loglik"]))
    for p in cal["parameters"]:
        lo, hi = cal["interval"][p]
        out[f"fit.{p}"] = f"×{sig(cal['fit'][p])}"
        out[f"interval.{p}"] = f"{sig(lo)}–{sig(hi)}"
    for p in cal["parameters"]:
        lo, hi = judged_range(p)
        x = cal["fit"][p]
        out[f"judged.{p}"] = f"{lo:.3g}–{hi:.3g}"
        out[f"scaled.{p}"] = f"{lo * x:.3g}–{hi * x:.3g}"
    if "fading_calibrated" in src:  # the refit with crises able to fade
        refit = src["fading_calibrated"]["calibration"]
        for p in refit["parameters"]:
            out[f"fading_calibrated.fit.{p}"] = f"×{sig(round(refit['fit'][p], FILE_DECIMALS))}"
        out.update(_loglik_items("fading_calibrated.loglik", refit["log_likelihood"]))
    out["shipped.describe"] = shipped_line()
    for edge in ("top", "bottom"):
        at = [f"`{p}`" for p in cal["parameters"] if _edge(cal["fit"][p], p) == edge]
        out[f"calibration.at_{edge}"] = " and ".join(at) if at else "none"
    return out


def items(
    src: Mapping[str, Source], ablation: Mapping[str, Source] | None = None
) -> dict[str, Item]:
    """Every item the doc may quote, id -> text or table, from whichever sources were run."""
    if not src:
        raise ValueError("no backtest output to compute from")
    out: dict[str, Item] = {
        "summary": summary_table(src),
        "cases": cases_table(src),
        "worst": worst_table(src),
        "calibration": calibration_table(src),
        "ablation": ablation_table(src, ablation),
        "tests": tests_table(src),
        "durations": durations_table(src),
        "durations.cases": durations_cases_table(src),
        "fading": fading_table(src),
    }
    out.update(inline_items(src))
    if ablation:
        out.update(ablation_items(src, ablation))
    return out


# ----------------------------------------------------------------------------- precision


def _number(text: str) -> tuple[float, int]:
    """A printed number's value and its count of decimals."""
    clean = text.replace("−", "-").replace(",", "")
    decimals = len(clean.partition(".")[2])
    return float(clean), decimals


def same(quoted: str, fresh: str, units: int = 0) -> bool:
    """Whether ``quoted`` states ``fresh`` at the precision it is printed at.

    The words between the numbers must match (spaces collapsed); each quoted number must be
    the fresh one rounded to the quoted number's decimals: 0.67 matches a fresh 0.666 (both
    can be one value in 0.6655–0.6665), 0.66 does not, and 0.6662 does not either (a
    precision the generator never printed). ``units``: how many units of the quoted number's
    last digit it may be off besides (FIT_SLACK, for the leave-one-out fit's items).
    """
    q_words = [" ".join(w.split()) for w in NUMBER.split(quoted.strip())]
    f_words = [" ".join(w.split()) for w in NUMBER.split(fresh.strip())]
    if q_words != f_words:
        return False
    for q_text, f_text in zip(NUMBER.findall(quoted), NUMBER.findall(fresh), strict=True):
        q, qd = _number(q_text)
        x, xd = _number(f_text)
        if qd > xd:
            return False
        slack = units * 10.0**-qd
        if qd == xd:
            if abs(q - x) > slack + 1e-9 * 10.0**-qd:
                return False
        elif abs(q - x) >= slack + 0.5 * 10.0**-qd + 0.5 * 10.0**-xd - 1e-9 * 10.0**-xd:
            return False
    return True


#: Units of the last printed digit by which an item of the leave-one-out fit may differ from
#: the doc. Its last digits depend on the machine: same code and seed gave a Brier score of
#: 1.224 on one CPU and 1.223 on another, while every engine item matched (the fit ends in
#: BLAS products and an L-BFGS-B search, the likely cause). Other items must match exactly.
FIT_SLACK = 1

#: A part of an item: (item id, table row, table column), row and column None for a figure.
Part = tuple[str, str | None, int | None]


def fitted_parts(
    src: Mapping[str, Source], ablation: Mapping[str, Source], fresh: Mapping[str, Item]
) -> set[Part]:
    """The figures and table cells the leave-one-out fit moves: those that come out otherwise,
    or not at all, when the items are computed without the calibration run."""
    if not any(name in src for name in FITS):
        return set()
    without = items({name: data for name, data in src.items() if name not in FITS}, ablation)
    parts: set[Part] = set()
    for key, item in fresh.items():
        other = without.get(key)
        if not isinstance(item, Table):
            if other != item:
                parts.add((key, None, None))
            continue
        rows = {str(r[0]): r for r in other.rows} if isinstance(other, Table) else {}
        for row in item.rows:
            mine = rows.get(str(row[0]))
            for j, cell in enumerate(row):
                if mine is None or j >= len(mine) or mine[j] != cell:
                    parts.add((key, str(row[0]), j))
    return parts


# ----------------------------------------------------------------------------- write / check


def _rows(text: str) -> list[list[str]]:
    return [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in text.strip().splitlines()
        if line.strip().startswith("|") and not set(line.strip()) <= {"|", "-", " "}
    ]


def table_drift(key: str, quoted: str, fresh: Table, fitted: set[Part] | None = None) -> list[str]:
    """One line per cell, row or header of ``quoted`` that no longer states ``fresh``; a
    cell in ``fitted`` may be FIT_SLACK units off."""
    q = _rows(quoted)
    if not q:
        return [f"{key}: quoted {quoted.strip()[:60]!r}, expected a table"]
    out = []
    if q[0] != fresh.header:
        out.append(f"{key}: header {' | '.join(q[0])!r}, fresh {' | '.join(fresh.header)!r}")
    qrows = {r[0]: r for r in q[1:]}
    frows = {str(r[0]): r for r in fresh.rows}
    for name, row in frows.items():
        if name not in qrows:
            out.append(f"{key}: row {name!r} missing from the doc")
            continue
        quoted_row = qrows[name]
        for j, cell in enumerate(row):
            if cell is None:
                continue  # not computed in this run
            got = quoted_row[j] if j < len(quoted_row) else "(missing)"
            units = FIT_SLACK if (key, name, j) in (fitted or set()) else 0
            if not same(got, cell, units):
                column = fresh.header[j] if j < len(fresh.header) else str(j)
                out.append(f"{key}: {name}, {column}: quoted {got!r}, fresh {cell!r}")
    if fresh.rows:
        out += [
            f"{key}: row {name!r} is not in the fresh table" for name in qrows if name not in frows
        ]
    if (
        not out
        and fresh.ordered
        and fresh.rows
        and fresh.complete
        and [r[0] for r in q[1:]] != list(frows)
    ):
        out.append(
            f"{key}: rows in another order than the fresh table ({', '.join(list(frows)[:3])}, ...)"
        )
    return out


def _checked(item: Item) -> bool:
    """Whether this run computed the item fully (else parts of it are not checked)."""
    return item.complete and bool(item.rows) if isinstance(item, Table) else True


@dataclass
class Report:
    drift: list[str]
    checked: int
    partial: list[str]  # items (or parts) not recomputed in this run


def check(
    text: str,
    fresh: Mapping[str, Item],
    sources: Iterable[str],
    doc: str = "doc",
    fitted: set[Part] | None = None,
) -> Report:
    """Compare every marked item of ``text`` with the fresh items (``fitted``: the parts of
    the leave-one-out fit, which may be FIT_SLACK units off)."""
    have = set(sources)
    drift: list[str] = []
    partial: list[str] = []
    seen: set[str] = set()
    checked = 0
    for match in MARKER.finditer(text):
        key, quoted = match["id"], match["text"]
        seen.add(key)
        item = fresh.get(key)
        if item is None:
            source = key.partition(".")[0]
            if (source in COMMANDS or source == "ablation") and source not in have:
                partial.append(key)
            else:
                drift.append(f"{key}: no such item")
            continue
        checked += 1
        if isinstance(item, Table):
            drift += table_drift(key, quoted, item, fitted)
            if not _checked(item):
                partial.append(key)
        elif not same(quoted, item, FIT_SLACK if (key, None, None) in (fitted or set()) else 0):
            drift.append(f"{key}: quoted {quoted.strip()!r}, fresh {item!r}")
    drift += [f"{key}: the doc quotes no such table" for key in REQUIRED if key not in seen]
    return Report([f"{doc}: {line}" for line in drift], checked, partial)


def _place(item: Item) -> str:
    """The item as it sits between markers: a table on lines of its own."""
    return f"\n{item.text()}\n" if isinstance(item, Table) else item


def write(text: str, fresh: Mapping[str, Item]) -> tuple[str, list[str]]:
    """The doc with every marked item replaced; the ids it marks that name no item."""
    unknown: list[str] = []
    incomplete = [k for k, v in fresh.items() if isinstance(v, Table) and not _checked(v)]
    if incomplete:
        raise ValueError(
            "--write needs every source (not --quick): incomplete " + ", ".join(incomplete)
        )

    def replace(match: re.Match[str]) -> str:
        key = match["id"]
        if key not in fresh:
            unknown.append(key)
            return match.group(0)
        return f"<!-- backtest: {key} -->{_place(fresh[key])}<!-- /backtest -->"

    return MARKER.sub(replace, text), unknown


# ----------------------------------------------------------------------------- sources


def brink_command() -> list[str]:
    """The `brink` beside this interpreter (the venv's), else through its entry point."""
    script = Path(sys.executable).parent / "brink"
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "from brink.cli import main; main()"]


def run_source(name: str, save: Path | None, log: Callable[[str], None]) -> Source:
    """Run the source's command and read its JSON (kept in ``save`` if given)."""
    with tempfile.TemporaryDirectory() as tmp:
        cmd = brink_command() + COMMANDS[name]
        if name in FITS:
            cmd += ["--calibration-out", str((save or Path(tmp)) / f"{name}.yaml")]
        log(f"backtest_tables: running brink {' '.join(COMMANDS[name])}")
        done = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=ROOT)
        if done.returncode != 0:
            raise ValueError(
                f"brink {' '.join(COMMANDS[name])} failed: {done.stderr.strip().splitlines()[-1:]}"
            )
        if done.stderr.strip():
            log("  " + done.stderr.strip().splitlines()[-1])
        if save is not None:
            (save / f"{name}.json").write_text(done.stdout, encoding="utf-8")
        return json.loads(done.stdout)


def run_ablation(save: Path | None, log: Callable[[str], None]) -> dict[str, Source]:
    """The ablation cases under the shipped calibration with one parameter at ×1, per
    parameter: `brink backtest --cases DIR --calibration FILE --json` on copies."""
    import yaml

    shipped = yaml.safe_load(SHIPPED_FILE.read_text(encoding="utf-8"))
    out: dict[str, Source] = {}
    with tempfile.TemporaryDirectory() as tmp:
        cases = Path(tmp) / "cases"
        cases.mkdir()
        for cid in ABLATION_CASES:
            name = f"{cid}.yaml"
            (cases / name).write_bytes((SHIPPED_FILE.parent / "cases" / name).read_bytes())
        for p in shipped["parameters"]:
            doc = yaml.safe_load(SHIPPED_FILE.read_text(encoding="utf-8"))
            doc["parameters"][p]["scale"] = 1.0
            cal = Path(tmp) / f"{p}.yaml"
            cal.write_text(yaml.safe_dump(doc), encoding="utf-8")
            cmd = ["backtest", "--cases", str(cases), "--calibration", str(cal), "--json"]
            log(f"backtest_tables: running brink backtest --cases ... with {p} x1")
            done = subprocess.run(
                brink_command() + cmd, capture_output=True, text=True, check=False, cwd=ROOT
            )
            if done.returncode != 0:
                raise ValueError(
                    f"the ablation of {p} failed: {done.stderr.strip().splitlines()[-1:]}"
                )
            out[p] = json.loads(done.stdout)
    if save is not None:
        (save / "ablation.json").write_text(json.dumps(out), encoding="utf-8")
    return out


def read_source(name: str, path: str) -> Source:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    kind = FADING.get(name, name)
    if kind == "calibrated" and ("calibration" not in data or "uncalibrated" not in data):
        raise ValueError(f"{path}: not the output of `brink backtest --calibrate --json`")
    if kind != "calibrated" and "calibration" in data:
        raise ValueError(f"{path}: a --calibrate output; give it as --{name.replace('_', '-')}")
    label = data.get("conditional_on", {}).get("calibration", "")
    if kind == "uncalibrated" and not label.startswith("none"):
        raise ValueError(f"{path}: calibration {label[:40]!r}, expected none")
    if kind == "shipped" and not label.startswith(str(SHIPPED_FILE.relative_to(ROOT))):
        raise ValueError(f"{path}: calibration {label[:40]!r}, expected the shipped one")
    overrides = data.get("conditional_on", {}).get("overrides", [])
    wanted = FADING_ON[1:] if name in FADING else []
    if overrides != wanted:
        raise ValueError(f"{path}: overrides {overrides}, expected {wanted}")
    return data


def gather(
    args: argparse.Namespace, log: Callable[[str], None]
) -> tuple[dict[str, Source], dict[str, Source] | None]:
    save = Path(args.save) if args.save else None
    if save is not None:
        save.mkdir(parents=True, exist_ok=True)
    wanted: Sequence[str] = [n for n in COMMANDS if not (args.quick and n in FITS)]
    src: dict[str, Source] = {}
    for name in COMMANDS:
        given = getattr(args, name)
        if given:
            src[name] = read_source(name, given)
        elif name in wanted:
            src[name] = run_source(name, save, log)
    ablation: dict[str, Source] | None = None
    if args.ablation:
        ablation = json.loads(Path(args.ablation).read_text(encoding="utf-8"))
    elif not args.quick:
        ablation = run_ablation(save, log)
    return src, ablation


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--write", action="store_true", help="fill every marker in the doc")
    action.add_argument("--check", action="store_true", help="exit 1 if a quoted item drifted")
    parser.add_argument("--doc", default=str(DOC), help="the doc (default docs/backtest.md)")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="leave out the calibration run (its items are not checked)",
    )
    for name in COMMANDS:
        parser.add_argument(
            f"--{name.replace('_', '-')}",
            dest=name,
            metavar="JSON",
            help=f"read `brink {' '.join(COMMANDS[name])}` output from JSON",
        )
    parser.add_argument(
        "--ablation",
        metavar="JSON",
        help="read the ablation runs from JSON (as --save writes them)",
    )
    parser.add_argument("--save", metavar="DIR", help="keep the runs' JSON outputs in DIR")
    args = parser.parse_args(argv)

    def log(line: str) -> None:
        print(line, file=sys.stderr)

    try:
        src, ablation = gather(args, log)
        fresh = items(src, ablation)
        doc = Path(args.doc)
        text = doc.read_text(encoding="utf-8") if (args.write or args.check) else ""
    except (OSError, ValueError, KeyError) as error:
        print(f"backtest_tables: {error}", file=sys.stderr)
        return 2
    if args.write:
        try:
            new, unknown = write(text, fresh)
        except ValueError as error:
            print(f"backtest_tables: {error}", file=sys.stderr)
            return 2
        doc.write_text(new, encoding="utf-8")
        for key in unknown:
            print(f"{doc}: {key}: no such item (left as it is)", file=sys.stderr)
        return 1 if unknown else 0
    if args.check:
        have = [*src, *(["ablation"] if ablation else [])]
        report = check(text, fresh, have, str(doc), fitted_parts(src, ablation or {}, fresh))
        for line in report.drift:
            print(line)
        note = (
            f"; {len(report.partial)} need the calibration run and were not (fully) "
            "checked: run without --quick"
            if report.partial
            else ""
        )
        if not report.drift:
            print(f"{doc}: {report.checked} backtest items match ({', '.join(have)}){note}")
        return 1 if report.drift else 0
    for key, item in fresh.items():
        print(f"<!-- backtest: {key} -->{_place(item)}<!-- /backtest -->")
    return 0


if __name__ == "__main__":
    sys.exit(main())
