"""Run folders: a manifest, Parquet parts of episode rows, and a DuckDB catalog."""
