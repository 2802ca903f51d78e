"""Helpers for the TUI tests: fixture paths, reading what widgets and screens show, finding the best option."""

from __future__ import annotations

from pathlib import Path

from textual.content import Content
from textual.pilot import Pilot
from textual.widget import Widget

from mi_trainer.analysis.paths import path_stats
from mi_trainer.engine.session import Session
from mi_trainer.tui.app import MiTrainerApp

FIXTURES = Path(__file__).parent / "fixtures"
LIBRARY = FIXTURES / "library"
PORCH = LIBRARY / "family" / "markup-porch.yaml"
SEED = 7


def plain(widget: Widget) -> str:
    """The text a Static-like widget shows, without styles."""
    content = getattr(widget, "content", None)
    if isinstance(content, Content):
        return content.plain
    return str(content if content is not None else widget.render())


def screen_text(app: MiTrainerApp) -> str:
    """Everything on screen, as the SVG screenshot carries it (spaces normalised)."""
    svg = app.export_screenshot()
    return svg.replace("&#160;", " ").replace("&amp;", "&").replace("&quot;", '"').replace("&#x27;", "'")


def best_plan(session: Session) -> list[int]:
    """Response indexes (as in the file) of the best path through the session's scenario."""
    return [resp.index for _, resp in path_stats(session.scenario).best.steps]


def number_of(session: Session, index: int) -> int:
    """The on-screen number of the response with this file index at the current turn."""
    return next(n for n, r in enumerate(session.options(), 1) if r.index == index)


async def settle(pilot: Pilot[int]) -> None:
    """Wait until the app has read its scenario library and checked for a session to resume (it does both in
    the background after the first paint)."""
    app = pilot.app
    for _ in range(2000):
        if getattr(app, "loaded", True) and getattr(app, "resume_checked", True):
            break
        await pilot.pause(0.005)
    await pilot.pause()
