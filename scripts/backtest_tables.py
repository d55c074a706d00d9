"""Markdown tables for docs/backtest.md ("Results") from `brink backtest --calibrate --json`.

    brink backtest --calibrate --json > backtest.json
    python scripts/backtest_tables.py backtest.json
"""

from __future__ import annotations

import json
import sys
from typing import Any

LABELS = {
    "settlement": "settlement",
    "capitulation_challenger": "challenger backs down",
    "capitulation_defender": "defender backs down",
    "unresolved": "unresolved",
    "war_limited": "limited war",
    "war_major": "major war",
}


def f(x: float | None, d: int = 3) -> str:
    return "—" if x is None else f"{x:.{d}f}"


def summary_rows(name: str, s: dict[str, Any]) -> list[str]:
    return [
        f"| {name} | {f(s['brier'])} ({f(s['brier_lo'])}–{f(s['brier_hi'])}) | "
        f"{f(s['skill'], 2)} ({f(s['skill_lo'], 2)} to {f(s['skill_hi'], 2)}) | "
        f"{f(s['skill_climatology'], 2)} ({f(s['skill_climatology_lo'], 2)} to "
        f"{f(s['skill_climatology_hi'], 2)}) | {f(s['skill_uniform'], 2)} "
        f"({f(s['skill_uniform_lo'], 2)} to {f(s['skill_uniform_hi'], 2)}) | "
        f"{f(s['log_score'])} | {f(s['rps'])} |"
    ]


def main(path: str) -> None:
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    print("| forecasts | mean Brier (95%) | skill vs ICB | skill vs climatology | "
          "skill vs uniform | log score | RPS |")
    print("|---|---|---|---|---|---|---|")
    for line in summary_rows("uncalibrated (globals.yaml)", data["uncalibrated"]["summary"]):
        print(line)
    for line in summary_rows("calibrated, leave-one-case-out", data["summary"]):
        print(line)
    s = data["summary"]
    print(f"| ICB base rate | {f(s['brier_base'])} | 0 | | | {f(s['log_score_base'])} | "
          f"{f(s['rps_base'])} |")
    print()
    before = {c["id"]: c for c in data["uncalibrated"]["cases"]}
    print("| case | observed | p(observed) before → after | most likely (after) | Brier before "
          "→ after | ICB Brier |")
    print("|---|---|---|---|---|---|")
    for c in sorted(data["cases"], key=lambda c: -c["brier"]):
        b = before[c["id"]]
        print(f"| {c['id']} | {LABELS[c['observed']]} | {f(b['p_observed'], 2)} → "
              f"{f(c['p_observed'], 2)} | {LABELS[c['top']]} ({f(c['forecast'][c['top']], 2)}) "
              f"| {f(b['brier'])} → {f(c['brier'])} | {f(c['brier_base'])} |")


if __name__ == "__main__":
    main(sys.argv[1])
