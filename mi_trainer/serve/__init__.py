"""`mi-trainer serve`: the Textual app in the browser through textual-serve, behind an access check."""
