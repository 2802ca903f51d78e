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
