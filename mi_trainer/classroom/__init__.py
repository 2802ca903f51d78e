"""The classroom layer: assignments an instructor writes (and, elsewhere in it, class reports)."""
