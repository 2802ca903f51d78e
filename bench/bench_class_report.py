"""Benchmark: the class report for 25 students × 10 sessions, against a plain read of the same history.

Plays a class through the real engine into a fresh SQLite store (shipped scenarios, seeded random choices;
each student: practice runs, assessment attempts and retakes), then times in one run, on this machine:
  baseline  store.export_rows()                        (one read of every ended session, as `export` does)
  ours      read_store + make_report + render       (what `mi-trainer class-report` does after start-up)
for each of html/csv/json/md. Prints median wall and CPU times, the CPU ratio ours/baseline (steadier
on a shared machine) and the absolute time against the 2 s target. Usage:
  python bench/bench_class_report.py [--students 25] [--sessions 10] [--repeat 5] [--html FILE]
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from mi_trainer.classroom.report import FORMATS, make_report, read_store, render
from mi_trainer.engine.report import build_report
from mi_trainer.engine.session import Mode, Phase, Session
from mi_trainer.loading.library import resolve_scenario
from mi_trainer.store import Store, open_store, recording

SCENARIOS = ("peer-first-meeting", "family-sunday-kitchen", "classroom-warmup-reflections", "self-craving-evening")
NAMES = (
    "Amara Okafor", "Ben Fischer", "Carmen Diaz", "Dev Patel", "Elif Yilmaz", "Finn Murphy", "Grace Lin",
    "Hamza Ali", "Ines Costa", "Jonas Berg", "Kiri Walker", "Lena Novak", "Mateo Rossi", "Nadia Haddad",
    "Omar Farouk", "Priya Nair", "Quinn Taylor", "Rosa Jimenez", "Sam O'Neill", "Tariq Aziz", "Uma Sato",
    "Victor Hugo", "Wen Zhao", "Ximena Ruiz", "Yusuf Demir",
)  # fmt: skip


def play_class(store: Store, students: int, sessions: int, seed: int = 7) -> int:
    """Each student plays `sessions` sessions: the first third practice, the rest assessment attempts."""
    rng = random.Random(seed)
    compiled = {}
    for name in SCENARIOS:
        try:
            compiled[name] = resolve_scenario(name)
        except Exception:  # a renamed shipped scenario: use whatever else is there
            continue
    pool = list(compiled.values())
    played = 0
    for s in range(students):
        trainee = NAMES[s % len(NAMES)] + ("" if s < len(NAMES) else f" {s}")
        for k in range(sessions):
            mode = Mode.PRACTICE if k < sessions // 3 else Mode.ASSESSMENT
            session = Session(pool[k % len(pool)], seed=rng.randrange(10**6), mode=mode)
            session_id = recording.start(store, session, trainee)
            skill = rng.random()  # this student's chance of taking the strongest option
            while session.phase is Phase.AWAITING_CHOICE:
                best = session.best_option()
                shown = session.options()
                pick = shown.index(best) + 1 if rng.random() < skill else rng.randrange(len(shown)) + 1
                recording.record(store, session_id, session, session.choose(pick))
            recording.finish(store, session_id, session, build_report(session, trainee=trainee))
            played += 1
    return played


def median_time(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """(median wall-clock seconds, median CPU seconds); CPU time is steadier on a shared machine."""
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=25)
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--html", type=Path, help="also write the HTML report here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "history.db") as store:
        start = time.perf_counter()
        n = play_class(store, args.students, args.sessions)
        print(
            f"played {n} sessions ({args.students} students × {args.sessions}) in {time.perf_counter() - start:.1f} s"
        )

        def ours(fmt: str = "html") -> str:
            return render(make_report(read_store(store), source="bench"), fmt)

        base, base_cpu = median_time(store.export_rows, args.repeat)
        print(f"baseline export_rows      wall {base * 1000:7.1f} ms  cpu {base_cpu * 1000:7.1f} ms")
        for fmt in FORMATS:
            wall, cpu = median_time(lambda fmt=fmt: ours(fmt), args.repeat)
            verdict = f"   target ≤ 2000 ms: {'ok' if wall <= 2.0 else 'MISSED'}" if fmt == "html" else ""
            print(
                f"class report ({fmt:<4})       wall {wall * 1000:7.1f} ms  cpu {cpu * 1000:7.1f} ms"
                f"   ratio (cpu) {cpu / base_cpu:5.1f}×{verdict}"
            )
        command = [sys.executable, "-m", "mi_trainer", "--store", str(Path(folder) / "history.db"), "class-report"]
        command += ["-o", str(Path(folder) / "class.html")]
        wall, _ = median_time(lambda: subprocess.run(command, check=True, capture_output=True), args.repeat)
        print(f"mi-trainer class-report   wall {wall * 1000:7.1f} ms  (the whole command, start-up included)")
        if args.html:
            args.html.write_text(ours(), encoding="utf-8")
            print(f"wrote {args.html}")


if __name__ == "__main__":
    main()
