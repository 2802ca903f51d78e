"""The start-up question: continue the most recent unfinished session, or not now."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from mi_trainer.model.vocab import plural
from mi_trainer.tui.text import join, lines


class ResumeModal(ModalScreen[bool]):
    """Dismisses with True to resume, False for 'Not now'."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "answer(True)", "Resume"),
        Binding("n,escape", "answer(False)", "Not now"),
    ]

    def __init__(self, row: Any) -> None:
        super().__init__()
        self.row = row

    def compose(self) -> ComposeResult:
        when = self.row.started_at.astimezone().strftime("%Y-%m-%d %H:%M")
        with Vertical(id="resume-box"):
            yield Static(
                lines(
                    join(("Welcome back", "bold")),
                    "",
                    join("You have an unfinished conversation: ", (self.row.scenario_title, "bold"), "."),
                    join(f"Started {when}, {plural(self.row.turn_count, 'answer')} so far, {self.row.mode} mode."),
                    "",
                    "Would you like to pick up where you left off?",
                ),
                id="resume-text",
            )
            with Horizontal(id="resume-buttons"):
                yield Button("Resume (r)", id="resume", variant="primary")
                yield Button("Not now (n)", id="not-now")

    def on_mount(self) -> None:
        self.query_one("#resume", Button).focus()

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "resume")
