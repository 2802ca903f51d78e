"""The report screen and its exports, the history screen with trends, and resuming an interrupted session."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Sparkline

from mi_trainer.engine.session import Mode
from mi_trainer.loading.loader import load_scenario
from mi_trainer.store import open_store
from mi_trainer.tui.practice import Practice
from mi_trainer.tui.screens.conversation import ConversationScreen
from mi_trainer.tui.screens.history import HistoryScreen
from mi_trainer.tui.screens.library import LibraryScreen
from mi_trainer.tui.screens.report import ReportScreen
from mi_trainer.tui.screens.resume import ResumeModal
from tui.support import LIBRARY, PORCH, best_plan, number_of, plain, settle

SIZE = (100, 30)


def record(store_path: Path, *, finish: bool, seed: int = 3) -> Practice:
    """A session of the porch fixture in the store: the best path, finished or stopped after one turn."""
    with open_store(store_path) as store:
        practice = Practice.start(load_scenario(PORCH), Mode.PRACTICE, store, seed=seed)
        plan = best_plan(practice.session)
        for index in plan if finish else plan[:1]:
            practice.choose(number_of(practice.session, index))
        if finish:
            practice.finish()
        assert practice.problem == ""
        return practice


async def test_report_screen_shows_bands_bars_forks_and_saves_files(make_app: Any, tmp_path: Path) -> None:
    app = make_app(scenario=str(PORCH))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        session = app.practice.session
        worst = next(r for r in session.options() if r.skill.value == "closed_question")
        await pilot.press(str(number_of(session, worst.index)), "c", "2", "c")
        assert isinstance(app.screen, ReportScreen)
        text = plain(app.screen.query_one("#report-text"))
        for part in (
            "The numbers behind this (MITI 4.2.1)",
            "Reflections per question (R:Q)",
            "The four MI principles",
            "What Robin said",
            "Change talk",
            "Sustain talk",
            "Where a different answer might have led",
            "Turn 1. Robin said",
            "Stronger: “You're expecting me to be upset",
            "To try next time",
            "What went well",
        ):
            assert part in text, part
        assert any(mark in text for mark in ("✔✔ good", "✔ fair", "✘ below fair", "– n/a"))
        assert app.last_report["forks"][0]["turn"] == 1
        await pilot.press("s", "enter", "j", "enter")
        saved = plain(app.screen.query_one("#saved"))
        js, md = sorted(tmp_path.glob("mi-report-fixture-porch-*"))
        assert md.name in saved and js.name in saved
        assert md.read_text(encoding="utf-8").startswith("# MI practice report")
        assert json.loads(js.read_text(encoding="utf-8")) == app.last_report


async def test_history_lists_sessions_with_trends_and_opens_a_report(make_app: Any, store_path: Path) -> None:
    record(store_path, finish=True, seed=1)
    record(store_path, finish=True, seed=2)
    app = make_app(library_folder=LIBRARY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("h")
        assert isinstance(app.screen, HistoryScreen)
        table = app.screen.query_one("#sessions", DataTable)
        assert table.row_count == 2
        # two points are not a trend: shown as numbers, not drawn as a full bar
        spark = app.screen.query_one("#trend-score_percent", Sparkline)
        assert spark.data == [] and not spark.display
        assert plain(app.screen.query_one("#trend-last-score_percent")) == "100% → 100%"
        await pilot.press("enter")
        assert isinstance(app.screen, ReportScreen)
        assert "Robin names a first step" in plain(app.screen.query_one("#report-text"))
        await pilot.press("escape")
        assert isinstance(app.screen, HistoryScreen)


async def test_history_resumes_an_unfinished_session(make_app: Any, store_path: Path) -> None:
    stopped = record(store_path, finish=False)
    app = make_app(library_folder=LIBRARY, offer_resume=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("h", "enter")
        assert isinstance(app.screen, ConversationScreen)
        assert app.practice.session_id == stopped.session_id
        assert app.practice.session.state.choices == stopped.session.state.choices


async def test_start_offers_to_resume_the_latest_unfinished_session(make_app: Any, store_path: Path) -> None:
    stopped = record(store_path, finish=False)
    app = make_app(library_folder=LIBRARY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ResumeModal)
        await pilot.press("r")
        assert isinstance(app.screen, ConversationScreen)
        lines = [plain(w) for w in app.screen.query("#transcript .line")]
        assert len(lines) == 3 and lines[1].startswith("You: ")
        session = app.practice.session
        for index in best_plan(session)[1:]:
            await pilot.press(str(number_of(session, index)), "c")
        assert isinstance(app.screen, ReportScreen)
        assert app.last_report["score"]["percent"] == 100.0
    with open_store(store_path) as store:
        assert store.get_session(stopped.session_id).status == "ended"


async def test_not_now_keeps_the_library(make_app: Any, store_path: Path) -> None:
    record(store_path, finish=False)
    app = make_app(library_folder=LIBRARY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        assert isinstance(app.screen, LibraryScreen)


async def test_three_sessions_draw_a_trend(make_app: Any, store_path: Path) -> None:
    for seed in (1, 2, 3):
        record(store_path, finish=True, seed=seed)
    app = make_app(library_folder=LIBRARY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("h")
        spark = app.screen.query_one("#trend-score_percent", Sparkline)
        assert spark.data == [100.0, 100.0, 100.0] and spark.display
        assert plain(app.screen.query_one("#trend-last-score_percent")) == "now 100%"


async def test_play_id_offers_that_scenarios_unfinished_session_only(make_app: Any, store_path: Path) -> None:
    """`mi-trainer play ID` (the user guide's way in) offers to resume that scenario's unfinished session
    rather than forking a second one beside it; another scenario's session is not offered there."""
    stopped = record(store_path, finish=False)
    app = make_app(library_folder=LIBRARY, scenario="fixture-porch")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ResumeModal)
        await pilot.press("r")
        assert isinstance(app.screen, ConversationScreen)
        assert app.practice.session_id == stopped.session_id
    other = make_app(library_folder=LIBRARY, scenario="fixture-van")
    async with other.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not isinstance(other.screen, ResumeModal)
