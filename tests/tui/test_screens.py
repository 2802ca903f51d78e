"""Library filters and search, the command palette, markup shown literally, themes, notices, glossary."""

from __future__ import annotations

import io
from typing import Any

import pytest
from rich.console import Console
from textual.widgets import Input, OptionList, Select

from mi_trainer.errors import ScenarioNotFoundError
from mi_trainer.tui.app import DARK, LIGHT
from mi_trainer.tui.launch import run_app
from mi_trainer.tui.screens.briefing import BriefingScreen
from mi_trainer.tui.screens.glossary import GlossaryScreen
from mi_trainer.tui.screens.library import LibraryScreen
from tui.support import LIBRARY, plain, screen_text, settle

SIZE = (100, 30)


def listed(app: Any) -> list[str]:
    """The library list's rows as plain text (headings are Content, scenarios a hanging row)."""
    options = app.screen.query_one("#scenarios", OptionList)
    rows = []
    for i in range(options.option_count):
        console = Console(width=200, file=io.StringIO(), record=True)
        console.print(options.get_option_at_index(i).prompt)
        rows.append(console.export_text().strip())
    return rows


async def test_library_groups_by_audience_and_filters(make_app: Any) -> None:
    app = make_app(library_folder=LIBRARY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        shown = listed(app)
        assert shown[0].startswith("── Family and friends") and any("Peer recovery" in s for s in shown)
        assert len(app.screen.shown) == 2
        app.screen.query_one("#audience", Select).value = "peer"
        await pilot.pause()
        assert len(app.screen.shown) == 1 and "outreach van" in listed(app)[1]
        app.screen.query_one("#audience", Select).clear()
        app.screen.query_one("#level", Select).value = 1
        await pilot.pause()
        assert len(app.screen.shown) == 1 and "porch" in listed(app)[1]
        app.screen.query_one("#level", Select).clear()
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"van")
        await pilot.pause()
        assert len(app.screen.shown) == 1
        await pilot.press(*"zzz")
        await pilot.pause()
        assert app.screen.shown == [] and "No scenario matches" in listed(app)[0]


async def test_enter_opens_the_briefing_with_client_goals_and_scoring(make_app: Any) -> None:
    app = make_app(library_folder=LIBRARY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        assert isinstance(app.screen, BriefingScreen)
        text = plain(app.screen.query_one("#briefing-text"))
        for part in (
            "Name: Robin, 30",
            "in two minds about change (contemplation)",
            "What matters to them",
            "Who you are: Robin's older sister",
            "Skills to practise",
            "How scoring works",
        ):
            assert part in text
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)


async def test_markup_in_scenario_text_is_shown_literally(make_app: Any) -> None:
    app = make_app(library_folder=LIBRARY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "[bold]x[/bold]" in plain(app.screen.query_one("#description-text"))
        assert "[bold]x[/bold]" in screen_text(app)
        await pilot.press("enter")
        text = plain(app.screen.query_one("#briefing-text"))
        assert "[red]we need to talk[/red]" in text and "[i]keeping busy[/i]" in text
        await pilot.press("s")
        lines = [plain(w) for w in app.screen.query("#transcript .line")]
        assert lines == ["Robin: “I know, I know. You saw the [bold]x[/bold] bottles in the recycling.”"]
        assert "[bold]x[/bold]" in screen_text(app)
        await pilot.press("1")
        assert "[bold]x[/bold] stays literal" in plain(app.screen.query_one("#fb-body"))


async def test_command_palette_finds_a_scenario(make_app: Any) -> None:
    app = make_app(library_folder=LIBRARY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"outreach van")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        assert app.screen.compiled.scenario.id == "fixture-van"


async def test_theme_key_glossary_and_help(make_app: Any) -> None:
    app = make_app(library_folder=LIBRARY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == DARK
        await pilot.press("t")
        assert app.theme == LIGHT
        await pilot.press("question_mark")
        assert isinstance(app.screen, GlossaryScreen)
        text = screen_text(app)
        assert "Words you will meet" in text and "OARS" in text
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)


async def test_store_notice_and_disclaimer_are_shown(make_app: Any, store_path: Any) -> None:
    store_path.write_bytes(b"this is not a database" * 100)
    app = make_app(library_folder=LIBRARY)
    seen: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.pause()
        seen = [n.message for n in app._notifications]
        assert "A practice tool, not treatment" in screen_text(app)
    assert any("unreadable" in m for m in seen)


async def test_unknown_scenario_on_the_command_line_fails_before_the_app_opens() -> None:
    with pytest.raises(ScenarioNotFoundError):
        run_app(None, "no-such-scenario")


async def test_history_unavailable_still_lets_you_practise(make_app: Any, tmp_path: Any) -> None:
    app = make_app(library_folder=LIBRARY, store_path=tmp_path)  # a folder: cannot be a history file
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.store is None
        await pilot.press("enter", "s", "1")
        assert len(app.practice.session.results) == 1


async def test_after_picking_a_filter_enter_opens_a_scenario(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        select = app.screen.query_one("#audience", Select)
        select.focus()
        select.value = "family"
        await pilot.pause()
        assert app.focused is app.screen.query_one("#scenarios", OptionList)
        await pilot.press("down", "enter")
        assert isinstance(app.screen, BriefingScreen)
        assert app.screen.compiled.scenario.audience.value == "family"


async def test_the_list_comes_in_the_first_frame_and_the_filters_just_after(store_path: Any, tmp_path: Any) -> None:
    """With every file in the cache the first frame lists the scenarios; the filters are mounted a frame
    later (a lighter first frame), and then work as ever."""
    from mi_trainer.tui.app import MiTrainerApp

    warm = MiTrainerApp(library_folder=LIBRARY, store_path=store_path, export_dir=tmp_path)
    async with warm.run_test(size=SIZE) as pilot:  # fills the scenario cache
        await settle(pilot)

    seen: dict[str, Any] = {}

    class Watched(MiTrainerApp):
        def on_mount(self) -> None:  # runs before MiTrainerApp.on_mount (handlers run along the MRO)
            self.call_after_refresh(self.first_frame)

        def first_frame(self) -> None:
            seen["selects"] = len(self.screen.query(Select))
            seen["listed"] = len(getattr(self.screen, "shown", []))

    app = Watched(library_folder=LIBRARY, store_path=store_path, export_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert seen == {"selects": 0, "listed": 2}
        assert [s.id for s in app.screen.query(Select)] == ["audience", "level", "skill"]
        assert len(app.screen.shown) == 2
        app.screen.query_one("#audience", Select).value = "peer"
        await pilot.pause()
        assert len(app.screen.shown) == 1


async def test_quitting_in_the_first_frame_is_clean(store_path: Any, tmp_path: Any) -> None:
    """A quit before the filters are mounted ends normally (no MountError on the closing screen)."""
    from mi_trainer.tui.app import MiTrainerApp

    class Quick(MiTrainerApp):
        def on_mount(self) -> None:
            self.call_after_refresh(self.exit, 0)

    app = Quick(library_folder=LIBRARY, store_path=store_path, export_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
    assert app.return_code == 0
