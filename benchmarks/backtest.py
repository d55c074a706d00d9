"""Time `brink backtest` on this machine: a plain backtest and a full leave-one-case-out
calibration over the shipped case library (issue 9 requires the calibration under 15 minutes
on a 2-core machine). Prints the times and the scores; with ``--write FILE`` also writes the
calibration file (how the shipped src/brink/scenario/calibration.yaml is made).

    .venv/bin/python benchmarks/backtest.py [--workers 2] [--write FILE]
"""

from __future__ import annotations

import argparse
import time

LIMIT_SECONDS = 15 * 60


def main() -> None:
    from brink.backtest.calibrate import (
        calibration_document,
        out_of_sample_scores,
        write_calibration,
    )
    from brink.backtest.runner import BacktestRun, run_backtest
    from brink.executors.local import available_cores

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=min(2, available_cores()))
    parser.add_argument("--write", default=None, help="write the calibration file here")
    args = parser.parse_args()

    began = time.perf_counter()
    plain = run_backtest(BacktestRun(workers=args.workers))
    plain_seconds = time.perf_counter() - began
    s = plain["summary"]
    print(
        f"plain backtest: {s['n']} cases x 4,000 episodes in {plain_seconds:.1f} s on "
        f"{args.workers} worker(s); Brier {s['brier']:.3f}, skill vs ICB {s['skill']:+.2f} "
        f"({s['skill_lo']:+.2f} to {s['skill_hi']:+.2f})"
    )

    began = time.perf_counter()
    options = BacktestRun(workers=args.workers, calibrate=True)
    result = run_backtest(options)
    seconds = time.perf_counter() - began
    s, u = result["summary"], result["uncalibrated"]["summary"]
    cal = result["calibration"]
    print(
        f"full leave-one-case-out calibration (33 design points x 2,000 episodes x "
        f"{s['n']} cases, {s['n']} folds, out-of-sample re-simulation): {seconds:.1f} s "
        f"(simulate {cal['seconds']['simulate']:.1f} s, fit {cal['seconds']['fit']:.1f} s) "
        f"— {'under' if seconds < LIMIT_SECONDS else 'OVER'} the 15-minute limit"
    )
    print(
        f"  before: Brier {u['brier']:.3f}, skill vs ICB {u['skill']:+.2f} "
        f"({u['skill_lo']:+.2f} to {u['skill_hi']:+.2f}), log {u['log_score']:.3f}, "
        f"RPS {u['rps']:.3f}"
    )
    print(
        f"  after (out of sample): Brier {s['brier']:.3f}, skill vs ICB {s['skill']:+.2f} "
        f"({s['skill_lo']:+.2f} to {s['skill_hi']:+.2f}), log {s['log_score']:.3f}, "
        f"RPS {s['rps']:.3f}"
    )
    for p in cal["parameters"]:
        lo, hi = cal["interval"][p]
        print(f"  {p}: x{cal['fit'][p]:.3g} (95% {lo:.3g} to {hi:.3g})")
    if args.write:
        doc = calibration_document(result["_fit"], out_of_sample_scores(result))
        write_calibration(doc, args.write)
        print(f"  calibration file written: {args.write}")


if __name__ == "__main__":
    main()
