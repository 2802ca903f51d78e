"""Instructor materials: assignments, the class report, gradebook exports and role cards."""
