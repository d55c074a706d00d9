"""The bridge: on a reduced instance the engine reproduces the signalling game's equilibria.

The instance (signalling-bridge.yaml) is the game written into an engine scenario by one
mapping (bridge_instance.overrides); the game each run is compared with is what
brink.games.from_scenario reads back off that very scenario. Each engine figure must fall in
its 99% Wilson interval (N = 20,000 episodes, seed 0) widened by a tolerance computed from the
decision temperature τ. What the strategic decider does not reproduce (semi-separating
bluffs, tied hands, threats nobody would carry out) is measured and explained in
docs/theory.md, "The bridge" (`python benchmarks/bridge.py` prints the table).
"""

from __future__ import annotations

import numpy as np
import pytest

from bridge import bridge_instance as b
from brink.engine.batch import resolve_matchup, run_batch
from brink.games.signalling import TYPES, analyse
from brink.reference.run import run_episodes
from helpers import run_benchmark

N = 20_000


def _game(point: str):  # type: ignore[no-untyped-def]
    """The game of a test point as from_scenario reduces the instance (checked round trip)."""
    g = b.game(**b.POINTS[point])
    reduced = b.reduced_game(g)
    assert reduced == g
    return reduced


def _failures(checks: list[b.Check]) -> list[str]:
    return [
        f"{c.figure}: game {c.game:.4f}, engine {c.engine:.4f} [{c.lo:.4f}, {c.hi:.4f}] "
        f"n={c.n} tol={c.tolerance:.2g}"
        for c in checks
        if not c.ok
    ]


@pytest.mark.parametrize("point", sorted(b.POINTS))
def test_from_scenario_reads_the_game_back(point: str) -> None:
    """The mapping's inverse is the real reduction: from_scenario returns the game exactly."""
    g = b.game(**b.POINTS[point])
    assert b.reduced_game(g) == g


@pytest.mark.parametrize(
    ("point", "kind"),
    [
        ("concede", "pooling: both threaten"),
        ("no-threat", "pooling: no threat"),
        ("separating", "separating"),
    ],
)
def test_engine_reproduces_the_headline_equilibrium(point: str, kind: str) -> None:
    """At three shapes the solver's headline (selected) equilibrium is what the engine plays:
    who threatens (pooled and by type), whether the defender concedes, P(war)."""
    g = _game(point)
    assert analyse(g)["selected"]["kind"] == kind
    prediction = b.equilibrium_prediction(g, b.pick(g, kind))
    checks = b.compare(prediction, b.measure(g, episodes=N), b.TAU)
    measured = {c.figure for c in checks if c.measured}
    assert {"P(threat)", "P(threat | resolute)", "P(threat | irresolute)", "P(war)"} <= measured
    assert not _failures([c for c in checks if c.measured])


def test_separating_resolute_type_goes_to_war_at_once() -> None:
    """The engine's route to the separating equilibrium's war: a resolute type that prefers
    war to the status quo does not threaten first, it attacks on turn 1 (the one-step decider
    has no reason to wait for the defender's answer it already expects)."""
    g = _game("separating")
    m = b.measure(g, episodes=N)
    assert m.war_at_once.hits == m.threat_by_type["resolute"].hits
    assert m.threat_by_type["resolute"].share > 0.99
    assert m.concede.among <= N // 1000  # a bluff only by the logit's noise


def test_defender_concedes_to_a_threat_it_believes() -> None:
    """pi > phi: after a threat both types make, the defender's belief is the prior and it
    concedes (the game's pooling equilibrium); checked also for the belief itself."""
    g = _game("concede")
    m = b.measure(g, episodes=N)
    assert m.belief_after_threat == pytest.approx(g.pi, abs=1e-6)
    assert m.concede.share == 1.0


