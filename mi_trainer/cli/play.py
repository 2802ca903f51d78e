"""Playing commands: run (headless), play (TUI), resume, history, export. Only `play` imports textual."""

from __future__ import annotations

import argparse
import os
import random
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mi_trainer.cli.argtypes import MAX_SEED, bounded_int, packs_of
from mi_trainer.errors import MiTrainerError, SessionError
from mi_trainer.model.textsafe import MAX_NAME, clean_name, json_text, one_line, shorten
from mi_trainer.store.schema import MODES

if TYPE_CHECKING:
    from mi_trainer.engine.session import Session

# the engine and loader (networkx, yaml) are imported inside the commands that play: `history` and `export`
# start in a fraction of the time without them


def register(sub: Any) -> None:
    p = sub.add_parser("play", help="open the trainer: the library, or straight into one scenario")
    p.add_argument(
        "scenario", nargs="?", metavar="SCENARIO", help="a scenario id or a path to a YAML file (default: the library)"
    )
    _session_options(p)
    p.set_defaults(func=lambda a: launch_tui(a, a.scenario))

    p = sub.add_parser("run", help="play a scenario in the terminal without the full-screen app")
    p.add_argument(
        "scenario",
        nargs="?",
        metavar="SCENARIO",
        help="a scenario id or path (optional with a one-scenario assignment)",
    )
    _play_options(p)
    _session_options(p)
    p.add_argument(
        "--seed",
        type=bounded_int(0, MAX_SEED),
        default=None,
        help="seed for the order options are shown in (default: a new random seed at the keyboard, recorded "
        "with the session; 0 with --strategy; with --choices and no --seed the options keep the file's order)",
    )
    p.add_argument("--in-order", action="store_true", help="show options in the order the file lists them")
    p.add_argument(
        "--demo", action="store_true", help="watch an experienced conversation: the strongest route, step by step"
    )
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("resume", help="continue an interrupted session")
    p.add_argument("session", nargs="?", metavar="SESSION", help="session id (default: the most recent one)")
    _play_options(p)
    p.add_argument(
        "--set-aside",
        action="store_true",
        help="keep SESSION in the history but stop offering it (without SESSION: every one that cannot be resumed)",
    )
    p.set_defaults(func=cmd_resume)

    p = sub.add_parser("history", help="list your past sessions")
    p.add_argument("--json", action="store_true")
    p.add_argument("--drills", action="store_true", help="your drill skills instead: box, due day, accuracy by day")
    p.set_defaults(func=cmd_history)

    p = sub.add_parser(
        "export", help="export ended sessions for an instructor (CSV, JSON, or a Moodle/Canvas gradebook)"
    )
    p.add_argument("--format", choices=("csv", "json", "moodle", "canvas"), default="csv")
    p.add_argument("--assignment", metavar="FILE", type=Path, help="moodle/canvas: grade this assignment only")
    p.add_argument("--graded", choices=("best", "first", "last"), help="moodle/canvas: which attempt counts")
    p.add_argument("--since", metavar="DATE", help="only sessions started on or after DATE (YYYY-MM-DD)")
    p.add_argument("-o", "--output", metavar="FILE")
    p.add_argument("--drills", action="store_true", help="export drill answers (one row per answered item) instead")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("combine", help="combine the CSV exports of a class and summarise them per scenario")
    p.add_argument("files", nargs="+", metavar="CSV", type=Path, help="files written by 'mi-trainer export'")
    p.add_argument("-o", "--output", metavar="FILE", help="also write one combined CSV here")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(func=cmd_combine)


def _play_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--choices", metavar="N,N,…", type=_choices, help="scripted choices, as the option numbers shown")
    p.add_argument("--strategy", choices=("best", "worst", "random"), help="let the trainer choose")
    p.add_argument("--json", action="store_true", help="print only the report, as JSON")
    p.add_argument("--markdown", action="store_true", help="print only the report, as Markdown")
    p.add_argument("--no-save", action="store_true", help="do not record this session in the history")


def _session_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--assignment",
        metavar="FILE",
        help="play an instructor's assignment: its scenarios, mode and attempts (see docs/assignments.md)",
    )
    p.add_argument(
        "--mode",
        choices=list(MODES),
        default=None,
        help="practice (hints, take-backs, better options after each turn) or assessment (none of them until "
        "the report), fixed for the session; default: the assignment's, else chosen in the briefing (play) or "
        "practice (run)",
    )
    app = p.prog.endswith(" play")
    p.add_argument(
        "--trainee",
        default=None if app else os.environ.get("MI_TRAINER_TRAINEE", ""),
        help="your name or student ID, kept only in this history; in the app it cannot then be changed and "
        "only your own sessions are listed (MI_TRAINER_TRAINEE only fills in the name)"
        if app
        else "your name or student ID, kept only in this history (or set MI_TRAINER_TRAINEE)",
    )


