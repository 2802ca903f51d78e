"""History at scale: 20,000 sessions (8 turns each) in SQLite and in PostgreSQL.

Run:  python bench/bench_history.py [--sessions N] [--pg URL] [--runs N]
Measures, for each backend: `mi-trainer history` (a fresh process: wall time and peak memory), the trends the
History screen draws (in-process), and the TUI History screen opening (Textual's headless pilot, from the key to
the table drawn). Baselines in the same run: a fresh `python -c pass` process (time and memory) and opening the
History screen over an empty history. Targets: `history` <= 0.5 s and <= 150 MB; History screen <= 0.5 s.
The PostgreSQL part runs in its own schema (dropped afterwards); it is skipped when no server answers.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
START = datetime(2025, 1, 1, tzinfo=UTC)
PG_DEFAULT = os.environ.get("MI_TRAINER_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


def real_report_and_state() -> tuple[str, str, list[tuple[Any, ...]]]:
    """A real report, final state and turns from playing a shipped scenario, so row sizes are realistic."""
    from mi_trainer.engine.report import build_report
    from mi_trainer.engine.session import Session
    from mi_trainer.loading.library import resolve_scenario
    from mi_trainer.store.recording import state_json

    session = Session(resolve_scenario("classroom-warmup-reflections"), seed=1)
    results = []
    while session.phase.value == "awaiting_choice":
        results.append(session.choose(1))
    report = build_report(session, trainee="Bench")
    turns = [
        (
            r.turn,
            r.node_id,
            r.chosen.index,
            r.chosen.say,
            json.dumps([k.value for k in r.chosen.skills]),
            json.dumps([c.value for c in r.chosen.codes]),
            r.points,
            json.dumps(r.state_after.as_dict()),
        )
        for r in results
    ]
    return json.dumps(report), state_json(session), turns


def fill(store: Any, sessions: int) -> None:
    """Insert `sessions` ended sessions of 8 turns each, in bulk, through the store's own connection."""
    report, state, real_turns = real_report_and_state()
    turns = (real_turns * 8)[:8]
    rows, turn_rows = [], []
    for n in range(sessions):
        sid = f"{n:08x}" + secrets.token_hex(12)
        day = (START + timedelta(minutes=n)).isoformat(timespec="microseconds")
        rows.append(
            (
                sid,
                "classroom-warmup-reflections",
                "Warm-up: simple or complex?",
                "classroom",
                "/s.yaml",
                "d",
                n,
                "practice",
                f"trainee {n % 25}",
                day,
                day,
                day,
                "ended",
                state,
                report,
                50.0 + n % 50,
                "plan",
                "positive",
            )
        )
        for i, t in enumerate(turns, 1):
            turn_rows.append((sid, i, *t[1:], day))
    cols = (
        "id, scenario_id, scenario_title, audience, scenario_path, scenario_digest, seed, mode, trainee,"
        " started_at, updated_at, ended_at, status, state_json, report_json, score, ending, valence"
    )
    tcols = "session_id, turn, node_id, response_index, say, skills, codes, points, state_after, created_at"
    db = store._db
    if store.dialect == "sqlite":
        conn = db._conn
        with conn:
            conn.execute("BEGIN")
            conn.executemany(f"INSERT INTO sessions ({cols}) VALUES ({', '.join('?' * 18)})", rows)
            conn.executemany(f"INSERT INTO turns ({tcols}) VALUES ({', '.join('?' * 10)})", turn_rows)
            conn.execute("COMMIT")
    else:
        conn = db._conn
        with conn.transaction(), conn.cursor() as cur:
            with cur.copy(f"COPY sessions ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            with cur.copy(f"COPY turns ({tcols}) FROM STDIN") as copy:
                for row in turn_rows:
                    copy.write_row(row)
        conn.execute("ANALYZE")


def child_run(argv: list[str]) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MB) and CPU seconds (user + system) of one fresh process."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{argv} failed: {proc.stderr.read().decode() if proc.stderr else ''}")
    return elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def best(samples: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    return min(s[0] for s in samples), statistics.median(s[1] for s in samples), min(s[2] for s in samples)


async def history_screen_open(where: str) -> tuple[float, float]:
    """Wall and CPU seconds from pushing the History screen to its table being drawn (mi-trainer's own app,
    headless; CPU is this process's, all threads)."""
    from mi_trainer.tui.app import MiTrainerApp
    from mi_trainer.tui.screens.history import HistoryScreen

    app = MiTrainerApp(store_path=where, offer_resume=False)
    async with app.run_test(size=(100, 30)) as pilot:
        while not app.loaded:
            await pilot.pause(0.01)
        app.ensure_history()
        started, cpu = time.perf_counter(), time.process_time()
        app.push_screen(HistoryScreen(app.store))
        await pilot.pause()
        while not isinstance(app.screen, HistoryScreen) or not app.screen.is_mounted:
            await pilot.pause(0.001)
        await pilot.pause()
        return time.perf_counter() - started, time.process_time() - cpu


def measure(label: str, where: str, sessions: int, runs: int, empty_where: str) -> dict[str, Any]:
    from mi_trainer.store import open_store

    with open_store(where) as store:
        t = time.perf_counter()
        fill(store, sessions)
        filled = time.perf_counter() - t
        t = time.perf_counter()
        for _ in range(runs):
            store.skill_trends(20)
        trends_s = (time.perf_counter() - t) / runs
    cmd = [sys.executable, "-m", "mi_trainer", "--store", where, "history"]
    hist_s, hist_mb, hist_cpu = best([child_run(cmd) for _ in range(runs)])
    json_s, json_mb, _ = best([child_run([*cmd, "--json"]) for _ in range(runs)])
    import_s = best(
        [child_run([sys.executable, "-c", "import mi_trainer.cli; mi_trainer.cli.build_parser()"]) for _ in range(runs)]
    )[2]
    screens = [asyncio.run(history_screen_open(where)) for _ in range(runs)]
    empties = [asyncio.run(history_screen_open(empty_where)) for _ in range(runs)]
    screen_s, screen_cpu = min(s[0] for s in screens), min(s[1] for s in screens)
    screen_empty, screen_empty_cpu = min(s[0] for s in empties), min(s[1] for s in empties)
    return {
        "backend": label,
        "history_cpu": hist_cpu,
        "cli_import_cpu": import_s,
        "fill_s": filled,
        "history_s": hist_s,
        "history_mb": hist_mb,
        "history_json_s": json_s,
        "history_json_mb": json_mb,
        "trends_s": trends_s,
        "screen_s": screen_s,
        "screen_cpu": screen_cpu,
        "screen_empty_cpu": screen_empty_cpu,
        "screen_empty_s": screen_empty,
    }


def pg_schema_url(server: str) -> tuple[str, str] | None:
    try:
        import psycopg

        schema = f"bench_{secrets.token_hex(5)}"
        with psycopg.connect(server, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
    except Exception as exc:  # no server: the SQLite figures still stand
        print(f"(PostgreSQL skipped: {str(exc).splitlines()[0] if str(exc) else exc})")
        return None
    sep = "&" if "?" in server else "?"
    return f"{server}{sep}options={quote(f'-csearch_path={schema}')}", schema


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pg", default=PG_DEFAULT)
    args = parser.parse_args()
    base_s, base_mb, base_cpu = best([child_run([sys.executable, "-c", "pass"]) for _ in range(args.runs)])
    print(f"baseline `python -c pass`: {base_s * 1000:.0f} ms wall, {base_cpu * 1000:.0f} ms CPU, {base_mb:.0f} MB")
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        empty = f"sqlite:///{Path(tmp) / 'empty.sqlite3'}"
        from mi_trainer.store import open_store

        open_store(empty).close()
        results.append(measure("SQLite", f"sqlite:///{Path(tmp) / 'h.sqlite3'}", args.sessions, args.runs, empty))
        pg = pg_schema_url(args.pg)
        if pg is not None:
            url, schema = pg
            try:
                results.append(measure("PostgreSQL", url, args.sessions, args.runs, empty))
            finally:
                import psycopg

                with psycopg.connect(args.pg, autocommit=True) as conn:
                    conn.execute(f"DROP SCHEMA {schema} CASCADE")
    print(f"\n{args.sessions:,} sessions x 8 turns (best of {args.runs}; memory = peak RSS of the process)")
    print(
        "| backend | `history` wall | CPU (of it: CLI imports) | peak MB | `history --json` | trends"
        " | History screen open |"
    )
    print("|---|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['backend']} | {r['history_s']:.2f} s ({r['history_s'] / base_s:.1f}x baseline) "
            f"| {r['history_cpu']:.2f} s ({r['cli_import_cpu']:.2f} s) "
            f"| {r['history_mb']:.0f} MB ({r['history_mb'] / base_mb:.1f}x) "
            f"| {r['history_json_s']:.2f} s, {r['history_json_mb']:.0f} MB | {r['trends_s'] * 1000:.1f} ms "
            f"| {r['screen_s'] * 1000:.0f} ms, CPU {r['screen_cpu'] * 1000:.0f} ms "
            f"({r['screen_cpu'] / r['screen_empty_cpu']:.1f}x the empty history's "
            f"{r['screen_empty_cpu'] * 1000:.0f} ms) |"
        )
    fills = ", ".join(f"{r['backend']} {r['fill_s']:.1f} s" for r in results)
    print(f"(filling took {fills})")


if __name__ == "__main__":
    main()
