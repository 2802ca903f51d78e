"""Authoring commands: list, validate, analyze, graph, schema (none of them imports textual)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mi_trainer.cli.argtypes import MAX_SEED, bounded_int
from mi_trainer.errors import ScenarioError
from mi_trainer.model.textsafe import json_text, one_line
from mi_trainer.model.vocab import plural

if TYPE_CHECKING:
    from mi_trainer.model.diagnostics import Diagnostic

# the loader (networkx, yaml) is imported inside each command, so commands that do not load scenarios
# (history, export) start quickly


def register(sub: Any) -> None:
    p = sub.add_parser("list", help="list the shipped scenarios")
    p.add_argument("--json", action="store_true", help="print JSON objects instead of a table")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("validate", help="check scenario files and report every problem at once")
    p.add_argument("paths", nargs="+", metavar="PATH", help="scenario files or folders")
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.add_argument("--json", action="store_true", help="print diagnostics as JSON")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("analyze", help="paths, endings and the best and worst scores a scenario allows")
    p.add_argument("scenario", metavar="SCENARIO", help="a scenario id or a path to a YAML file")
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--runs", type=bounded_int(0, 1_000_000), default=200, help="seeded random playthroughs (default 200)"
    )
    p.add_argument("--seed", type=bounded_int(0, MAX_SEED), default=0)
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("graph", help="export the dialogue graph")
    p.add_argument("scenario", metavar="SCENARIO")
    p.add_argument("--format", choices=("dot", "mermaid", "graphml"), default="dot")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    p.set_defaults(func=cmd_graph)

    p = sub.add_parser("schema", help="print the JSON Schema of scenario files (for editors)")
    p.set_defaults(func=cmd_schema)


def cmd_list(args: argparse.Namespace) -> int:
    from mi_trainer.loading.library import library_dir, load_library

    entries = load_library()
    rows: list[dict[str, Any]] = []
    for e in entries:
        if e.compiled is None:
            print(f"mi-trainer: skipped {one_line(e.problem)}", file=sys.stderr)
            continue
        s = e.compiled.scenario
        rows.append(
            {
                "id": s.id,
                "title": s.title,
                "audience": s.audience.value,
                "difficulty": s.difficulty,
                "client": s.client.name,
                "stage": s.client.stage.value,
                "goals": [g.value for g in s.goals],
                "summary": s.summary,
                "path": str(e.path),
            }
        )
    if args.json:
        print(json_text(rows))
        return 0
    if not rows:
        print(f"No scenarios found in {library_dir()}.")
        return 0
    width = max(len(r["id"]) for r in rows)
    current = ""
    for r in rows:
        if r["audience"] != current:
            current = r["audience"]
            print(f"\n{current.upper()}")
        print(f"  {one_line(r['id']):<{width}}  {'★' * r['difficulty']:<3}  {one_line(r['title'])}")
    print(f"\n{len(rows)} scenarios. Play one with: mi-trainer play ID")
    return 0


def _expand(paths: list[str]) -> tuple[list[Path], list[str]]:
    from mi_trainer.loading.library import scenario_files

    files, missing = [], []
    for name in paths:
        p = Path(name)
        if p.is_dir():
            found = scenario_files(p)
            if not found:
                missing.append(f"{name}: no .yaml files in this folder")
            files.extend(found)
        elif p.is_file():
            files.append(p)
        else:
            missing.append(f"{name}: no such file or folder")
    return files, missing


def cmd_validate(args: argparse.Namespace) -> int:
    from mi_trainer.loading.loader import compile_file, parse_error_as_diagnostic
    from mi_trainer.model.diagnostics import Severity

    files, missing = _expand(args.paths)
    for m in missing:
        print(f"mi-trainer: {one_line(m)}", file=sys.stderr)
    all_diags: list[Diagnostic] = []
    for path in files:
        try:
            all_diags.extend(compile_file(path).diagnostics)
        except ScenarioError as exc:
            all_diags.append(parse_error_as_diagnostic(exc))
    errors = sum(d.severity is Severity.ERROR for d in all_diags)
    warnings = len(all_diags) - errors
    if args.json:
        print(
            json_text(
                {
                    "files": len(files),
                    "errors": errors,
                    "warnings": warnings,
                    "diagnostics": [d.as_dict() for d in all_diags],
                }
            )
        )
    else:
        for d in all_diags:
            print(d.format())
        print(f"{plural(len(files), 'file')} checked: {plural(errors, 'error')}, {plural(warnings, 'warning')}")
    failed = bool(missing) or errors > 0 or (args.strict and warnings > 0)
    return 1 if failed else 0


def cmd_analyze(args: argparse.Namespace) -> int:
    from mi_trainer.analysis.summary import analyze, render_text
    from mi_trainer.loading.library import resolve_scenario

    compiled = resolve_scenario(args.scenario)
    result = analyze(compiled, runs=max(0, args.runs), seed=args.seed)
    if args.json:
        print(json_text(result))  # exact path counts of any size, without lifting the digit limit
    else:
        print(render_text(result))
    return 0


def cmd_graph(args: argparse.Namespace) -> int:
    from mi_trainer.analysis.export import export_graph
    from mi_trainer.loading.library import resolve_scenario

    compiled = resolve_scenario(args.scenario)
    text = export_graph(compiled, args.format)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"wrote {args.output}")
    else:
        sys.stdout.write(text)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from mi_trainer.loading.schema import json_schema

    print(json_text(json_schema()))
    return 0