def _choices(text: str) -> list[int]:
    """``"1,3,2"`` → [1, 3, 2]; anything else is a usage error argparse reports in one line."""
    try:
        if any(len(x.strip()) > 3 for x in text.split(",")):
            raise ValueError("option numbers have at most three digits")
        out = [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{shorten(text, 40)!r}: give option numbers separated by commas, e.g. 1,3,2"
        ) from None
    if not out or min(out) < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: option numbers start at 1")
    return out


def launch_tui(args: argparse.Namespace, scenario: str | None) -> int:
    from mi_trainer.cli.console import unguarded
    from mi_trainer.tui.launch import run_app

    if getattr(args, "trainee", None) is not None:
        os.environ["MI_TRAINER_TRAINEE"] = args.trainee  # the app reads it for the briefing's name field
    with unguarded():
        return run_app(
            store_path=_store_path(args),
            scenario=scenario,
            packs=packs_of(args),
            assignment=getattr(args, "assignment", None),
            mode=getattr(args, "mode", None),
            trainee=getattr(args, "trainee", None) or None,
        )


def load_assignment_for(args: argparse.Namespace) -> Any:
    """The --assignment, checked against the library with its packs (None without one)."""
    if not getattr(args, "assignment", None):
        return None
    from mi_trainer.classroom.assignments import load_assignment
    from mi_trainer.loading.library import load_library

    known = [e.scenario_id for e in load_library(packs=packs_of(args)) if e.compiled is not None]
    return load_assignment(args.assignment, known)


def _store_path(args: argparse.Namespace) -> str | None:
    """The --store value as given (a path or a URL), or None for $MI_TRAINER_STORE / the default."""
    value = getattr(args, "store", None)
    return str(value) if value else None


def _open_store(args: argparse.Namespace, *, create: bool = True) -> Any:
    from mi_trainer.store import open_store

    store = open_store(_store_path(args), create=create)
    if store.notice:
        print(f"mi-trainer: {store.notice}", file=sys.stderr)
    return store


def cmd_run(args: argparse.Namespace) -> int:
    from mi_trainer.cli.player import Player
    from mi_trainer.engine.session import Session

    if args.demo:
        if getattr(args, "assignment", None) or args.mode == "assessment":
            raise MiTrainerError("a demonstration shows the strongest route, so it is not available for an assessment")
        from mi_trainer.cli.demo import run_demo

        return run_demo(args)
    from mi_trainer.classroom.rules import check_scenario, next_attempt, terms_for
    from mi_trainer.loading.library import find_scenario
    from mi_trainer.store import recording
    from mi_trainer.store.lease import LeaseKeeper

    assignment = load_assignment_for(args)
    terms = terms_for(assignment, args.mode)
    name = args.scenario
    args.trainee = trainee_name(args.trainee)
    if assignment is not None:
        if args.no_save:
            raise MiTrainerError("an assignment's sessions are always recorded; leave out --no-save")
        if args.strategy in ("best", "worst"):
            raise MiTrainerError("an assignment is answered by the trainee; use --choices, not --strategy")
        if name is None and len(assignment.scenario_ids) == 1:
            name = assignment.scenario_ids[0]
        args.trainee = assignment.trainee_for(args.trainee)
    if name is None:
        ids = f": {', '.join(assignment.scenario_ids)}" if assignment is not None else ""
        raise MiTrainerError(f"name the scenario to run{ids} (or use 'mi-trainer play' to choose in the library)")
    entry = find_scenario(name, packs=packs_of(args))
    assert entry.compiled is not None
    if assignment is not None:
        check_scenario(assignment, entry.scenario_id)
    scripted = args.choices is not None or args.strategy is not None
    # a scripted run must replay the same conversation every time: fixed seed, and --choices numbers the
    # options in file order unless a --seed asks for the shuffled order; a person at the keyboard gets a new seed
    seed = args.seed if args.seed is not None else 0 if scripted else random.SystemRandom().randint(0, 999_999)
    in_order = args.in_order or (args.choices is not None and args.seed is None)
    session = Session(entry.compiled, seed=seed, mode=terms.mode, shuffle=not in_order, policy=terms.policy)
    # everything that can refuse the run is checked before a history row exists, so a refused run
    # never leaves an empty "active" session behind
    if not scripted and not sys.stdin.isatty():
        raise SessionError("no terminal to ask on: give --choices 1,2,… or --strategy best|worst|random")
    if args.choices is not None:
        probe = Session(entry.compiled, seed=seed, mode=terms.mode, shuffle=not in_order, policy=terms.policy)
        check_choices(probe, args.choices)
    store, session_id = None, None
    if not args.no_save:
        store = _open_store(args)
    try:
        if store is not None:
            attempt = 0
            if assignment is not None:
                attempt = next_attempt(store, assignment, args.trainee, entry.scenario_id)
            session_id = recording.start(
                store, session, args.trainee, pack=entry.pack, assignment_id=terms.assignment_id, attempt=attempt
            )
        if store is None or session_id is None:
            return Player(args, session, None, None, pack=entry.pack).play()
        with LeaseKeeper(store, session_id):  # this session is live here until the player returns
            return Player(args, session, store, session_id, pack=entry.pack).play()
    finally:
        if store is not None:
            store.close()


