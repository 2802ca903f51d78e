"""Analysis: graph algorithms on a compiled scenario (paths, extremes, coverage, playthroughs)."""
