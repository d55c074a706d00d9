"""The backtest's engine-independent half: outcome categories, case outcome blocks, scores,
base-rate forecasters, typed results and the HTML report.

Everything here is pure (no engine, no scenario loader): the ``brink backtest`` command feeds it
the engine's forecasts and the cases' coded outcomes. See ``docs/backtest.md``.
"""
