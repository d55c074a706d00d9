"""When war is likely: the PRIM boxes of a typed discovery result, in words.

From `brink discover`'s stored result (per policy) or, when none is stored, one computed for
the report without storing it. Only limits that bind are named, and a policy whose war is
certain (or the rule) is never said to depend on luck.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from brink.analysis.discovery_result import DiscoveryResult, PolicyDiscovery, TreeRule
from brink.analysis.stored import Stored
from brink.report.drivers import coverage_warning, stored_source, unreadable
from brink.report.labels import input_label, number, percent
from brink.scenario.schema import Scenario


@dataclass
class Box:
    """One PRIM box (per policy) in words, with its limits and tree rules."""

    heading: str
    sentence: str
    restrictions: list[dict[str, Any]] = field(default_factory=list)
    stats: dict[str, str] = field(default_factory=dict)
    rules: list[str] = field(default_factory=list)


@dataclass
class Discovery:
    """The PRIM boxes (and tree rules) for war, in words."""

    available: bool
    source: str
    boxes: list[Box] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    note: str = ""


def _binding(
    restrictions: list[dict[str, Any]], bounds: dict[str, tuple[float, float]]
) -> list[dict[str, Any]]:
    """Only the limits tighter than the input's sampled range, with the loose ends cleared."""
    out = []
    for r in restrictions:
        lo_bound, hi_bound = bounds.get(r["path"], (-math.inf, math.inf))
        span = hi_bound - lo_bound if math.isfinite(hi_bound - lo_bound) else 1.0
        tol = 1e-9 * max(1.0, abs(span))
        low = r["low"] if r["low"] is not None and r["low"] > lo_bound + tol else None
        high = r["high"] if r["high"] is not None and r["high"] < hi_bound - tol else None
        if low is not None or high is not None:
            out.append({**r, "low": low, "high": high})
    return out


def box_sentence(
    restrictions: list[dict[str, Any]],
    bounds: dict[str, tuple[float, float]],
    scenario: Scenario,
    outcome: str = "war",
    density: float | None = None,
    base: float | None = None,
) -> str:
    """'War is 2.1 times as likely as overall (11% vs 5.3%) when China's pressure response is
    below 1.8 and …' — only limits that bind are named. With no box, what the base rate says:
    luck is blamed only when the outcome is neither certain, absent nor the rule."""
    parts = []
    for r in _binding(restrictions, bounds):
        name = input_label(r["path"], scenario)
        if r["low"] is not None and r["high"] is not None:
            parts.append(f"{name} is between {number(r['low'])} and {number(r['high'])}")
        elif r["low"] is not None:
            parts.append(f"{name} is above {number(r['low'])}")
        else:
            parts.append(f"{name} is below {number(r['high'])}")
    subject = outcome[:1].upper() + outcome[1:]
    if not parts:
        if base is not None and base >= 1.0:
            return (
                f"{subject} happens in every episode, whatever the inputs: there is no range "
                "of them to single out."
            )
        if base is not None and base <= 0.0:
            return f"No {outcome} in any episode: nothing to discover."
        if base is not None and base >= 0.5:
            return (
                f"{subject} is the rule across the whole sampled range of the inputs "
                f"({percent(base)} of episodes); no range of them singles it out."
            )
        return (
            f"No range of the inputs singles out {outcome}: it depends on luck or on many "
            "inputs at once."
        )
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    if density is None or base is None or base <= 0:
        return f"{subject} is likely when {joined}."
    versus = f"{percent(density)} of episodes vs {percent(base)} overall"
    if density >= 0.5:
        how = f"likely ({versus})"
    elif density / base >= 1.5:
        how = f"{density / base:.1f} times as likely as overall ({versus})"
    else:
        how = f"only slightly more likely than overall ({versus})"
    return f"{subject} is {how} when {joined}."


