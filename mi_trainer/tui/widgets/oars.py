"""A running tally of the OARS skills used so far."""

from __future__ import annotations

from textual.widgets import Static

from mi_trainer.tui.labels import OARS_ROWS
from mi_trainer.tui.text import join, lines


class OarsTally(Static):
    """Counts of open questions, affirmations, reflections and summaries (the engine does the counting)."""

    def show(self, tally: dict[str, int]) -> None:
        rows = [join(("Your skills so far (OARS)", "bold"))]
        rows += [join(f"{label:<20}", (f"{tally.get(key, 0):>2}", "bold")) for key, label in OARS_ROWS]
        self.update(lines(*rows))
