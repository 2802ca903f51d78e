"""The start-up question: continue the most recent unfinished session — or, when it cannot be resumed, why
not, and setting it aside (kept in History, never offered again)."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from mi_trainer.model.vocab import plural
from mi_trainer.tui.text import clean, join, lines


class ResumeModal(ModalScreen[str | None]):
    """Dismisses with "resume", "set_aside", or None for 'Not now'."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "answer('resume')", "Resume"),
        Binding("s", "answer('set_aside')", "Set aside"),
        Binding("n,escape", "answer('')", "Not now"),
    ]

    def __init__(self, row: Any, problem: str = "") -> None:
        super().__init__()
        self.row = row
        self.problem = problem

    def compose(self) -> ComposeResult:
        r = self.row
        when = r.started_at.astimezone().strftime("%Y-%m-%d %H:%M")
        where = f" (pack {clean(r.pack)})" if getattr(r, "pack", "") else ""
        head: list[Content | str] = [
            join(("Welcome back", "bold")),
            "",
            join("You have an unfinished conversation: ", (r.scenario_title, "bold"), f"{where}."),
            join(f"Started {when}, {plural(r.turn_count, 'answer')} so far, {r.mode} mode."),
            "",
        ]
        if self.problem:
            body: list[Content | str] = [
                join(("It cannot be resumed: ", "bold"), f"{self.problem}."),
                "",
                "Set it aside to keep it in your History without being asked again.",
            ]
        else:
            body = ["Would you like to pick up where you left off?"]
        with Vertical(id="resume-box"):
            yield Static(lines(*head, *body), id="resume-text")
            with Horizontal(id="resume-buttons"):
                if self.problem:
                    yield Button("Set aside (s)", id="set_aside", variant="primary")
                else:
                    yield Button("Resume (r)", id="resume", variant="primary")
                yield Button("Not now (n)", id="not-now")

    def on_mount(self) -> None:
        self.query_one("#set_aside" if self.problem else "#resume", Button).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "answer" and parameters:
            if parameters[0] == "resume":
                return not self.problem
            if parameters[0] == "set_aside":
                return bool(self.problem)
        return True

    def action_answer(self, value: str) -> None:
        self.dismiss(value or None)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id if event.button.id in ("resume", "set_aside") else None)
