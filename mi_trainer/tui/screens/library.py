"""The library: every scenario, grouped by audience, filtered by level, skill and a search."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widget import MountError
from textual.widgets import Button, Header, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from mi_trainer.model.vocab import STAGE_PLAIN
from mi_trainer.tui import labels
from mi_trainer.tui.text import clean, hanging, join, lines
from mi_trainer.tui.widgets.footer import NARROW_BELOW, KeyBar

if TYPE_CHECKING:  # the loader pulls in networkx; the library screen must paint before that is imported
    from mi_trainer.loading.library import LibraryEntry
    from mi_trainer.loading.loader import Compiled
    from mi_trainer.model.scenario import Scenario

DISCLAIMER = "A practice tool, not treatment. In a crisis, contact your local emergency services."


def matches(sc: Scenario, words: str, audience: object, level: object, skill: object) -> bool:
    """Whether a scenario passes the filters (Select.NULL means "any")."""
    if isinstance(audience, str) and sc.audience.value != audience:
        return False
    if isinstance(level, int) and sc.difficulty != level:
        return False
    if isinstance(skill, str) and skill not in {g.value for g in sc.goals}:
        return False
    hay = " ".join((sc.id, sc.title, sc.summary, sc.setting, sc.client.name, sc.audience.value)).lower()
    return all(w in hay for w in words.lower().split())


def describe(sc: Scenario, pack: str = "") -> list[Content | str]:
    """The description pane's rows for one scenario (``pack``: where it comes from, '' = the shipped library)."""
    c = sc.client
    age = f", {c.age}" if c.age is not None else ""
    from_pack = f" · pack {pack}" if pack else ""
    return [
        join((sc.title, "bold")),
        join((f"{labels.audience(sc.audience.value)} · level {labels.difficulty(sc.difficulty)}{from_pack}", "italic")),
        "",
        join(("Talking with: ", "bold"), f"{c.name}{age}, {STAGE_PLAIN[c.stage]}"),
        join(("Setting: ", "bold"), sc.setting),
        "",
        join(sc.summary),
        "",
        join(("Skills to practise: ", "bold"), ", ".join(labels.goal(g) for g in sc.goals)),
    ]


def short_problem(entry: LibraryEntry) -> str:
    """A skipped file's problem with its folder left out (the pack's name instead): the list is narrow."""
    full = str(entry.path)
    if not entry.problem.startswith(full):
        return entry.problem
    name = f"{entry.pack}/{entry.path.name}" if entry.pack else entry.path.name
    return name + entry.problem[len(full) :]


