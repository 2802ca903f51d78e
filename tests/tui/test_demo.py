"""Demonstration mode in the TUI: from the briefing, the strongest route one turn at a time, nothing saved."""

from __future__ import annotations

from typing import Any

from mi_trainer.engine.demo import demonstration
from mi_trainer.loading.loader import load_scenario
from mi_trainer.tui.screens.briefing import BriefingScreen
from mi_trainer.tui.screens.demo import DemoScreen
from tui.support import LIBRARY, PORCH, plain, settle


async def test_d_on_the_briefing_plays_the_strongest_route_step_by_step(make_app: Any) -> None:
    steps = demonstration(load_scenario(PORCH))
    assert len(steps) >= 2
    app = make_app(library_folder=LIBRARY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        assert isinstance(app.screen, BriefingScreen)
        await pilot.press("d")
        assert isinstance(app.screen, DemoScreen)
        text = plain(app.screen.query_one("#demo-text"))
        assert steps[0].response in text and steps[1].response not in text
        assert f"Turn 1 of {len(steps)}" in text
        await pilot.press("space")
        text = plain(app.screen.query_one("#demo-text"))
        assert steps[1].response in text and "Why it works" in text
        for _ in steps:
            await pilot.press("space")
        text = plain(app.screen.query_one("#demo-text"))
        assert "How it ends: " + steps[-1].ending in text
        await pilot.press("left")
        assert "How it ends" not in plain(app.screen.query_one("#demo-text"))
        await pilot.press("escape")
        assert isinstance(app.screen, BriefingScreen)
