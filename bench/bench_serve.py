"""`mi-trainer serve` under a class: N concurrent browser sessions, each playing a scripted scenario to its report.

Run:  python bench/bench_serve.py [--sessions 5,10,25] [--think 1.5] [--seed 1]
One Debian chromium (/usr/bin/chromium, never a download) with one browser context per trainee drives a real
`mi-trainer serve` on 127.0.0.1. Every trainee signs in, opens the first classroom drill, and answers option 1
then Continue until the report, pausing a randomised think time (think × 0.5…1.5 s) before each key, as a
person reading the feedback would. Measured:
  - memory per session: resident set size (RSS) of each tab's app process, sampled while all are playing;
  - keypress → feedback: from the key leaving Playwright to the websocket frame that completes the feedback
    panel's "Why it matters" line (its third), p50/p95 over every answer of every trainee;
  - turns lost: answers given in the browser minus turns in the store (and sessions not ended).
Target: 25 concurrent trainees, p95 <= 500 ms, 0 turns lost. Not a test: figures go to docs/performance.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from serve.support import CHROMIUM, FLAGS, ScreenText, browser_missing, plain, served

FEEDBACK = "Why it matters"
REPORT = "MITI 4.2.1 summary"


def rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


TICK = os.sysconf("SC_CLK_TCK")


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of one process so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK
    except (OSError, IndexError, ValueError):
        return 0.0


def machine_busy_s() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, every core together."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    return (sum(fields) - idle) / TICK, sum(fields) / TICK


def process_table() -> dict[int, tuple[int, float]]:
    """pid → (parent pid, CPU seconds so far) for every process."""
    table = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                table[int(entry)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK)
            except (OSError, IndexError, ValueError):
                continue
    return table


def descendants(table: dict[int, tuple[int, float]], root: int) -> set[int]:
    out, frontier = set(), {root}
    while frontier:
        frontier = {pid for pid, (ppid, _) in table.items() if ppid in frontier} - out
        out |= frontier
    return out


def children_of(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    out.append(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    return out


class Trainee:
    def __init__(self, name: str, rng: random.Random, think: float) -> None:
        self.name, self.rng, self.think = name, rng, think
        self.screen = ScreenText()
        self.latencies: list[float] = []
        self.answers = 0
        self.reached_report = False
        self.error = ""

    async def wait_any(self, texts: tuple[str, ...], mark: int, timeout: float = 60.0) -> str:
        """The first of `texts` drawn after `mark`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen.since(mark)
            for text in texts:
                if text in shown:
                    return text
            await asyncio.sleep(0.02)
        raise TimeoutError(f"{self.name}: none of {texts!r} drawn within {timeout:.0f}s")

    async def wait_for(self, text: str, mark: int, timeout: float = 60.0) -> float:
        """The monotonic time of the frame with which `text` was complete on screen after `mark`."""
        deadline = time.monotonic() + timeout
        index, offset, shown = 0, 0, ""
        while time.monotonic() < deadline:
            frames = self.screen.frames
            while index < len(frames):
                stamp, data = frames[index]
                index += 1
                offset += len(data)
                if offset <= mark:
                    continue
                part = data[max(0, len(data) - (offset - mark)) :]
                shown = shown[-len(text) :] + plain(part)
                if text in shown:
                    return stamp
            await asyncio.sleep(0.01)
        dump = Path(tempfile.gettempdir()) / f"bench_serve-{self.name.replace(' ', '_')}.txt"
        dump.write_text(self.screen.text, encoding="utf-8")
        raise TimeoutError(f"{self.name}: {text!r} not drawn within {timeout:.0f}s (screen so far: {dump})")

    async def pause(self) -> None:
        await asyncio.sleep(self.think * self.rng.uniform(0.5, 1.5))

    async def quiet(self, gap: float = 0.25) -> None:
        while self.screen.frames and time.monotonic() - self.screen.frames[-1][0] < gap:
            await asyncio.sleep(0.03)

    async def play(self, press: Any) -> None:
        """The scripted trainee: open the first classroom drill, answer 1 and continue until the report."""
        await self.wait_for("Classroom drills", 0)
        await self.quiet()
        mark = self.screen.mark()
        await press("Enter")
        await self.wait_for("Start (s)", mark)
        mark = self.screen.mark()
        await press("s")
        await self.wait_for("1-9", mark)
        after_continue = -1  # where the last Continue's frames start (the report may follow it)
        for _ in range(40):
            await self.pause()
            await self.quiet()
            mark = self.screen.mark()
            pressed = time.monotonic()
            await press("1")
            # "1-9" can flash up just before the report, so the report is also looked for after that Continue
            while True:
                if after_continue >= 0 and REPORT in self.screen.since(after_continue):
                    self.reached_report = True
                    return
                if FEEDBACK in self.screen.since(mark):
                    break
                if time.monotonic() - pressed > 60:
                    raise TimeoutError(f"{self.name}: no feedback within 60 s")
                await asyncio.sleep(0.01)
            self.latencies.append(await self.wait_for(FEEDBACK, mark) - pressed)
            self.answers += 1
            await self.pause()
            after_continue = self.screen.mark()
            await press("c")
            if await self.wait_any((REPORT, "1-9"), after_continue) == REPORT:
                self.reached_report = True
                return
            await self.quiet()

    async def run_browser(self, browser: Any, url: str) -> None:
        context = await browser.new_context(viewport={"width": 1100, "height": 720})
        context.set_default_timeout(120_000)  # a starved machine is measured, not failed
        try:
            page = await context.new_page()
            page.on("websocket", self.screen._on_socket)
            await page.goto(url)
            await page.fill("#name", self.name)
            async with page.expect_navigation():
                await page.click("button[type=submit]")
            await self.wait_for("Classroom drills", 0)
            await page.click("#terminal")
            await self.play(page.keyboard.press)
        except Exception as exc:  # a failed trainee is reported, not hidden
            self.error = f"{type(exc).__name__}: {exc}"
        finally:
            await context.close()

    async def run_raw(self, url: str) -> None:
        """The same trainee without a browser: textual-serve's websocket protocol spoken directly."""
        import aiohttp

        keys = {"Enter": "\r"}
        try:
            async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
                async with http.post(url + "enter", data={"name": self.name}, allow_redirects=False) as r:
                    assert r.status == 303, r.status
                async with http.ws_connect(url.replace("http", "ws") + "ws?width=110&height=34") as ws:

                    async def read() -> None:
                        async for msg in ws:
                            if msg.type == aiohttp.WSMsgType.BINARY:
                                self.screen._on_frame(msg.data)

                    reader = asyncio.create_task(read())

                    async def press(key: str) -> None:
                        await ws.send_str(json.dumps(["stdin", keys.get(key, key)]))

                    try:
                        await self.play(press)
                    finally:
                        reader.cancel()
        except Exception as exc:
            self.error = f"{type(exc).__name__}: {exc}"


