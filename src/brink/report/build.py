"""Build the self-contained HTML report of a stored run.

The report reads the run folder and never writes to it. Aggregation is DuckDB SQL over the
stored Parquet parts (a million episodes reduce to a few hundred numbers); the charts are
plotly figures drawn in the page from JSON by the one inlined copy of plotly.js, so the file
works with no network at all.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from brink import __version__
from brink.analysis.estimate import Estimate
from brink.analysis.policy_table import PolicyTable
from brink.errors import BrinkInputError
from brink.outputs import write_output
from brink.report.html import render_offline
from brink.report.labels import input_label, people, percent, turn_word
from brink.scenario.schema import Scenario
from brink.store.runs import RunFolder, open_run

TEMPLATES = Path(__file__).parent / "templates"
T = TypeVar("T")

#: The charts every report contains, in page order (the browser test counts them).
CHART_IDS = (
    "chart-outcomes",
    "chart-attribution",
    "chart-escalation",
    "chart-casualties",
    "chart-tornado",
    "chart-sobol",
)


@contextmanager
def _timed(timings: dict[str, float] | None, name: str) -> Iterator[None]:
    began = time.perf_counter()
    yield
    if timings is not None:
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - began


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def _read_store(run: RunFolder, step: Callable[[], T]) -> T:
    """Run a step that reads the stored parts; a damaged store becomes one line."""
    import duckdb

    try:
        return step()
    except BrinkInputError:
        raise
    except (duckdb.Error, OSError, KeyError) as error:
        raise BrinkInputError(
            f"{run.path}: cannot read the stored episodes ({_first_line(error)})"
        ) from None


def _scenario(run: RunFolder) -> Scenario:
    from brink.store.scenario_json import read_scenario

    return read_scenario(run.path)


def _output(output_path: str | Path, run: RunFolder, option: str) -> Path:
    """Where to write: not inside the run folder (stored data stays untouched), not a folder."""
    from brink.outputs import check_output_file

    output = check_output_file(output_path, option)
    resolved = output.resolve()
    if resolved.is_relative_to(run.path.resolve()):
        raise BrinkInputError(
            f"{option}: {output} is inside the run folder {run.path}; write the report elsewhere "
            "(a run folder holds only what the run stored)"
        )
    return output


# ------------------------------------------------------------------------------- content


def question(scenario: Scenario, policies: list[str], opponent: str | None) -> dict[str, Any]:
    """The question the run answers, in the scenario's own terms (policies compared, the
    third party, the channel, perception)."""
    challenger = scenario.actors[scenario.challenger].name
    defender = scenario.actors[scenario.defender].name
    context = []
    unit = _turn_word(scenario).lower()
    for actor_id, actor in scenario.actors.items():
        held = [a for a in scenario.actions if actor_id in a.actors]
        targets = [a.target for a in held if a.category == "sanction"]
        if actor.side is None and targets:
            context.append(
                f"{actor.name} decides each {unit} whether to enforce sanctions on "
                f"{_name(scenario, targets[0] or scenario.defender)}, weighing pressure against "
                "its fear of war and of the regime's collapse, and changes course at a cost."
            )
    for lead in (scenario.challenger, scenario.defender):
        allies = [scenario.actors[a].name for a in scenario.allies_of(lead)]
        if allies:
            context.append(
                f"Allies of {_name(scenario, lead)} ({', '.join(allies)}) decide too: they bear "
                "part of the cost of a war, and force used without consulting them strains the "
                "alliance."
            )
    channels = [c for c in scenario.channels.values() if scenario.challenger in c.between]
    if channels and not any(c.enabled for c in channels):
        context.append(f"There is no direct channel between {challenger} and {defender}.")
    elif any(c.enabled for c in channels):
        context.append(f"A direct channel between {challenger} and {defender} is open.")
    if scenario.perception.enabled:
        context.append(
            "Each side sees the other's moves through noise: a move can be misread as more (or "
            "less) hostile than it was."
        )
    if scenario.accidents.enabled:
        context.append("Near the top of the ladder, accidents can start a war nobody chose.")
    endings = "a negotiated settlement, one side backing down, " + (
        "the regime collapsing under sanctions, or a standoff still unresolved"
        if scenario.sanctions.enabled
        else "or a standoff still unresolved"
    )
    compared = [
        {"id": p, "description": scenario.policies[p].description if p in scenario.policies else ""}
        for p in policies
    ]
    against = None
    if opponent:
        from brink.engine.batch import parse_mixture

        types = parse_mixture(opponent)
        weights = {types: 1.0} if isinstance(types, str) else types
        described = [
            f"{name} ({weight:.0%}): {scenario.policies[name].description}"
            if len(weights) > 1
            else scenario.policies[name].description
            for name, weight in weights.items()
            if name in scenario.policies
        ]
        if described:
            against = {"id": opponent, "description": " ".join(described)}
    return {
        "text": (
            f"Under each of the policies below for {challenger} towards {defender}, how likely "
            f"is war, and how else does the crisis end ({endings})? When "
            "war comes, is it chosen (intent), stumbled into through a misreading "
            "(misperception), or set off by an accident? And which uncertain judgements decide "
            "the answer?"
        ),
        "context": context,
        "compared": compared,
        "opponent": against,
        "challenger": challenger,
        "defender": defender,
    }


def _name(scenario: Scenario, actor: str) -> str:
    return scenario.actors[actor].name if actor in scenario.actors else actor


def _turn_word(scenario: Scenario) -> str:
    return turn_word(scenario.turn_days)


def inputs_table(scenario: Scenario, manifest: dict[str, Any]) -> dict[str, Any]:
    """Every numeric input: its path, value or distribution, and its source or judgement."""
    from brink.model.inputs import param_table

    overridden = {
        str(o).split("=", 1)[0].strip() for o in manifest["scenario"].get("overrides", [])
    }
    rows = []
    sources: dict[str, int] = {}
    for path, param in param_table(scenario).items():
        body = param.describe()
        origin = param.source or "judgement"
        suffix = f" ({origin})"
        value = body[: -len(suffix)] if body.endswith(suffix) else body
        if param.source:
            sources[param.source] = sources.get(param.source, 0) + 1
        rows.append(
            {
                "path": path,
                "label": input_label(path, scenario),
                "value": value,
                "sampled": param.uncertain,
                "source": param.source or "",
                "judgement": param.judgement or not param.source,
                "note": param.note or "",
                "overridden": path in overridden,
            }
        )
    return {
        "rows": rows,
        "sources": sorted(sources.items(), key=lambda kv: (-kv[1], kv[0])),
        "sampled": sum(r["sampled"] for r in rows),
        "judgement": sum(r["judgement"] for r in rows),
    }


def _interval(est: Estimate, digits: int = 1) -> str:
    return f"{percent(est.value, digits)} ({percent(est.lo, digits)} to {percent(est.hi, digits)})"


def _points(est: Estimate) -> str:
    def pts(x: float) -> str:
        return "—" if x != x else f"{100 * x:+.1f}"

    return f"{pts(est.value)} ({pts(est.lo)} to {pts(est.hi)})"


def outcome_rows(table: PolicyTable) -> list[dict[str, Any]]:
    from brink.report.charts import outcome_labels

    labels = outcome_labels(table)
    return [
        {
            "policy": r.policy,
            "draws": r.draws,
            "cells": [_interval(r[k]) for k in labels],
            "causes": [
                _interval(r[f"p_war_{c}"], 2) for c in ("intent", "misperception", "accident")
            ],
            "deaths": people(r["casualties"].value),
        }
        for r in table.rows
    ]


def difference_rows(table: PolicyTable) -> list[dict[str, Any]]:
    return [
        {
            "policy": d.policy,
            "versus": d.versus,
            "war": _points(d["p_war"]),
            "settlement": _points(d["p_settlement"]),
            "deaths": (
                f"{people(d['casualties'].value)} ({people(d['casualties'].lo)} to "
                f"{people(d['casualties'].hi)})"
            ),
        }
        for d in table.differences
    ]


def casualty_rows(
    casualties: dict[str, dict[str, Any]],
    per_draw: dict[str, dict[str, np.ndarray]],
    table: PolicyTable,
) -> list[dict[str, Any]]:
    rows = []
    for r in table.rows:
        policy = r.policy
        c = casualties.get(policy)
        million = (
            Estimate.of_clusters(per_draw[policy]["p_million"]).clipped()
            if policy in per_draw
            else Estimate(math.nan, math.nan, math.nan)
        )
        deaths = r["casualties"]
        rows.append(
            {
                "policy": policy,
                "war": _interval(r["p_war"]),
                "wars": f"{c['wars']:,}" if c else "0",
                "median": people(c["median"]) if c else "—",
                "range": f"{people(c['q05'])} to {people(c['q95'])}" if c else "—",
                "million": _interval(million, 2),
                "mean": (
                    f"{people(deaths.value)} ({people(max(0.0, deaths.lo))} to {people(deaths.hi)})"
                ),
            }
        )
    return rows


def conditional_on(
    run: RunFolder, scenario: Scenario, table: PolicyTable, methods: dict[str, str]
) -> list[tuple[str, str]]:
    """What every number in the report is conditional on, as (label, value) lines."""
    m = run.manifest
    options = m["options"]
    overrides = m["scenario"].get("overrides") or []
    missing = run.missing_tasks()
    total = sum(
        (t["draw_stop"] - t["draw_start"]) * int(options["replications"])
        for t in run.tasks()
        if t not in missing
    )
    return [
        ("run", f"{run.name} (created {m.get('created', '?')}, status {m.get('status', '?')})"),
        ("scenario", f"{scenario.id} — {scenario.title}"),
        (
            "scenario file",
            f"{m['scenario'].get('origin', '?')}, sha256 {m['scenario'].get('sha256', '?')}",
        ),
        ("overrides (--set)", ", ".join(overrides) if overrides else "none"),
        ("policies compared", ", ".join(options["policies"])),
        ("the other side plays", str(options.get("opponent"))),
        (
            "design",
            f"{m.get('draws', '?')} draws of {len(m.get('inputs', {}))} uncertain inputs "
            f"({options.get('sampler', '?')} sampling) × {options.get('replications', '?')} "
            f"replications per draw and policy; {total:,} episodes stored",
        ),
        (
            "random numbers",
            f"seed {m['seed']} (design seed {m.get('design_seed', '?')}); every policy meets the "
            "same draws and the same random streams (common random numbers)",
        ),
        (
            "horizon",
            f"{scenario.horizon_turns} turns of {scenario.turn_days} days "
            f"from {scenario.start_date}",
        ),
        ("intervals", table.conditional_on["interval"] + "; paired differences per draw"),
        ("sensitivity", methods["tornado"]),
        ("variance shares", methods["sobol"]),
        ("scenario discovery", methods["discovery"]),
        ("software", f"brink {m.get('tool_version', '?')} (run), brink {__version__} (report)"),
        ("report built", dt.datetime.now(dt.UTC).isoformat(timespec="seconds")),
    ]


# --------------------------------------------------------------------------------- build


def _drivers(
    run: RunFolder,
    scenario: Scenario,
    per_draw: dict[str, dict[str, np.ndarray]],
    draws: np.ndarray,
    design: dict[str, np.ndarray],
    policies: list[str],
) -> tuple[Any, Any, Any]:
    """Tornado, Sobol' and discovery: stored typed results, else estimates from the sample."""
    from brink.analysis import given_data
    from brink.analysis.stored import discovery, load_discovery, load_sensitivity
    from brink.model.inputs import uncertain_inputs
    from brink.report import discovery as discovery_words
    from brink.report import drivers

    common = None
    for values in per_draw.values():
        common = values["draw"] if common is None else np.intersect1d(common, values["draw"])
    common = common if common is not None else np.array([], dtype=np.int64)
    aligned = {
        p: {k: v[np.searchsorted(d["draw"], common)] for k, v in d.items()}
        for p, d in per_draw.items()
    }
    rows = np.searchsorted(draws, common)
    design_common = {k: v[rows] for k, v in design.items()}
    y = given_data.policy_average(aligned, "p_war") if aligned else np.array([])
    noise = given_data.replication_noise(
        [d["p_war"] for d in aligned.values()] if len(y) else [],
        int(run.manifest["options"]["replications"]),
    )
    acting = set(uncertain_inputs(scenario))
    seed = int(run.manifest["seed"])
    tornado = drivers.tornado(
        load_sensitivity(run, "morris"),
        given_data.quintile_screen(y, design_common),
        scenario,
        policies,
        acting,
    )
    sobol = drivers.sobol(
        load_sensitivity(run, "sobol"),
        given_data.given_data_sobol(y, design_common, noise, seed),
        scenario,
        policies,
        acting,
    )
    bounds = {
        path: (float(v.get("low", -math.inf)), float(v.get("high", math.inf)))
        for path, v in run.manifest.get("inputs", {}).items()
    }
    # store=False: the report never writes into the run folder
    found = discovery_words.discovery(
        load_discovery(run, "war"),
        lambda: discovery(run, "war", store=False),
        bounds,
        scenario,
        policies,
    )
    return tornado, sobol, found


