"""Brink's outcome categories for scoring, and the two rules that map onto them.

Defined once, used everywhere: the ICB coding of a historical crisis (``icb_category``) and an
engine episode (``engine_category`` / ``engine_categories``) both land in ``CATEGORIES``, so a
forecast and the outcome it is scored against speak the same language.

The order of ``CATEGORIES`` is an ordinal scale for the ranked probability score, from the least
to the most violent ending:

    settlement < capitulation_challenger < capitulation_defender < unresolved
               < war_limited < war_major

* War is the top of the scale and major war (conventional or nuclear; ICB VIOL 4, full-scale
  war) above limited war (ICB VIOL 3, serious clashes): violence is the axis the RPS should
  reward getting "nearly right".
* ``unresolved`` sits next to war: no one yielded and nothing was agreed, so the standoff from
  which wars start is still there (Taiwan 1996, Yeonpyeong 2010).
* The three endings without war that resolve the crisis come first. A settlement (both sides
  accept terms) asks the least coercion; a challenger backing down means its threats lapsed
  before the defender had to yield; a defender backing down means the challenger pressed until
  it did. This order inside the resolved block is a convention (violence does not rank them) and
  matters to the RPS only through its two thresholds inside that block; the thresholds with firm
  meaning are war / no war, major / limited war and resolved / unresolved.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final, Literal

import numpy as np

Category = Literal[
    "settlement",
    "capitulation_challenger",
    "capitulation_defender",
    "unresolved",
    "war_limited",
    "war_major",
]
CATEGORIES: Final[tuple[Category, ...]] = (
    "settlement",
    "capitulation_challenger",
    "capitulation_defender",
    "unresolved",
    "war_limited",
    "war_major",
)
#: Position of each category on the ordinal scale.
INDEX: Final[dict[str, int]] = {name: i for i, name in enumerate(CATEGORIES)}
LABELS: Final = {
    "settlement": "settlement",
    "capitulation_challenger": "challenger backs down",
    "capitulation_defender": "defender backs down",
    "unresolved": "unresolved",
    "war_limited": "limited war",
    "war_major": "major war",
}

ActorOutcome = Literal["victory", "compromise", "stalemate", "defeat", "other"]
#: ICB actor-level OUTCOM codes 1-5 by name (Brecher et al. 2023, ICB v15 codebook).
ACTOR_OUTCOMES: Final = ("victory", "compromise", "stalemate", "defeat", "other")
VIOL_CODES: Final = {
    1: "no violence",
    2: "minor clashes",
    3: "serious clashes",
    4: "full-scale war",
}
FOROUT_CODES: Final = {
    1: "formal agreement",
    2: "semi-formal agreement",
    3: "tacit understanding",
    4: "unilateral act",
    5: "imposed agreement",
    6: "other",
    7: "crisis faded",
}
SUBOUT_CODES: Final = {1: "ambiguous", 2: "definitive"}
#: FOROUT codes that are an agreement (formal, semi-formal) or a tacit understanding.
AGREEMENT: Final = frozenset({1, 2, 3})

ENGINE_OUTCOMES: Final = ("war", "settlement", "capitulation", "collapse", "unresolved")
WAR_KINDS: Final = ("limited", "conventional", "nuclear")


def icb_category(
    viol: int,
    forout: int | None,
    subout: int | None,
    challenger: ActorOutcome | None = None,
    defender: ActorOutcome | None = None,
) -> str:
    """The one rule from an ICB coding to a Brink category (docs/backtest.md, "Outcome mapping").

    ``challenger`` and ``defender`` are the ICB actor outcomes of the case's two principals
    (None when the principal was not an ICB crisis actor, as Germany at Munich). In order:

    1. VIOL 4 (full-scale war) -> ``war_major``; VIOL 3 (serious clashes) -> ``war_limited``.
       Violence comes first: a crisis fought to a decision is scored as the war it was.
    2. SUBOUT 2 (definitive: one side won, the other lost) -> the losing principal backs down:
       the one coded defeat, or failing that the one facing a victor.
    3. FOROUT 1-3 (formal, semi-formal or tacit agreement) -> ``settlement``.
    4. Otherwise (a unilateral act, an imposed agreement, other, or the crisis faded, with an
       ambiguous content: no side lost) -> ``unresolved``.
    """
    if viol not in VIOL_CODES:
        raise ValueError(f"VIOL: expected an ICB code 1-4 (got {viol!r})")
    if viol == 4:
        return "war_major"
    if viol == 3:
        return "war_limited"
    if subout not in SUBOUT_CODES:
        raise ValueError(f"SUBOUT: expected 1 or 2 when VIOL is 1 or 2 (got {subout!r})")
    if forout not in FOROUT_CODES:
        raise ValueError(f"FOROUT: expected an ICB code 1-7 when VIOL is 1 or 2 (got {forout!r})")
    for role, value in (("challenger", challenger), ("defender", defender)):
        if value is not None and value not in ACTOR_OUTCOMES:
            raise ValueError(f"{role} outcome: expected one of {ACTOR_OUTCOMES} (got {value!r})")
    if subout == 2:
        return _loser(challenger, defender)
    if forout in AGREEMENT:
        return "settlement"
    return "unresolved"


def _loser(challenger: str | None, defender: str | None) -> str:
    """Who backed down in a definitive outcome, from the principals' ICB actor outcomes."""
    if defender == "defeat" and challenger != "defeat":
        return "capitulation_defender"
    if challenger == "defeat" and defender != "defeat":
        return "capitulation_challenger"
    if defender == "victory" and challenger != "victory":
        return "capitulation_challenger"
    if challenger == "victory" and defender != "victory":
        return "capitulation_defender"
    raise ValueError(
        "a definitive outcome (SUBOUT 2) needs the principals' actor outcomes to say who lost: "
        f"one of them victory or defeat (got challenger {challenger!r}, defender {defender!r})"
    )


