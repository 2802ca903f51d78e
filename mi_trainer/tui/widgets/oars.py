"""A running tally of the OARS skills used so far."""

from __future__ import annotations

from textual.widgets import Static

from mi_trainer.tui.labels import OARS_ROWS
from mi_trainer.tui.text import join, lines


class OarsTally(Static):
    """Counts of open questions, affirmations, reflections and summaries (the engine does the counting)."""

    def show(self, tally: dict[str, int]) -> None:
        """The four OARS skills always; other moves once used, each apart (✔ fits MI, ✘ does not)."""
        rows = [join(("Your moves (OARS)", "bold"))]
        for key, label, always, mark in OARS_ROWS:
            count = tally.get(key, 0)
            if always or count:
                style = {"✔": "$success", "✘": "$error"}.get(mark, "")
                rows.append(join((mark, style), f" {label:<19}", (f"{count:>2}", "bold")))
        rows.append(join(("✔ fits MI · ✘ does not", "dim")))  # what the marks mean (QA: no legend)
        self.update(lines(*rows))