class LibraryScreen(Screen[None]):
    """Pick a scenario; Enter (or a click) opens its briefing."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", show=True),
        Binding("slash", "focus_search", "Search", key_display="/"),
        Binding("h", "app.history", "History"),
        Binding("d", "app.drill", "Drill"),
        Binding("q", "app.quit", "Quit"),
    ]

    @dataclass
    class ScenarioPicked(Message):
        """The trainee wants the briefing of this scenario."""

        compiled: Compiled

    def __init__(self, entries: list[LibraryEntry] | None = None) -> None:
        super().__init__()
        self.entries: list[LibraryEntry] = entries or []
        self.loaded = entries is not None
        self.shown: list[int] = []
        self.filters_ready = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="filters"):
            yield Input(placeholder="Search…", id="search", compact=True)
            # the three Selects come a frame later (mount_filters): they are a third of the first frame's work
        with Horizontal(id="library-body"):
            yield OptionList(id="scenarios")
            with Vertical(id="description-pane"):
                with VerticalScroll(id="description"):
                    yield Static(id="description-text")
                yield Button("Read the briefing  ⏎", id="open", variant="primary")
        yield Static(DISCLAIMER, id="disclaimer", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.fit_title()
        assignment = getattr(self.app, "assignment", None)
        self.sub_title = (
            clean(f"Assignment: {assignment.title}") if assignment is not None else "Choose a conversation to practise"
        )
        listing = self.query_one("#scenarios", OptionList)
        listing.border_title = "↑↓ choose · Enter open"
        self.set_entries(self.entries, loaded=self.loaded)
        listing.focus()
        self.call_after_refresh(self.mount_filters)

    def on_resize(self) -> None:
        self.fit_title()

    def fit_title(self) -> None:
        """The full title where there is room; at under 90 columns (or with an assignment, whose title is the
        sub-title) just the name, so the sub-title ("Drills due: 3 (d)") is not cut off."""
        wide = self.app.size.width >= NARROW_BELOW and getattr(self.app, "assignment", None) is None
        self.title = "mi-trainer · practise Motivational Interviewing" if wide else "mi-trainer"

    def mount_filters(self) -> None:
        """Add the audience, level and skill filters after the first frame, so the list shows first."""
        if self.filters_ready:
            return
        audiences, goals = self.filter_choices()
        try:
            self.query_one("#filters", Horizontal).mount(
                Select(audiences, prompt="Everyone", id="audience", compact=True),
                Select([(labels.difficulty(n), n) for n in (1, 2, 3)], prompt="Any level", id="level", compact=True),
                Select(goals, prompt="Any skill", id="skill", compact=True),
            )
        except MountError:  # the screen is closing already (a quit in the first frame)
            return
        self.filters_ready = True

    def filter_choices(self) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """The audiences and the skills of the listed scenarios, as (label, value) choices."""
        scenarios = [e.compiled.scenario for e in self.entries if e.compiled is not None]
        audiences = sorted({s.audience.value for s in scenarios})
        goals = sorted({g for s in scenarios for g in s.goals}, key=lambda g: labels.goal(g))
        return [(labels.audience(a), a) for a in audiences], [(labels.goal(g), g.value) for g in goals]

    def offer_filters(self) -> None:
        """Offer the listed scenarios' audiences and skills in the filters (when they are already mounted)."""
        if not self.filters_ready:
            return
        audiences, goals = self.filter_choices()
        with self.prevent(Select.Changed):
            self.query_one("#audience", Select).set_options(audiences)
            self.query_one("#skill", Select).set_options(goals)

    def filter_value(self, name: str) -> object:
        """A filter's value; Select.NULL ("any") before the filters are mounted."""
        if not self.filters_ready:
            return Select.NULL
        return self.query_one(f"#{name}", Select).value

    def set_entries(self, entries: list[LibraryEntry], *, loaded: bool = True) -> None:
        """Show these scenarios (the app loads them in the background) and offer their audiences and skills."""
        self.entries, self.loaded = entries, loaded
        self.offer_filters()
        self.refill()

    def refill(self) -> None:
        """Rebuild the list from the filters, with a heading per audience."""
        words = self.query_one("#search", Input).value
        audience, level, skill = (self.filter_value(name) for name in ("audience", "level", "skill"))
        options: list[Option] = []
        self.shown = []
        heading = ""
        for i, entry in enumerate(self.entries):
            if entry.compiled is None:
                if not (words or isinstance(audience, str) or isinstance(level, int) or isinstance(skill, str)):
                    options.append(Option(join(("⚠ could not load: ", "bold"), short_problem(entry)), disabled=True))
                continue
            sc = entry.compiled.scenario
            if not matches(sc, words, audience, level, skill):
                continue
            if sc.audience.value != heading:
                heading = sc.audience.value
                options.append(Option(join((f"── {labels.audience(heading)} ──", "bold")), disabled=True))
            title = f"{sc.title}  [{entry.pack}]" if entry.pack else sc.title
            options.append(Option(hanging("★" * sc.difficulty, title, 3), id=f"sc-{i}"))
            self.shown.append(i)
        listing = self.query_one("#scenarios", OptionList)
        listing.clear_options()
        if not options:
            empty = "No scenario matches these filters." if self.loaded else "Loading the scenarios…"
            options = [Option(empty, disabled=True)]
        listing.add_options(options)
        first = next((n for n, o in enumerate(options) if not o.disabled), None)
        listing.highlighted = first
        self.describe_current()

    def current_entry(self) -> LibraryEntry | None:
        listing = self.query_one("#scenarios", OptionList)
        if listing.highlighted is None:
            return None
        option = listing.get_option_at_index(listing.highlighted)
        if option.disabled or not option.id:
            return None
        return self.entries[int(option.id.removeprefix("sc-"))]

    def current(self) -> Compiled | None:
        entry = self.current_entry()
        return entry.compiled if entry is not None else None

    def describe_current(self) -> None:
        entry = self.current_entry()
        compiled = entry.compiled if entry is not None else None
        text = self.query_one("#description-text", Static)
        button = self.query_one("#open", Button)
        button.display = compiled is not None
        if compiled is None:
            text.update(join("Choose a scenario on the left to read about it." if self.loaded else ""))
        else:
            text.update(lines(*describe(compiled.scenario, entry.pack if entry is not None else "")))

    @on(Input.Changed, "#search")
    def _search_changed(self) -> None:
        self.refill()

    @on(Select.Changed)
    def _filter_picked(self) -> None:
        """After picking a filter, go back to the list, so the next Enter opens a scenario."""
        self.refill()
        self.query_one("#scenarios", OptionList).focus()

    @on(Input.Submitted, "#search")
    def _search_done(self) -> None:
        self.query_one("#scenarios", OptionList).focus()

    @on(OptionList.OptionHighlighted, "#scenarios")
    def _highlighted(self) -> None:
        self.describe_current()

    @on(OptionList.OptionSelected, "#scenarios")
    @on(Button.Pressed, "#open")
    def action_open(self) -> None:
        compiled = self.current()
        if compiled is not None:
            self.post_message(self.ScenarioPicked(compiled))

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()
