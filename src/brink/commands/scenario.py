"""Scenario commands: list, validate, schema, run, narrate."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

SetOption = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        help="Fix an input or switch a mechanism: PATH=VALUE, e.g. "
        "channels.us-dprk.enabled=true or actors.China.enforcement=always. Repeatable.",
    ),
]


def register(app: typer.Typer) -> None:
    """Attach the scenario commands."""
    app.command("list")(list_scenarios)
    app.command("validate")(validate)
    app.command("schema")(schema)
    app.command("run")(run)
    app.command("narrate")(narrate)


def list_scenarios(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the built-in scenarios with their actors and policies."""
    from brink.scenario.loader import builtin_names, load_scenario

    rows = []
    for name in builtin_names():
        scen = load_scenario(name)
        rows.append(
            {
                "scenario": name,
                "title": scen.title,
                "start": scen.start_date.isoformat(),
                "turn_days": scen.turn_days,
                "horizon_turns": scen.horizon_turns,
                "actors": {k: f"{a.name} ({a.role})" for k, a in scen.actors.items()},
                "policies": {
                    actor: scen.policies_for(actor) for actor in (scen.challenger, scen.defender)
                },
                "default_policy": scen.default_policy,
            }
        )
    if as_json:
        print(json.dumps(rows, indent=2))
        return
    for row in rows:
        print(f"{row['scenario']}: {row['title']}")
        print(f"  from {row['start']}, {row['horizon_turns']} turns of {row['turn_days']} day(s)")
        print("  actors:   " + ", ".join(f"{k} = {v}" for k, v in row["actors"].items()))
        for actor, names in row["policies"].items():
            print(f"  policies for {actor}: " + ", ".join(names))
        print(f"  default policy: {row['default_policy']}")


def validate(
    path: Annotated[str, typer.Argument(help="A scenario file, or a built-in name.")],
    overrides: SetOption = None,
) -> None:
    """Check a scenario file: a clear one-line error, or "ok" with a summary."""
    from brink.model.inputs import param_table, uncertain_inputs
    from brink.scenario.loader import load

    loaded = load(path, tuple(overrides or ()))
    scen = loaded.scenario
    params = param_table(scen)
    judged = sum(1 for p in params.values() if p.judgement and not p.source)
    print(
        f"ok: {loaded.origin}: {scen.id} — {len(scen.actors)} actors, {len(scen.actions)} actions, "
        f"{len(scen.policies)} policies, {len(params)} numeric inputs "
        f"({len(uncertain_inputs(scen))} uncertain; {len(params) - judged} sourced, "
        f"{judged} judgement)"
    )


def schema() -> None:
    """Print the scenario language's JSON Schema (for editors)."""
    from brink.scenario.schema import Scenario

    print(json.dumps(Scenario.model_json_schema(), indent=2))


def run(
    scenario: Annotated[
        str, typer.Argument(help="Built-in scenario name or scenario file.")
    ] = "korea-2017",
    policy: Annotated[
        list[str] | None,
        typer.Option("--policy", "-p", help="Challenger policy to run; repeat to compare several."),
    ] = None,
    episodes: Annotated[int, typer.Option(help="Episodes per policy.")] = 20_000,
    seed: Annotated[int, typer.Option(help="Random seed: same seed, same numbers.")] = 0,
    overrides: SetOption = None,
    opponent: Annotated[
        str | None, typer.Option(help="Defender policy (default: the scenario's).")
    ] = None,
    workers: Annotated[int, typer.Option(help="Worker processes (1 = this process).")] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Simulate policies over many episodes and report outcome odds with 95% intervals.

    Per policy: the probability of war, settlement, capitulation, collapse and an unresolved
    standoff; war by kind and by cause (intent, misperception, accident); casualties; time to
    the end; and the seed analysis's yardsticks (tests, third-party enforcement, approval,
    alliance cohesion). Uncertain inputs are drawn per episode from the scenario's ranges.
    """
    from brink.commands.render import progress_bar, render_run
    from brink.simulation import run as simulate

    total = episodes * max(1, len(policy or [None]))
    with progress_bar(total, quiet=as_json) as advance:
        result = simulate(
            scenario,
            policy or None,
            episodes=episodes,
            seed=seed,
            overrides=tuple(overrides or ()),
            workers=workers,
            opponent=opponent,
            on_chunk=advance,
        )
    if as_json:
        print(json.dumps(result.summary(), indent=2))
        stats = sum(b["turns"] for b in result.summary()["results"])
        print(
            f"brink run: {total:,} episodes, {stats:,} episode-turns in {result.seconds:.1f} s "
            f"on {result.workers} worker(s)",
            file=sys.stderr,
        )
        return
    render_run(result)


def narrate(
    scenario: Annotated[
        str, typer.Argument(help="Built-in scenario name or scenario file.")
    ] = "korea-2017",
    policy: Annotated[str | None, typer.Option("--policy", "-p", help="Challenger policy.")] = None,
    seed: Annotated[int, typer.Option(help="Seed of the run the episode belongs to.")] = 0,
    episode: Annotated[int, typer.Option(help="Episode number within that run (0-based).")] = 0,
    overrides: SetOption = None,
    opponent: Annotated[str | None, typer.Option(help="Defender policy.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Tell one episode as a timeline: each side's move and how the other read it."""
    from brink.narrate import narrate as tell

    story = tell(
        scenario,
        policy,
        seed=seed,
        episode=episode,
        overrides=tuple(overrides or ()),
        opponent=opponent,
    )
    if as_json:
        print(json.dumps(story, indent=2))
        return
    print(
        f"{story['scenario']} — {story['policy']} vs {story['opponent']}, seed {story['seed']}, "
        f"episode {story['episode']}"
    )
    unit = {1: "day", 7: "week"}.get(story["turn_days"], "turn")
    for entry in story["turns"]:
        print(f"{unit} {entry['turn']} ({entry['date']}):")
        for event in entry["events"]:
            print(f"  - {event}")
    print(f"Outcome: {story['outcome']}")
    types = ", ".join(
        f"{k} {'resolute' if v else 'irresolute'}" for k, v in story["resolute"].items()
    )
    print(f"(Hidden types, revealed after the fact: {types}.)")
