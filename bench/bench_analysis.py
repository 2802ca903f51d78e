"""Benchmark: load + validate + analyze vs. PyYAML's CSafeLoader parse of the same file, as ratios.

Generates layered scenarios of 1k, 10k and 40k client turns (3 responses each, some conditional on the
client's state, ≥ 10^30 distinct paths at the large sizes), then times in one run, on this machine:
  baseline  yaml.load(text, CSafeLoader)                   (just parsing, nothing checked)
  ours      compile_file + every check + analyze(runs=100) (what `mi-trainer analyze` does)
Prints the ratio ours/baseline per size and the growth from 10k to 40k. Also the heaviest legal case
(--tristate N: effects and conditions on all three state variables), before (the general walk) and after
(the layered analysis), each in a fresh interpreter for its peak memory. Usage:
  python bench/bench_analysis.py [--sizes 1000,10000,40000] [--repeat 3] [--tristate 1000]
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from mi_trainer.analysis.summary import analyze
from mi_trainer.loading.loader import compile_file

SKILLS = [
    ("complex_reflection", "{empathy: 2}", "{discord: -1}"),
    ("simple_reflection", "{empathy: 1}", "{importance: 1}"),
    ("open_question", "{discrepancy: 1}", "{confidence: 1}"),
    ("persuade", "{resistance: -2}", "{discord: 2}"),
    ("closed_question", "{resistance: -1}", "{discord: 1}"),
    ("affirmation", "{self_efficacy: 2}", "{confidence: 1}"),
]


#: the three endings every generated scenario leads into
ENDINGS = (
    '  end-pos: {says: "Thanks.", talk: change, ending: {outcome: engaged, valence: positive}}\n'
    '  end-mixed: {says: "Maybe.", talk: neutral, ending: {outcome: open, valence: mixed}}\n'
    '  end-neg: {says: "Bye.", talk: discord, ending: {outcome: closed, valence: negative}}\n'
)


def generate(turns: int, seed: int = 1) -> str:
    """A layered DAG: `width` turns per layer, each response leads into the next layer."""
    rng = random.Random(seed)
    width = 4 if turns >= 4000 else 10
    sizes: list[int] = []
    while sum(sizes) < turns:  # fan out from one start node, then a constant width
        sizes.append(min(width, 3 ** len(sizes), turns - sum(sizes)))
    out = [
        f"id: bench-{turns}\ntitle: Benchmark {turns}\naudience: classroom\nsetting: generated\ndifficulty: 2\n"
        "summary: A generated scenario for the benchmark.\nclient:\n  name: Bench\n  stage: contemplation\n"
        "  state: {discord: 5, importance: 5, confidence: 5}\nstart: t0-0\nnodes:\n"
    ]
    for layer, size in enumerate(sizes):
        nxt = sizes[layer + 1] if layer + 1 < len(sizes) else 0
        for i in range(size):
            out.append(
                f'  t{layer}-{i}:\n    says: "Client line {layer}.{i}, somewhat long to be realistic."\n'
                "    talk: sustain\n    subtype: reasons\n    responses:\n"
            )
            picks = [SKILLS[0], rng.choice(SKILLS[1:3]), rng.choice(SKILLS[3:5])]
            rng.shuffle(picks)
            for k, (skill, principles, effect) in enumerate(picks):
                if nxt:
                    # 3i+k covers every node of the next layer; the rest of the wiring is random
                    a = (3 * i + k) % nxt if 3 * i + k < nxt else rng.randrange(nxt)
                    target = f"t{layer + 1}-{a}"
                    if rng.random() < 0.02 and 3 * i + k >= nxt:
                        target = f'{{if: "discord >= 8", then: end-neg, else: t{layer + 1}-{a}}}'
                else:
                    target = rng.choice(["end-pos", "end-mixed", "end-neg"])
                out.append(
                    f'      - say: "Trainee line, {skill} {layer}.{i}."\n'
                    f"        skill: {skill}\n        principles: {principles}\n        effect: {effect}\n"
                    f'        feedback: "Feedback on this response."\n'
                    f"        next: {target}\n"
                )
    out.append(ENDINGS)
    return "".join(out)


def generate_tristate(turns: int, seed: int = 7) -> str:
    """The heaviest legal case: effects on all three variables, 30% of responses conditional on them."""
    rng = random.Random(seed)
    sizes: list[int] = []
    while sum(sizes) < turns:
        sizes.append(min(10, 3 ** len(sizes), turns - sum(sizes)))
    out = [
        f"id: bench3-{turns}\ntitle: Benchmark {turns}\naudience: classroom\nsetting: generated\ndifficulty: 2\n"
        "summary: A generated scenario for the benchmark.\nclient:\n  name: Bench\n  stage: contemplation\n"
        "  state: {discord: 5, importance: 5, confidence: 5}\nstart: t0-0\nnodes:\n"
    ]
    skills = [("complex_reflection", "empathy: 2"), ("open_question", "discrepancy: 1"), ("persuade", "resistance: -2")]
    for layer, size in enumerate(sizes):
        nxt = sizes[layer + 1] if layer + 1 < len(sizes) else 0
        for i in range(size):
            out.append(
                f'  t{layer}-{i}:\n    says: "Client line {layer}.{i}, somewhat long to be realistic."\n'
                "    talk: sustain\n    subtype: reasons\n    responses:\n"
            )
            for k, (skill, principles) in enumerate(skills):
                d, imp, c = rng.choice([-2, -1, 1, 2]), rng.choice([-1, 1, 2]), rng.choice([-1, 1])
                if nxt:
                    a = 3 * i + k if 3 * i + k < nxt else rng.randrange(nxt)
                    target = f"t{layer + 1}-{a}"
                    if rng.random() < 0.3:
                        cond = rng.choice(
                            [
                                f"discord >= {rng.randint(3, 8)}",
                                f"importance <= {rng.randint(3, 8)}",
                                f"confidence > {rng.randint(3, 7)}",
                                f"discord < {rng.randint(3, 8)} and confidence >= {rng.randint(2, 7)}",
                            ]
                        )
                        target = f'{{if: "{cond}", then: t{layer + 1}-{rng.randrange(nxt)}, else: {target}}}'
                else:
                    target = rng.choice(["end-pos", "end-mixed", "end-neg"])
                out.append(
                    f'      - say: "Trainee line, {skill} {layer}.{i}."\n        skill: {skill}\n'
                    f"        principles: {{{principles}}}\n"
                    f"        effect: {{discord: {d}, importance: {imp}, confidence: {c}}}\n"
                    f'        feedback: "Feedback on this response."\n        next: {target}\n'
                )
    out.append(ENDINGS)
    return "".join(out)


def _without_gc(fn: object) -> None:
    gc.disable()
    try:
        fn()  # type: ignore[operator]
    finally:
        gc.enable()


def timed(fn: object, repeat: int, clock: object = time.perf_counter) -> float:
    times = []
    for _ in range(repeat):
        t0 = clock()  # type: ignore[operator]
        fn()  # type: ignore[operator]
        times.append(clock() - t0)  # type: ignore[operator]
    return statistics.median(times)


_CHILD = """
import resource, sys, time
from pathlib import Path
sys.path.insert(0, {bench!r})
from mi_trainer.loading.loader import compile_file
from mi_trainer.analysis.summary import analyze
from mi_trainer.analysis import conditions, paths
path = Path({path!r})
t0 = time.process_time()
compiled = compile_file(path)
if {general!r}:
    with paths.pause_gc():
        stats = paths.expanded_stats(compiled.scenario)
        conditions._walk(compiled.scenario, conditions._vars(compiled.scenario))
    states = stats.expanded_states
