"""What drives the risk of war: tornado, Sobol indices and the PRIM box, stored or estimated.

Sensitivity and scenario discovery have their own commands, which store their results in the
run folder. The report uses those when present. When they are absent it still shows every
chart, estimated cheaply from the stored sample itself and labelled as such, so a reader is
never left with a blank panel and always knows which method produced a figure.
"""

from __future__ import annotations

import json
import math
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
    """Horizontal bars by input, ready to chart: one or two series with intervals."""

    method: str  # "morris", "quintiles", "sobol", "given-data"
    title: str
    caption: str
    paths: list[str]
    labels: list[str]
    series: dict[str, dict[str, list[float]]]  # name → {"value", "lo", "hi"} (and "base")
    base: float | None = None
    note: str = ""


@dataclass
class Discovery:
    """The PRIM box (and tree rules) for war, in words."""

    available: bool
    source: str
    sentences: list[str] = field(default_factory=list)
    restrictions: list[dict[str, Any]] = field(default_factory=list)
    stats: dict[str, str] = field(default_factory=dict)
    rules: list[str] = field(default_factory=list)
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
    """The first dict (depth-first) that has every key in ``wanted`` — tolerant of nesting
    such as {"result": {...}} or {"outputs": {"p_war": {...}}}."""
    if depth > 5:
        return None
    if isinstance(obj, dict):
        if all(k in obj for k in wanted):
            return obj
        prefer = [v for k, v in obj.items() if k in ("p_war", "war", "result", "results")]
        for value in [*prefer, *obj.values()]:
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
    """Normalise SALib-style parallel arrays or a list of per-input records to arrays."""
    table = _find(obj, (value_key,))
    if table is not None and isinstance(table.get(value_key), list):
        names = table.get("names") or table.get("inputs") or table.get("parameters")
        if isinstance(names, list) and len(names) == len(table[value_key]):
            return {**table, "names": [str(n) for n in names]}
    if isinstance(obj, dict):
        for value in obj.values():
            if (
                isinstance(value, list)
                and value
                and isinstance(value[0], dict)
                and (value_key in value[0])
            ):
                keys = value[0].keys()
                name_key = next((k for k in ("path", "name", "input") if k in keys), None)
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


def policy_average(per_draw: dict[str, dict[str, np.ndarray]], key: str) -> np.ndarray:
    """The per-draw value averaged over policies (every policy meets the same draws)."""
    stacked = np.vstack([v[key] for v in per_draw.values()])
    return stacked.mean(axis=0)


# ----------------------------------------------------------------------------- tornado


def tornado(
    run_path: Path,
    scenario: Scenario,
    y: np.ndarray,
    design: dict[str, np.ndarray],
) -> Bars:
    """Morris screening if stored, else P(war) in the lowest vs the highest fifth of each
    input's sampled range (per-draw P(war), averaged over policies)."""
    stored = _records(_load_json(run_path / MORRIS_FILE), "mu_star")
    if stored is not None:
        names = stored["names"]
        n = len(names)
        mu = np.array(_floats(stored.get("mu_star"), n))
        conf = np.array(_floats(stored.get("mu_star_conf"), n))
        keep = _order(mu, TOP_INPUTS)[::-1]
        return Bars(
            method="morris",
            title="Which inputs move the risk of war most (Morris screening)",
            caption=(
                "Each bar is the average size of the change in the probability of war when "
                "that one input moves across its range, the others held (Morris elementary "
                "effects, μ*; the whisker is its 95% bootstrap interval). Longer bars matter "
                "more. Inputs are named in plain words; hover for the exact path to change "
                "with --set."
            ),
            paths=[names[i] for i in keep],
            labels=[input_label(names[i], scenario) for i in keep],
            series={
                "μ* (effect on P(war))": {
                    "value": mu[keep].tolist(),
                    "lo": (mu[keep] - conf[keep]).tolist(),
                    "hi": (mu[keep] + conf[keep]).tolist(),
                }
            },
            note=f"From {MORRIS_FILE} stored by `brink sensitivity`.",
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
            "fifth (the other), against the overall average (the vertical line). Wider spans "
            "matter more; whiskers are 95% intervals over draws. Other inputs vary too, so "
            "this is a screening, not a controlled experiment."
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
) -> Bars:
    """Stored Sobol indices (first-order and total) if present, else a given-data estimate."""
    stored = _records(_load_json(run_path / SOBOL_FILE), "ST") or _records(
        _load_json(run_path / SOBOL_FILE), "S1"
    )
    if stored is not None:
        names = stored["names"]
        n = len(names)
        series: dict[str, dict[str, list[float]]] = {}
        s1 = np.array(_floats(stored.get("S1"), n))
        st = np.array(_floats(stored.get("ST"), n))
        keep = _order(np.where(np.isfinite(st), st, s1), TOP_INPUTS)[::-1]
        for key, label in (("S1", "first-order (alone)"), ("ST", "total (with interactions)")):
            values = np.array(_floats(stored.get(key), n))
            if not np.isfinite(values).any():
                continue
            conf = np.array(_floats(stored.get(f"{key}_conf"), n))
            series[label] = {
                "value": values[keep].tolist(),
                "lo": (values[keep] - conf[keep]).tolist(),
                "hi": (values[keep] + conf[keep]).tolist(),
            }
        return Bars(
            method="sobol",
            title="Share of the uncertainty in the risk of war due to each input (Sobol)",
            caption=(
                "How much of the variation in the probability of war across plausible worlds "
                "each input accounts for: alone (first-order index) and including its "
                "interactions with other inputs (total index). 0 = none, 1 = all. Whiskers "
                "are 95% intervals."
            ),
            paths=[names[i] for i in keep],
            labels=[input_label(names[i], scenario) for i in keep],
            series=series,
            note=f"From {SOBOL_FILE} stored by `brink sensitivity --method sobol`.",
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


def _restriction(entry: Any, key: str | None = None) -> dict[str, Any] | None:
    """One box limit as {path, low, high} from the shapes a PRIM result may take."""
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
            (box[k] for k in ("restrictions", "limits", "box", "bounds") if k in box), None
        )
        if inner is not None:
            return _restrictions(inner)
        items = [_restriction(v, k) for k, v in box.items()]
    elif isinstance(box, list):
        items = [_restriction(v) for v in box]
    else:
        return []
    return [i for i in items if i is not None]


