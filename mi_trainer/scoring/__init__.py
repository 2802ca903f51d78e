"""Scoring: pure functions on model values, the single source used by analysis and engine alike."""
