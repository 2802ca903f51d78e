"""A small modal where the trainee writes their own response to the client's line."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from mi_trainer.tui.text import clean, join

#: Matches engine.freetext.MAX_OWN_WORDS (kept here so opening the modal does not load the engine's coder parts).
MAX_CHARS = 1000


class WriteScreen(ModalScreen[str]):
    """Returns the text written (dismissed with '' when the trainee goes back to the options)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "Back to the options")]

    def __init__(self, client: str, line: str) -> None:
        super().__init__()
        self.client = client
        self.line = line

    def compose(self) -> ComposeResult:
        with Vertical(id="write-box"):
            yield Static(join((f"{clean(self.client)}: ", "bold"), f"“{clean(self.line)}”"), id="write-client")
            yield Static("Write what you would say, in your own words. The coder will tell you what it heard.")
            yield Input(placeholder="Your response…", max_length=MAX_CHARS, id="write-input")
            yield Button("Say it  ⏎", id="write-send", variant="primary")
            yield Static("Esc: back to the options", id="write-help")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        from mi_trainer.coding import preload

        preload()  # the model loads while the trainee types

    @on(Input.Submitted)
    @on(Button.Pressed, "#write-send")
    def send(self) -> None:
        text = self.query_one(Input).value.strip()
        if not text:
            self.notify("Write a response first, or press Esc to pick an option.", markup=False)
            return
        self.dismiss(text)

    def action_back(self) -> None:
        self.dismiss("")
