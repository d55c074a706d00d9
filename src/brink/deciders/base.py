"""How deciders plug into the engine.

Every seat's leader type is one of three kinds (docs/model.md, "Decision-makers"). Strategic
doctrines are decided inside the compiled turn (``brink.deciders.strategic``) from tables built
once per batch. Fixed rules — response tables and reactive doctrines — decide in Python through
the small interface ``FixedRuleDecider``, and the compiled turn takes their moves as given. A
person at a seat is a third way in: the engine takes their move as an override.

``FixedRuleDecider`` is defined beside ``Crisis`` in ``brink.model.crisis`` (the batch holds the
rules, and the model layer sits below the deciders) and re-exported here.
"""

from __future__ import annotations

from brink.model.crisis import FixedRuleDecider

__all__ = ["FixedRuleDecider"]
