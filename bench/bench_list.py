"""Benchmark: `mi-trainer list` against `python -c "import yaml, networkx"`, warm and cold scenario cache.

Each command runs in a fresh process N times; the figure is the median CPU time (user + system, from
wait4's rusage), which a busy shared machine disturbs far less than wall time. Usage:
  python bench/bench_list.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile


def cpu_seconds(cmd: list[str], env: dict[str, str]) -> float:
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        raise SystemExit(f"{cmd} failed")
    return usage.ru_utime + usage.ru_stime


def median(cmd: list[str], env: dict[str, str], runs: int, before: object = None) -> float:
    times = []
    for _ in range(runs):
        if callable(before):
            before()
        times.append(cpu_seconds(cmd, env))
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    cache = tempfile.mkdtemp(prefix="mi-cache-")
    env = {**os.environ, "MI_TRAINER_CACHE": cache}
    env.pop("MI_TRAINER_NO_CACHE", None)
    # bytecode is written on the first run, as pip writes it on install (PYTHONDONTWRITEBYTECODE, set on some
    # machines, would have every start compile mi-trainer's modules from source)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    baseline = median([sys.executable, "-c", "import yaml, networkx"], env, args.runs)
    mi = [sys.executable, "-m", "mi_trainer", "list"]
    cold = median(mi, env, max(3, args.runs // 3), before=lambda: shutil.rmtree(cache, ignore_errors=True))
    subprocess.run(mi, env=env, stdout=subprocess.DEVNULL, check=True)  # fill the cache
    warm = median(mi, env, args.runs)
    off = median(mi, {**env, "MI_TRAINER_NO_CACHE": "1"}, max(3, args.runs // 3))
    print(f"import yaml, networkx      {baseline * 1000:7.1f} ms CPU")
    print(f"mi-trainer list, warm      {warm * 1000:7.1f} ms CPU  = {warm / baseline:4.2f}× (target ≤ 1.3×)")
    print(f"mi-trainer list, cold      {cold * 1000:7.1f} ms CPU  = {cold / baseline:4.2f}×")
    print(f"mi-trainer --no-cache list {off * 1000:7.1f} ms CPU  = {off / baseline:4.2f}×")
    shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