def gather(run: RunFolder, timings: dict[str, float] | None = None) -> dict[str, Any]:
    """Everything the template shows, computed from the run folder (read-only)."""
    from brink.analysis.stored import policy_table
    from brink.report import charts, data
    from brink.report.narratives import narratives
    from brink.store.design import read_design
    from brink.store.query import connect

    scenario = _scenario(run)
    manifest = run.manifest
    options = manifest["options"]
    policies = list(options["policies"])
    if not (run.path / "design.parquet").is_file():
        raise BrinkInputError(f"{run.path}: design.parquet is missing (not a complete run folder)")
    con = _read_store(run, lambda: connect(run))
    try:
        with _timed(timings, "summary"):
            summary = _read_store(run, lambda: policy_table(run))
        with _timed(timings, "queries"):
            per_draw = _read_store(run, lambda: data.per_draw(con))
            stored_design = _read_store(run, lambda: read_design(run.path))
            draws, design = stored_design.draws, stored_design.values
            fans = _read_store(run, lambda: data.fan_chart_data(con, policies))
            casualties = _read_store(run, lambda: data.casualty_data(con))
            candidates = _read_store(run, lambda: data.narrative_candidates(con))
        shown = summary.policies

        with _timed(timings, "drivers"):
            tornado, sobol, found = _drivers(run, scenario, per_draw, draws, design, policies)

        with _timed(timings, "narratives"):
            told = narratives(
                scenario,
                manifest,
                candidates,
                lambda p, d, r: _read_store(run, lambda: data.stored_episode(con, p, d, r)),
            )
    finally:
        con.close()

    with _timed(timings, "charts"):
        unit = _turn_word(scenario)
        colours = {p: charts.colour(i) for i, p in enumerate(shown)}
        specs = {
            "chart-outcomes": charts.to_spec(charts.outcomes_chart(summary)),
            "chart-attribution": charts.to_spec(charts.attribution_chart(summary)),
            "chart-escalation": charts.to_spec(charts.fan_chart(fans, shown, unit)),
            "chart-casualties": charts.to_spec(charts.casualty_chart(casualties, shown)),
            "chart-tornado": charts.to_spec(
                charts.bars_chart(
                    tornado,
                    "probability of war"
                    if tornado.method == "quintiles"
                    else "μ* (change in P(war))",
                    percent_axis=tornado.method == "quintiles",
                    policy_colours=colours,
                )
            ),
            "chart-sobol": charts.to_spec(
                charts.bars_chart(
                    sobol,
                    "share of the variance of P(war)",
                    percent_axis=False,
                    policy_colours=colours,
                )
            ),
        }
    methods = {
        "tornado": tornado.note,
        "sobol": sobol.note,
        "discovery": found.source if found.available else (found.note or "not run"),
    }
    return {
        "title": f"{scenario.title}: {' vs '.join(shown)}",
        "scenario": scenario,
        "run": run,
        "complete": run.complete,
        "missing_tasks": len(run.missing_tasks()),
        "question": question(scenario, shown, options.get("opponent")),
        # the run's policies, finished or not: an interrupted run is still a comparison of all
        "planned": policies,
        "shown": shown,
        "inputs": inputs_table(scenario, manifest),
        "summary": summary,
        "outcome_rows": outcome_rows(summary),
        "outcome_labels": list(charts.outcome_labels(summary).values()),
        "difference_rows": difference_rows(summary),
        "casualty_rows": casualty_rows(casualties, per_draw, summary),
        "headline": headline(summary),
        "fans": fans,
        "turn_word": unit,
        "tornado": tornado,
        "sobol": sobol,
        "discovery": found,
        "narratives": told,
        "conditional": conditional_on(run, scenario, summary, methods),
        "specs": specs,
        "chart_ids": CHART_IDS,
        "version": __version__,
    }


