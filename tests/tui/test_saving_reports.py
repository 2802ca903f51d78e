"""Saving a report asks where, remembers the folder, says where in words, and never makes -2 copies (issue 12)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from textual.widgets import Input

from mi_trainer.tui.export import export_folder
from mi_trainer.tui.screens.report import ReportScreen
from mi_trainer.tui.screens.save import SaveScreen
from mi_trainer.tui.settings import default_save_folder
from tui.support import PORCH, plain, settle

SIZE = (80, 24)


async def finish(app: Any, pilot: Any) -> None:
    await settle(pilot)
    await pilot.press("s")
    while not app.practice.ended:
        await pilot.press("1", "c")
    if not isinstance(app.screen, ReportScreen):
        await pilot.press("c")
    assert isinstance(app.screen, ReportScreen)


async def test_a_stray_s_only_asks_and_saving_twice_keeps_one_file_in_a_remembered_folder(
    make_app: Any, tmp_path: Path
) -> None:
    app = make_app(scenario=str(PORCH), export_dir=None)
    chosen = tmp_path / "my reports"
    async with app.run_test(size=SIZE) as pilot:
        await finish(app, pilot)
        await pilot.press("s")
        assert isinstance(app.screen, SaveScreen)
        assert app.screen.query_one(Input).value == str(default_save_folder())
        await pilot.press("escape")  # cancelled: nothing written anywhere
        assert isinstance(app.screen, ReportScreen) and not chosen.exists()
        await pilot.press("s")
        app.screen.query_one(Input).value = str(chosen)
        await pilot.press("enter")
        await pilot.press("s", "enter")  # the same report again: the same file, replaced
        files = sorted(chosen.iterdir())
        assert [f.name for f in files] == [f"mi-report-fixture-porch-{app.practice.session_id[:8]}.md"]
        saved = plain(app.screen.query_one("#saved"))
        assert "Saved in" in saved and files[0].name in saved
    remembered = json.loads((tmp_path / "settings.json").read_text(encoding="utf-8"))
    assert remembered["save_folder"] == str(chosen)
    again = make_app(scenario=str(PORCH), export_dir=None)
    async with again.run_test(size=SIZE) as pilot:
        await finish(again, pilot)
        await pilot.press("j")
        assert again.screen.query_one(Input).value == str(chosen)


async def test_a_folder_that_cannot_be_used_is_said_in_one_line(make_app: Any, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    app = make_app(scenario=str(PORCH), export_dir=None)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await finish(app, pilot)
        await pilot.press("s")
        app.screen.query_one(Input).value = str(blocker / "inside")
        await pilot.press("enter")
        notes = [n.message for n in app._notifications]
        assert any(n.startswith("Could not save the report in") and "Try another folder" in n for n in notes)


def test_the_default_folder_is_documents_mi_trainer() -> None:
    assert export_folder() == default_save_folder() and default_save_folder().name == "mi-trainer"


async def test_the_palette_screenshot_goes_to_the_save_folder_or_says_why_not(make_app: Any, tmp_path: Path) -> None:
    app = make_app(scenario=str(PORCH))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        app.settings = app.settings.with_(save_folder=str(tmp_path / "pictures"))
        app.deliver_screenshot()
        assert len(list((tmp_path / "pictures").glob("mi-trainer*.svg"))) == 1
        blocked = tmp_path / "a-file"
        blocked.write_text("x", encoding="utf-8")
        app.settings = app.settings.with_(save_folder=str(blocked))
        app.deliver_screenshot()
        await pilot.pause()
        notes = [n.message for n in app._notifications]
        assert any(n.startswith("Saved a picture of the screen as mi-trainer") for n in notes)
        assert any(n.startswith("Could not save the screenshot in") for n in notes)


async def test_in_a_browser_tab_saving_downloads_the_report_and_writes_nothing_on_the_server(
    make_app: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    """Under `serve` the app runs on the instructor's machine: a trainee's report goes to their browser."""
    app = make_app(scenario=str(PORCH), export_dir=None)
    delivered: list[tuple[str, str | None, str | None]] = []

    def deliver_text(file: Any, *, save_filename: str | None = None, mime_type: str | None = None, **_: Any) -> str:
        delivered.append((file.read(), save_filename, mime_type))
        return "key"

    monkeypatch.setattr(type(app), "is_web", property(lambda self: True))
    monkeypatch.setattr(app, "deliver_text", deliver_text)
    async with app.run_test(size=SIZE) as pilot:
        await finish(app, pilot)
        await pilot.press("s")
        assert isinstance(app.screen, ReportScreen)  # no folder question: there is no folder to choose
        await pilot.press("j")
        await pilot.pause()
        note = plain(app.screen.query_one("#saved"))
    (md, md_name, md_mime), (js, js_name, js_mime) = delivered
    assert md.startswith("# MI practice report") and md_name and md_name.endswith(".md") and md_mime == "text/markdown"
    assert json.loads(js) == app.last_report and js_name and js_name.endswith(".json") and js_mime == "application/json"
    assert "browser" in note and js_name in note
    assert not list(tmp_path.rglob("mi-report-*"))
