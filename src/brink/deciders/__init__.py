"""deciders package."""