@pytest.mark.parametrize(("point", "resists"), [("resist", True), ("tied-hands", False)])
def test_continuation_after_a_threat(point: str, resists: bool) -> None:
    """A threat the doctrine makes on turn 1 tells the defender nothing, so its belief stays at
    pi; the game's last two moves then follow by sequential rationality: the defender resists
    iff resisting beats conceding at pi, and each type fights iff p·v_c - c >= -a."""
    g = _game(point)
    prediction = b.continuation_prediction(g)
    assert prediction.figures["P(concede | threat)"] == (0.0 if resists else 1.0)
    checks = b.compare(prediction, b.measure(g, episodes=N, policy=b.FORCED), b.TAU)
    if resists:
        assert {f"P(fight | resisted, {t})" for t in TYPES} <= {c.figure for c in checks}
    assert not _failures(checks)


def test_engine_picks_the_no_threat_equilibrium_where_the_solver_headlines_bluffs() -> None:
    """At pi < phi the game has two equilibria, semi-separating bluffs (the solver's headline)
    and pooling on no threat; the strategic decider plays the second (its threat decision is
    one step ahead: it sees no concession coming and does not price the bluff)."""
    g = _game("resist")
    assert analyse(g)["selected"]["kind"] == "semi-separating (irresolute mixes)"
    measured = b.measure(g, episodes=N)
    pooled = b.compare(
        b.equilibrium_prediction(g, b.pick(g, "pooling: no threat")), measured, b.TAU
    )
    assert not _failures([c for c in pooled if c.measured])
    bluffs = b.compare(
        b.equilibrium_prediction(g, b.pick(g, "semi-separating (irresolute mixes)")),
        measured,
        b.TAU,
    )
    assert _failures([c for c in bluffs if c.measured])


def test_the_shipped_calibration_does_not_reach_the_instance() -> None:
    """The fixture sets every global its mechanisms read, so the default calibration (which
    scales the temperature of files that leave it out) changes no episode."""
    g = _game("concede")
    plain = b.measure(g, episodes=2000)
    shipped = b.measure(g, b.Mapping(calibration="default"), episodes=2000)
    assert plain == shipped


@pytest.mark.parametrize(
    ("point", "policy", "wrong"),
    [
        ("concede", b.STRATEGIC, b.Mapping(swap_stakes=True)),
        ("concede", b.FORCED, b.Mapping(status_quo_flow=False)),
        ("resist", b.FORCED, b.Mapping(tau=10 * b.TAU)),
        ("no-threat", b.STRATEGIC, b.Mapping(kappa=0.0)),
    ],
    ids=["swap-v_c-v_d", "no-status-quo-flow", "tau-x10", "no-tie-break"],
)
def test_a_wrong_mapping_fails(point: str, policy: str, wrong: b.Mapping) -> None:
    """The bridge can fail: each wrong mapping moves some figure out of its interval (judged
    with the tolerance of the mapping's own τ, 0.005)."""
    g = _game(point)
    if policy == b.FORCED:
        prediction = b.continuation_prediction(g)
    else:
        prediction = b.equilibrium_prediction(g, b.analyse_selected(g))
    checks = b.compare(prediction, b.measure(g, wrong, episodes=N, policy=policy), b.TAU)
    assert _failures([c for c in checks if c.measured])


def test_the_reduction_reads_the_ceasefire_share() -> None:
    """With war.ceasefire_share 0.35 in the instance the reduction gives another game: only a
    decisive war pays the stakes (p = 0.65 · 0.5), and a war ends the defender's hold on the
    issue even when it ends in a ceasefire (c_d + 0.35 · v_d); at the test point the headline
    equilibrium changes from bluffs to threats the defender concedes to."""
    g0 = b.game(**b.CEASEFIRE_POINT)
    assert b.reduced_game(g0) == g0
    g = b.reduced_game(g0, b.CEASEFIRE)
    assert g.p == pytest.approx(0.65 * 0.5)
    assert g.c_d == pytest.approx(0.8 + 0.35 * 1.2)
    same = ("pi", "v_c", "v_d", "c_res", "c_irr", "a")
    assert {k: getattr(g, k) for k in same} == {k: getattr(g0, k) for k in same}
    assert analyse(g0)["selected"]["kind"] == "semi-separating (irresolute mixes)"
    assert analyse(g)["selected"]["kind"] == "pooling: both threaten"


