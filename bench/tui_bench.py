"""TUI timing: start-up to the first interactive screen, and keypress to feedback, each against a minimal Textual app.

Run:  python bench/tui_bench.py [--runs N]
Start-up is measured in fresh interpreters (imports included) from spawning the process to the moment the
first screen is ready for keys; the keypress figure is measured in-process with Textual's headless pilot.
Targets: the first scenario on screen <= 1.5x a minimal Textual app's first frame (the frame composed for the
terminal); feedback shown well under 100 ms after the key.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import ClassVar

CHILD = r"""
import sys, time
which, store = sys.argv[1], sys.argv[2]


LISTED = []


def listed(app):
    # the first scenario is listed when the library's option list holds an enabled option (with a warm cache
    # that is already so in the first frame; with a cold one the list fills from a thread)
    if not hasattr(app, "library"):
        return True
    from textual.widgets import OptionList

    lists = app.screen.query("#scenarios")
    return bool(lists) and any(not o.disabled for o in lists.first(OptionList).options)


def stamp(name):
    print(f"{name} {time.time():.6f} {time.process_time():.6f}", flush=True)


def first_paint(app):
    stamp("FIRST")  # first frame shown, keys taken
    if listed(app):
        stamp("FILLED")
        LISTED.append(True)


async def filled(pilot):
    await pilot.pause()  # the first frame's callback has run
    while not LISTED and not listed(pilot.app):
        await pilot.pause(0.002)
    if not LISTED:
        stamp("FILLED")
    pilot.app.exit()


from textual.app import App

_display = App._display


def displayed(self, screen, renderable):
    # a frame goes to the terminal (headless: the frame is composed, then dropped): the first one, and the
    # first one with a scenario listed, are what a user sees
    _display(self, screen, renderable)
    if renderable is None or getattr(self, "_batch_count", 0):
        return
    if "FRAME" not in SHOWN:
        SHOWN.add("FRAME")
        stamp("FRAME")
    if "LISTED" not in SHOWN and listed(self):
        SHOWN.add("LISTED")
        stamp("SHOWNLIST")


App._display = displayed
SHOWN = set()

if which == "minimal":
    from textual.widgets import Footer, Header, Label

    class Timed(App):
        def compose(self):
            yield Header()
            yield Label("hello")
            yield Footer()

        def on_mount(self):
            self.call_after_refresh(first_paint, self)
else:
    from pathlib import Path
    from mi_trainer.tui.app import MiTrainerApp

    class Timed(MiTrainerApp):
        def on_mount(self):  # Textual also runs MiTrainerApp.on_mount (handlers run along the MRO)
            self.call_after_refresh(first_paint, self)

