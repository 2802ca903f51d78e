"""Reflect and compare: rewrite the weakest turns in your own words and see each beside the expert's response."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Header, Input, Static

from mi_trainer.errors import MiTrainerError
from mi_trainer.tui.practice import Practice
from mi_trainer.tui.text import clean, join, lines
from mi_trainer.tui.widgets.footer import KeyBar


class ReflectScreen(Screen[None]):
    """Offers the 2–3 weakest turns for a rewrite; dismissed (→ the report) with Esc or the button."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "done", "See your report")]

    def __init__(self, practice: Practice) -> None:
        super().__init__()
        self.practice = practice
        from mi_trainer.engine.reflect import weakest_turns

        self.turns = weakest_turns(practice.session)

    def compose(self) -> ComposeResult:
        client = self.practice.session.scenario.client.name
        yield Header()
        with VerticalScroll(id="reflect"):
            yield Static(
                join(
                    ("Reflect and compare. ", "bold"),
                    "Rewrite the turns where a stronger answer was open, in your own words, then compare "
                    "with an experienced practitioner's response. Enter codes a rewrite; skip any you like.",
                )
            )
            for t in self.turns:
                with Vertical(classes="reflect-turn"):
                    yield Static(
                        lines(
                            join((f"Turn {t.turn}. {clean(client)}: ", "bold"), f"“{clean(t.client_line)}”"),
                            join(("You said: ", "bold"), f"“{clean(t.chosen.say)}”"),
                        )
                    )
                    yield Input(placeholder="What would you say now?", max_length=1000, id=f"rw-{t.turn}")
                    yield Static(id=f"rw-out-{t.turn}", classes="reflect-out")
            yield Button("See your report  ⏎", id="reflect-done", variant="primary")
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "Reflect and compare"
        inputs = self.query(Input)
        if inputs:
            inputs.first().focus()

    @on(Input.Submitted)
    def coded(self, event: Input.Submitted) -> None:
        turn = int((event.input.id or "rw-0").removeprefix("rw-"))
        text = event.value.strip()
        if not text:
            return
        try:
            r = self.practice.rewrite(turn, text)
        except MiTrainerError as exc:
            self.notify(str(exc), markup=False, severity="warning")
            return
        from mi_trainer.engine.freetext import heard

        out = self.query_one(f"#rw-out-{turn}", Static)
        out.update(
            lines(
                join(("The coder heard: ", "bold"), heard(r.coding), f" ({round(r.coding.confidence * 100)}% sure)"),
                *[join("  • ", reason) for reason in r.coding.reasons],
                join(("The expert's response: ", "bold"), f"“{clean(r.expert)}”"),
            )
        )
        self.focus_next()

    @on(Button.Pressed, "#reflect-done")
    def action_done(self) -> None:
        self.dismiss(None)
