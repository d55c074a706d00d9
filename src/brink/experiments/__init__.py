"""Experiments: plan → execute → store, for every command that simulates many episodes.

* :mod:`~brink.experiments.tasks` — the one task type (scenario, policy, draw block,
  replications, seed, inputs → columns) and the worker that simulates it;
* :mod:`~brink.experiments.plan` — cutting `brink run` (in memory) and stored runs
  (`brink compare`, sensitivity designs) into tasks, and a stored run's manifest and design;
* :mod:`~brink.experiments.design` — the samplers of the draws (one explicit table);
* :mod:`~brink.experiments.execute` — the one executor path, in memory (joined per policy, or
  task by task) or into a run folder;
* :mod:`~brink.experiments.runs` — stored runs end to end (`compare`, `resume`);
* :mod:`~brink.experiments.designs` — the child runs sensitivity methods need;
* :mod:`~brink.experiments.effects` — the paired low/high arms of the inert-input screen.

It sits above the engine and beside the store (whose formats it writes only through
:mod:`brink.store`), and below analysis: nothing here imports analysis, report or commands.
"""
