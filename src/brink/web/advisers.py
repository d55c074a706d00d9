"""Two advisers per seat: the model's strategic decider with a hawk's and a dove's traits.

Each is the seat's own doctrine (``Session.suggestion``) with ego, thin skin and maximalism set
high (hawk) or low (dove). It recommends the move its decider rates most likely, or the move a
standing rule of the doctrine commits the seat to, and says why in a sentence made from the
probabilities.

The model's decider also weighs what the *others* believe (how resolute they think the seat
is), which a seat cannot know. So that advice carries nothing the seat may not see, advisers
reason as the seat must: they take each other seat's beliefs to be the seat's own, and its
belief about the seat itself to be still the prior everyone started from.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import numpy as np

from brink.engine.session import Session
from brink.vocabulary import CATEGORIES, FORCE_CATEGORIES

HAWK = {"ego": 0.95, "thin_skin": 0.95, "maximalism": 0.95}
DOVE = {"ego": 0.05, "thin_skin": 0.05, "maximalism": 0.05}
TEMPERAMENT = {
    "hawk": "with ego, thin skin and maximalism at their highest",
    "dove": "with ego, thin skin and maximalism at their lowest",
}


@contextlib.contextmanager
def as_the_seat_sees_it(session: Session, actor: str) -> Iterator[None]:
    """Others' beliefs replaced by what the seat can assume of them, for the advice only."""
    crisis = session.crisis
    c, s = crisis.compiled, crisis.state
    me = c.index(actor)
    saved = s.belief.copy()
    prior = crisis.inputs.get(f"actors.{actor}.resolve_prior")
    try:
        for j in range(c.k):
            if j == me:
                continue
            for b in range(c.k):
                if b == j:
                    continue
                if b == me:
                    if prior is not None and c.scenario.beliefs.private_resolve:
                        value = prior[0] if isinstance(prior, np.ndarray) else prior
                        s.belief[0, j, me] = float(value)
                else:
                    s.belief[0, j, b] = saved[0, me, b]
        yield
    finally:
        s.belief[:] = saved


def advise(session: Session, actor: str) -> dict[str, dict[str, Any]]:
    """The hawk's and the dove's recommendation for the seat's coming move."""
    with as_the_seat_sees_it(session, actor):
        return _advise(session, actor)


def _advise(session: Session, actor: str) -> dict[str, dict[str, Any]]:
    table = session.crisis.compiled.table
    open_ = {o.id for o in session.options(actor)}
    out: dict[str, dict[str, Any]] = {}
    for name, traits in (("hawk", HAWK), ("dove", DOVE)):
        drawn, probs = session.suggestion(actor, traits)
        probs = {a: p for a, p in probs.items() if a in open_}
        ranked = sorted(probs.items(), key=lambda item: -item[1])
        best, p_best = ranked[0] if ranked else (drawn, 0.0)
        rule = probs.get(drawn, 0.0) < 1e-9
        pick = drawn if rule else best
        category = {a: CATEGORIES[table.category[table.index(a)]] for a in probs}
        force = sum(p for a, p in probs.items() if category[a] in FORCE_CATEGORIES)
        talks = sum(p for a, p in probs.items() if category[a] == "talks")
        label = table.labels[table.index(pick)]
        if rule:
            why = (
                f"A standing rule of the doctrine commits you to this now; left to judge, the "
                f"decider {TEMPERAMENT[name]} would favour {_label(table, best)} ({p_best:.0%})."
            )
        else:
            runner = (
                f", ahead of {_label(table, ranked[1][0])} ({ranked[1][1]:.0%})"
                if len(ranked) > 1 and ranked[1][1] > 0.005
                else ""
            )
            why = (
                f"The model's decider {TEMPERAMENT[name]} puts {p_best:.0%} on this{runner}; "
                f"{force:.0%} on using force and {talks:.0%} on talks."
            )
        out[name] = {
            "action": pick,
            "label": label,
            "probability": round(probs.get(pick, 0.0), 4),
            "force": round(force, 4),
            "talks": round(talks, 4),
            "why": why,
        }
    return out


def _label(table: Any, action: str) -> str:
    return str(table.labels[table.index(action)])
