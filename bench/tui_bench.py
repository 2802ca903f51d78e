"""TUI timing: start-up to the first interactive screen, and keypress to feedback, each against a minimal Textual app.

Run:  python bench/tui_bench.py [--runs N]
Start-up is measured in fresh interpreters (imports included) from spawning the process to the moment the
first screen is ready for keys; the keypress figure is measured in-process with Textual's headless pilot.
Targets: start-up ratio <= 1.5x a minimal Textual app; feedback shown well under 100 ms after the key.
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


if which == "minimal":
    from textual.app import App
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


def start_once(which: str, store: str) -> tuple[float, float, float, float]:
    """Seconds from spawning the process to the first interactive screen and to the scenario list filled,
    as wall time and as the process's CPU time (steadier on a shared machine)."""
    t0 = time.time()
    out = subprocess.run(
        [sys.executable, "-c", CHILD, which, store], capture_output=True, text=True, env=dict(os.environ), check=True
    ).stdout
    marks = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line[:1].isupper()}
    first, filled = marks["FIRST"], marks["FILLED"]
    return float(first[0]) - t0, float(filled[0]) - t0, float(first[1]), float(filled[1])


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
        start_once("app", store)  # warm the file cache and create the store
        minimal, first, filled, minimal_cpu, first_cpu, filled_cpu = [], [], [], [], [], []
        for _ in range(args.runs):
            mw, _, mc, _ = start_once("minimal", store)
            a, b, ac, bc = start_once("app", store)
            minimal.append(mw)
            first.append(a)
            filled.append(b)
            minimal_cpu.append(mc)
            first_cpu.append(ac)
            filled_cpu.append(bc)
        med = statistics.median
        m, a, b = med(minimal), med(first), med(filled)
        mc, ac, bc = med(minimal_cpu), med(first_cpu), med(filled_cpu)
        print(
            f"start-up   minimal Textual app {m * 1000:6.1f} ms   mi-trainer first screen {a * 1000:6.1f} ms"
            f"   ratio {a / m:.2f}x (target <= 1.5x)"
        )
        print(f"           first scenario listed {b * 1000:6.1f} ms   ratio {b / m:.2f}x")
        print(
            f"  CPU      minimal {mc * 1000:6.1f} ms   first screen {ac * 1000:6.1f} ms ({ac / mc:.2f}x)"
            f"   first scenario listed {bc * 1000:6.1f} ms ({bc / mc:.2f}x)"
        )
        key_min = statistics.median(asyncio.run(minimal_keypress(args.runs * 3)))
        key_app = statistics.median(asyncio.run(feedback_keypress(args.runs, Path(tmp) / "keys.sqlite3")))
        print(
            f"keypress   minimal label update {key_min * 1000:6.1f} ms   "
            f"answer -> feedback shown {key_app * 1000:6.1f} ms   ratio {key_app / key_min:.2f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
