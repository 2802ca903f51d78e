"""The Drill screen: a short round of one skill — pick an option or write a line, see what the coder heard."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from mi_trainer.errors import MiTrainerError
from mi_trainer.tui.text import join, lines
from mi_trainer.tui.widgets.footer import NARROW_BELOW, KeyBar

if TYPE_CHECKING:
    from mi_trainer.drills.grading import ItemResult
    from mi_trainer.drills.items import DrillItem
    from mi_trainer.drills.practice import DrillRound

MAX_CHARS = 1000


class DrillScreen(Screen[None]):
    """One round of drills; each answer is graded and saved as it is given. Esc goes back to the library."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # number keys answer, as in a conversation (the written answers take digits in their box instead)
        *[Binding(str(n), f"pick({n})", "Answer", show=n == 1, key_display="1-9") for n in range(1, 10)],
        Binding("escape", "app.pop_screen", "Back"),
        Binding("n", "next", "Next item", show=True),
    ]

    def __init__(self, store: Any, items: list[DrillItem], skill: str | None = None, seed: int | None = None) -> None:
        super().__init__()
        self.store = store
        self.all_items = items
        self.skill = skill
        self.seed = seed
        self.round: DrillRound | None = None
        self.earlier: list[Any] = []
        self.given: list[str] = []  # the answers to the current item so far
        self.stage = ""  # "choice", "subtype", "write" or "feedback"
        self.why = ""

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="drill"):
            with VerticalScroll(id="drill-item"):
                yield Static(id="drill-text")
            yield OptionList(id="drill-options")
            yield Input(placeholder="Your answer…", max_length=MAX_CHARS, id="drill-input")
            with VerticalScroll(id="drill-feedback"):
                yield Static(id="drill-result")
        yield KeyBar()

    def on_mount(self) -> None:
        import random

        from mi_trainer.coding import preload
        from mi_trainer.drills.practice import DrillRound, answers_from_rows, pick_skill

        preload()
        # short at 80 columns, so the item line ("Name the skill · item 1 of 5 (never practised)") is not cut off
        self.title = "mi-trainer · drills" if self.app.size.width >= NARROW_BELOW else "drills"
        try:
            rows = self.store.drill_answers() if self.store is not None else []
        except MiTrainerError as exc:
            self.notify(f"{exc} This round will not be saved.", severity="warning", markup=False)
            rows, self.store = [], None
        self.earlier = answers_from_rows(rows)
        skill, self.why = (self.skill, "chosen") if self.skill else pick_skill(self.earlier, date.today())
        seed = self.seed if self.seed is not None else random.SystemRandom().randint(0, 999_999)
        trainee = getattr(self.app, "trainee", "")
        self.round = DrillRound.start(skill, 5, seed, items=self.all_items, store=self.store, trainee=trainee)
        self.show_item()

    def on_unmount(self) -> None:
        refresh = getattr(self.app, "show_drills_due", None)
        if refresh is not None:
            refresh()  # the library's "skills due" count

    # showing ----------------------------------------------------------------------------------
    def show_item(self) -> None:
        from mi_trainer.drills.items import KIND_TITLES, skill_label

        assert self.round is not None
        item = self.round.current
        options = self.query_one("#drill-options", OptionList)
        entry = self.query_one("#drill-input", Input)
        self.query_one("#drill-result", Static).update("")
        if item is None:
            self.show_summary()
            return
        n, total = len(self.round.results) + 1, len(self.round.items)
        self.sub_title = f"{KIND_TITLES[item.kind]} · item {n} of {total} ({self.why})"
        rows: list[Content | str] = [
            join((f"{item.title} ", "bold"), (f"· {item.scenario_title}", "italic")),
            join((f"{item.client_name}: ", "bold"), f"“{item.client_line}”"),
        ]
        if item.practitioner_line:
            rows.append(join(("You: ", "bold"), f"“{item.practitioner_line}”"))
        self.given = []
        if item.kind == "name_skill":
            rows.append(join(("Which skill is this?", "italic")))
            self.offer([skill_label(o) for o in item.options], item.options, "choice")
        elif item.kind == "spot_talk":
            rows.append(join(("Change talk, sustain talk or neutral?", "italic")))
            self.offer(["change talk", "sustain talk", "neutral"], item.options, "choice")
        else:
            rows.append(join((item.prompts[0], "italic")))
            self.stage = "write"
            self.refresh_bindings()
            options.display = False
            entry.display = True
            entry.value = ""
            entry.focus()
        self.query_one("#drill-text", Static).update(lines(*rows))

    def offer(self, shown: list[str], values: tuple[str, ...], stage: str) -> None:
        options = self.query_one("#drill-options", OptionList)
        self.query_one("#drill-input", Input).display = False
        options.display = True
        options.clear_options()
        pairs = enumerate(zip(shown, values, strict=True), 1)
        options.add_options([Option(join(f"{i}. {text}"), id=v) for i, (text, v) in pairs])
        options.highlighted = 0
        options.focus()
        self.stage = stage
        self.refresh_bindings()

    def show_result(self, result: ItemResult) -> None:
        rows: list[Content | str] = []
        for part in result.parts:
            mark = ("✓ right", "bold green") if part.correct else ("✗ not yet", "bold")
            heard = f" — the coder heard {part.heard}" if part.heard else ""
            rows.append(join(mark, heard))
            rows.extend(join("  · ", reason) for reason in part.reasons[:4])
            if part.example is not None:
                rows.append(join(("  e.g. ", "italic"), f"“{part.example.say}”"))
        rows.append(join(("n or Enter: next item", "dim")))
        self.query_one("#drill-result", Static).update(lines(*rows))
        self.query_one("#drill-options", OptionList).display = False
        self.query_one("#drill-input", Input).display = False
        self.stage = "feedback"
        self.set_focus(None)
        self.refresh_bindings()

    def show_summary(self) -> None:
        from mi_trainer.drills.items import KIND_TITLES

        assert self.round is not None
        status = self.round.status_after(self.earlier, date.today())
        due = status.due.isoformat() if status.due else "now"
        self.query_one("#drill-options", OptionList).display = False
        self.query_one("#drill-input", Input).display = False
        self.query_one("#drill-text", Static).update(
            lines(
                join((f"{KIND_TITLES[self.round.skill]}: done", "bold")),
                f"{self.round.right} of {len(self.round.results)} right. Box {status.box}; next due {due}.",
                "Saved in your history." if self.store is not None else "Not saved (no history this time).",
                "Esc: back to the library",
            )
        )
        self.sub_title = "Round finished"
        self.stage = "done"
        self.refresh_bindings()

    # answering --------------------------------------------------------------------------------
    @on(OptionList.OptionSelected, "#drill-options")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        assert self.round is not None
        item = self.round.current
        if item is None or event.option.id is None:
            return
        self.given.append(event.option.id)
        if self.stage == "choice" and item.subtype_options and event.option.id != "neutral":
            self.query_one("#drill-text", Static).update(
                lines(
                    join((f"{item.client_name}: ", "bold"), f"“{item.client_line}”"),
                    join(("Which DARN-CAT kind?", "italic")),
                )
            )
            self.offer(list(item.subtype_options), item.subtype_options, "subtype")
            return
        self.finish_item()

    @on(Input.Submitted, "#drill-input")
    def _written(self, event: Input.Submitted) -> None:
        assert self.round is not None
        item = self.round.current
        if item is None:
            return
        if not event.value.strip():
            self.notify("Write a line first; the coder will tell you what it heard.", markup=False)
            return
        self.given.append(event.value)
        if len(self.given) < len(item.prompts):
            self.query_one("#drill-result", Static).update(join(("Now: ", "bold"), item.prompts[len(self.given)]))
            event.input.value = ""
            return
        self.finish_item()

    def finish_item(self) -> None:
        assert self.round is not None
        try:
            result = self.round.answer(self.given)
        except MiTrainerError as exc:  # the history could not be written: the answer is still graded
            self.notify(f"{exc} This answer was not saved.", severity="warning", markup=False)
            self.store = self.round.store = None
            result = self.round.answer(self.given)
        self.show_result(result)

    def action_next(self) -> None:
        if self.stage == "feedback":
            self.show_item()

    def action_pick(self, n: int) -> None:
        """The option numbered ``n`` (as shown), like Enter on it."""
        options = self.query_one("#drill-options", OptionList)
        if self.stage in ("choice", "subtype") and 1 <= n <= options.option_count:
            options.highlighted = n - 1
            options.action_select()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show only the keys that do something now: the numbers while options are offered, Next after an
        answer."""
        if action == "pick":
            return self.stage in ("choice", "subtype")
        if action == "next":
            return self.stage == "feedback"
        return True

    def key_enter(self) -> None:
        self.action_next()
