"""The conversation so far: what the client said and what you said, shown literally."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from mi_trainer.tui.labels import TALK_PLAIN
from mi_trainer.tui.text import join


class Transcript(VerticalScroll):
    """A scrolling list of lines; the newest stays in view."""

    can_focus = False

    def add_client(self, name: str, line: str, talk: str = "", *, miti_first: bool = False) -> None:
        tag = f"  ({TALK_PLAIN.get(talk, talk)})" if talk and talk != "neutral" and miti_first else ""
        self._add(join((f"{name}: ", "bold"), f"“{line}”", (tag, "dim italic")), "client")

    def add_you(self, line: str) -> None:
        self._add(join(("You: ", "bold"), f"“{line}”"), "you")

    def add_note(self, note: str) -> None:
        self._add(join((note, "italic")), "note")

    def reset(self) -> None:
        self.remove_children()

    def _add(self, content: Content, kind: str) -> None:
        self.mount(Static(content, classes=f"line {kind}"))
        self.call_after_refresh(self.scroll_end, animate=False)
