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
from textual.widgets import Button, Header, Input, Label, RadioSet, Static

from mi_trainer.classroom.assignments import Assignment
from mi_trainer.engine.session import Mode
from mi_trainer.loading.loader import Compiled
from mi_trainer.model.textsafe import clean_name
from mi_trainer.model.vocab import STAGE_PLAIN
from mi_trainer.tui import labels
from mi_trainer.tui.screens.library import DISCLAIMER
from mi_trainer.tui.settings import terms_first
from mi_trainer.tui.text import clean, join, lines
from mi_trainer.tui.widgets.footer import KeyBar
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


def mode_rows(locked_mode: Mode | None, assignment: Assignment | None) -> list[Content | str]:
    """How the mode is explained: a choice, or what the instructor (or `play --mode`) has set."""
    if assignment is not None:
        a = assignment
        tries = "1 attempt" if a.attempts == 1 else f"{a.attempts} attempts"
        if a.mode is Mode.ASSESSMENT:
            rules = "no hints, no take-backs, and what might have worked better is shown only in the report"
        else:
            allowed = [w for w, ok in (("hints (h)", a.hints), ("take-backs (r)", a.retries)) if ok]
            shown = "after every answer" if a.policy.shows_better else "only in the report"
            rules = f"{' and '.join(allowed) or 'no hints or take-backs'}; better options {shown}"
        rows: list[Content | str] = [
            join(("Assignment: ", "bold"), a.title),
            join(
                f"{a.mode.value.capitalize()} mode, set by your instructor: {rules}. You have {tries} at each scenario."
            ),
        ]
        if a.instructions:
            rows.append(join(a.instructions))
        return rows
    if locked_mode is Mode.ASSESSMENT:
        return [
            join(
                ("Assessment mode. ", "bold"),
                "No hints or take-backs, and what might have worked better is shown only in the report.",
            )
        ]
    demo = "To see how an experienced practitioner might handle it first, press d to watch a demonstration."
    if locked_mode is Mode.PRACTICE:
        return [join(("Practice mode. ", "bold"), f"Ask for a hint (h) or take back an answer (r) at any time. {demo}")]
    return [
        join(
            ("Choose a mode below. ", "bold"),
            "Practice lets you ask for a hint (h) and take back an answer (r), and shows what might have worked "
            "better after each answer. Assessment has none of these until the report, so a class can compare "
            f"results fairly. {demo}",
        )
    ]


def briefing_rows(
    compiled: Compiled,
    *,
    locked_mode: Mode | None = None,
    assignment: Assignment | None = None,
    pack: str = "",
    plain: bool = False,
) -> list[Content | str]:
    sc = compiled.scenario
    c = sc.client
    age = f", {c.age}" if c.age is not None else ""
    from_pack = f" · pack {pack}" if pack else ""
    rows: list[Content | str] = [
        join((sc.title, "bold")),
        join((f"{labels.audience(sc.audience.value)} · level {labels.difficulty(sc.difficulty)}{from_pack}", "italic")),
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
        *mode_rows(locked_mode, assignment),
    ]
    return rows


class BriefingScreen(Screen[None]):
    """Read the briefing, choose practice or assessment, then start."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "start", "Start"),
        Binding("p", "mode('practice')", "Practice"),
        Binding("a", "mode('assessment')", "Assessment"),
        # the name box says "type here (n)" itself; short labels: every key fits the key bar at 80 columns
        Binding("n", "name", "Name", show=False),
        Binding("d", "demo", "Demo"),
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

    def __init__(
        self,
        compiled: Compiled,
        trainee: str = "",
        *,
        locked_mode: Mode | None = None,
        locked_trainee: bool = False,
        assignment: Assignment | None = None,
        pack: str = "",
    ) -> None:
        super().__init__()
        self.compiled = compiled
        self.trainee = trainee
        self.locked_mode = locked_mode
        self.locked_trainee = locked_trainee
        self.assignment = assignment
        self.pack = pack

    def compose(self) -> ComposeResult:
        yield Header()
        plain = not terms_first(self.app, self.compiled.scenario.audience)
        rows = briefing_rows(
            self.compiled, locked_mode=self.locked_mode, assignment=self.assignment, pack=self.pack, plain=plain
        )
        with VerticalScroll(id="briefing"):
            yield Static(lines(*rows), id="briefing-text")
            yield Static(DISCLAIMER, classes="disclaimer", markup=False)
        with Horizontal(id="trainee-row"):
            if self.assignment is not None:
                label = "Your name or student ID (needed for this assignment):"
            else:
                label = "Your name (optional, stays on this computer):"
            yield Label(label)
            yield Input(
                self.trainee,
                placeholder="type here (n)",
                id="trainee",
                max_length=60,
                compact=True,
                disabled=self.locked_trainee,
            )
        with Horizontal(id="briefing-bar"):
            if self.locked_mode is None:
                with RadioSet(id="mode", compact=True):
                    yield MarkedRadioButton("Practice", value=True, id="mode-practice")
                    yield MarkedRadioButton("Assessment", id="mode-assessment")
            else:
                yield Static(f"{self.locked_mode.value.capitalize()} mode", id="mode-locked", markup=False)
            yield Button("Start (s)", id="start", variant="primary", compact=True)
            yield Button("Back (esc)", id="back", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "Briefing"
        self.sub_title = clean(self.compiled.scenario.title)
        self.query_one("#start", Button).focus()

    @property
    def mode(self) -> Mode:
        if self.locked_mode is not None:
            return self.locked_mode
        pressed = self.query_one("#mode", RadioSet).pressed_button
        return Mode.ASSESSMENT if pressed is not None and pressed.id == "mode-assessment" else Mode.PRACTICE

    def action_scroll(self, how: str) -> None:
        getattr(self.query_one("#briefing", VerticalScroll), f"scroll_{how}")()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """No mode switch when the mode is set (an assignment, `play --mode`); no name change when given; no
        demonstration (it shows the strongest route) in an assignment or an assessment."""
        if action == "mode":
            return self.locked_mode is None
        if action == "name":
            return not self.locked_trainee
        if action == "demo":
            return self.assignment is None and self.locked_mode is not Mode.ASSESSMENT
        return True

    def action_demo(self) -> None:
        from mi_trainer.tui.screens.demo import DemoScreen

        self.app.push_screen(DemoScreen(self.compiled))

    def action_name(self) -> None:
        self.query_one("#trainee", Input).focus()

    def action_mode(self, mode: str) -> None:
        if self.locked_mode is None:
            self.query_one(f"#mode-{mode}", MarkedRadioButton).value = True

    @on(Button.Pressed, "#start")
    @on(Input.Submitted, "#trainee")
    def action_start(self) -> None:
        name = clean_name(self.query_one("#trainee", Input).value)
        self.post_message(self.StartRequested(self.compiled, self.mode, name))

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        self.app.pop_screen()
