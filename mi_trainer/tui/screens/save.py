"""Where to save a report: a folder box (the remembered folder, by default Documents/mi-trainer), Save or Cancel."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from mi_trainer.tui.text import join

KIND_WORDS = {"md": "a Markdown file (easy to read, print or send)", "json": "a JSON file (for other programs)"}


def readable(path: Path) -> str:
    """A path as a person reads it: the home folder shown as ~."""
    try:
        return "~/" + path.relative_to(Path.home()).as_posix()
    except ValueError:
        return str(path)


class SaveScreen(ModalScreen[Path | None]):
    """Asks for the folder; dismisses with the folder chosen, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, kind: str, folder: Path, file_name: str) -> None:
        super().__init__()
        self.kind, self.folder, self.file_name = kind, folder, file_name

    def compose(self) -> ComposeResult:
        with Vertical(id="save-box"):
            yield Static(join(("Save your report", "bold")))
            yield Static(join("As ", KIND_WORDS.get(self.kind, self.kind), " named ", (self.file_name, "bold")))
            yield Label("In this folder (it is remembered for next time):")
            yield Input(str(self.folder), id="save-folder")
            yield Static(join(("Saving the same report again replaces its file; no extra copies.", "italic")))
            with Horizontal(id="save-buttons"):
                yield Button("Save  ⏎", id="save-ok", variant="primary")
                yield Button("Cancel (esc)", id="save-cancel")

    def on_mount(self) -> None:
        self.query_one("#save-folder", Input).focus()

    @on(Input.Submitted, "#save-folder")
    @on(Button.Pressed, "#save-ok")
    def _ok(self) -> None:
        text = self.query_one("#save-folder", Input).value.strip()
        self.dismiss(Path(text).expanduser() if text else self.folder)

    @on(Button.Pressed, "#save-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
