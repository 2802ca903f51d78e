"""The History screen reads a page at a time and leaves out sessions that were never answered."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from test_store import record, start
from textual.widgets import DataTable

from mi_trainer.store import open_store
from mi_trainer.tui.screens.history import HistoryScreen
from tui.support import LIBRARY, plain, settle

REPORT = {"score": {"percent": 50.0, "points": 3}, "miti": {}, "client": {}}


async def test_history_pages_in_and_hides_unanswered_sessions(make_app: Any, store_path: Path) -> None:
    with open_store(store_path) as store:
        ids = []
        for n in range(12):
            sid = start(store, scenario_title=f"Session {n}")
            record(store, sid, 1)
            store.finish_session(sid, report=REPORT, score=50.0, ending="e", valence="mixed", state_json="{}")
            ids.append(sid)
        start(store, scenario_title="never answered")  # left before the first answer: not listed
    app = make_app(library_folder=LIBRARY, offer_resume=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.ensure_history()
        app.push_screen(HistoryScreen(app.store, page_size=5))
        await settle(pilot)
        screen = app.screen
        table = screen.query_one("#sessions", DataTable)
        assert table.row_count == 5 and screen.total == 12
        assert "Showing 5 of 12" in plain(screen.query_one("#history-note"))
        for _ in range(11):
            await pilot.press("down")
        await settle(pilot)
        assert table.row_count == 12 and [r.id for r in screen.rows] == ids[::-1]
        assert "Showing" not in plain(screen.query_one("#history-note"))
