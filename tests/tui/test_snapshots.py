"""Snapshots of the main screens (fixed seed, fixture library, empty temporary history)."""

from __future__ import annotations

from typing import Any

from tui.support import LIBRARY, settle

WIDE, NARROW = (100, 30), (80, 24)


def shot(snap_compare: Any, make_app: Any, press: list[str], size: tuple[int, int] = WIDE) -> bool:
    result: bool = snap_compare(make_app(library_folder=LIBRARY), press=press, terminal_size=size, run_before=settle)
    return result


def test_library_100x30(snap_compare: Any, make_app: Any) -> None:
    assert shot(snap_compare, make_app, [])


def test_briefing_100x30(snap_compare: Any, make_app: Any) -> None:
    assert shot(snap_compare, make_app, ["enter"])


def test_feedback_100x30(snap_compare: Any, make_app: Any) -> None:
    assert shot(snap_compare, make_app, ["enter", "s", "3"])


def test_report_100x30(snap_compare: Any, make_app: Any) -> None:
    assert shot(snap_compare, make_app, ["enter", "s", "1", "c", "1", "c"])


def test_feedback_80x24(snap_compare: Any, make_app: Any) -> None:
    assert shot(snap_compare, make_app, ["enter", "s", "2"], NARROW)


def test_library_80x24(snap_compare: Any, make_app: Any) -> None:
    assert shot(snap_compare, make_app, [], NARROW)


# 80×24 is first-class: every screen at that size (issue 12)
def test_briefing_80x24(snap_compare: Any, make_app: Any) -> None:
    assert shot(snap_compare, make_app, ["enter"], NARROW)


def test_choices_80x24(snap_compare: Any, make_app: Any) -> None:
    assert shot(snap_compare, make_app, ["enter", "s"], NARROW)


def test_report_80x24(snap_compare: Any, make_app: Any) -> None:
    assert shot(snap_compare, make_app, ["enter", "s", "1", "c", "1", "c"], NARROW)


def test_glossary_80x24(snap_compare: Any, make_app: Any) -> None:
    assert shot(snap_compare, make_app, ["question_mark"], NARROW)


def fixed_history(store_path: Any, monkeypatch: Any) -> None:
    """Two finished sessions and an interrupted one, at fixed times in a fixed zone (snapshots must not move)."""
    import sqlite3
    import time

    from tui.test_history import record

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    record(store_path, finish=True, seed=1)
    record(store_path, finish=True, seed=2)
    record(store_path, finish=False, seed=3)
    conn = sqlite3.connect(store_path)
    with conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM sessions ORDER BY started_at")]
        for n, sid in enumerate(ids):
            at = f"2026-11-0{n + 2}T18:3{n}:00+00:00"
            conn.execute(
                "UPDATE sessions SET started_at = ?, updated_at = ?,"
                " ended_at = CASE WHEN ended_at IS NULL THEN NULL ELSE ? END, trainee = ? WHERE id = ?",
                (at, at, at, "Maria Lopez" if n else "", sid),
            )
    conn.close()


def test_history_80x24(snap_compare: Any, make_app: Any, store_path: Any, monkeypatch: Any) -> None:
    fixed_history(store_path, monkeypatch)
    app = make_app(library_folder=LIBRARY, offer_resume=False)
    assert snap_compare(app, press=["h"], terminal_size=NARROW, run_before=settle)


def test_resume_offer_80x24(snap_compare: Any, make_app: Any, store_path: Any, monkeypatch: Any) -> None:
    fixed_history(store_path, monkeypatch)
    assert snap_compare(make_app(library_folder=LIBRARY), terminal_size=NARROW, run_before=settle)


def test_demo_80x24(snap_compare: Any, make_app: Any) -> None:
    assert shot(snap_compare, make_app, ["enter", "d"], NARROW)


def test_write_your_own_80x24(snap_compare: Any, make_app: Any) -> None:
    assert shot(snap_compare, make_app, ["enter", "s", "w", *"you feel torn"], NARROW)


def test_conversation_end_80x24(snap_compare: Any, make_app: Any) -> None:
    """The fixture porch ends after two answers: the last feedback, the ending and the way on to the report."""
    assert shot(snap_compare, make_app, ["enter", "s", "1", "c", "1"], NARROW)
