"""`brink play`: people take the seats of a crisis in a local web app.

The game a person plays is the model that is analysed: each game is a ``Session`` of the batch
engine (brink.engine.session) with some seats played from outside, so a players' result can be
set among thousands of simulated episodes from the same start (the debrief).

One job per module: ``security`` (ids, tokens, CSRF), ``injects`` (the white cell's deck and how
an inject acts on a session), ``game`` (one game: its script of turns, pending moves, messages,
replay), ``store`` (SQLite persistence), ``advisers`` (hawk and dove), ``telling`` (turns in
words), ``views`` (what each seat, the facilitator and observers may see), ``debrief`` (the
after-action review and exports), ``api`` and ``pages`` (routes), ``app`` (the app factory).
"""