def engine_category(
    outcome: str,
    *,
    challenger: str,
    defender: str,
    war_kind: str | None = None,
    capitulator: str | None = None,
    collapsed: str | None = None,
) -> str:
    """The category of one engine episode.

    ``war`` splits by ``war_kind``: limited -> ``war_limited``; conventional or nuclear ->
    ``war_major``. ``capitulation`` is by whom (``capitulator``, an actor id). ``collapse`` of a
    regime is scored as capitulation of the collapsing side (``collapsed``): that side can no
    longer hold its position, which is what the crisis was about.
    """
    if outcome == "war":
        if war_kind == "limited":
            return "war_limited"
        if war_kind in ("conventional", "nuclear"):
            return "war_major"
        raise ValueError(f"war_kind: expected one of {WAR_KINDS} for a war (got {war_kind!r})")
    if outcome in ("capitulation", "collapse"):
        who = capitulator if outcome == "capitulation" else collapsed
        if who == challenger:
            return "capitulation_challenger"
        if who == defender:
            return "capitulation_defender"
        field = "capitulator" if outcome == "capitulation" else "collapsed"
        raise ValueError(
            f"{field}: expected the challenger {challenger!r} or the defender {defender!r} "
            f"(got {who!r})"
        )
    if outcome in ("settlement", "unresolved"):
        return outcome
    raise ValueError(f"outcome: expected one of {ENGINE_OUTCOMES} (got {outcome!r})")


