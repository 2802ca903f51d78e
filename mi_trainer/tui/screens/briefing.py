"""The briefing: who you are talking with, the setting, your role and goals, how scoring works; pick a mode."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Label, RadioSet, Static

from mi_trainer.engine.session import Mode
from mi_trainer.loading.loader import Compiled
from mi_trainer.model.textsafe import clean_name
from mi_trainer.model.vocab import STAGE_PLAIN
from mi_trainer.tui import labels
from mi_trainer.tui.screens.library import DISCLAIMER
from mi_trainer.tui.settings import terms_first
from mi_trainer.tui.text import clean, join, lines
from mi_trainer.tui.widgets.radio import MarkedRadioButton

SCORING = (
    "How scoring works: each answer is scored by the listening skill it shows. Reflections, open "
    "questions, affirmations and respecting the other person's choice tend to score well; warning, "
    "persuading without asking and confronting cost points and usually raise their guard. After every "
    "answer you see what you did and how they reacted. At the end, a report adds up your choices with "
    "the MITI 4.2.1 arithmetic (reflections per question, share of complex reflections). The same "
    "choices always give the same score."
)


SCORING_PLAIN = (
    "How scoring works: you pick what to say, and after each answer you see what it did and how they took it. "
    "Answers that show you are listening help most: saying back what you heard, asking questions that "
    "invite a story, noticing their efforts, and leaving the choice with them. Warning, lecturing or "
    "arguing usually makes people defensive. At the end you get a short report: what went well, what to "
    "try next time, and what a different answer might have led to. The same answers always give the same result."
)


def briefing_rows(compiled: Compiled, *, plain: bool = False) -> list[Content | str]:
    sc = compiled.scenario
    c = sc.client
    age = f", {c.age}" if c.age is not None else ""
    rows: list[Content | str] = [
        join((sc.title, "bold")),
        join((f"{labels.audience(sc.audience.value)} · level {labels.difficulty(sc.difficulty)}", "italic")),
        "",
        join(("Who you are talking with", "bold underline")),
        join(("Name: ", "bold"), f"{c.name}{age}"),
        join(("Where they are: ", "bold"), STAGE_PLAIN[c.stage]),
        join(("Background: ", "bold"), c.background),
        join(("What matters to them: ", "bold"), "; ".join(c.values)),
        "",
        join(("The setting: ", "bold"), sc.setting),
    ]
    if sc.you:
        rows.append(join(("Who you are: ", "bold"), sc.you))
    rows += [
        join(("Skills to practise: ", "bold"), ", ".join(labels.goal(g) for g in sc.goals)),
        "",
        join((SCORING_PLAIN if plain else SCORING, "italic")),
        "",
        join(
            ("Choose a mode below. ", "bold"),
            "Practice lets you ask for a hint (h) and take back an answer (r). "
            "Assessment has neither, so a class can compare results fairly. "
            "To see how an experienced practitioner might handle it first, press d to watch a demonstration.",
        ),
    ]
    return rows


class BriefingScreen(Screen[None]):
    """Read the briefing, choose practice or assessment, then start."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "start", "Start"),
        Binding("p", "mode('practice')", "Practice"),
        Binding("a", "mode('assessment')", "Assessment"),
        Binding("n", "name", "Your name"),
        Binding("d", "demo", "Watch a demo"),
        # the briefing is longer than 24 lines: scroll it without having to move focus first
        Binding("down", "scroll('down')", "Scroll", show=False),
        Binding("up", "scroll('up')", "Scroll", show=False),
        Binding("pagedown", "scroll('page_down')", "Scroll", show=False),
        Binding("pageup", "scroll('page_up')", "Scroll", show=False),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    @dataclass
    class StartRequested(Message):
        """Begin a new session of this scenario in this mode."""

        compiled: Compiled
        mode: Mode
        trainee: str = ""

    def __init__(self, compiled: Compiled, trainee: str = "") -> None:
        super().__init__()
        self.compiled = compiled
        self.trainee = trainee

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="briefing"):
            plain = not terms_first(self.app, self.compiled.scenario.audience)
            yield Static(lines(*briefing_rows(self.compiled, plain=plain)), id="briefing-text")
            yield Static(DISCLAIMER, classes="disclaimer", markup=False)
        with Horizontal(id="trainee-row"):
            yield Label("Your name (optional, stays on this computer):")
            yield Input(self.trainee, placeholder="for class results", id="trainee", max_length=60, compact=True)
        with Horizontal(id="briefing-bar"):
            with RadioSet(id="mode", compact=True):
                yield MarkedRadioButton("Practice", value=True, id="mode-practice")
                yield MarkedRadioButton("Assessment", id="mode-assessment")
            yield Button("Start (s)", id="start", variant="primary", compact=True)
            yield Button("Back (esc)", id="back", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Briefing"
        self.sub_title = clean(self.compiled.scenario.title)
        self.query_one("#start", Button).focus()

    @property
    def mode(self) -> Mode:
        pressed = self.query_one("#mode", RadioSet).pressed_button
        return Mode.ASSESSMENT if pressed is not None and pressed.id == "mode-assessment" else Mode.PRACTICE

    def action_scroll(self, how: str) -> None:
        getattr(self.query_one("#briefing", VerticalScroll), f"scroll_{how}")()

    def action_demo(self) -> None:
        from mi_trainer.tui.screens.demo import DemoScreen

        self.app.push_screen(DemoScreen(self.compiled))

    def action_name(self) -> None:
        self.query_one("#trainee", Input).focus()

    def action_mode(self, mode: str) -> None:
        self.query_one(f"#mode-{mode}", MarkedRadioButton).value = True

    @on(Button.Pressed, "#start")
    @on(Input.Submitted, "#trainee")
    def action_start(self) -> None:
        name = clean_name(self.query_one("#trainee", Input).value)
        self.post_message(self.StartRequested(self.compiled, self.mode, name))

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        self.app.pop_screen()