_CONDITION = re.compile(r"^\s*([A-Za-z_][\w.\-]*)\s*(<=|>=|<|>|==)\s*(.+?)\s*$")
_BETWEEN = re.compile(r"^\s*(\S+)\s*<\s*([A-Za-z_][\w.\-]*)\s*<=\s*(\S+)\s*$")


def rule_words(rule: TreeRule, scenario: Scenario, outcome: str) -> str:
    """A tree leaf in plain words: inputs named, shares as percentages."""
    words = []
    for condition in rule.conditions:
        between = _BETWEEN.match(condition)
        match = _CONDITION.match(condition)
        if between:
            lo, path, hi = between.groups()
            words.append(f"{lo} < {input_label(path, scenario)} ≤ {hi}")
        elif match:
            path, op, value = match.groups()
            op = {"<=": "≤", ">=": "≥"}.get(op, op)
            words.append(f"{input_label(path, scenario)} {op} {value}")
        else:
            words.append(condition)
    when = " and ".join(words) or "always"
    tail = f" ({percent(rule.mass, 0)} of episodes; {percent(rule.coverage, 0)} of all {outcome}s)"
    return f"If {when}: {outcome} in {percent(rule.density)} of episodes{tail}."


def _stats(block: PolicyDiscovery) -> dict[str, str]:
    box = block.box
    return {
        "share of all wars inside the box (coverage)": percent(box.coverage),
        "share of episodes inside the box that end in war (density)": percent(box.density),
        "share of all episodes that end in war": percent(block.base_rate),
        "share of the sampled worlds inside the box (mass)": percent(box.mass),
    }


def discovery_words(
    result: DiscoveryResult, source: str, bounds: dict[str, tuple[float, float]], scenario: Scenario
) -> Discovery:
    """Put a typed discovery result into words, one box per policy."""
    outcome = result.outcome_label
    boxes = []
    for block in result.blocks:
        restrictions = _binding(
            [{"path": k, "low": v.low, "high": v.high} for k, v in block.box.limits.items()], bounds
        )
        sentence = box_sentence(
            restrictions, bounds, scenario, outcome, block.box.density, block.base_rate
        )
        boxes.append(
            Box(
                heading=block.policy,
                sentence=sentence,
                restrictions=[
                    {**r, "label": input_label(r["path"], scenario)} for r in restrictions
                ],
                stats=_stats(block) if restrictions else {},
                rules=[rule_words(r, scenario, outcome) for r in block.rules[:6]]
                if not (block.certain or block.never)
                else [],
            )
        )
    return Discovery(
        available=bool(boxes), source=source, boxes=boxes, warnings=list(result.warnings)
    )


def discovery(
    stored: Stored[DiscoveryResult],
    compute: Callable[[], DiscoveryResult],
    bounds: dict[str, tuple[float, float]],
    scenario: Scenario,
    run_policies: Sequence[str],
) -> Discovery:
    """The PRIM box for war: stored, else ``compute()`` now (without storing), else nothing."""
    if stored.result is not None:
        found = discovery_words(
            stored.result,
            stored_source(stored, "brink discover")[len("From ") : -1],
            bounds,
            scenario,
        )
        found.warnings = unreadable(stored) + found.warnings
        if stored.missing:
            found.warnings.insert(
                0,
                coverage_warning(
                    "This scenario discovery",
                    stored.result.policies,
                    run_policies,
                    "Run `brink discover RUN` (or with -p POLICY) for the rest.",
                ),
            )
        return found
    from brink.errors import BrinkInputError

    try:
        result = compute()
    except BrinkInputError as error:  # e.g. no war at all in the run: say so, keep the rest
        return Discovery(
            available=False,
            source="none",
            note=(
                f"Scenario discovery could not run on this run ({_first_line(error)}); no box "
                "is shown."
            ),
            warnings=unreadable(stored),
        )
    found = discovery_words(
        result,
        "computed for this report by brink.analysis.stored.discovery (not stored)",
        bounds,
        scenario,
    )
    found.warnings = unreadable(stored) + found.warnings
    if not found.available:
        found.note = "Scenario discovery returned no box for war."
    return found


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