def trainee_name(raw: str) -> str:
    """A trainee name from --trainee or MI_TRAINER_TRAINEE, cleaned (docs/security.md); says so when it
    had to remove something other than extra spaces."""
    name = clean_name(raw)
    if name != " ".join(str(raw).split())[:MAX_NAME].rstrip():
        print(f"mi-trainer: the trainee name had control or invisible characters; using '{name}'", file=sys.stderr)
    return name


def check_choices(probe: Session, choices: list[int]) -> None:
    """Play ``choices`` on a throwaway session: a number that is not on offer is refused up front."""
    from mi_trainer.engine.session import Phase

    for choice in choices:
        if probe.phase is not Phase.AWAITING_CHOICE:
            return
        shown = len(probe.options())
        if not 1 <= choice <= shown:
            raise SessionError(f"--choices: choice {choice} at turn {probe.turn} is not between 1 and {shown}")
        probe.choose(choice)


def cmd_resume(args: argparse.Namespace) -> int:
    from mi_trainer.cli.player import Player
    from mi_trainer.engine.resuming import resume_problem
    from mi_trainer.store import recording
    from mi_trainer.store.lease import LeaseKeeper

    store = _open_store(args)
    packs = packs_of(args)
    try:
        if args.set_aside:
            return _set_aside(store, args.session, packs)
        if args.session:
            row = store.get_session(args.session)
            if row.status != "active":
                raise SessionError(f"session {row.id[:8]} is {row.status.replace('_', ' ')}; see 'mi-trainer history'")
        else:
            row, stuck = None, 0
            active = store.resumable_sessions()
            # the newest one not live in another window first; one live elsewhere is then refused in one line
            ordered = [r for r in active if not r.leased_elsewhere()] + [r for r in active if r.leased_elsewhere()]
            for candidate in ordered:
                problem = resume_problem(
                    candidate.scenario_path, candidate.scenario_id, candidate.state_json, packs=packs
                )
                if not problem:
                    row = candidate
                    break
                stuck += 1
                print(f"mi-trainer: {_cannot(candidate, problem)}", file=sys.stderr)
            if row is None:
                message = (
                    "No interrupted session can be resumed." if stuck else "There is no interrupted session to resume."
                )
                print(json_text({"resumed": None, "message": message}) if args.json else message)
                return 1 if stuck else 0
        with LeaseKeeper(store, row.id):  # SessionInUseError (one line) if it is live elsewhere
            row = store.get_session(row.id)  # re-read under the lease: another copy may have just played on
            if row.status != "active":
                raise SessionError(f"session {row.id[:8]} has already ended; see 'mi-trainer history'")
            try:
                session = recording.restore(row, packs=packs)
            except SessionError as exc:
                raise SessionError(_cannot(row, str(exc))) from None
            args.trainee = clean_name(row.trainee)  # a history file is not trusted either
            return Player(args, session, store, row.id, pack=row.pack).play()
    finally:
        store.close()


def _cannot(row: Any, problem: str) -> str:
    return (
        f"session {row.id[:8]} ({row.scenario_title}) cannot be resumed: {problem}. "
        f"'mi-trainer resume --set-aside {row.id[:8]}' keeps it in your history and stops offering it"
    )


