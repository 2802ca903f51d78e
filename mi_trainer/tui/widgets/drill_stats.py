"""Per-skill drill accuracy over time for the History screen: a sparkline of daily accuracy per skill."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Sparkline, Static

from mi_trainer.errors import MiTrainerError
from mi_trainer.tui.text import join


class DrillStats(Vertical):
    """Hidden until the history holds a drill answer; then one row per drill skill (the .trend rows' style)."""

    DEFAULT_CSS = """
    DrillStats { height: auto; margin-top: 1; }
    """

    def __init__(self, store: Any) -> None:
        super().__init__(id="drill-stats")
        self.store = store

    def compose(self) -> ComposeResult:
        from mi_trainer.drills.items import KIND_TITLES, KINDS

        yield Static(join(("Drills: accuracy by day (most recent on the right)", "bold")))
        for kind in KINDS:
            with Horizontal(classes="trend"):
                yield Static(KIND_TITLES[kind], classes="trend-label", markup=False)
                yield Sparkline([], id=f"drill-trend-{kind}")
                yield Static(id=f"drill-last-{kind}", classes="trend-last")

    def on_mount(self) -> None:
        self.refresh_stats()

    def refresh_stats(self) -> None:
        from mi_trainer.drills.items import KINDS
        from mi_trainer.drills.practice import answers_from_rows
        from mi_trainer.drills.schedule import accuracy_by_day, skill_status

        try:
            answers = answers_from_rows(self.store.drill_answers()) if self.store is not None else []
        except MiTrainerError as exc:
            self.notify(str(exc), severity="error", markup=False)
            answers = []
        self.display = bool(answers)
        today = date.today()
        for kind in KINDS:
            days = accuracy_by_day(answers, kind)
            self.query_one(f"#drill-trend-{kind}", Sparkline).data = [100 * r / n for _, r, n in days[-30:]]
            status = skill_status(kind, answers)
            if status.accuracy is None:
                text = "not yet"
            else:
                due = "due" if status.is_due(today) else f"box {status.box}"
                text = f"{status.accuracy:.0%} · {due}"
            self.query_one(f"#drill-last-{kind}", Static).update(text)