def engine_categories(
    outcome: Sequence[str] | np.ndarray,
    *,
    challenger: str,
    defender: str,
    war_kind: Sequence[str] | np.ndarray | None = None,
    capitulator: Sequence[str] | np.ndarray | None = None,
    collapsed: Sequence[str] | np.ndarray | str | None = None,
) -> np.ndarray:
    """``engine_category`` over a table of episodes: the category index of each, shape (n,).

    Columns are the engine's episode columns; ``collapsed`` may be one actor id for all
    episodes (the scenario's sanctioned regime). Unknown codes raise as in ``engine_category``.
    """
    out_col = np.asarray(outcome, dtype=object)
    n = out_col.shape[0]

    def column(values: Sequence[str] | np.ndarray | str | None) -> np.ndarray:
        if values is None or isinstance(values, str):
            return np.full(n, values, dtype=object)
        col = np.asarray(values, dtype=object)
        if col.shape != (n,):
            raise ValueError(f"episode columns differ in length ({col.shape[0]} vs {n})")
        return col

    kind, who, fallen = column(war_kind), column(capitulator), column(collapsed)
    codes = np.full(n, -1, dtype=np.int64)
    rules = {
        "settlement": out_col == "settlement",
        "unresolved": out_col == "unresolved",
        "war_limited": (out_col == "war") & (kind == "limited"),
        "war_major": (out_col == "war") & ((kind == "conventional") | (kind == "nuclear")),
        "capitulation_challenger": ((out_col == "capitulation") & (who == challenger))
        | ((out_col == "collapse") & (fallen == challenger)),
        "capitulation_defender": ((out_col == "capitulation") & (who == defender))
        | ((out_col == "collapse") & (fallen == defender)),
    }
    for name, mask in rules.items():
        codes[mask] = INDEX[name]
    bad = np.flatnonzero(codes < 0)
    if bad.size:
        i = int(bad[0])
        engine_category(  # raises the precise message for the first bad row
            str(out_col[i]),
            challenger=challenger,
            defender=defender,
            war_kind=kind[i],
            capitulator=who[i],
            collapsed=fallen[i],
        )
        raise ValueError(f"episode {i}: no category for outcome {out_col[i]!r}")  # unreachable
    return codes


def episode_forecast(
    outcome: Sequence[str] | np.ndarray,
    *,
    challenger: str,
    defender: str,
    war_kind: Sequence[str] | np.ndarray | None = None,
    capitulator: Sequence[str] | np.ndarray | None = None,
    collapsed: Sequence[str] | np.ndarray | str | None = None,
    weights: Sequence[float] | np.ndarray | None = None,
) -> dict[str, float]:
    """A forecast (category -> p) from simulated episodes: their (weighted) category shares.

    ``weights`` pools episodes unequally, e.g. over an opponent mixture whose members were run
    with equal episode counts but carry unequal prior weight.
    """
    codes = engine_categories(
        outcome,
        challenger=challenger,
        defender=defender,
        war_kind=war_kind,
        capitulator=capitulator,
        collapsed=collapsed,
    )
    if codes.shape[0] == 0:
        raise ValueError("outcome: expected at least one episode")
    w = np.ones(codes.shape[0]) if weights is None else np.asarray(weights, dtype=float)
    if w.shape != codes.shape or (w < 0).any() or not np.isfinite(w).all() or w.sum() <= 0:
        raise ValueError("weights: expected one finite weight >= 0 per episode, not all zero")
    totals = np.bincount(codes, weights=w, minlength=len(CATEGORIES))
    shares = totals / totals.sum()
    return {name: float(shares[i]) for i, name in enumerate(CATEGORIES)}


def pool(forecasts: Sequence[Mapping[str, float]], weights: Sequence[float]) -> dict[str, float]:
    """The mixture of several forecasts (e.g. one per opponent), weights normalised to 1."""
    w = np.asarray(weights, dtype=float)
    if len(forecasts) != w.shape[0] or (w < 0).any() or w.sum() <= 0:
        raise ValueError("weights: expected one weight >= 0 per forecast, not all zero")
    w = w / w.sum()
    return {
        name: float(sum(wi * f.get(name, 0.0) for wi, f in zip(w, forecasts, strict=True)))
        for name in CATEGORIES
    }