def _set_aside(store: Any, session: str | None, packs: list[str]) -> int:
    """Set aside one session, or (without an id) every unfinished one that can no longer be resumed."""
    from mi_trainer.engine.resuming import resume_problem

    if session:
        rows = [store.get_session(session)]
        if rows[0].status != "active":
            raise SessionError(f"session {rows[0].id[:8]} is {rows[0].status.replace('_', ' ')}, not unfinished")
    else:
        rows = [
            r
            for r in store.resumable_sessions()
            if resume_problem(r.scenario_path, r.scenario_id, r.state_json, packs=packs)
        ]
        if not rows:
            print("Every unfinished session can be resumed; nothing was set aside.")
            return 0
    for r in rows:
        store.set_aside(r.id)
        print(f"Set aside session {r.id[:8]} ({r.scenario_title}): kept in your history, no longer offered.")
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    from mi_trainer.store import resolve_target

    if args.drills:
        from mi_trainer.cli.drill import drill_history

        return drill_history(args)
    target = resolve_target(_store_path(args))
    if target.path is not None and not target.path.exists():  # nothing to list: do not create a file for it
        rows: list[Any] = []
    else:
        store = _open_store(args, create=False)
        try:
            rows = store.session_summaries()  # light rows: no state or report parsed, fast at any size
        finally:
            store.close()
    if args.json:
        print(json_text([_row_summary(r) for r in rows]))
        return 0
    if not rows:
        print("No sessions yet. Start one with 'mi-trainer' or 'mi-trainer run SCENARIO'.")
        return 0
    sys.stdout.write("".join(f"{history_line(r)}\n" for r in rows))
    return 0


def history_line(r: Any) -> str:
    """One session as a line of `history`: every piece of data on one line, escapes shown, not obeyed."""
    score = "" if r.score is None else f"{r.score:.0f}%"
    when = r.started_at.astimezone().strftime("%Y-%m-%d %H:%M")
    return (
        f"{one_line(r.id[:8])}  {when}  {one_line(r.status):<9} {score:>5}  {r.turn_count:>2} turns  "
        f"{shorten(one_line(r.scenario_id), 100)}"
        f"{f' [{one_line(pack)}]' if (pack := getattr(r, 'pack', '')) else ''}"
        f"{f'  ({one_line(task)} #{r.attempt})' if (task := getattr(r, 'assignment_id', '')) else ''}"
        f"{'  → ' + shorten(one_line(r.ending), 200) if r.ending else ''}"
    )


def _row_summary(r: Any) -> dict[str, Any]:
    return {
        "id": r.id,
        "scenario_id": r.scenario_id,
        "title": r.scenario_title,
        "mode": r.mode,
        "trainee": r.trainee,
        "started_at": r.started_at.isoformat(),
        "ended_at": r.ended_at.isoformat() if r.ended_at else None,
        "status": r.status,
        "turns": r.turn_count,
        "score_percent": r.score,  # 0–100 of the way from the worst to the best route, as in `export`
        "ending": r.ending,
        "valence": r.valence,
        "pack": r.pack,
        "assignment_id": r.assignment_id,
        "attempt": r.attempt,
    }


def cmd_export(args: argparse.Namespace) -> int:
    if args.format in ("moodle", "canvas"):
        from mi_trainer.cli.classroom import cmd_gradebook

        return cmd_gradebook(args)
    if args.assignment or args.graded:
        raise MiTrainerError("--assignment and --graded go with --format moodle or canvas")
    since = None
    if args.since:
        try:
            since = datetime.fromisoformat(args.since).replace(tzinfo=UTC)
        except ValueError:
            raise MiTrainerError(f"--since {args.since}: use a date like 2026-11-01") from None
    store = _open_store(args, create=False)  # a store path that does not exist is an error, never a new file
    try:
        out = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout  # noqa: SIM115
        try:
            if args.drills:
                from mi_trainer.cli.drill import export_drills

                export_drills(store, since, args.format, out)
            elif args.format == "csv":
                store.export_csv(since, out)
            else:
                out.write(json_text(store.export_json(since)) + "\n")
        finally:
            if args.output:
                out.close()
    finally:
        store.close()
    if args.output:
        print(f"wrote {args.output}", file=sys.stderr)
    return 0


def cmd_combine(args: argparse.Namespace) -> int:
    from mi_trainer.store.combine import class_summary, read_exports, summary_text, write_combined

    problems: list[str] = []
    rows = read_exports(args.files, problems)
    for line in problems:
        print(f"mi-trainer: {line}", file=sys.stderr)
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as out:
            write_combined(rows, out)
        print(f"wrote {len(rows)} sessions to {one_line(args.output)}", file=sys.stderr)
    summary = class_summary(rows)
    print(json_text(summary) if args.json else summary_text(summary) or "No sessions.")
    if problems:
        print(
            f"mi-trainer: {len(problems)} problem(s) in the files; the summary uses the rows that could be read",
            file=sys.stderr,
        )
        return 1
    return 0
