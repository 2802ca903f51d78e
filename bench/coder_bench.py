"""Benchmark: the free-text coder's throughput, single-utterance latency and import cost, on this machine.

Times in one run:
  batch     code() over every corpus and scenario utterance (with its client line), one core
  single    one code() call, median and 99th percentile over the same utterances
  baseline  re.findall(r"\\w+", text.lower()) over the same utterances (ratio ours/baseline)
  import    `python -c "import mi_trainer"` vs. the same plus `from mi_trainer.coding import code; code("Okay.")`
            (import plus loading the shipped model), best of --repeat fresh interpreters
All times are CPU time of this process (one core), so other work on a shared machine does not skew them.
Targets: >= 2,000 utterances/s, <= 5 ms for one, import + model load adds <= 50 ms. Usage:
  python bench/coder_bench.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import gc
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from mi_trainer.coding import code
from mi_trainer.coding.corpus import check_files
from mi_trainer.coding.train import scenario_examples

ROOT = Path(__file__).resolve().parent.parent


def utterances() -> list[tuple[str, str | None]]:
    examples, _ = check_files(sorted((ROOT / "data" / "corpus").glob("*.jsonl")))
    items = [(e.text, e.client or None) for e in examples]
    items += [(e.text, e.client or None) for e in scenario_examples()]
    return items


def fresh_python(snippet: str, repeat: int) -> float:
    """Best CPU time (user + system) of a fresh interpreter running snippet."""
    best = float("inf")
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([sys.executable, "-c", snippet], check=True, cwd=ROOT)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        best = min(best, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    items = utterances()
    code("Okay.")  # load the model before timing
    word = re.compile(r"\w+")
    gc.disable()
    best_batch = float("inf")
    best_base = float("inf")
    for _ in range(args.repeat):
        t0 = time.process_time()
        for text, client in items:
            code(text, client)
        best_batch = min(best_batch, time.process_time() - t0)
        t0 = time.process_time()
        for text, _client in items:
            word.findall(text.lower())
        best_base = min(best_base, time.process_time() - t0)
    singles = []
    for text, client in items:
        t0 = time.thread_time_ns()
        code(text, client)
        singles.append((time.thread_time_ns() - t0) / 1e9)
    gc.enable()
    singles.sort()
    base_import = fresh_python("import mi_trainer", args.repeat)
    app_base = fresh_python("import mi_trainer.engine.session, mi_trainer.cli.player", args.repeat)
    app_ready = fresh_python(
        "import mi_trainer.engine.session, mi_trainer.cli.player; from mi_trainer.coding import code; code('Okay.')",
        args.repeat,
    )
    coder_import = fresh_python("import mi_trainer; from mi_trainer.coding import code", args.repeat)
    coder_ready = fresh_python("import mi_trainer; from mi_trainer.coding import code; code('Okay.')", args.repeat)
    n = len(items)
    print(f"utterances: {n} (corpus + scenario responses), mean {statistics.mean(len(t) for t, _ in items):.0f} chars")
    print(f"batch:  {n / best_batch:,.0f} utterances/s  ({best_batch / best_base:.0f}x a one-regex tokenisation)")
    print(
        f"single: median {statistics.median(singles) * 1e3:.2f} ms, "
        f"p99 {singles[int(0.99 * (n - 1))] * 1e3:.2f} ms, max {singles[-1] * 1e3:.2f} ms"
    )
    print(
        f"import: +{(coder_import - base_import) * 1e3:.0f} ms for the coder, "
        f"+{(coder_ready - base_import) * 1e3:.0f} ms with the model loaded and one utterance coded "
        f"(python -c 'import mi_trainer' alone: {base_import * 1e3:.0f} ms)"
    )
    print(
        f"in the app: +{(app_ready - app_base) * 1e3:.0f} ms at the first free-text turn "
        f"(model loaded, one utterance coded) over the engine and player already loaded ({app_base * 1e3:.0f} ms)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
