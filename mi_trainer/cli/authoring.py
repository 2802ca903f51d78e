"""Authoring commands: list, validate, analyze, graph, schema (none of them imports textual)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mi_trainer.cli.argtypes import MAX_SEED, bounded_int, packs_of
from mi_trainer.errors import ScenarioError
from mi_trainer.model.textsafe import json_text, one_line
from mi_trainer.model.vocab import plural

if TYPE_CHECKING:
    from mi_trainer.model.diagnostics import Diagnostic

# the loader (networkx, yaml) is imported inside each command, so commands that do not load scenarios
# (history, export) start quickly


def register(sub: Any) -> None:
    p = sub.add_parser("list", help="list the scenarios: the shipped library and any packs")
    p.add_argument("--json", action="store_true", help="print JSON objects instead of a table")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("validate", help="check scenario files and report every problem at once")
    p.add_argument("paths", nargs="+", metavar="PATH", help="scenario files or folders")
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.add_argument(
        "--assignment", action="store_true", help="the files are assignments (checked against the library and packs)"
    )
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
    p.add_argument("--assignment", action="store_true", help="the schema of assignment files instead")
    p.set_defaults(func=cmd_schema)


def cmd_list(args: argparse.Namespace) -> int:
    from mi_trainer.loading.index import library_index
    from mi_trainer.loading.library import library_dir, pack_errors

    entries = library_index(packs=packs_of(args))  # metadata from the cache: unchanged files are not compiled
    rows: list[dict[str, Any]] = []
    for e in entries:
        if e.scenario is None:
            print(f"mi-trainer: skipped {one_line(e.problem)}", file=sys.stderr)
            continue
        s = e.scenario
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
                "pack": e.pack,
                "path": str(e.path),
            }
        )
    failed = 1 if pack_errors(entries) else 0
    if args.json:
        print(json_text(rows))
        return failed
    if not rows:
        print(f"No scenarios found in {library_dir()}.")
        return failed
    width = max(len(r["id"]) for r in rows)
    current = ""
    for r in rows:
        if r["audience"] != current:
            current = r["audience"]
            print(f"\n{current.upper()}")
        pack = f"  [{one_line(r['pack'])}]" if r["pack"] else ""
        print(f"  {one_line(r['id']):<{width}}  {'★' * r['difficulty']:<3}  {one_line(r['title'])}{pack}")
    print(f"\n{len(rows)} scenarios. Play one with: mi-trainer play ID")
    return failed


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
    if args.assignment:
        return _validate_assignments(args)
    from mi_trainer.analysis.route_checks import all_diagnostics
    from mi_trainer.loading.loader import compile_file, parse_error_as_diagnostic
    from mi_trainer.model.diagnostics import Severity

    files, missing = _expand(args.paths)
    for m in missing:
        print(f"mi-trainer: {one_line(m)}", file=sys.stderr)
    all_diags: list[Diagnostic] = []
    for path in files:
        try:
            all_diags.extend(all_diagnostics(compile_file(path)))
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


def _validate_assignments(args: argparse.Namespace) -> int:
    from mi_trainer.classroom.assignments import check_assignment, check_scenarios
    from mi_trainer.loading.library import load_library

    known = [e.scenario_id for e in load_library(packs=packs_of(args)) if e.compiled is not None]
    diags: list[Diagnostic] = []
    missing = [name for name in args.paths if not Path(name).is_file()]
    for name in missing:
        print(f"mi-trainer: {name}: no such assignment file", file=sys.stderr)
    for name in args.paths:
        if name in missing:
            continue
        assignment, found = check_assignment(name)
        diags.extend(found)
        if assignment is not None:
            diags.extend(check_scenarios(assignment, known))
    if args.json:
        print(json_text({"files": len(args.paths), "diagnostics": [d.as_dict() for d in diags]}))
    else:
        for d in diags:
            print(d.format())
        print(f"{plural(len(args.paths), 'assignment')} checked: {plural(len(diags), 'error')}")
    return 1 if diags or missing else 0


def cmd_analyze(args: argparse.Namespace) -> int:
    from mi_trainer.analysis.summary import analyze, render_text
    from mi_trainer.loading.library import resolve_scenario

    compiled = resolve_scenario(args.scenario, packs=packs_of(args))
    result = analyze(compiled, runs=max(0, args.runs), seed=args.seed)
    if args.json:
        print(json_text(result))  # exact path counts of any size, without lifting the digit limit
    else:
        print(render_text(result))
    return 0


def cmd_graph(args: argparse.Namespace) -> int:
    from mi_trainer.analysis.export import export_graph
    from mi_trainer.loading.library import resolve_scenario

    compiled = resolve_scenario(args.scenario, packs=packs_of(args))
    text = export_graph(compiled, args.format)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"wrote {args.output}")
    else:
        sys.stdout.write(text)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    if args.assignment:
        from mi_trainer.classroom.schema import assignment_schema

        print(json_text(assignment_schema()))
        return 0
    from mi_trainer.loading.schema import json_schema

    print(json_text(json_schema()))
    return 0