@pytest.mark.parametrize(
    ("point", "policy"),
    [("ceasefire", b.STRATEGIC), ("ceasefire", b.FORCED), ("tied-hands", b.FORCED)],
)
def test_engine_plays_the_game_read_with_the_ceasefire_share(point: str, policy: str) -> None:
    """The engine on the instance with war.ceasefire_share 0.35 plays the game the reduction
    reads off it (the headline at "ceasefire"; after a threat by rule, the continuation at
    the prior — at "tied-hands" the irresolute type no longer fights and the defender
    resists), and not the game read as if wars were decisive."""
    g0 = b.game(**(b.CEASEFIRE_POINT if point == "ceasefire" else b.POINTS[point]))
    g = b.reduced_game(g0, b.CEASEFIRE)
    measured = b.measure(g0, b.CEASEFIRE, episodes=N, policy=policy)

    def predicted(game):  # type: ignore[no-untyped-def]
        if policy == b.FORCED:
            return b.continuation_prediction(game)
        return b.equilibrium_prediction(game, b.analyse_selected(game))

    right = b.compare(predicted(g), measured, b.TAU)
    assert {"P(concede | threat)", "P(war)"} <= {c.figure for c in right if c.measured}
    assert not _failures([c for c in right if c.measured])
    assert _failures([c for c in b.compare(predicted(g0), measured, b.TAU) if c.measured])


@pytest.mark.parametrize(
    ("point", "threat", "concede"),
    [("tied-hands", 0.0, None), ("empty-threats", 1.0, 0.0)],
)
def test_documented_gaps(point: str, threat: float, concede: float | None) -> None:
    """What docs/theory.md says the strategic decider does instead of the game's headline
    equilibrium (so the page cannot drift from the engine): with tied hands it does not
    threaten (the game: everyone threatens and the defender concedes); where nobody would
    fight but pi > phi it threatens, is resisted and backs down (the game: no threat)."""
    g = _game(point)
    m = b.measure(g, episodes=N)
    assert abs(m.threat.share - threat) < 0.01
    assert m.war.share < 0.01
    if concede is not None:
        assert m.concede.share == concede
    head = b.equilibrium_prediction(g, b.analyse_selected(g))
    assert _failures([c for c in b.compare(head, m, b.TAU) if c.measured])


def test_bridge_table_script_runs() -> None:
    """`python benchmarks/bridge.py` prints the three tables docs/theory.md quotes."""
    done = run_benchmark("bridge.py", "--episodes", "2000", timeout=300)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    for point in b.POINTS:
        assert f"| {point} |" in out
    assert "| separating | *separating" in out
    assert "NONE (the test would pass)" not in out  # every wrong mapping fails


@pytest.mark.parametrize("policy", [b.STRATEGIC, b.FORCED])
@pytest.mark.parametrize("point", sorted(b.POINTS))
def test_reference_plays_the_instance_alike(point: str, policy: str) -> None:
    """The object-per-actor reference plays the same episodes row for row, so the bridge's
    figures are the model's, not an artefact of the compiled kernel."""
    scenario = b.load_instance(_game(point)).scenario
    matchup = resolve_matchup(scenario, policy)
    n = 300
    draws, reps = np.arange(n), np.zeros(n, dtype=np.int64)
    engine = run_batch(scenario, matchup, 0, draws, reps).columns
    reference = run_episodes(scenario, matchup, 0, draws, reps)
    for column in ("outcome", "capitulator", "max_rung", "empty_threats", "resolute_challenger"):
        assert list(engine[column]) == list(reference[column]), column


def test_an_empty_threat_costs_the_audience_cost() -> None:
    """The mapping of a: a full commitment left empty costs exactly a of approval (from 1),
    which the leader weighs at approval value 1/2 times (1 + ego) = 2, i.e. a in stakes."""
    g = _game("empty-threats")
    scenario = b.load_instance(g).scenario
    n = 2000
    cols = run_batch(
        scenario, resolve_matchup(scenario, b.STRATEGIC), 0, np.arange(n), np.zeros(n, dtype=int)
    ).columns
    assert (cols["empty_threats"] == 1).all()
    assert np.allclose(cols["approval"], 1.0 - g.a)
