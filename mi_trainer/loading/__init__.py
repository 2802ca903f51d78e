"""Loading: YAML text to a compiled Scenario, its dialogue graph, and diagnostics."""
