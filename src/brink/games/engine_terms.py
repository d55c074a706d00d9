"""What the engine's valuations make of the signalling game's outcomes at a scenario's start.

The reduction to the signalling game (:mod:`brink.games.from_scenario`) must value each of the
game's outcomes as the engine does, or the game it solves is not the engine's crisis. So it
does not re-derive them from the scenario file: it asks the engine's own valuations
(:mod:`brink.model.values`, the functions the strategic decider weighs moves with) at the
state every episode starts in, for the nominal inputs or for each draw of them:

* the standoff going on (the status quo): each lead's continuation value W;
* the defender backing down: each lead's capitulation value;
* a major war the challenger starts: P(the challenger's side prevails) with the first-strike
  bonus, the share of wars decided by defeat (1 − ``war.ceasefire_share``), the chance the
  war goes nuclear and the nuclear cost multiplier, each lead's war cost by type (allies'
  exposure included), and the war's value to each lead (``values.war_value``);
* the challenger backing down from a threat the defender defied: what the engine's knot
  charges for that empty threat, ``values.retreat_cost`` = approval_value · audience_cost ·
  C · (1 + ego), with C the commitment one threat raises from 0 (:func:`threat_move` says
  which move is the threat; ``engine.mechanics.politics`` how a public move raises C).

Nothing here changes a number the engine computes; it reads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class EngineTerms:
    """The engine's values of the game's outcomes for one draw of a scenario's inputs.

    Values are in stakes units over the decision horizon, as the engine's deciders weigh
    them; ``*_war_cost*`` are the costs before the nuclear factor.
    """

    #: P(the challenger's side prevails in a major war the challenger starts): its strength
    #: share plus ``war.first_strike_bonus``, clipped to [0, 1].
    prevail: float
    #: ... and the defender's side's P(prevail) in that war.
    prevail_defender: float
    ceasefire_share: float
    first_strike_bonus: float
    p_nuclear: float
    nuclear_multiplier: float
    challenger_war_cost: float  # the irresolute type's (nominal cost, allies' exposure)
    challenger_war_cost_resolute: float
    defender_war_cost: float  # the defender's nominal (irresolute) type's
    challenger_status_quo: float  # W: the standoff going on, over the horizon
    defender_status_quo: float
    challenger_concession: float  # value of the defender backing down
    defender_concession: float
    challenger_war_value: float  # values.war_value: the irresolute type's
    challenger_war_value_resolute: float
    defender_war_value: float
    #: The challenger's threat (:func:`threat_move`): its id and coded commitment c (None, 0:
    #: no such move), C = min(c·(1 + ego)/2, 1) after one such threat from C = 0, the worth
    #: of a point of approval at the start, ego and audience_cost, and what backing down from
    #: the threat costs (``values.retreat_cost``: the game's a); ``threat_note`` says why it
    #: is 0 when it is ("" otherwise).
    threat: str | None = None
    threat_move_commitment: float = 0.0
    threat_commitment: float = 0.0
    approval_value: float = 0.0
    ego: float = 0.0
    audience_cost: float = 0.0
    retreat_cost: float = 0.0
    threat_note: str = ""

    @property
    def decisive(self) -> float:
        """Share of major wars decided by defeat, as the engine computes it."""
        return 1.0 - self.ceasefire_share

    @property
    def nuclear_factor(self) -> float:
        """What a war's cost is multiplied by for its risk of going nuclear (values.war_value)."""
        return 1.0 - self.p_nuclear + self.p_nuclear * self.nuclear_multiplier


