"""The inert-input screen's verdicts: does each input of a scenario move an outcome?

The paired runs — each input low and high on the same episodes, everything else identical —
are planned and run by :mod:`brink.experiments.effects`; this module only reads the main
outcomes they return (:class:`~brink.experiments.effects.PairedInput`) and says, per input,
how far it moves them.

An input is *inert* when it changes no main outcome in any episode (common random numbers make
"no change" exact, not a matter of noise) — unless the scenario declares it ``reporting: true``
(it only feeds a reported figure) or it is a global parameter of a mechanism this scenario
does not have (say, sanctions' strain where no actor holds a share of another's trade).
*Distinguishable* means the largest change is beyond simulation noise (|z| > 4). A policy's
inputs are screened with that policy played; everything else under the matchup given.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

import numpy as np

from brink.experiments.effects import PairedInput
from brink.model.inputs import param_table, switched_off
from brink.scenario.schema import Scenario

#: |z| above which a paired difference counts as distinguishable from noise (about a 1%
#: family-wise error over a few hundred inputs × outcomes, Bonferroni).
Z_DISTINGUISHABLE = 4.0


@dataclass(frozen=True)
class InputEffect:
    """One input's screen: its arms and its largest standardised effect on a main outcome."""

    input: str
    reporting: bool
    low: float
    high: float
    effect: float  # largest |Δ mean| / sd of a main outcome (positive or negative)
    outcome: str  # the outcome it moves most
    z: float  # that paired difference over its standard error
    distinguishable: bool
    changed: float  # share of episodes in which some main outcome changed
    applies: bool = True  # False: a global parameter of a mechanism the scenario lacks

    def to_json(self) -> dict[str, object]:
        return {
            **asdict(self),
            "effect": round(self.effect, 4),
            "z": round(self.z, 2) if math.isfinite(self.z) else self.z,
        }


def inapplicable_globals(scenario: Scenario) -> set[str]:
    """Global parameters of mechanisms the scenario's structure does not have, or switches off
    (``fading`` unless switched on). A switched-off channel's inputs are not among them: the
    screen switches the channel on to judge them (``experiments.effects.by_switch``)."""
    actors = scenario.actors.values()
    out = {path for path in switched_off(scenario) if not path.startswith("channels.")}
    if not any(a.trade for a in actors):
        out |= {"sanctions.strain_half_life_days", "sanctions.step"}
    if not any(a.cohesion_loss is not None for a in actors):
        out |= {"alliance.war_cost_factor", "alliance.recovery_days"}
    if not any(a.side is not None and a.side != k for k, a in scenario.actors.items()):
        out |= {"alliance.care", "alliance.value"}
    return out


def effects(pairs: Mapping[str, PairedInput], scenario: Scenario) -> list[InputEffect]:
    """Each input's screen from its paired arms (in the order given)."""
    table = param_table(scenario)
    inapplicable = inapplicable_globals(scenario)
    return [
        effect_of(pair, reporting=table[path].reporting, applies=path not in inapplicable)
        for path, pair in pairs.items()
    ]


def effect_of(pair: PairedInput, *, reporting: bool = False, applies: bool = True) -> InputEffect:
    """One input's largest standardised effect on a main outcome, and whether it changed any."""
    episodes = pair.episodes
    best = ("", 0.0, 0.0)
    changed = np.zeros(episodes, dtype=bool)
    for name, a in pair.low_outcomes.items():
        b = pair.high_outcomes[name]
        spread = float(np.std(np.concatenate([a, b])))
        diff = b - a
        changed |= diff != 0
        mean = float(diff.mean())
        se = float(diff.std(ddof=1)) / math.sqrt(episodes) if episodes > 1 else 0.0
        z = mean / se if se > 0 else (0.0 if mean == 0 else math.inf)
        effect = mean / spread if spread > 0 else 0.0
        if abs(z) > abs(best[2]) or (best[0] == "" and abs(effect) > 0):
            best = (name, effect, z)
    name, effect, z = best
    return InputEffect(
        input=pair.input,
        reporting=reporting,
        low=pair.low,
        high=pair.high,
        effect=effect,
        outcome=name,
        z=z,
        distinguishable=abs(z) > Z_DISTINGUISHABLE,
        changed=float(changed.mean()),
        applies=applies,
    )


def inert(effects: Sequence[InputEffect]) -> list[InputEffect]:
    """Inputs that change nothing, are not reporting-only, and can act in the scenario."""
    return [e for e in effects if e.changed == 0 and not e.reporting and e.applies]
