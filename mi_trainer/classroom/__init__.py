"""The classroom layer: assignments, the class report (HTML/CSV/JSON/Markdown) and gradebook exports."""
