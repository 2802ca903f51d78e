"""One live copy of a session: the lease while a conversation is on screen, resuming the one already open,
a session held by another window, and a conversation that reached its ending always recorded as finished."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import DataTable

from mi_trainer.store import open_store
from mi_trainer.store.lease import new_owner
from mi_trainer.tui.screens.conversation import ConversationScreen
from mi_trainer.tui.screens.history import HistoryScreen
from mi_trainer.tui.screens.library import LibraryScreen
from mi_trainer.tui.screens.report import ReportScreen
from tui.support import LIBRARY, best_plan, number_of, plain, settle
from tui.test_history import SIZE, record


def conversations(app: Any) -> list[ConversationScreen]:
    return [s for s in app.screen_stack if isinstance(s, ConversationScreen)]


async def test_the_session_on_screen_holds_a_lease_released_on_leave(make_app: Any, store_path: Path) -> None:
    stopped = record(store_path, finish=False)
    app = make_app(library_folder=LIBRARY, offer_resume=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("h", "enter")
        assert isinstance(app.screen, ConversationScreen)
        with open_store(store_path) as other:
            row = other.get_session(stopped.session_id)
            assert row.lease_owner is not None and row.leased_elsewhere(new_owner())
        await pilot.press("escape")
        await settle(pilot)
        with open_store(store_path) as other:
            assert other.get_session(stopped.session_id).lease_owner is None


async def test_resuming_the_conversation_on_screen_goes_back_to_it(make_app: Any, store_path: Path) -> None:
    stopped = record(store_path, finish=False)
    app = make_app(library_folder=LIBRARY, offer_resume=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("h", "enter")
        first = app.screen
        assert isinstance(first, ConversationScreen)
        app.action_history()  # History from the palette, over the conversation
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        table = app.screen.query_one("#sessions", DataTable)
        assert table.row_count == 1
        await pilot.press("enter")  # the unfinished row: the conversation already on screen
        await settle(pilot)
        assert app.screen is first and conversations(app) == [first]
        assert app.practice is first.practice and app.practice.session_id == stopped.session_id
        notes = [n.message for n in app._notifications]
        assert any("already open" in n for n in notes) and not any("another window" in n for n in notes), notes
        # playing on from here finishes the one session, recorded once as finished
        session = app.practice.session
        for index in best_plan(session)[1:]:
            await pilot.press(str(number_of(session, index)), "c")
        assert isinstance(app.screen, ReportScreen)
    with open_store(store_path) as store:
        (row,) = store.list_sessions()
        assert row.status == "ended" and row.lease_owner is None


async def test_a_session_live_in_another_window_is_refused_with_a_clear_note(make_app: Any, store_path: Path) -> None:
    stopped = record(store_path, finish=False)
    holder = new_owner()
    with open_store(store_path) as other:
        other.acquire_lease(stopped.session_id, holder, ttl=120)
        other._leases.clear()  # keep it held after this store closes, as another live process would
    app = make_app(library_folder=LIBRARY)  # offer_resume on: a session live elsewhere is not offered
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("h", "enter")
        await settle(pilot)
        assert not conversations(app)
        notes = [n.message for n in app._notifications]
        assert any("open in another window or tab" in n for n in notes), notes
    with open_store(store_path) as store:
        row = store.get_session(stopped.session_id)
        assert row.lease_owner == holder and row.turn_count == 1 and row.status == "active"


async def test_leaving_at_the_ending_still_records_the_session_as_finished(make_app: Any, store_path: Path) -> None:
    stopped = record(store_path, finish=False)
    app = make_app(library_folder=LIBRARY, offer_resume=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("h", "enter")
        session = app.practice.session
        plan = best_plan(session)[1:]
        for index in plan[:-1]:
            await pilot.press(str(number_of(session, index)), "c")
        await pilot.press(str(number_of(session, plan[-1])))  # the last answer: the ending's feedback shows
        assert app.practice.ended
        await pilot.press("escape")  # leave without opening the report
        await settle(pilot)
        assert not conversations(app)
    with open_store(store_path) as store:
        row = store.get_session(stopped.session_id)
        assert row.status == "ended" and row.report is not None and row.lease_owner is None
        assert store.resumable_sessions() == []


async def test_a_history_locked_by_another_program_never_freezes_the_conversation(
    make_app: Any, store_path: Path
) -> None:
    import sqlite3

    from tui.support import plain

    stopped = record(store_path, finish=False)
    app = make_app(library_folder=LIBRARY, offer_resume=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("h", "enter")
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        session = app.practice.session
        blocker = sqlite3.connect(store_path, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")  # another program holds the history's write lock
        # the app waits a quarter of a second for a lock (a command-line run waits 10 s), then holds the turn
        assert app.store._db._conn.execute("PRAGMA busy_timeout").fetchone()[0] == 250
        await pilot.press(str(number_of(session, best_plan(session)[1])))
        assert "saving…" in plain(screen.query_one("#status"))
        notes = [n.message for n in app._notifications]
        assert any(n.startswith("Saving…") for n in notes), notes
        blocker.execute("ROLLBACK")
        blocker.close()
        for _ in range(60):  # the background retry runs every 2 s
            await pilot.pause(0.1)
            if not app.practice.saver.pending:
                break
        await settle(pilot)
        assert app.practice.saver.pending == 0
        assert "saving…" not in plain(screen.query_one("#status"))
        assert any("Saved" in n.message for n in app._notifications)
    with open_store(store_path) as store:
        assert store.get_session(stopped.session_id).turn_count == 2


async def test_the_app_plays_on_a_postgresql_history(make_app: Any, pg_url: str) -> None:
    stopped = record(pg_url, finish=False)  # type: ignore[arg-type]
    app = make_app(library_folder=LIBRARY, offer_resume=False, store_path=pg_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("h", "enter")
        assert isinstance(app.screen, ConversationScreen)
        with open_store(pg_url) as other:
            assert other.get_session(stopped.session_id).leased_elsewhere(new_owner())
        session = app.practice.session
        for index in best_plan(session)[1:]:
            await pilot.press(str(number_of(session, index)), "c")
        assert isinstance(app.screen, ReportScreen)
    with open_store(pg_url) as store:
        row = store.get_session(stopped.session_id)
        assert row.status == "ended" and row.lease_owner is None and row.turn_count == len(session.results)


async def open_from_history(app: Any, pilot: Any) -> ConversationScreen:
    """History → Enter on the (only) unfinished row: the conversation it continues."""
    await settle(pilot)
    await pilot.press("h", "enter")
    assert isinstance(app.screen, ConversationScreen)
    return app.screen


async def test_a_hint_asked_before_a_break_is_shown_again_on_resume_and_counted_once(
    make_app: Any, store_path: Path
) -> None:
    stopped = record(store_path, finish=False)
    app = make_app(library_folder=LIBRARY, offer_resume=False)
    async with app.run_test(size=SIZE) as pilot:
        hint = (await open_from_history(app, pilot)).query_one("#hint")
        assert not hint.display
        await pilot.press("h", "h", "h")
        shown = plain(hint)
        assert hint.display and shown.startswith("Hint: Try")
        assert app.practice.session.state.hints == 1
    again = make_app(library_folder=LIBRARY, offer_resume=False)  # the window closed; opened again later
    async with again.run_test(size=SIZE) as pilot:
        hint = (await open_from_history(again, pilot)).query_one("#hint")
        assert again.practice.session_id == stopped.session_id
        assert hint.display and plain(hint) == shown
        await pilot.press("h")
        assert again.practice.session.state.hints == 1