def read_terms(crisis: Any) -> list[EngineTerms]:
    """The terms of every episode of a started batch (``engine.batch.start_crisis``), read off
    the engine's valuations at the starting state (before turn 1)."""
    from brink.model import values as v
    from brink.model.tables import P

    tables = crisis.tables[0]
    work = crisis.work[0]
    records = crisis.state.records
    x_all = crisis.matrix.x["v"]
    actors = crisis.compiled.actors
    c = actors.index(crisis.scenario.challenger)
    d = actors.index(crisis.scenario.defender)
    side_c, side_d = int(tables["side"][c]), int(tables["side"][d])
    inputs = crisis.inputs
    move = threat_move(crisis.compiled, c)
    move_c = float(crisis.compiled.table.commitment[move]) if move is not None else 0.0
    threat_id = crisis.compiled.table.ids[move] if move is not None else None
    out = []
    for e in range(crisis.n):
        state, x = records[e], x_all[e]
        v.fill_context(tables, state, x, work)
        p_nuc = float(work["p_nuclear"])
        ego = float(v.av(tables, x, c, P.EGO, 0.0))
        commitment = threat_commitment(move_c, ego)
        worth = float(v.approval_value(tables, state, x, c))
        out.append(
            EngineTerms(
                prevail=float(work["prevail"][side_c, side_c]),
                prevail_defender=float(work["prevail"][side_d, side_c]),
                ceasefire_share=_at(inputs, "war.ceasefire_share", e),
                first_strike_bonus=_at(inputs, "war.first_strike_bonus", e),
                p_nuclear=p_nuc,
                nuclear_multiplier=float(work["nuclear_multiplier"]),
                challenger_war_cost=float(work["war_cost"][c, 0]),
                challenger_war_cost_resolute=float(work["war_cost"][c, 1]),
                defender_war_cost=float(work["war_cost"][d, 0]),
                challenger_status_quo=float(work["continuation"][c]),
                defender_status_quo=float(work["continuation"][d]),
                challenger_concession=float(work["capitulation"][c, 1]),
                defender_concession=float(work["capitulation"][d, 1]),
                challenger_war_value=float(v.war_value(tables, work, c, False, side_c, p_nuc)),
                challenger_war_value_resolute=float(
                    v.war_value(tables, work, c, True, side_c, p_nuc)
                ),
                defender_war_value=float(v.war_value(tables, work, d, False, side_c, p_nuc)),
                threat=threat_id,
                threat_move_commitment=move_c,
                threat_commitment=commitment,
                approval_value=worth,
                ego=ego,
                audience_cost=float(v.av(tables, x, c, P.AUDIENCE, 0.0)),
                retreat_cost=float(v.retreat_cost(tables, state, x, c, worth, commitment)),
                threat_note=threat_note(tables, c, threat_id),
            )
        )
    return out


def threat_move(compiled: Any, k: int) -> int | None:
    """Actor k's threat, as the reduction reads it: of the moves k may make, the public ones
    that stake a commitment to force (not a held measure, sanctions or a blockade, whose
    commitment is kept by holding them; not force itself, which carries a threat out; nor a
    concession), the one with the largest coded commitment (the first listed at a tie).
    None if k has no such move with a commitment above 0."""
    from brink.vocabulary import CATEGORY_CODE, FORCE_CATEGORIES, HELD_CATEGORIES

    table = compiled.table
    excluded = {CATEGORY_CODE[name] for name in (*FORCE_CATEGORIES, *HELD_CATEGORIES, "concede")}
    best, best_c = None, 0.0
    for a in compiled.own[k]:
        a = int(a)
        if not table.public[a] or int(table.category[a]) in excluded:
            continue
        if table.commitment[a] > best_c:
            best, best_c = a, float(table.commitment[a])
    return best


def threat_commitment(move_commitment: float, ego: float) -> float:
    """C after one public move with commitment c from C = 0, as ``engine.mechanics.politics``
    raises it: by c·(1 + ego)/2 of the room left (all of it, from 0), bounded by 1."""
    return min(move_commitment * (1.0 + ego) / 2.0, 1.0)


def threat_note(tables: Any, k: int, threat: str | None) -> str:
    """Why the engine prices backing down from k's threat at 0, in words ("" if it need not)."""
    from brink.model.tables import F_APPROVAL, F_KNOT, P

    if threat is None:
        return (
            "the challenger has no threat move (a public move, neither force nor a held measure, "
            "with a commitment above 0)"
        )
    if not tables["flags"][F_KNOT]:
        return "commitments are off (knot.enabled false)"
    if tables["p"][k, P.AUDIENCE] < 0:
        return "the challenger has no audience_cost"
    if not tables["flags"][F_APPROVAL] or tables["p"][k, P.APPROVAL_START] < 0:
        return "the challenger has no public (no approval_start, or approval.enabled false)"
    return ""


def _at(inputs: Any, path: str, e: int) -> float:
    value = inputs[path]
    return float(value[e]) if isinstance(value, np.ndarray) else float(value)


def start(scenario: Any, draws: np.ndarray, seed: int, fixed: dict[str, Any] | None = None) -> Any:
    """The batch the engine would start for these draws (its inputs, its starting state)."""
    from brink.engine.batch import resolve_matchup, start_crisis

    draws = np.asarray(draws, dtype=np.int64)
    return start_crisis(
        scenario,
        resolve_matchup(scenario),
        seed,
        draws,
        np.zeros_like(draws),
        fixed,
    )


def nominal_inputs(scenario: Any) -> dict[str, np.ndarray]:
    """Every uncertain input at its nominal value (a one-episode column each)."""
    from brink.model.inputs import param_table

    return {
        path: np.array([param.nominal])
        for path, param in param_table(scenario).items()
        if param.uncertain
    }


def nominal_terms(scenario: Any) -> EngineTerms:
    """The terms at the scenario's nominal inputs (each range at its mean)."""
    crisis = start(scenario, np.zeros(1, dtype=np.int64), 0, nominal_inputs(scenario))
    return read_terms(crisis)[0]
