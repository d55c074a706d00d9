"""What drives the risk of war: tornado, Sobol indices and the PRIM box, stored or estimated.

Sensitivity and scenario discovery have their own commands, which store their results in the
run folder. The report uses those when present. When they are absent it still shows every
chart, estimated cheaply from the stored sample itself and labelled as such, so a reader is
never left with a blank panel and always knows which method produced a figure.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from brink.report.data import cluster_interval
from brink.report.labels import input_label, number, percent
from brink.scenario.schema import Scenario

MORRIS_FILE = "sensitivity-morris.json"
SOBOL_FILE = "sensitivity-sobol.json"
DISCOVER_FILE = "discover-war.json"
#: Inputs shown on the tornado and Sobol charts (the rest are listed as negligible).
TOP_INPUTS = 12
BOOTSTRAP = 200


@dataclass
class Bars:
    """Horizontal bars by input, ready to chart: one or more series with 95% intervals.

    ``series`` maps a name to {"value", "lo", "hi"} lists aligned with ``paths`` and an
    optional "policy" (the chart then uses that policy's colour; "faded" draws it lighter).
    ``base`` makes bars start from a value (the tornado's average); ``reference`` draws a
    dashed line (a noise floor).
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


def _load_json(path: Path) -> Any | None:
    """A stored result, or None if absent or unreadable (the report then estimates its own)."""
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def _find(obj: Any, wanted: tuple[str, ...], depth: int = 0) -> dict[str, Any] | None:
    """The first dict (depth-first) that has every key in ``wanted`` and a list under the
    first — tolerant of nesting such as {"result": {...}}."""
    if depth > 5:
        return None
    if isinstance(obj, dict):
        if all(k in obj for k in wanted) and isinstance(obj[wanted[0]], list):
            return obj
        for value in obj.values():
            found = _find(value, wanted, depth + 1)
            if found is not None:
                return found
    elif isinstance(obj, list):
        for value in obj:
            found = _find(value, wanted, depth + 1)
            if found is not None:
                return found
    return None


def _records(obj: Any, value_key: str) -> dict[str, list[Any]] | None:
    """SALib-style parallel arrays, or a list of per-input records, as parallel arrays."""
    table = _find(obj, (value_key,))
    if table is not None:
        names = table.get("names") or table.get("inputs") or table.get("parameters")
        if isinstance(names, list) and len(names) == len(table[value_key]):
            return {**table, "names": [str(n) for n in names]}
    if isinstance(obj, dict):
        for value in obj.values():
            if (
                isinstance(value, list)
                and value
                and isinstance(value[0], dict)
                and value_key in value[0]
            ):
                keys = value[0].keys()
                name_key = next((k for k in ("path", "input", "name") if k in keys), None)
                if name_key is None:
                    continue
                out: dict[str, list[Any]] = {"names": [str(r[name_key]) for r in value]}
                for key in keys:
                    out[key] = [r.get(key) for r in value]
                return out
            found = _records(value, value_key) if isinstance(value, dict) else None
            if found is not None:
                return found
    return None


def stored_tables(
    obj: Any, value_key: str, policies: list[str], metric: str = "p_war"
) -> list[tuple[str, dict[str, Any]]] | None:
    """(policy, table) pairs from a stored sensitivity result.

    `brink sensitivity` stores ``tables[metric][policy] = {names, mu_star, ...}``; other
    shapes (one SALib dict, a list of per-input records) give one pair with policy "".
    None when nothing usable is stored for P(war).
    """
    if obj is None:
        return None
    tables = obj.get("tables") if isinstance(obj, dict) else None
    if isinstance(tables, dict):
        by_policy = tables.get(metric)
        if not isinstance(by_policy, dict):
            return None
        order = [p for p in policies if p in by_policy] + [
            p for p in by_policy if p not in policies
        ]
        out = []
        for policy in order:
            table = by_policy[policy]
            if not isinstance(table, dict):
                continue
            names, values = table.get("names"), table.get(value_key)
            if isinstance(names, list) and isinstance(values, list) and len(names) == len(values):
                out.append((str(policy), {**table, "names": [str(n) for n in names]}))
        return out or None
    generic = _records(obj, value_key)
    return [("", generic)] if generic is not None else None


def _noise(obj: Any, key: str, metric: str = "p_war") -> float | None:
    """The largest noise level a stored result reports for the metric (None if none)."""
    outputs = obj.get("outputs") if isinstance(obj, dict) else None
    if not isinstance(outputs, list):
        return None
    values = [
        float(o[key])
        for o in outputs
        if isinstance(o, dict)
        and o.get("metric", metric) == metric
        and isinstance(o.get(key), int | float)
    ]
    return max(values) if values else None


def _floats(values: Any, n: int) -> list[float]:
    if not isinstance(values, list) or len(values) != n:
        return [math.nan] * n
    out = []
    for v in values:
        try:
            out.append(float(v))
        except (TypeError, ValueError):
            out.append(math.nan)
    return out


def _order(score: np.ndarray, top: int) -> np.ndarray:
    """Indices of the ``top`` largest scores, largest first (NaN last)."""
    filled = np.where(np.isfinite(score), score, -np.inf)
    return np.argsort(-filled, kind="stable")[:top]


def _aligned(
    tables: list[tuple[str, dict[str, Any]]], key: str
) -> tuple[list[str], dict[str, np.ndarray]]:
    """Every table's ``key`` and ``key_conf`` on one list of input names (NaN where absent)."""
    names: list[str] = []
    for _, t in tables:
        names.extend(n for n in t["names"] if n not in names)
    index = {n: i for i, n in enumerate(names)}
    out: dict[str, np.ndarray] = {}
    for policy, t in tables:
        for field_ in (key, f"{key}_conf"):
            column = np.full(len(names), np.nan)
            values = _floats(t.get(field_), len(t["names"]))
            for name, value in zip(t["names"], values, strict=True):
                column[index[name]] = value
            out[f"{policy}|{field_}"] = column
    return names, out


def policy_average(per_draw: dict[str, dict[str, np.ndarray]], key: str) -> np.ndarray:
    """The per-draw value averaged over policies (every policy meets the same draws)."""
    stacked = np.vstack([v[key] for v in per_draw.values()])
    return stacked.mean(axis=0)


def _interval_series(
    value: np.ndarray, conf: np.ndarray, keep: np.ndarray, policy: str, faded: bool = False
) -> dict[str, Any]:
    conf = np.where(np.isfinite(conf), conf, 0.0)
    return {
        "value": value[keep].tolist(),
        "lo": (value[keep] - conf[keep]).tolist(),
        "hi": (value[keep] + conf[keep]).tolist(),
        "policy": policy,
        "faded": faded,
    }


# ----------------------------------------------------------------------------- tornado


def tornado(
    run_path: Path,
    scenario: Scenario,
    y: np.ndarray,
    design: dict[str, np.ndarray],
    policies: list[str] | None = None,
) -> Bars:
    """Morris screening if stored, else P(war) in the lowest vs the highest fifth of each
    input's sampled range (per-draw P(war), averaged over policies)."""
    raw = _load_json(run_path / MORRIS_FILE)
    tables = stored_tables(raw, "mu_star", list(policies or []))
    if tables is not None:
        names, columns = _aligned(tables, "mu_star")
        mu = np.vstack([columns[f"{p}|mu_star"] for p, _ in tables])
        keep = _order(np.nanmax(np.where(np.isfinite(mu), mu, -np.inf), axis=0), TOP_INPUTS)
        keep = keep[::-1]
        floor = _noise(raw, "noise_floor")
        return Bars(
            method="morris",
            title="Which inputs move the risk of war most (Morris screening)",
            caption=(
                "Each bar is the average size of the change in the probability of war when that "
                "one input moves across its range, the others held (Morris elementary effects, "
                "μ*; whiskers are 95% bootstrap intervals), one bar per policy. Longer bars "
                "matter more. "
                + (
                    "Bars short of the dashed line are within simulation noise. "
                    if floor is not None
                    else ""
                )
                + "Hover for the exact input path to change with --set."
            ),
            paths=[names[i] for i in keep],
            labels=[input_label(names[i], scenario) for i in keep],
            series={
                (policy or "μ* (effect on P(war))"): _interval_series(
                    columns[f"{policy}|mu_star"], columns[f"{policy}|mu_star_conf"], keep, policy
                )
                for policy, _ in tables
            },
            reference=(floor, "noise floor") if floor is not None else None,
            note=f"From {MORRIS_FILE}, stored by `brink sensitivity --method morris`.",
        )
    paths = list(design)
    overall = float(np.mean(y)) if len(y) else math.nan
    rows = []
    for path in paths:
        x = design[path]
        lo_cut, hi_cut = np.quantile(x, [0.2, 0.8])
        low = cluster_interval(y[x <= lo_cut])
        high = cluster_interval(y[x >= hi_cut])
        rows.append((path, low, high, abs(high[0] - low[0])))
    score = np.array([r[3] for r in rows])
    keep = _order(score, TOP_INPUTS)[::-1]
    chosen = [rows[i] for i in keep]
    return Bars(
        method="quintiles",
        title="Which inputs move the risk of war most (tornado)",
        caption=(
            "For each uncertain input, the probability of war among the sampled worlds where "
            "that input was in the lowest fifth of its range (one colour) and in the highest "
            "fifth (the other), against the overall average (the dashed line). Wider spans "
            "matter more; whiskers are 95% intervals over draws. Other inputs vary too, so this "
            "is a screening, not a controlled experiment."
        ),
        paths=[r[0] for r in chosen],
        labels=[input_label(r[0], scenario) for r in chosen],
        series={
            "input in its lowest fifth": {
                "value": [r[1][0] for r in chosen],
                "lo": [r[1][1] for r in chosen],
                "hi": [r[1][2] for r in chosen],
            },
            "input in its highest fifth": {
                "value": [r[2][0] for r in chosen],
                "lo": [r[2][1] for r in chosen],
                "hi": [r[2][2] for r in chosen],
            },
        },
        base=overall,
        note=(
            f"No Morris result stored ({MORRIS_FILE}); estimated from the run's own sample. "
            "Run `brink sensitivity RUN --method morris` for a screening design."
        ),
    )


# ------------------------------------------------------------------------------- Sobol


def _correlation_ratio(y: np.ndarray, bins: np.ndarray, count: int, noise: float) -> np.ndarray:
    """Var(E[Y|bin]) / Var(Y) for each row of ``bins`` (inputs × draws), bias-corrected.

    ``noise`` is the variance the finite replications add to each per-draw mean: it is not
    due to any input, so it is removed from Var(Y).
    """
    n = len(y)
    total = float(np.var(y))
    signal = max(total - noise, 1e-300)
    out = np.empty(bins.shape[0])
    for i, b in enumerate(bins):
        sums = np.bincount(b, weights=y, minlength=count)
        sizes = np.bincount(b, minlength=count)
        means = np.divide(sums, sizes, out=np.zeros(count), where=sizes > 0)
        between = float(np.sum(sizes * (means - y.mean()) ** 2) / n)
        between -= (count - 1) / n * total  # what random bins would explain
        out[i] = between / signal
    return np.clip(out, 0.0, 1.0)


def given_data_sobol(
    y: np.ndarray, design: dict[str, np.ndarray], noise: float, seed: int = 0
) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """First-order indices by the binned correlation ratio, with bootstrap 95% intervals."""
    paths = list(design)
    n = len(y)
    if n < 4 or not paths:
        empty = np.zeros(len(paths))
        return paths, empty, empty, empty
    count = int(max(2, min(20, round(n ** (1 / 3)))))
    bins = np.empty((len(paths), n), dtype=np.int64)
    for i, path in enumerate(paths):
        ranks = np.argsort(np.argsort(design[path], kind="stable"), kind="stable")
        bins[i] = ranks * count // n
    estimate = _correlation_ratio(y, bins, count, noise)
    rng = np.random.default_rng(seed)
    boot = np.empty((BOOTSTRAP, len(paths)))
    for k in range(BOOTSTRAP):
        pick = rng.integers(0, n, n)
        boot[k] = _correlation_ratio(y[pick], bins[:, pick], count, noise)
    lo, hi = np.quantile(boot, [0.025, 0.975], axis=0)
    return paths, estimate, lo, hi


def sobol(
    run_path: Path,
    scenario: Scenario,
    y: np.ndarray,
    design: dict[str, np.ndarray],
    noise: float,
    seed: int,
    policies: list[str] | None = None,
) -> Bars:
    """Stored Sobol indices (first-order and total) if present, else a given-data estimate."""
    raw = _load_json(run_path / SOBOL_FILE)
    tables = stored_tables(raw, "ST", list(policies or [])) or stored_tables(
        raw, "S1", list(policies or [])
    )
    if tables is not None:
        names, st = _aligned(tables, "ST")
        _, s1 = _aligned(tables, "S1")
        total = np.vstack([st[f"{p}|ST"] for p, _ in tables])
        first = np.vstack([s1[f"{p}|S1"] for p, _ in tables])
        score = np.where(np.isfinite(total), total, first)
        keep = _order(np.nanmax(np.where(np.isfinite(score), score, -np.inf), axis=0), TOP_INPUTS)
        keep = keep[::-1]
        series: dict[str, dict[str, Any]] = {}
        both = len(tables) <= 2
        for policy, _ in tables:
            prefix = f"{policy}: " if policy else ""
            wants_first = both or not np.isfinite(st[f"{policy}|ST"]).any()
            if wants_first and np.isfinite(s1[f"{policy}|S1"]).any():
                series[f"{prefix}first-order (alone)"] = _interval_series(
                    s1[f"{policy}|S1"], s1[f"{policy}|S1_conf"], keep, policy, faded=True
                )
            if np.isfinite(st[f"{policy}|ST"]).any():
                series[f"{prefix}total (with interactions)"] = _interval_series(
                    st[f"{policy}|ST"], st[f"{policy}|ST_conf"], keep, policy
                )
        share = _noise(raw, "noise_share")
        return Bars(
            method="sobol",
            title="Share of the uncertainty in the risk of war due to each input (Sobol)",
            caption=(
                "How much of the variation in the probability of war across plausible worlds "
                "each input accounts for: alone (first-order index, lighter) and including its "
                "interactions with other inputs (total index). 0 = none, 1 = all. Whiskers are "
                "95% intervals. "
                + (
                    "Total indices short of the dashed line are within simulation noise."
                    if share is not None
                    else ""
                )
            ),
            paths=[names[i] for i in keep],
            labels=[input_label(names[i], scenario) for i in keep],
            series=series,
            reference=(share, "noise") if share is not None else None,
            note=f"From {SOBOL_FILE}, stored by `brink sensitivity --method sobol`.",
        )
    paths, estimate, lo, hi = given_data_sobol(y, design, noise, seed)
    keep = _order(estimate, TOP_INPUTS)[::-1]
    return Bars(
        method="given-data",
        title="Share of the uncertainty in the risk of war due to each input",
        caption=(
            "How much of the variation in the probability of war across the sampled worlds "
            "each input accounts for on its own (0 = none, 1 = all), with 95% bootstrap "
            "intervals. Given-data first-order estimate; run `brink sensitivity RUN --method "
            "sobol` for total indices."
        ),
        paths=[paths[i] for i in keep],
        labels=[input_label(paths[i], scenario) for i in keep],
        series={
            "first-order (given-data estimate)": {
                "value": estimate[keep].tolist(),
                "lo": lo[keep].tolist(),
                "hi": hi[keep].tolist(),
            }
        },
        note=(
            f"No Sobol result stored ({SOBOL_FILE}): estimated from the stored draws by the "
            "binned correlation ratio Var(E[P(war) | input]) / Var(P(war)), corrected for the "
            "bias of binning and for replication noise."
        ),
    )


# --------------------------------------------------------------------------- discovery


@dataclass
class Box:
    """One PRIM box (per policy, or pooled) in words, with its limits and tree rules."""

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


def _restriction(entry: Any, key: str | None = None) -> dict[str, Any] | None:
    """One box limit as {path, low, high} from the shapes a PRIM result may take; ``None``
    marks an end that is not restricted."""
    if isinstance(entry, dict):
        path = key or entry.get("path") or entry.get("input") or entry.get("name")
        low = next((entry[k] for k in ("low", "lower", "min") if k in entry), None)
        high = next((entry[k] for k in ("high", "upper", "max") if k in entry), None)
    elif isinstance(entry, list | tuple) and len(entry) == 2 and key:
        path, low, high = key, entry[0], entry[1]
    else:
        return None
    if not path:
        return None
    return {
        "path": str(path),
        "low": None if low is None else float(low),
        "high": None if high is None else float(high),
    }


def _restrictions(box: Any) -> list[dict[str, Any]]:
    if isinstance(box, dict):
        inner = next(
            (box[k] for k in ("limits", "restrictions", "box", "bounds") if k in box), None
        )
        if inner is not None:
            return _restrictions(inner)
        items = [_restriction(v, k) for k, v in box.items()]
    elif isinstance(box, list):
        items = [_restriction(v) for v in box]
    else:
        return []
    return [i for i in items if i is not None]


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
    below 1.8 and …' — only limits that bind are named."""
    parts = []
    for r in _binding(restrictions, bounds):
        name = input_label(r["path"], scenario)
        if r["low"] is not None and r["high"] is not None:
            parts.append(f"{name} is between {number(r['low'])} and {number(r['high'])}")
        elif r["low"] is not None:
            parts.append(f"{name} is above {number(r['low'])}")
        else:
            parts.append(f"{name} is below {number(r['high'])}")
    if not parts:
        return (
            f"No range of the inputs singles out {outcome}: it depends on luck or on many "
            "inputs at once."
        )
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    subject = outcome.capitalize()
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


def _rule_words(rule: Any, scenario: Scenario, outcome: str) -> str | None:
    """A tree leaf in plain words: inputs named, shares as percentages."""
    if isinstance(rule, str):
        return rule
    if not isinstance(rule, dict):
        return None
    conditions = rule.get("conditions")
    density = rule.get("density")
    if not isinstance(conditions, list) or not isinstance(density, int | float):
        text = rule.get("text") or rule.get("rule")
        return str(text) if text else None
    words = []
    for condition in conditions:
        match = _CONDITION.match(str(condition))
        if match:
            path, op, value = match.groups()
            op = {"<=": "≤", ">=": "≥"}.get(op, op)
            words.append(f"{input_label(path, scenario)} {op} {value}")
        else:
            words.append(str(condition))
    when = " and ".join(words) or "always"
    tail = []
    if isinstance(rule.get("mass"), int | float):
        tail.append(f"{percent(float(rule['mass']), 0)} of episodes")
    if isinstance(rule.get("coverage"), int | float):
        tail.append(f"{percent(float(rule['coverage']), 0)} of all {outcome}s")
    extra = f" ({'; '.join(tail)})" if tail else ""
    return f"If {when}: {outcome} in {percent(float(density))} of episodes{extra}."


def _rules(obj: Any, scenario: Scenario, outcome: str) -> list[str]:
    found = None
    if isinstance(obj, dict):
        for key in ("tree_rules", "rules", "tree"):
            if key in obj:
                found = obj[key]
                break
    if isinstance(found, dict):
        found = found.get("rules") or found.get("text")
    if isinstance(found, str):
        return [line for line in found.splitlines() if line.strip()]
    if isinstance(found, list):
        out = [_rule_words(item, scenario, outcome) for item in found]
        return [o for o in out if o]
    return []


def _num(obj: Any, key: str) -> float | None:
    value = obj.get(key) if isinstance(obj, dict) else None
    return float(value) if isinstance(value, int | float) else None


def _stats(box: dict[str, Any], base: float | None) -> dict[str, str]:
    out = {}
    coverage, density = _num(box, "coverage"), _num(box, "density")
    mass = _num(box, "mass") if _num(box, "mass") is not None else _num(box, "support")
    if coverage is not None:
        out["share of all wars inside the box (coverage)"] = percent(coverage)
    if density is not None:
        out["share of episodes inside the box that end in war (density)"] = percent(density)
    if base is not None:
        out["share of all episodes that end in war"] = percent(base)
    if mass is not None:
        out["share of the sampled worlds inside the box (mass)"] = percent(mass)
    return out


def _blocks(result: Any) -> list[tuple[str, dict[str, Any]]]:
    """(policy, block) pairs: one pooled block, a list of blocks, or one per policy."""
    if not isinstance(result, dict):
        return []
    if isinstance(result.get("boxes"), list):
        return [(str(b.get("policy") or ""), b) for b in result["boxes"] if isinstance(b, dict)]
    if isinstance(result.get("policies"), dict):
        return [(str(k), v) for k, v in result["policies"].items() if isinstance(v, dict)]
    return [("", result)]


def discovery_from(
    result: Any, source: str, bounds: dict[str, tuple[float, float]], scenario: Scenario
) -> Discovery:
    """Put a PRIM result (as `brink discover` stores it, or similar) into words."""
    outcome = (
        str(result.get("outcome_label") or result.get("outcome") or "war")
        if isinstance(result, dict)
        else "war"
    )
    boxes = []
    for heading, block in _blocks(result):
        box = block.get("box", block)
        box = box if isinstance(box, dict | list) else {}
        base = _num(block, "base_rate")
        density = _num(box, "density") if isinstance(box, dict) else None
        restrictions = _binding(_restrictions(box), bounds)
        sentence = box_sentence(restrictions, bounds, scenario, outcome, density, base)
        if _num(block, "hits") == 0 and isinstance(block.get("sentence"), str):
            sentence = block["sentence"][:1].upper() + block["sentence"][1:] + "."
        boxes.append(
            Box(
                heading=heading,
                sentence=sentence,
                restrictions=[
                    {**r, "label": input_label(r["path"], scenario)} for r in restrictions
                ],
                stats=_stats(box, base) if isinstance(box, dict) and restrictions else {},
                rules=_rules(block, scenario, outcome)[:6]
                or (_rules(result, scenario, outcome)[:6] if heading == "" else []),
            )
        )
    warnings = result.get("warnings", []) if isinstance(result, dict) else []
    return Discovery(
        available=bool(boxes),
        source=source,
        boxes=boxes,
        warnings=[str(w) for w in warnings] if isinstance(warnings, list) else [],
    )


def discovery(run: Any, scenario: Scenario) -> Discovery:
    """The PRIM box for war: stored, else computed now (without storing), else nothing."""
    bounds = {
        path: (float(v.get("low", -math.inf)), float(v.get("high", math.inf)))
        for path, v in run.manifest.get("inputs", {}).items()
    }
    stored = _load_json(run.path / DISCOVER_FILE)
    if stored is not None:
        return discovery_from(
            stored, f"{DISCOVER_FILE}, stored by `brink discover`", bounds, scenario
        )
    from brink.analysis.prim import discover
    from brink.errors import BrinkInputError

    try:
        # store=False: the report never writes into the run folder
        result = discover(run, "war", store=False)
    except BrinkInputError as error:  # e.g. no war at all in the run: say so, keep the rest
        return Discovery(
            available=False,
            source="none",
            note=(
                f"Scenario discovery could not run on this run ({_first_line(error)}); no box "
                "is shown."
            ),
        )
    if hasattr(result, "to_dict"):
        result = result.to_dict()
    found = discovery_from(
        result,
        "computed for this report by brink.analysis.prim.discover (not stored)",
        bounds,
        scenario,
    )
    if not found.available:
        found.note = "Scenario discovery returned no box for war."
    return found


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