async def one_run(n: int, think: float, seed: int, client: str) -> dict[str, Any]:
    from playwright.async_api import async_playwright

    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "class.sqlite3"
        with served(store) as server:
            async with async_playwright() as p:
                browser = await p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
                trainees = [Trainee(f"Trainee {i + 1:02d}", random.Random(seed * 1000 + i), think) for i in range(n)]
                samples: list[list[int]] = []
                server_rss: list[int] = []

                app_cpu: dict[int, float] = {}
                server_cpu = [0.0]
                browser_cpu: dict[int, float] = {}

                async def sample() -> None:
                    while True:
                        kids = children_of(server.process.pid)
                        for k in kids:
                            app_cpu[k] = max(app_cpu.get(k, 0.0), cpu_s(k))
                        server_cpu[0] = cpu_s(server.process.pid)
                        table = process_table()
                        for pid in descendants(table, os.getpid()) - descendants(table, server.process.pid):
                            if pid != server.process.pid:
                                browser_cpu[pid] = max(browser_cpu.get(pid, 0.0), table[pid][1])
                        if kids:
                            samples.append([rss_kib(k) for k in kids])
                            server_rss.append(rss_kib(server.process.pid))
                        await asyncio.sleep(0.5)

                sampler = asyncio.create_task(sample())
                busy0, total0 = machine_busy_s()
                bench0 = time.process_time()
                started = time.monotonic()
                if client == "browser":
                    await asyncio.gather(*(t.run_browser(browser, server.url) for t in trainees))
                else:
                    await asyncio.gather(*(t.run_raw(server.url) for t in trainees))
                wall = time.monotonic() - started
                busy1, total1 = machine_busy_s()
                bench_cpu = time.process_time() - bench0
                sampler.cancel()
                await browser.close()
            server.stop()
        if not store.exists():
            raise SystemExit("no session reached the store: " + "; ".join(t.error for t in trainees))
        db = sqlite3.connect(store)
        query = "SELECT trainee, COUNT(*) FROM turns JOIN sessions ON id = session_id GROUP BY trainee"
        stored = dict(db.execute(query))
        ended = {t for (t,) in db.execute("SELECT trainee FROM sessions WHERE status = 'ended'")}
        db.close()
    latencies = sorted(x for t in trainees for x in t.latencies)
    full = [s for s in samples if len(s) == max((len(s) for s in samples), default=0)]
    per_session = [statistics.mean(s) for s in full] or [0.0]
    answers = sum(t.answers for t in trainees)
    lost = sum(max(0, t.answers - stored.get(t.name, 0)) for t in trainees)
    for t in trainees:  # name every shortfall, with what that trainee's screen showed, to tell loss from miscount
        if t.answers > stored.get(t.name, 0):
            dump = Path(tempfile.gettempdir()) / f"bench_serve-lost-{t.name.replace(' ', '_')}.txt"
            dump.write_text(t.screen.text, encoding="utf-8")
            print(f"  {t.name}: {t.answers} answers seen, {stored.get(t.name, 0)} turns stored (screen: {dump})")
    return {
        "sessions": n,
        "answers": answers,
        "p50_ms": 1000 * statistics.median(latencies) if latencies else float("nan"),
        "p95_ms": 1000 * latencies[max(0, int(0.95 * len(latencies)) - 1)] if latencies else float("nan"),
        "max_ms": 1000 * latencies[-1] if latencies else float("nan"),
        "rss_mib_per_session": statistics.median(per_session) / 1024,
        "peak_live": max((len(s) for s in samples), default=0),
        "server_rss_mib": max(server_rss, default=0) / 1024,
        "turns_lost": lost,
        "not_ended": sum(1 for t in trainees if t.name not in ended),
        "errors": [f"{t.name}: {t.error}" for t in trainees if t.error],
        "wall_s": wall,
        "load": os.getloadavg()[0],
        "app_cpu_s": sum(app_cpu.values()),
        "server_cpu_s": server_cpu[0],
        "bench_cpu_s": bench_cpu,
        "browser_cpu_s": sum(browser_cpu.values()),
        "machine_busy": (busy1 - busy0) / max(total1 - total0, 1e-9),
        "machine_busy_s": busy1 - busy0,
    }


