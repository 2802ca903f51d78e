"""The feedback panel shown after every answer: what you did, why it matters, how the client reacted."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Button, Static

from mi_trainer.engine.render import state_change
from mi_trainer.engine.session import TurnResult
from mi_trainer.model.scenario import Ending
from mi_trainer.model.vocab import in_sentence
from mi_trainer.tui import labels
from mi_trainer.tui.text import join, lines


class FeedbackPanel(VerticalScroll):
    """Renders one TurnResult; its button posts FeedbackPanel.Continued."""

    @dataclass
    class Continued(Message):
        """The trainee has read the feedback and wants to go on."""

        ended: bool

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.ended = False

    def compose(self) -> ComposeResult:
        yield Static(id="fb-badge")
        yield Static(id="fb-body")
        yield Button("Continue", id="fb-continue", variant="primary")

    def show(self, t: TurnResult, client: str, *, miti_first: bool = False, ending: Ending | None = None) -> None:
        self.ended = t.ended
        plain = not miti_first
        mark = ("✔ ", "$success") if t.verdict else ("• ", "$warning" if t.verdict is False else "")
        self.query_one("#fb-badge", Static).update(
            join(
                mark,
                (f"{t.points:+d} points · You used: ", "bold"),
                labels.skills(t.chosen.skills, miti_first, plain=plain),
            )
        )
        effects = labels.principle_effects(t.chosen.principles, plain=plain)
        rows = [
            join(
                ("What it did: " if plain else "Principles: ", "bold"),
                *[(f"{text}   ", "$success" if v > 0 else "$error") for text, v in effects] or [("none", "")],
            )
        ]
        why = t.why
        if t.coding is not None and plain:  # own words: what the coder heard, without its codes
            from mi_trainer.engine.freetext import coder_note

            why = coder_note(t.coding, t.offered[t.chosen.index], client, plain=True)
        if why:
            rows += [join(("Why it matters: ", "bold"), why)]
        talk = labels.TALK_EVERYDAY if plain else labels.TALK_PLAIN
        reply_talk = talk.get(t.next_talk, t.next_talk)
        reaction = " · ".join(part for part in (state_change(t), reply_talk) if part)
        rows += [
            join((f"How {in_sentence(client)} reacted: ", "bold"), f"“{t.next_line}”"),
            join(("  ", ""), (reaction, "italic")),
        ]
        if t.verdict is None:
            rows += [join(("Better options are kept for your report at the end.", "italic"))]
        elif t.better is None:
            rows += [join(("That was the strongest option here.", "$success italic"))]
        else:
            rows += [
                join(("What might have worked better: ", "bold"), f"“{t.better.say}” "),
                join(("  ", ""), (labels.skills(t.better.skills, miti_first, plain=plain), "italic")),
                join("  ", t.why_better()),
            ]
        if t.ended and ending is not None:
            rows += [
                # the outcome already says how it went; the valence words beside it only repeated it
                join(("The conversation has ended: ", "bold"), ending.outcome)
            ]
        self.query_one("#fb-body", Static).update(lines(*rows))
        button = self.query_one("#fb-continue", Button)
        button.label = "See your report  ⏎" if t.ended else "Continue  ⏎"
        self.scroll_home(animate=False)

    def focus_continue(self) -> None:
        self.query_one("#fb-continue", Button).focus(scroll_visible=False)  # the feedback reads from its top

    @on(Button.Pressed, "#fb-continue")
    def _continue(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.Continued(self.ended))
