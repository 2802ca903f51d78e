"""History: past sessions, trends as sparklines, and resuming an interrupted session."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Sparkline, Static

from mi_trainer.errors import MiTrainerError
from mi_trainer.tui import labels
from mi_trainer.tui.text import clean, join
from mi_trainer.tui.widgets.drill_stats import DrillStats
from mi_trainer.tui.widgets.footer import KeyBar

TRENDS = (
    ("reflection_to_question", "Reflections per question (R:Q)", ""),
    ("percent_complex_reflection", "Reflections adding meaning (%CR)", "%"),
    ("score_percent", "Score", "%"),
)
STATUS_PLAIN = {"active": "unfinished", "ended": "finished", "abandoned": "set aside", "set_aside": "set aside"}
PAGE_SIZE = 50
ENDING_SHORT = {"positive": "hopeful", "mixed": "door open", "negative": "door closed"}
#: fixed columns (label, width); the scenario column takes what is left and its title wraps
COLUMNS = (("Started", 10), ("Trainee", 12), ("Scenario", 0), ("Mode", 10), ("Result", 11))
MIN_TITLE = 16


def title_width(table_width: int) -> int:
    """The scenario column's width in a table this wide (two cells of padding per column, a scrollbar)."""
    fixed = sum(width for _, width in COLUMNS) + 2 * len(COLUMNS) + 2
    return max(MIN_TITLE, table_width - fixed)


def result_lines(row: Any) -> str:
    """The Result cell: a finished session's score and ending, else its status; then the turns."""
    turns = f"{row.turn_count} turn" + ("" if row.turn_count == 1 else "s")
    if row.status == "ended":
        score = "" if row.score is None else f"{row.score:.0f}%"
        return "\n".join(x for x in (score, ENDING_SHORT.get(row.valence or "", ""), turns) if x)
    return f"{STATUS_PLAIN.get(row.status, row.status)}\n{turns}"


