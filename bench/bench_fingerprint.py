"""Benchmark: the content fingerprint of a scenario vs. the legacy repr digest and vs. compiling the file.

Uses bench_analysis's generated layered scenarios (1k and 10k client turns, 3 responses each) and times in
one run, on this machine: compile_file (the baseline every session start already pays), the legacy digest
(repr of the scenario, line positions included) and the fingerprint (canonical JSON without positions).
Prints fingerprint/compile and fingerprint/legacy as ratios. Usage:
  python bench/bench_fingerprint.py [--sizes 1000,10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_analysis import generate

from mi_trainer.loading import fingerprint as fp
from mi_trainer.loading.loader import compile_file


def best(f: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        fp._cache.clear()
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    print(
        f"{'turns':>6}  {'compile s':>9}  {'legacy s':>8}  {'fingerprint s':>13}  {'fp/compile':>10}  {'fp/legacy':>9}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for turns in (int(s) for s in args.sizes.split(",")):
            path = Path(tmp) / f"bench-{turns}.yaml"
            path.write_text(generate(turns), encoding="utf-8")
            compiled = compile_file(path)
            scenario = compiled.scenario
            c = best(partial(compile_file, path), args.repeat)
            legacy = best(partial(fp.legacy_digest, scenario), args.repeat)
            new = best(partial(fp.fingerprint, scenario), args.repeat)
            print(f"{turns:>6}  {c:>9.3f}  {legacy:>8.3f}  {new:>13.3f}  {new / c:>10.3f}  {new / legacy:>9.2f}")


if __name__ == "__main__":
    main()