def headline(table: PolicyTable) -> list[str]:
    """One plain sentence per policy: its chance of war and its most common ending (backing
    down told by side: one side's climb-down is the other's win)."""
    out = []
    for r in table.rows:
        war = r["p_war"]
        endings = {
            "war": war.value,
            "a settlement": r["p_settlement"].value,
            "an unresolved standoff": r["p_unresolved"].value,
            f"{table.challenger} backing down": r["p_backs_down_challenger"].value,
            f"{table.defender} backing down": r["p_backs_down_defender"].value,
            "regime collapse": r["p_collapse"].value,
        }
        main = max(endings, key=lambda k: endings[k])
        common = (
            "war is the most common ending"
            if main == "war"
            else f"the most common ending is {main} ({percent(endings[main])})"
        )
        out.append(
            f"Under {r.policy}, about {percent(war.value)} of crises end in war "
            f"(95% interval {percent(war.lo)} to {percent(war.hi)}); {common}."
        )
    return out


def render(context: dict[str, Any]) -> str:
    """Fill the template; plotly.js is inlined here, exactly once."""
    return render_offline(TEMPLATES, "report.html.j2", context)


def _write_html(path: str, text: str) -> None:
    Path(path).write_text(text, encoding="utf-8")


def build_report(
    run_name: str,
    output_path: str | Path,
    out: str | None = None,
    *,
    timings: dict[str, float] | None = None,
    option: str = "output_path",
) -> Path:
    """Write the report of run ``run_name`` (a name under ``out``, or a folder) to
    ``output_path`` and return that path. ``timings``, if given, receives seconds per stage;
    ``option`` names ``output_path`` in errors (the CLI passes ``-o``)."""
    began = time.perf_counter()
    run = open_run(run_name, out)
    output = _output(output_path, run, option)
    context = gather(run, timings)
    with _timed(timings, "render"):
        html = render(context)
    with _timed(timings, "write"):
        write_output(output, option, lambda temporary: _write_html(temporary, html))
    if timings is not None:
        timings["total"] = time.perf_counter() - began
    return output
