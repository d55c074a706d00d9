"""The crisis model as arrays: compiled scenarios, batch state, inputs, streams and values."""
