"""Instructor commands: `class-report` (HTML/CSV/JSON/Markdown) over the history or export files."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mi_trainer.errors import MiTrainerError
from mi_trainer.model.vocab import plural


def register(sub: Any) -> None:
    p = sub.add_parser(
        "class-report",
        help="a class's results as one HTML page (or CSV, JSON, Markdown): students, scenarios, choices per turn",
    )
    p.add_argument(
        "files",
        nargs="*",
        type=Path,
        metavar="FILE",
        help="exports from 'mi-trainer export' or 'combine' (.csv, or .json for per-turn choices); "
        "default: the history store",
    )
    p.add_argument("--store", dest="class_store", metavar="URL", help="read this history store instead")
    p.add_argument("--assignment", metavar="FILE", type=Path, help="report on this assignment only (its YAML file)")
    p.add_argument("--since", metavar="DATE", help="only sessions started on or after DATE (YYYY-MM-DD)")
    p.add_argument(
        "--graded",
        choices=("best", "first", "last"),
        default=None,
        help="which attempt is graded per student and scenario (default: best, the highest score)",
    )
    p.add_argument(
        "--count",
        choices=("graded", "practice"),
        default="graded",
        help="graded work (assignment or assessment mode; the default) or practice runs; the other kind "
        "is listed apart, never mixed in",
    )
    p.add_argument("--format", choices=("html", "csv", "json", "md"), default="html")
    p.add_argument("-o", "--output", metavar="FILE", help="write here (default: class-report.html for HTML, "
                   "else the screen)")  # fmt: skip
    p.set_defaults(func=cmd_class_report)


def redact(location: str) -> str:
    """A store location fit to print in a report: a URL's password is never shown."""
    return re.sub(r"(://[^/@:]*):[^/]*@", r"\1:***@", location)


def parse_since(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise MiTrainerError(f"--since {text}: use a date like 2026-11-01") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def load_assignment_file(path: Path | None) -> Any:
    if path is None:
        return None
    try:
        from mi_trainer.classroom.assignments import load_assignment  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        raise MiTrainerError("--assignment: this version cannot read assignment files yet") from None
    return load_assignment(path)


def read_attempts(args: argparse.Namespace, since: datetime | None, assignment: Any = None) -> tuple[list[Any], str]:
    """The sessions to report on; from a store, turns are read only for sessions that can be counted."""
    from mi_trainer.classroom import classdata
    from mi_trainer.classroom.report import read_store

    if args.files:
        return classdata.from_files(args.files, since), ", ".join(str(f) for f in args.files)
    from mi_trainer.cli.play import _open_store

    if args.class_store:
        args.store = args.class_store
    if args.store and "://" not in args.store and not Path(args.store).exists():
        raise MiTrainerError(f"--store {args.store}: no history there — check the path")
    store = _open_store(args)
    try:
        where = str(getattr(store, "url", None) or getattr(store, "path", ""))
        attempts = read_store(store, since, assignment, getattr(args, "count", "graded"))
        args.drill_totals = drill_totals(store, since)
        return attempts, f"the history at {redact(where)}"
    finally:
        store.close()


def drill_totals(store: Any, since: datetime | None) -> tuple[tuple[str, str, int, int], ...]:
    """(student, drill skill, right, answered) from the store's drill answers, by student then skill."""
    totals: dict[tuple[str, str], list[int]] = {}
    for row in store.drill_answers(since=since):
        t = totals.setdefault((row.trainee or "(no name)", row.skill), [0, 0])
        t[0] += int(row.correct)
        t[1] += 1
    return tuple((w, k, t[0], t[1]) for (w, k), t in sorted(totals.items()))


def cmd_class_report(args: argparse.Namespace) -> int:
    from mi_trainer.classroom.report import make_report, render

    since = parse_since(args.since)
    assignment = load_assignment_file(args.assignment)
    rule = args.graded or "best"
    attempts, source = read_attempts(args, since, assignment)
    report = make_report(
        attempts, assignment=assignment, graded_rule=rule, counted=args.count, since=since, source=source
    )
    if getattr(args, "drill_totals", ()):
        import dataclasses

        report = dataclasses.replace(report, drills=args.drill_totals)
    text = render(report, args.format)
    output = args.output or ("class-report.html" if args.format == "html" else None)
    if output is None:
        sys.stdout.write(text)
        return 0
    with open(output, "w", encoding="utf-8", newline="") as out:
        out.write(text)
    print(
        f"wrote {output}: {plural(len(report.rows), 'student result')}, {plural(len(report.scenarios), 'scenario')}",
        file=sys.stderr,
    )
    return 0


def cmd_gradebook(args: argparse.Namespace) -> int:
    """`export --format moodle|canvas`: the graded attempts as a gradebook import file."""
    from mi_trainer.classroom.gradebook import render_gradebook
    from mi_trainer.classroom.report import make_report

    since = parse_since(args.since)
    assignment = load_assignment_file(args.assignment)
    rule = args.graded or "best"
    args.files, args.class_store = [], None
    attempts, source = read_attempts(args, since, assignment)
    report = make_report(attempts, assignment=assignment, graded_rule=rule, since=since, source=source)
    text, left_out = render_gradebook(report, args.format)
    if left_out:
        print(
            f"mi-trainer: {left_out} student(s) have no ID number or email address and are left out; "
            "give an assignment with a roster (--assignment) or have students enter their email as their name",
            file=sys.stderr,
        )
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