else:
    states = analyze(compiled, runs=100)["expanded_states"]
print(time.process_time() - t0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, states)
"""


def in_child(path: Path, general: bool) -> tuple[float, float, int]:
    """Compile + analyse in a fresh interpreter: (seconds, peak MB, node × state pairs)."""
    code = _CHILD.format(bench=str(Path(__file__).parent), path=str(path), general=general)
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.split()
    return float(out[0]), float(out[1]), int(out[2])


def tristate(turns: int, repeat: int) -> None:
    """The heaviest legal analysis: the general walk (before) and the layered one (after), in one run."""
    with tempfile.TemporaryDirectory() as tmp:
        text = generate_tristate(turns)
        path = Path(tmp) / f"bench3-{turns}.yaml"
        path.write_text(text, encoding="utf-8")
        # CPU seconds (process_time), parent and child alike: steadier than wall time on a shared machine
        base = timed(lambda: yaml.load(text, Loader=yaml.CSafeLoader), repeat, time.process_time)
        runs = {general: [in_child(path, general) for _ in range(repeat)] for general in (True, False)}
        for general, label in ((True, "general walk (before)"), (False, "layered (after)")):
            secs = statistics.median(r[0] for r in runs[general])
            peak = max(r[1] for r in runs[general])
            print(
                f"{turns:>6} turns, 3 variables  {len(text) / 1e6:5.1f} MB  states {runs[general][0][2]:>8}  "
                f"CSafeLoader {base:5.2f} s  {label}: {secs:6.2f} s = {secs / base:5.1f}×, peak {peak:6.0f} MB"
            )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000,40000")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--tristate", type=int, default=1000, help="turns of the 3-variable case (0: skip)")
    args = ap.parse_args()
    if args.tristate:
        tristate(args.tristate, args.repeat)
    sizes = [int(s) for s in args.sizes.split(",")]
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            text = generate(n)
            path = Path(tmp) / f"bench-{n}.yaml"
            path.write_text(text, encoding="utf-8")
            compiled = compile_file(path)
            assert compiled.ok, compiled.errors[:3]
            a = analyze(compiled, runs=100)
            base = timed(lambda text=text: yaml.load(text, Loader=yaml.CSafeLoader), args.repeat)
            base_nogc = timed(
                lambda text=text: _without_gc(lambda: yaml.load(text, Loader=yaml.CSafeLoader)), args.repeat
            )
            ours = timed(lambda path=path: analyze(compile_file(path), runs=100), args.repeat)
            results[n] = (base, ours)
            print(
                f"{n:>6} turns  {len(text) / 1e6:5.1f} MB  paths ≈ 10^{a['paths_log10']:.0f}  "
                f"states {a['expanded_states']:>7}  CSafeLoader {base:6.2f} s (GC paused {base_nogc:6.2f} s)  "
                f"ours {ours:6.2f} s  ratio {ours / base:4.2f}× ({ours / base_nogc:4.2f}× vs GC-paused)"
            )
    if 10000 in results and 40000 in results:
        growth = results[40000][1] / results[10000][1]
        print(f"4× the size (10k → 40k) costs {growth:.2f}× the time (target ≤ 4.5×)")
    if 10000 in results:
        print(f"ratio at 10k: {results[10000][1] / results[10000][0]:.2f}× (target ≤ 3×)")


if __name__ == "__main__":
    main()
