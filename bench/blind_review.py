"""A blind MITI coding review of the shipped scenarios: sample responses, then measure agreement.

Run:  python bench/blind_review.py sample --seed 4242 --out /some/private/dir   (writes blind-0..2.jsonl and
      answers.jsonl: give coders only the blind files, which hold the client line and the response)
      python bench/blind_review.py agree --dir /some/private/dir [--details]     (reads coded-0..2.jsonl)
A coded line is {"id": N, "codes": ["CR", "Q"]} (MITI 4.2.1 codes; [] for no code). Primary agreement: both
code lists empty, or each side's first code is among the other side's codes. Not a test: the figures go to
the issue notes and docs/writing-scenarios.md; keep the answers away from the coders.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PARTS = 3


def responses() -> list[dict[str, Any]]:
    from mi_trainer.loading.loader import load_scenario

    rows = []
    for path in sorted((ROOT / "scenarios").rglob("*.yaml")):
        sc = load_scenario(path).scenario
        for node in sc.nodes.values():
            for r in node.responses:
                rows.append(
                    {
                        "scenario": sc.id,
                        "audience": sc.audience.value,
                        "node": node.id,
                        "index": r.index,
                        "client": node.says,
                        "say": r.say,
                        "codes": [c.value for c in r.codes],
                    }
                )
    return rows


def sample(seed: int, out: Path, size: int) -> None:
    rows = responses()
    random.Random(seed).shuffle(rows)
    out.mkdir(parents=True, exist_ok=True)
    picked = rows[:size]
    with (out / "answers.jsonl").open("w", encoding="utf-8") as f:
        for i, r in enumerate(picked):
            f.write(json.dumps({"id": i, **r}) + "\n")
    for part in range(PARTS):
        with (out / f"blind-{part}.jsonl").open("w", encoding="utf-8") as f:
            for i, r in enumerate(picked):
                if i % PARTS == part:
                    blind = {"id": i, "setting": r["audience"], "client_said": r["client"], "response": r["say"]}
                    f.write(json.dumps(blind) + "\n")
    print(f"{len(picked)} of {len(rows)} responses in {PARTS} blind files under {out}")


def primary_match(ours: list[str], theirs: list[str]) -> bool:
    if not ours or not theirs:
        return not ours and not theirs
    return ours[0] in theirs and theirs[0] in ours


def agree(folder: Path, details: bool) -> None:
    answers = {r["id"]: r for r in map(json.loads, (folder / "answers.jsonl").open(encoding="utf-8"))}
    coded: dict[int, list[str]] = {}
    for part in range(PARTS):
        for line in (folder / f"coded-{part}.jsonl").open(encoding="utf-8"):
            r = json.loads(line)
            coded[r["id"]] = list(r["codes"])
    n = len(answers)
    exact = sum(1 for i, a in answers.items() if set(a["codes"]) == set(coded[i]))
    misses = [(i, a) for i, a in answers.items() if not primary_match(a["codes"], coded[i])]
    pairs = collections.Counter((a["codes"][:1] or ["-"])[0] + " -> " + (coded[i][:1] or ["-"])[0] for i, a in misses)
    print(f"primary {n - len(misses)}/{n} = {(n - len(misses)) / n:.1%}; exact code set {exact}/{n} = {exact / n:.1%}")
    for pair, count in pairs.most_common():
        print(f"  {count:3d}  ours {pair} theirs")
    if details:
        for i, a in misses:
            print(f"\n#{i} {a['scenario']} {a['node']} r{a['index']} ours={a['codes']} theirs={coded[i]}\n  {a['say']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("sample")
    s.add_argument("--seed", type=int, required=True)
    s.add_argument("--out", type=Path, required=True)
    s.add_argument("--size", type=int, default=450)
    a = sub.add_parser("agree")
    a.add_argument("--dir", type=Path, required=True)
    a.add_argument("--details", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.command == "sample":
        sample(args.seed, args.out, args.size)
    else:
        agree(args.dir, args.details)
    return 0


if __name__ == "__main__":
    sys.exit(main())
