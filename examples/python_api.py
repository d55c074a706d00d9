"""Brink from Python, as a notebook would use it: compare two policies, read the table, ask
which inputs matter and where war lives, and write the report. Runs in the test suite
(tests/test_examples.py); sizes are small so it takes well under a minute — use the
commands' defaults for real work.

    python examples/python_api.py [FOLDER]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import brink


def main(folder: Path) -> None:
    runs = str(folder / "runs")
    run = brink.compare(
        "korea-2017",
        ["maximum-pressure", "freeze-for-freeze"],
        samples=16,
        replications=25,
        seed=1,
        out=runs,
        name="api-demo",
        workers=1,
    )
    table = brink.table(run)
    frame = table.to_frame()
    print(f"{run.name}: {len(frame)} policies; conditional on {dict(table.conditional_on)}")
    shown = ["p_war", "p_war_lo", "p_war_hi", "p_settlement", "p_settlement_lo", "p_settlement_hi"]
    print(frame[shown].round(3).to_string())

    indices = brink.sensitivity(run, "morris", samples=2, replications=5, workers=1)
    top = indices.to_frame().sort_values("mu_star", ascending=False).head(5)
    print("inputs that move P(war) and casualties most (Morris mu*):")
    print(top.to_string(index=False))

    where = brink.discover(run, "war")
    print(f"discovery of {where.outcome}: {len(where.blocks)} policy block(s)")

    page = brink.report(run, folder / "api-demo.html")
    print(f"report: {page} ({page.stat().st_size:,} bytes)")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        main(Path(sys.argv[1]))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            main(Path(tmp))
