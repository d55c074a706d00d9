"""Scenario commands: list, validate, schema, run, narrate."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer

SetOption = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        help="Fix an input or switch a mechanism: PATH=VALUE, e.g. "
        "channels.us-dprk.enabled=true or actors.China.enforcement=always. Repeatable.",
    ),
]
CalibrationOption = Annotated[
    str,
    typer.Option(
        help="Global parameters: `default` (the shipped calibration), a "
        "calibration file, or `none` (globals.yaml)."
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
    """List the built-in scenarios with their actors, every seat's policies and defaults."""
    from brink.engine.batch import mixture_label
    from brink.scenario.loader import builtin_names, load_scenario

    rows: list[dict[str, Any]] = []
    for name in builtin_names():
        scen = load_scenario(name)
        seats = scen.seats()
        rows.append(
            {
                "scenario": name,
                "title": scen.title,
                "start": scen.start_date.isoformat(),
                "turn_days": scen.turn_days,
                "horizon_turns": scen.horizon_turns,
                "challenger": scen.challenger,
                "defender": scen.defender,
                "actors": {k: f"{a.name} ({a.role})" for k, a in scen.actors.items()},
                "policies": {actor: scen.policies_for(actor) for actor in seats},
                "defaults": {
                    actor: mixture_label(scen.default_mixture(actor))
                    for actor in seats
                    if scen.default_mixture(actor)
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
        lead, other = row["challenger"], row["defender"]
        print(f"  challenger {lead} (its policies are compared), defender {other}")
        for actor, names in row["policies"].items():
            default = row["defaults"].get(actor)
            tail = f" (default: {default})" if default else ""
            print(f"  policies for {actor}: " + ", ".join(names) + tail)


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
    sides = " vs ".join(
        f"{lead} ({', '.join(scen.members(lead))})" for lead in (scen.challenger, scen.defender)
    )
    neutral = [k for k, a in scen.actors.items() if a.side is None]
    print(
        f"ok: {loaded.origin}: {scen.id} — {len(scen.actors)} actors ({len(scen.seats())} "
        f"deciding; sides {sides}"
        + (f"; neutral {', '.join(neutral)}" if neutral else "")
        + f"), {len(scen.actions)} actions, {len(scen.policies)} policies, {len(params)} numeric "
        f"inputs ({len(uncertain_inputs(scen))} uncertain; {len(params) - judged} sourced, "
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
    force: Annotated[
        bool, typer.Option("--force", help="Start even a job estimated to be too long or large.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    calibration: CalibrationOption = "default",
) -> None:
    """Simulate policies over many episodes and report outcome odds with 95% intervals.

    Per policy: the probability of war, settlement, capitulation, collapse and an unresolved
    standoff; war by kind and by cause (intent, misperception, accident); casualties; time to
    the end; and the seed analysis's yardsticks (tests, third-party enforcement, approval,
    alliance cohesion). Uncertain inputs are drawn per episode from the scenario's ranges.
    """
    from brink import kernel_cache
    from brink.api import run as simulate
    from brink.commands.guards import run_budget, workers_for
    from brink.commands.render import COMPILED_NOTE, progress_bar, render_run

    workers = workers_for(workers)
    total = episodes * max(1, len(policy or [None]))
    cold: list[bool] = []  # the engine still had to compile when the timed episodes began

    def at_start() -> None:  # after the size check, whose probe may have compiled it already
        cold.append(not kernel_cache.engine_compiled())

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
            size_check=run_budget(episodes, workers, force),
            calibration=calibration,
            on_start=at_start,
        )
    compiling = bool(cold and cold[0])  # (the notice itself: cli._say_compiling)
    if as_json:
        print(json.dumps(result.summary(), indent=2))
        stats = sum(b["turns"] for b in result.summary()["results"])
        print(
            f"brink run: {total:,} episodes, {stats:,} episode-turns in {result.seconds:.1f} s "
            f"on {result.workers} worker(s){COMPILED_NOTE if compiling else ''}",
            file=sys.stderr,
        )
        return
    render_run(result, compiled_now=compiling)


#: Largest episode number: episodes are numbered by 64-bit signed integers.
MAX_EPISODE = 2**63 - 1


def narrate(
    scenario: Annotated[
        str,
        typer.Argument(
            help="Built-in scenario name or scenario file; with --draw, a stored run (name or "
            "folder)."
        ),
    ] = "korea-2017",
    policy: Annotated[
        list[str] | None,
        typer.Option("--policy", "-p", help="Challenger policy; repeat to tell each in turn."),
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of the run the episode belongs to.")] = 0,
    episode: Annotated[int, typer.Option(help="Episode number within that run (0-based).")] = 0,
    overrides: SetOption = None,
    opponent: Annotated[str | None, typer.Option(help="Defender policy.")] = None,
    draw: Annotated[
        int | None,
        typer.Option(help="Tell an episode of a stored run: its draw (see `brink report`)."),
    ] = None,
    replication: Annotated[
        int | None, typer.Option(help="With --draw: the episode's replication (default 0).")
    ] = None,
    out: Annotated[
        str | None,
        typer.Option("--out", help="With --draw: folder that holds runs (default ./runs)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Tell one episode as a timeline: each side's move and how the other read it.

    With several --policy, each policy's telling of the same episode, in the order given.
    `brink narrate RUN --draw D --replication R` replays an episode of a stored run and
    checks it against the stored row.
    """
    from brink.errors import BrinkInputError, check_seed

    policies: list[str | None] = list(dict.fromkeys(policy or [])) or [None]
    if draw is not None or replication is not None:
        stories = _stored_stories(
            scenario, policies, draw, replication, out, seed, episode, overrides, opponent
        )
    else:
        from brink.narrate import check_policies
        from brink.narrate import narrate as tell

        check_seed(seed)
        check_policies(scenario, policies, overrides=tuple(overrides or ()), opponent=opponent)
        if not 0 <= episode <= MAX_EPISODE:
            raise BrinkInputError(
                f"--episode: expected a whole number from 0 to {MAX_EPISODE} (got {episode})"
            )
        stories = [
            tell(
                scenario,
                name,
                seed=seed,
                episode=episode,
                overrides=tuple(overrides or ()),
                opponent=opponent,
            )
            for name in policies
        ]
    if as_json:
        print(json.dumps(stories[0] if len(stories) == 1 else stories, indent=2, default=str))
        return
    for number, story in enumerate(stories):
        if number:
            print()
        _print_story(story)


def _stored_stories(
    run: str,
    policies: list[str | None],
    draw: int | None,
    replication: int | None,
    out: str | None,
    seed: int,
    episode: int,
    overrides: list[str] | None,
    opponent: str | None,
) -> list[dict]:
    """Stories of a stored run's episode; options the run already fixes are refused."""
    from brink.errors import BrinkInputError
    from brink.store.runs import open_run
    from brink.stored_episode import narrate_stored

    if draw is None:
        raise BrinkInputError("--replication: needs --draw (the episode of a stored run)")
    fixed = {
        "--seed": seed != 0,
        "--episode": episode != 0,
        "--set": bool(overrides),
        "--opponent": opponent is not None,
    }
    for option, given in fixed.items():
        if given:
            raise BrinkInputError(
                f"{option}: not used with --draw (the stored run {run!r} fixes it)"
            )
    folder = open_run(run, out)
    return [narrate_stored(folder, name, draw, replication or 0) for name in policies]


def _print_story(story: dict) -> None:
    """One told episode: heading, turns, outcome, hidden types (and the check, if stored)."""
    if "run" in story:
        heading = (
            f"{story['scenario']} — run {story['run']}: {story['policy']} vs "
            f"{story['opponent']}, draw {story['draw']}, replication {story['replication']} "
            f"(seed {story['seed']})"
        )
    else:
        heading = (
            f"{story['scenario']} — {story['policy']} vs {story['opponent']}, seed "
            f"{story['seed']}, episode {story['episode']}"
        )
    faced = story.get("opponent_type")
    if faced and faced != story["opponent"]:
        heading += f" (this episode: {faced})"
    print(heading)
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
    if "matches" in story:
        verdict = (
            "this replay matches the stored episode, column by column"
            if story["matches"]
            else "WARNING: this replay differs from the stored row in "
            + ", ".join(story["differs"])
        )
        print(f"({verdict}.)")
