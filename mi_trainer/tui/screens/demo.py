"""Watch an experienced conversation: the strongest route, one turn at a time, with why each answer works."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Static

from mi_trainer.engine.demo import DemoStep, demonstration
from mi_trainer.loading.loader import Compiled
from mi_trainer.tui.text import clean, join, lines
from mi_trainer.tui.widgets.footer import KeyBar


class DemoScreen(Screen[None]):
    """Space or → shows the next turn, ← the previous one; nothing is saved."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space,right,n", "step(1)", "Next turn"),
        Binding("left,b", "step(-1)", "Previous"),
        Binding("pagedown", "scroll('page_down')", "Scroll", show=False),
        Binding("pageup", "scroll('page_up')", "Scroll", show=False),
        Binding("escape,q", "app.pop_screen", "Back"),
    ]

    def __init__(self, compiled: Compiled) -> None:
        super().__init__()
        self.compiled = compiled
        self.steps: list[DemoStep] = demonstration(compiled)
        self.shown = 1

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="demo"):
            yield Static(id="demo-text")
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "Demonstration"
        self.sub_title = clean(self.compiled.scenario.title)
        self._show()

    def action_step(self, delta: int) -> None:
        self.shown = max(1, min(len(self.steps), self.shown + delta))
        self._show()
        self.query_one("#demo", VerticalScroll).scroll_end(animate=False)

    def action_scroll(self, how: str) -> None:
        getattr(self.query_one("#demo", VerticalScroll), f"scroll_{how}")()

    def _show(self) -> None:
        name = self.compiled.scenario.client.name
        rows: list[Content | str] = [
            join(("Watch an experienced conversation", "bold")),
            join(
                (
                    f"The strongest answer at each turn, and why it works. Turn {self.shown} of {len(self.steps)}; "
                    "space for the next turn, ← to go back. Nothing is saved.",
                    "italic",
                )
            ),
        ]
        for step in self.steps[: self.shown]:
            rows += [
                "",
                join((f"{name}: ", "bold"), clean(step.client_line)),
                join(("Practitioner: ", "bold $accent"), clean(step.response)),
                join(("  What it is: ", "bold"), f"{step.skill} ({step.principles})"),
                join(("  Why it works: ", "bold"), clean(step.why)),
                join(("  What it did: ", "bold"), step.client_change),
            ]
            if step.ending:
                rows += [
                    "",
                    join((f"{name}: ", "bold"), clean(step.reply)),
                    join(("How it ends: ", "bold"), clean(step.ending)),
                ]
        if self.shown < len(self.steps):
            rows += ["", join(("Space: next turn", "dim"))]
        self.query_one("#demo-text", Static).update(lines(*rows))
