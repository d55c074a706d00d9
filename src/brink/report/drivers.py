"""What drives the risk of war, in bars: the tornado and the Sobol' chart.

Every figure comes from a typed analysis result: a stored one (`brink sensitivity`, read per
policy from the run folder) or, when none is stored, an estimate from the run's own sample
(``brink.analysis.given_data``), labelled as such. This module only decides what to show and
how to say it: which inputs can act, which policies a result covers, whether the samples are
too few for the indices shown, and what a negative index means. The PRIM boxes in words are
in ``brink.report.discovery``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from brink.analysis.given_data import (
    FEW_DRAWS,
    FEW_PER_FIFTH,
    FirstOrderIndices,
    QuintileScreen,
)
from brink.analysis.sensitivity_result import IndexTable, SensitivityResult
from brink.analysis.stored import Stored
from brink.report.labels import input_label
from brink.scenario.schema import Scenario

#: Inputs shown on the tornado and Sobol charts (the rest are listed as negligible).
TOP_INPUTS = 12
#: Morris trajectories and Sobol' base samples below which the indices are called rough.
FEW_TRAJECTORIES = 10
FEW_SOBOL_SAMPLES = 128
METRIC = "p_war"


@dataclass
class Bars:
    """Horizontal bars by input, ready to chart: one or more series with 95% intervals.

    ``series`` maps a name to {"value", "lo", "hi"} lists aligned with ``paths`` and an
    optional "policy" (the chart then uses that policy's colour; "faded" draws it lighter).
    ``base`` makes bars start from a value (the tornado's average); ``reference`` draws a
    dashed line (a noise floor). ``warnings`` are shown above the chart.
    """

    method: str  # "morris", "quintiles", "sobol", "given-data"
    title: str
    caption: str
    paths: list[str]
    labels: list[str]
    series: dict[str, dict[str, Any]]
    base: float | None = None
    reference: tuple[float, str] | None = None
    note: str = ""
    warnings: list[str] = field(default_factory=list)


# ------------------------------------------------------------------------------ shared words


def _policies(names: Sequence[str]) -> str:
    return ", ".join(names)


def coverage_warning(
    what: str, covered: Sequence[str], run_policies: Sequence[str], how: str
) -> str:
    """Said when a stored result covers fewer policies than the run compares."""
    missing = [p for p in run_policies if p not in covered]
    return (
        f"{what} covers {len(covered)} of the run's {len(run_policies)} policies "
        f"({_policies(covered)}); not analysed: {_policies(missing)}. {how}"
    )


def _acting(paths: Sequence[str], acting: set[str] | None) -> tuple[list[int], list[str]]:
    """Positions of the inputs that can act, and the names of those that cannot."""
    if acting is None:
        return list(range(len(paths))), []
    keep = [i for i, p in enumerate(paths) if p in acting]
    return keep, [p for p in paths if p not in acting]


def _left_out(names: list[str]) -> str:
    if not names:
        return ""
    return (
        f" {len(names)} input(s) are left out because they cannot act as the scenario stands "
        f"(their part of the model is switched off): {', '.join(names[:4])}"
        + (" …" if len(names) > 4 else "")
        + "."
    )


def _order(score: np.ndarray, top: int) -> np.ndarray:
    """Indices of the ``top`` largest scores, largest first (NaN last)."""
    filled = np.where(np.isfinite(score), score, -np.inf)
    return np.argsort(-filled, kind="stable")[:top]


def _series(
    table: IndexTable, key: str, keep: list[int], policy: str, faded: bool = False
) -> dict[str, Any]:
    value = table.column(key)[keep]
    conf_name = f"{key}_conf"
    conf = table.column(conf_name)[keep] if conf_name in table.values else np.zeros(len(keep))
    conf = np.where(np.isfinite(conf), conf, 0.0)
    return {
        "value": value.tolist(),
        "lo": (value - conf).tolist(),
        "hi": (value + conf).tolist(),
        "policy": policy,
        "faded": faded,
    }


def _war_tables(result: SensitivityResult, paths: list[str]) -> list[IndexTable]:
    """The P(war) tables, one per policy, all on one list of inputs (``paths``)."""
    tables = [result.table(p, METRIC) for p in result.policies]
    return [t for t in tables if t is not None and list(t.names) == paths]


def _top_acting(
    tables: list[IndexTable], column: str, acting: set[str] | None
) -> tuple[list[int], list[str]]:
    """(the indices of the inputs to show — of those that can act, the TOP_INPUTS with the
    largest ``column`` for any policy, smallest first — and the inputs left out because they
    cannot act)."""
    keep_acting, off = _acting(list(tables[0].names), acting)
    values = np.vstack([t.column(column) for t in tables])[:, keep_acting]
    best = np.nanmax(np.where(np.isfinite(values), values, -np.inf), axis=0)
    return [keep_acting[i] for i in _order(best, TOP_INPUTS)[::-1]], off


def stored_source(stored: Stored[Any], command: str) -> str:
    where = (
        f"{stored.source} (one file per policy)"
        if stored.source.startswith("results/")
        else f"{stored.source} (a run folder of an older Brink: the last command's result)"
    )
    return f"From {where}, stored by `{command}`."


def unreadable(stored: Stored[Any]) -> list[str]:
    if not stored.unreadable:
        return []
    return [
        f"Could not read {', '.join(stored.unreadable)} as a Brink result; "
        "it is ignored (run the command again to replace it)."
    ]


# ----------------------------------------------------------------------------- tornado


def tornado(
    stored: Stored[SensitivityResult],
    screen: QuintileScreen,
    scenario: Scenario,
    run_policies: Sequence[str],
    acting: set[str] | None = None,
) -> Bars:
    """Morris screening if stored, else the quintile screen of the run's own sample."""
    result = stored.result
    tables = _war_tables(result, list(result.inputs)) if result is not None else []
    if result is not None and tables:
        names = list(tables[0].names)
        keep, off = _top_acting(tables, "mu_star", acting)
        floors = [o.noise for p in result.policies if (o := result.output(p, METRIC))]
        floor = max(floors) if floors and max(floors) > 0 else None
        warnings = unreadable(stored)
        if stored.missing:
            warnings.append(
                coverage_warning(
                    "This Morris screening",
                    result.policies,
                    run_policies,
                    "Run `brink sensitivity RUN --method morris` (or with -p POLICY) for the rest.",
                )
            )
        if result.samples < FEW_TRAJECTORIES:
            warnings.append(
                f"Only {result.samples} Morris trajectories per input: too few to rank "
                f"{len(names)} inputs reliably — intervals are wide and inputs of similar effect "
                f"may swap places. Use {FEW_TRAJECTORIES}–20 or more (`--samples`)."
            )
        return Bars(
            method="morris",
            title="Which inputs move the risk of war most (Morris screening)",
            caption=(
                "Each bar is the average size of the change in the probability of war when that "
                "one input moves across its range, the others held (Morris elementary effects, "
                "μ*; whiskers are 95% bootstrap intervals), one bar per policy. Longer bars "
                "matter more. "
                + ("Bars short of the dashed line are within simulation noise. " if floor else "")
                + "Hover for the exact input path to change with --set."
                + _left_out(off)
            ),
            paths=[names[i] for i in keep],
            labels=[input_label(names[i], scenario) for i in keep],
            series={t.policy: _series(t, "mu_star", keep, t.policy) for t in tables},
            reference=(floor, "noise floor") if floor else None,
            note=stored_source(stored, "brink sensitivity --method morris"),
            warnings=warnings,
        )
    paths = [r.path for r in screen.rows]
    keep_acting, off = _acting(paths, acting)
    score = np.array([screen.rows[i].span for i in keep_acting])
    keep = [keep_acting[i] for i in _order(score, TOP_INPUTS)[::-1]]
    chosen = [screen.rows[i] for i in keep]
    warnings = unreadable(stored)
    per_fifth = screen.draws // 5
    if per_fifth < FEW_PER_FIFTH:
        warnings.append(
            f"Only {screen.draws} draws: each fifth of an input's range holds about {per_fifth} "
            "of them, too few to tell most inputs apart — read the ranking as a rough sketch. "
            f"Use {5 * FEW_PER_FIFTH} draws or more, or `brink sensitivity RUN --method morris`."
        )
    return Bars(
        method="quintiles",
        title="Which inputs move the risk of war most (tornado)",
        caption=(
            "For each uncertain input, the probability of war among the sampled worlds where "
            "that input was in the lowest fifth of its range (one colour) and in the highest "
            "fifth (the other), against the overall average (the dashed line). Wider spans "
            "matter more; whiskers are 95% intervals over draws. Other inputs vary too, so this "
            "is a screening, not a controlled experiment." + _left_out(off)
        ),
        paths=[r.path for r in chosen],
        labels=[input_label(r.path, scenario) for r in chosen],
        series={
            "input in its lowest fifth": {
                "value": [r.low.value for r in chosen],
                "lo": [r.low.lo for r in chosen],
                "hi": [r.low.hi for r in chosen],
            },
            "input in its highest fifth": {
                "value": [r.high.value for r in chosen],
                "lo": [r.high.lo for r in chosen],
                "hi": [r.high.hi for r in chosen],
            },
        },
        base=screen.overall,
        note=(
            "No Morris result stored (results/morris/); estimated from the run's own sample. "
            "Run `brink sensitivity RUN --method morris` for a screening design."
        ),
        warnings=warnings,
    )


# ------------------------------------------------------------------------------- Sobol


def negative_note(
    tables: Sequence[IndexTable], keep: Sequence[int], scenario: Scenario
) -> str | None:
    """Words for indices printed below zero or drowned in their own intervals."""
    lowest: tuple[float, str, str, str] | None = None
    noisy = total = 0
    for t in tables:
        for key in ("S1", "ST"):
            if key not in t.values:
                continue
            values = t.column(key)
            conf = t.column(f"{key}_conf") if f"{key}_conf" in t.values else np.zeros(len(values))
            for j in keep:
                total += 1
                noisy += bool(conf[j] >= abs(values[j]))
                if values[j] < 0 and (lowest is None or values[j] < lowest[0]):
                    lowest = (float(values[j]), key, t.names[j], t.policy)
    parts = []
    if lowest is not None:
        value, key, path, policy = lowest
        parts.append(
            f"Some estimates are below zero (lowest: {key} = {value:.2f} for ".replace("-", "−")
            + f"{input_label(path, scenario)} under {policy}). A share of variance cannot be "
            "negative: these are sampling noise around a small true value, and the bar is drawn "
            "where the estimate fell only so the noise stays visible."
        )
    if total and noisy / total >= 0.5:
        parts.append(
            f"{noisy} of the {total} indices shown are no larger than their own 95% interval "
            "half-width: read them as 'not distinguishable from 0', not as a ranking."
        )
    elif lowest is not None:
        parts.append("Read any index whose interval reaches 0 as no evidence of an effect.")
    return " ".join(parts) or None


def sobol(
    stored: Stored[SensitivityResult],
    estimate: FirstOrderIndices,
    scenario: Scenario,
    run_policies: Sequence[str],
    acting: set[str] | None = None,
) -> Bars:
    """Stored Sobol' indices (first-order and total) if present, else a given-data estimate."""
    result = stored.result
    tables = _war_tables(result, list(result.inputs)) if result is not None else []
    if result is not None and tables:
        names = list(tables[0].names)
        keep, off = _top_acting(tables, "ST", acting)
        both = len(tables) <= 2
        series: dict[str, dict[str, Any]] = {}
        for t in tables:
            prefix = f"{t.policy}: "
            if both:
                series[f"{prefix}first-order (alone)"] = _series(t, "S1", keep, t.policy, True)
            series[f"{prefix}total (with interactions)"] = _series(t, "ST", keep, t.policy)
        shares = [o.noise for p in result.policies if (o := result.output(p, METRIC))]
        share = max(shares) if shares and max(shares) > 0 else None
        warnings = unreadable(stored)
        if stored.missing:
            warnings.append(
                coverage_warning(
                    "This Sobol' analysis",
                    result.policies,
                    run_policies,
                    "Run `brink sensitivity RUN --method sobol` (or with -p POLICY) for the rest.",
                )
            )
        if result.samples < FEW_SOBOL_SAMPLES:
            warnings.append(
                f"Sobol' indices from a base sample of N = {result.samples} "
                f"({result.design.get('draws', '?')} draws for {len(names)} inputs): too few "
                "for indices this small — most are sampling noise. Use N = 256 or more "
                "(`--samples`)."
            )
        explained = negative_note(tables, keep, scenario)
        return Bars(
            method="sobol",
            title="Share of the uncertainty in the risk of war due to each input (Sobol)",
            caption=(
                "How much of the variation in the probability of war across plausible worlds "
                "each input accounts for: "
                + ("alone (first-order index, lighter) and " if both else "")
                + "in total, alone and through its interactions with other inputs (total "
                "index). 0 = none, "
                "1 = all. Whiskers are 95% intervals. "
                + (
                    "Total indices short of the dashed line are within simulation noise."
                    if share
                    else ""
                )
                + _left_out(off)
            ),
            paths=[names[i] for i in keep],
            labels=[input_label(names[i], scenario) for i in keep],
            series=series,
            reference=(share, "noise") if share else None,
            note=stored_source(stored, "brink sensitivity --method sobol")
            + (" " + explained if explained else ""),
            warnings=warnings,
        )
    keep_acting, off = _acting(list(estimate.paths), acting)
    values = np.array([estimate.estimates[i].value for i in keep_acting])
    keep = [keep_acting[i] for i in _order(values, TOP_INPUTS)[::-1]]
    chosen = [estimate.estimates[i] for i in keep]
    warnings = unreadable(stored)
    if estimate.draws < FEW_DRAWS:
        warnings.append(
            f"Only {estimate.draws} draws ({estimate.bins} bins per input): the given-data "
            "estimate of each share is rough and most bars are within noise. Use "
            f"{FEW_DRAWS} draws or more, or `brink sensitivity RUN --method sobol`."
        )
    return Bars(
        method="given-data",
        title="Share of the uncertainty in the risk of war due to each input",
        caption=(
            "How much of the variation in the probability of war across the sampled worlds "
            "each input accounts for on its own (0 = none, 1 = all), with 95% bootstrap "
            "intervals. Given-data first-order estimate; run `brink sensitivity RUN --method "
            "sobol` for total indices." + _left_out(off)
        ),
        paths=[estimate.paths[i] for i in keep],
        labels=[input_label(estimate.paths[i], scenario) for i in keep],
        series={
            "first-order (given-data estimate)": {
                "value": [e.value for e in chosen],
                "lo": [e.lo for e in chosen],
                "hi": [e.hi for e in chosen],
            }
        },
        note=(
            "No Sobol result stored (results/sobol/): estimated from the stored draws by the "
            "binned correlation ratio Var(E[P(war) | input]) / Var(P(war)), corrected for the "
            "bias of binning and for replication noise (shares below 0 are set to 0)."
        ),
        warnings=warnings,
    )
