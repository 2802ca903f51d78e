"""Regenerate the SVG screenshots in docs/images/ used by docs/user-guide.md.

Run from the repository root:  python tests/tui/screenshots.py
Uses the shipped scenarios, a fixed seed and a throw-away history in a temporary folder.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot

from mi_trainer.analysis.paths import path_stats
from mi_trainer.engine.session import Mode
from mi_trainer.loading.library import resolve_scenario
from mi_trainer.store import open_store
from mi_trainer.tui.app import LIGHT, MiTrainerApp
from mi_trainer.tui.practice import Practice

ROOT = Path(__file__).resolve().parents[2]
IMAGES = ROOT / "docs" / "images"
Steps = Callable[[Pilot[int]], Awaitable[None]]


async def settle(pilot: Pilot[int]) -> None:
    while not getattr(pilot.app, "loaded", True):
        await pilot.pause(0.01)
    await pilot.pause()


def seed_history(store_path: Path) -> None:
    """Three finished sessions (worst, mixed, best) and one unfinished, so history and trends have data."""
    compiled = resolve_scenario("family-sunday-kitchen")
    stats = path_stats(compiled.scenario)
    with open_store(store_path) as store:
        for seed, path in ((1, stats.worst), (2, stats.best), (3, stats.best)):
            practice = Practice.start(compiled, Mode.PRACTICE, store, seed=seed)
            for _, response in path.steps:
                number = next(n for n, r in enumerate(practice.session.options(), 1) if r.index == response.index)
                practice.choose(number)
            practice.finish()


async def shoot(
    name: str,
    steps: Steps,
    *,
    size: tuple[int, int] = (100, 30),
    store: Path,
    light: bool = False,
    scenario: str | None = None,
) -> None:
    app = MiTrainerApp(store_path=store, scenario=scenario, seed=11, offer_resume=False)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        if light:
            app.theme = LIGHT
        await steps(pilot)
        await pilot.pause()
        app.save_screenshot(filename=f"{name}.svg", path=str(IMAGES))
    print(f"wrote docs/images/{name}.svg")


def keys(*presses: str) -> Steps:
    async def run(pilot: Pilot[int]) -> None:
        for key in presses:
            await pilot.press(key)

    return run


async def main() -> int:
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "history.sqlite3"
        seed_history(store)
        await shoot("history", keys("h"), store=store)
        await shoot("report", keys("h", "down", "enter"), store=store)
        await shoot("library", keys(), store=store)
        await shoot("briefing", keys(), store=store, scenario="family-sunday-kitchen")
        await shoot("feedback-family", keys("s", "2"), store=store, scenario="family-sunday-kitchen")
        await shoot("feedback-peer", keys("s", "1"), store=store, scenario="peer-first-meeting")
        await shoot("conversation-80x24", keys("s"), size=(80, 24), store=store, scenario="family-sunday-kitchen")
        await shoot("glossary", keys("question_mark"), store=store)
        await shoot("classroom-light", keys("a", "s"), store=store, light=True, scenario="classroom-warmup-reflections")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