app = Timed() if which == "minimal" else Timed(store_path=Path(store))
app.run(headless=True, size=(100, 30), auto_pilot=filled)
"""


MARKS = ("FRAME", "SHOWNLIST", "FIRST", "FILLED")


def start_once(which: str, store: str, cache: str) -> dict[str, tuple[float, float]]:
    """Seconds from spawning the process to each mark, as (wall time, the process's CPU time; steadier on a
    shared machine): FRAME the first frame composed for the terminal, SHOWNLIST the first frame with a
    scenario listed, FIRST the app settled after its first refresh (keys taken), FILLED the list filled."""
    # bytecode is written (the warm-up run writes it), as pip does when it installs the package: without it
    # every start would compile mi-trainer's modules from source (PYTHONDONTWRITEBYTECODE is set on some machines)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "MI_TRAINER_NO_CACHE")}
    env["MI_TRAINER_CACHE"] = cache  # the scenario cache: warm (filled by the warm-up run) or empty (cold)
    t0 = time.time()
    out = subprocess.run(
        [sys.executable, "-c", CHILD, which, store], capture_output=True, text=True, env=env, check=True
    ).stdout
    marks = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line[:1].isupper()}
    return {name: (float(marks[name][0]) - t0, float(marks[name][1])) for name in MARKS}


async def minimal_keypress(runs: int) -> list[float]:
    from textual.app import App, ComposeResult
    from textual.binding import BindingType
    from textual.widgets import Label

    class Counter(App[None]):
        BINDINGS: ClassVar[list[BindingType]] = [("1", "bump", "Bump")]
        n = 0

        def compose(self) -> ComposeResult:
            yield Label("0", id="n")

        def action_bump(self) -> None:
            self.n += 1
            self.query_one("#n", Label).update(str(self.n))

    times = []
    app = Counter()
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(runs):
            t0 = time.perf_counter()
            await pilot.press("1")
            times.append(time.perf_counter() - t0)
    return times


async def feedback_keypress(runs: int, store: Path) -> list[float]:
    from textual.widgets import ContentSwitcher

    from mi_trainer.tui.app import MiTrainerApp

    times = []
    for i in range(runs):
        app = MiTrainerApp(store_path=store, scenario="family-sunday-kitchen", seed=i, offer_resume=False)
        app.animation_level = "none"
        async with app.run_test(size=(100, 30)) as pilot:
            while not app.loaded:
                await pilot.pause(0.005)
            await pilot.pause()
            await pilot.press("s")
            t0 = time.perf_counter()
            await pilot.press("1")
            elapsed = time.perf_counter() - t0
            assert app.screen.query_one("#work", ContentSwitcher).current == "feedback"
            times.append(elapsed)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = str(Path(tmp) / "bench.sqlite3")
        cache = str(Path(tmp) / "cache")
        start_once("app", store, cache)  # fill the scenario cache, write the bytecode, create the store
        runs: dict[str, list[dict[str, tuple[float, float]]]] = {"minimal": [], "app": [], "cold": []}
        for n in range(args.runs):  # interleaved, so a change in the machine's speed hits all alike
            runs["minimal"].append(start_once("minimal", store, cache))
            runs["app"].append(start_once("app", store, cache))
            runs["cold"].append(start_once("app", store, str(Path(tmp) / f"cold-{n}")))

        def med(which: str, mark: str, kind: int) -> float:
            return statistics.median(r[mark][kind] for r in runs[which])

        base_wall, base_cpu = med("minimal", "FRAME", 0), med("minimal", "FRAME", 1)
        print(f"start-up (median of {args.runs}; ratios against a minimal Textual app's first frame)")
        print(
            f"  minimal Textual app, first frame       {base_wall * 1000:6.1f} ms wall  {base_cpu * 1000:6.1f} ms CPU"
        )
        for mark, label in (
            ("FRAME", "mi-trainer, first frame"),
            ("SHOWNLIST", "first scenario on screen (target)"),
            ("FIRST", "settled after the first refresh"),
        ):
            w, c = med("app", mark, 0), med("app", mark, 1)
            print(
                f"  {label:<38} {w * 1000:6.1f} ms wall  {c * 1000:6.1f} ms CPU"
                f"   {w / base_wall:.2f}x wall  {c / base_cpu:.2f}x CPU"
            )
        w, c = med("cold", "SHOWNLIST", 0), med("cold", "SHOWNLIST", 1)
        print(
            f"  {'first scenario on screen, cold cache':<38} {w * 1000:6.1f} ms wall  {c * 1000:6.1f} ms CPU"
            f"   {w / base_wall:.2f}x wall  {c / base_cpu:.2f}x CPU (the list fills from a thread)"
        )
        mw, mc = med("minimal", "FIRST", 0), med("minimal", "FIRST", 1)
        aw, ac = med("app", "FIRST", 0), med("app", "FIRST", 1)
        print(f"  settled, like for like (minimal {mw * 1000:.1f} ms): {aw / mw:.2f}x wall  {ac / mc:.2f}x CPU")
        key_min = statistics.median(asyncio.run(minimal_keypress(args.runs * 3)))
        key_app = statistics.median(asyncio.run(feedback_keypress(args.runs, Path(tmp) / "keys.sqlite3")))
        print(
            f"keypress   minimal label update {key_min * 1000:6.1f} ms   "
            f"answer -> feedback shown {key_app * 1000:6.1f} ms   ratio {key_app / key_min:.2f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