async def turn_cpu(turns: int = 4) -> None:
    """Where a turn's CPU goes inside one app: answer and continue in a headless pilot, split by cProfile."""
    import cProfile
    import pstats

    os.environ["MI_TRAINER_STORE"] = str(Path(tempfile.mkdtemp()) / "turns.sqlite3")
    from mi_trainer.tui.app import MiTrainerApp

    app = MiTrainerApp()
    async with app.run_test(size=(110, 34)) as pilot:
        while not app.loaded:
            await pilot.pause(0.01)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        answer = carry_on = 0.0
        profile = cProfile.Profile(time.process_time)  # CPU time, so waiting in select() counts for nothing
        for _ in range(turns):
            t = time.process_time()
            await pilot.press("1")
            await pilot.pause()
            answer += time.process_time() - t
            t = time.process_time()
            await pilot.press("c")
            await pilot.pause()
            carry_on += time.process_time() - t
        for _ in range(2):  # the same again under the profiler, for the split only
            profile.enable()
            await pilot.press("1")
            await pilot.pause()
            await pilot.press("c")
            await pilot.pause()
            profile.disable()
    stats = pstats.Stats(profile)
    total = sum(tt for (_cc, _nc, tt, _ct, _callers) in stats.stats.values())  # type: ignore[attr-defined]

    def share(fragment: str) -> float:
        own = sum(tt for (f, _l, _n), (_cc, _nc, tt, _ct, _c) in stats.stats.items() if fragment in f)  # type: ignore[attr-defined]
        return 100 * own / total

    print(f"CPU per answer {1000 * answer / turns:.0f} ms, per continue {1000 * carry_on / turns:.0f} ms (no profiler)")
    parts = {name: share(f"/{name}/") for name in ("textual", "rich", "mi_trainer", "networkx")}
    parts["sqlite3"] = share("sqlite3")
    rest = 100 - sum(parts.values())
    print(
        "own time under the profiler: "
        + ", ".join(f"{k} {v:.0f}%" for k, v in parts.items())
        + f", stdlib and built-ins (asyncio, re, weakref…) {rest:.0f}%"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", default="5,10,25", help="comma-separated concurrent session counts")
    parser.add_argument("--think", type=float, default=1.5, help="mean seconds a trainee waits before each key")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--client",
        choices=("browser", "raw"),
        default="browser",
        help="browser: chromium contexts (the whole path); raw: the websocket protocol without a browser (server only)",
    )
    parser.add_argument("--turn-cpu", action="store_true", help="only measure one app's CPU per turn, and its split")
    args = parser.parse_args()
    if args.turn_cpu:
        asyncio.run(turn_cpu())
        return 0
    if reason := browser_missing():
        print(f"bench_serve: {reason}", file=sys.stderr)
        return 1
    print(f"client {args.client}, think time {args.think:.1f} s (x0.5-1.5), {os.cpu_count()} CPUs")
    header = "sessions  answers  p50 ms  p95 ms  max ms  RSS/session MiB  server MiB  lost  not ended  wall s  load"
    print(header)
    for n in (int(x) for x in args.sessions.split(",")):
        r = asyncio.run(one_run(n, args.think, args.seed, args.client))
        print(
            f"{r['sessions']:>8}  {r['answers']:>7}  {r['p50_ms']:>6.0f}  {r['p95_ms']:>6.0f}  {r['max_ms']:>6.0f}  "
            f"{r['rss_mib_per_session']:>15.1f}  {r['server_rss_mib']:>10.1f}  {r['turns_lost']:>4}  "
            f"{r['not_ended']:>9}  {r['wall_s']:>6.1f}  {r['load']:>4.1f}",
            flush=True,
        )
        print(
            f"          CPU s: apps {r['app_cpu_s']:.1f} "
            f"({r['app_cpu_s'] / max(r['answers'], 1) * 1000:.0f} ms per answer "
            f"incl. start-up), server {r['server_cpu_s']:.1f}, browser {r['browser_cpu_s']:.1f}, "
            f"bench driver {r['bench_cpu_s']:.1f}; machine busy "
            f"{100 * r['machine_busy']:.0f}% ({r['machine_busy_s']:.0f} CPU s over {r['wall_s']:.0f} s, every process)"
        )
        for e in r["errors"]:
            print(f"    {e}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