def box_sentence(
    restrictions: list[dict[str, Any]],
    bounds: dict[str, tuple[float, float]],
    scenario: Scenario,
    outcome: str = "war",
) -> str:
    """'war is likely when China's pressure response is below 1.8 and …'."""
    parts = []
    for r in restrictions:
        name = input_label(r["path"], scenario)
        lo_bound, hi_bound = bounds.get(r["path"], (-math.inf, math.inf))
        span = hi_bound - lo_bound if math.isfinite(hi_bound - lo_bound) else 0.0
        tight_low = r["low"] is not None and r["low"] > lo_bound + 1e-9 * max(1.0, span)
        tight_high = r["high"] is not None and r["high"] < hi_bound - 1e-9 * max(1.0, span)
        if tight_low and tight_high:
            parts.append(f"{name} is between {number(r['low'])} and {number(r['high'])}")
        elif tight_low:
            parts.append(f"{name} is above {number(r['low'])}")
        elif tight_high:
            parts.append(f"{name} is below {number(r['high'])}")
    if not parts:
        return f"No range of the inputs singles out {outcome}."
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"{outcome.capitalize()} is likely when {joined}."


def _rules(obj: Any) -> list[str]:
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
        out = []
        for item in found:
            if isinstance(item, str):
                out.append(item)
            elif isinstance(item, dict):
                text = item.get("text") or item.get("rule") or json.dumps(item)
                out.append(str(text))
        return out
    return []


def _stats(obj: dict[str, Any]) -> dict[str, str]:
    out = {}
    for key, label in (
        ("coverage", "share of all wars inside the box (coverage)"),
        ("density", "share of episodes inside the box that end in war (density)"),
        ("mass", "share of sampled worlds inside the box (mass)"),
        ("support", "share of sampled worlds inside the box (mass)"),
    ):
        value = obj.get(key)
        if isinstance(value, int | float) and label not in out:
            out[label] = percent(float(value))
    return out


def _boxes(result: Any) -> list[tuple[str, dict[str, Any]]]:
    """(heading, box) pairs: one pooled box, a list of boxes, or one per policy."""
    if not isinstance(result, dict):
        return []
    if "boxes" in result and isinstance(result["boxes"], list):
        return [(str(b.get("policy", "")), b) for b in result["boxes"] if isinstance(b, dict)]
    if isinstance(result.get("policies"), dict):
        return [(str(k), v) for k, v in result["policies"].items() if isinstance(v, dict)]
    return [("", result)]


def _discovery_from(
    result: Any, source: str, bounds: dict[str, tuple[float, float]], scenario: Scenario
) -> Discovery:
    sentences: list[str] = []
    all_restrictions: list[dict[str, Any]] = []
    stats: dict[str, str] = {}
    for heading, box in _boxes(result):
        source_box = box.get("box", box) if isinstance(box, dict) else box
        restrictions = _restrictions(source_box)
        sentence = box_sentence(restrictions, bounds, scenario)
        text = box.get("text") or box.get("description") if isinstance(box, dict) else None
        prefix = f"{heading}: " if heading else ""
        sentences.append(prefix + (str(text) if text and not restrictions else sentence))
        all_restrictions.extend(
            {**r, "label": input_label(r["path"], scenario), "policy": heading}
            for r in restrictions
        )
        if isinstance(box, dict):
            stats.update(
                {(f"{heading}: " if heading else "") + k: v for k, v in _stats(box).items()}
            )
    rules = _rules(result)
    if not rules and isinstance(result, dict):
        for _, box in _boxes(result):
            rules.extend(_rules(box))
    return Discovery(
        available=bool(sentences),
        source=source,
        sentences=sentences,
        restrictions=all_restrictions,
        stats=stats,
        rules=rules,
    )


def discovery(run: Any, scenario: Scenario) -> Discovery:
    """The PRIM box for war: stored, else computed by the discovery module, else nothing."""
    bounds = {
        path: (float(v.get("low", -math.inf)), float(v.get("high", math.inf)))
        for path, v in run.manifest.get("inputs", {}).items()
    }
    stored = _load_json(run.path / DISCOVER_FILE)
    if stored is not None:
        return _discovery_from(
            stored, f"{DISCOVER_FILE} stored by `brink discover`", bounds, scenario
        )
    try:
        from brink.analysis.prim import discover  # type: ignore[attr-defined]
    except ImportError:
        return Discovery(
            available=False,
            source="none",
            note=(
                "Scenario discovery was not run for this run and is not available in this "
                "build, so no box is shown. Run `brink discover RUN` and rebuild the report."
            ),
        )
    try:
        result = discover(run)
    except Exception as error:  # the report is still useful without the box
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return Discovery(
            available=False,
            source="discover() failed",
            note=f"Scenario discovery failed on this run ({first}); no box is shown.",
        )
    if hasattr(result, "to_dict"):
        result = result.to_dict()
    elif hasattr(result, "__dataclass_fields__"):
        from dataclasses import asdict

        result = asdict(result)
    found = _discovery_from(
        result, "computed now by brink.analysis.prim.discover", bounds, scenario
    )
    if not found.available:
        found.note = "Scenario discovery returned no box for war."
    return found
