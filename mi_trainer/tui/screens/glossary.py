"""Help and glossary: OARS, the four principles, change talk (DARN-CAT), discord, each with an example."""

from __future__ import annotations

from importlib.resources import files
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Markdown

from mi_trainer.tui.widgets.footer import KeyBar


def glossary_text() -> str:
    return files("mi_trainer.tui").joinpath("glossary.md").read_text(encoding="utf-8")


class GlossaryScreen(Screen[None]):
    """The glossary, scrollable; Escape goes back to where you were."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,g,q", "app.pop_screen", "Back")]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="glossary"):
            yield Markdown(glossary_text())
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "Help and glossary"
        self.sub_title = "The ideas behind the feedback"
        self.query_one("#glossary", VerticalScroll).focus()