class HistoryScreen(Screen[None]):
    """Lists the history a page at a time (store.session_summaries); Enter opens a finished session's report
    or resumes an unfinished one. Sessions left before their first answer are not listed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open / resume"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    @dataclass
    class ResumeRequested(Message):
        """Continue this unfinished session."""

        row: Any

    @dataclass
    class ReportRequested(Message):
        """Show the saved report of this finished session."""

        row: Any

    def __init__(self, store: Any, only: Callable[[Any], bool] | None = None, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__()
        self.store = store
        #: when set (a name fixed for a class, e.g. a browser tab of `serve`), only the sessions it accepts
        #: are listed, and the trends (which cover everyone in this history) are not shown
        self.only = only
        self.page_size = page_size
        self.rows: list[Any] = []  # the light rows shown so far (SessionSummary), newest first
        self.total = 0
        self.fetched = 0  # rows read from the store so far (more than shown when `only` leaves some out)
        self.title_width = 0  # the scenario column's width the rows were laid out for

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="history"):
            yield Static(id="history-note")
            yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
            with Vertical(id="trends"):
                yield Static(join(("Trends over your last 20 finished sessions", "bold")))
                for key, label, _ in TRENDS:
                    with Horizontal(classes="trend"):
                        yield Static(label, classes="trend-label", markup=False)
                        yield Sparkline([], id=f"trend-{key}")
                        yield Static(id=f"trend-last-{key}", classes="trend-last")
            yield DrillStats(self.store)
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "Your history"
        shared = getattr(self.store, "dialect", "sqlite") == "postgresql"
        self.sub_title = (
            "Sessions are kept in a shared database" if shared else "Sessions are kept only on this computer"
        )
        self.load()

    def load(self) -> None:
        """Show the first page of sessions (paged in SQL: opening is as quick with 20,000 as with 20)."""
        self.set_columns()
        self.rows, self.total = [], 0
        trends: dict[str, list[float]] = {}
        self.fetched = 0
        if self.store is not None:
            try:
                self.total = self.store.count_sessions(hide_empty=True)
                if self.only is None:
                    trends = self.store.skill_trends(20)
            except MiTrainerError as exc:
                self.notify(str(exc), severity="error", markup=False)
        if self.only is not None:
            self.query_one("#trends").display = False
        self.load_more()
        sessions = max((len(v) for v in trends.values()), default=0)  # finished sessions with any figure
        for key, _, suffix in TRENDS:
            series = trends.get(key, [])
            spark = self.query_one(f"#trend-{key}", Sparkline)
            # one or two points are not a trend: shown as numbers, never as a full-height bar
            spark.data = series if len(series) >= 3 else []
            spark.display = len(series) >= 3
            values = " → ".join(labels.number(round(v, 2), suffix) for v in series[-2:])
            last = f"now {labels.number(round(series[-1], 2), suffix)}" if len(series) >= 3 else values or "no data yet"
            skipped = sessions - len(series)
            if skipped > 0:  # e.g. R:Q is n/a in a session without questions: left out, and said so
                last += f" ({skipped} n/a left out)"
            self.query_one(f"#trend-last-{key}", Static).update(last)
        if self.rows:
            self.query_one("#sessions", DataTable).focus()

    def load_more(self) -> None:
        """Append the next page of rows to the table (called again when the cursor reaches the last row);
        with ``only``, pages are read until one has a row to show or the history ends."""
        while self.store is not None and self.fetched < self.total:
            try:
                page = self.store.session_summaries(offset=self.fetched, limit=self.page_size, hide_empty=True)
            except MiTrainerError as exc:
                self.notify(str(exc), severity="error", markup=False)
                page = []
            self.fetched += len(page)
            table = self.query_one("#sessions", DataTable)
            shown = 0
            for row in page:
                if any(r.id == row.id for r in self.rows[-self.page_size :]):
                    continue  # a session that moved down a page because a new one started meanwhile
                if self.only is not None and not self.only(row):
                    continue
                self.rows.append(row)
                shown += 1
                self.add_table_row(table, row)
            if not page:
                self.total = self.fetched
            if shown or not page or self.only is None:
                break
        self.update_note()

    def set_columns(self) -> None:
        """Empty the table and lay its columns out for its current width."""
        table = self.query_one("#sessions", DataTable)
        table.clear(columns=True)
        self.title_width = title_width(table.size.width or self.app.size.width - 2)
        for label, width in COLUMNS:
            table.add_column(label, width=width or self.title_width, key=label.lower())

    @staticmethod
    def add_table_row(table: DataTable[Any], row: Any) -> None:
        """One session as a row as tall as its wrapped title (nothing cut, nothing parsed as markup)."""
        started = row.started_at.astimezone()
        table.add_row(
            started.strftime("%Y-%m-%d\n%H:%M"),
            Text(clean(row.trainee) or "—", overflow="fold"),
            Text(clean(row.scenario_title), overflow="fold"),
            row.mode,
            result_lines(row),
            key=row.id,
            height=None,
        )

    def on_resize(self) -> None:
        """A wider or narrower window lays the rows out again, so titles wrap to the new width."""
        table = self.query_one("#sessions", DataTable)
        if not self.title_width or title_width(table.size.width) == self.title_width:
            return
        cursor = table.cursor_row
        self.set_columns()
        for row in self.rows:
            self.add_table_row(table, row)
        if self.rows:
            table.move_cursor(row=min(cursor, len(self.rows) - 1))

    def update_note(self) -> None:
        note = self.query_one("#history-note", Static)
        if self.store is None:
            note.update("The history is not available this time, so nothing is recorded.")
        elif not self.rows:
            note.update("No sessions yet. Choose a scenario in the library to start your first one.")
        else:
            more = (
                f" Showing {len(self.rows):,} of {self.total:,}; move down for more."
                if self.total > len(self.rows)
                else ""
            )
            note.update(f"Enter: see a finished session's report, or continue an unfinished one.{more}")

    @on(DataTable.RowHighlighted, "#sessions")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= len(self.rows) - 1:
            self.load_more()

    def action_open(self) -> None:
        table = self.query_one("#sessions", DataTable)
        if not self.rows or table.cursor_row is None or table.cursor_row >= len(self.rows):
            return
        self.open_row(self.rows[table.cursor_row])

    @on(DataTable.RowSelected, "#sessions")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        row = next((r for r in self.rows if r.id == event.row_key.value), None)
        if row is not None:
            self.open_row(row)

    def open_row(self, summary: Any) -> None:
        try:
            row = self.store.get_session(summary.id)  # the full row (report, state), read only when opened
        except MiTrainerError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        if row.status == "active":
            self.post_message(self.ResumeRequested(row))
        elif row.report:
            self.post_message(self.ReportRequested(row))
        else:
            self.notify("This session has no report to show.", markup=False)
