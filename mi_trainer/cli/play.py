"""Playing commands: run (headless), play (TUI), resume, history, export. Only `play` imports textual."""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mi_trainer.engine.session import Mode, Phase, Session
from mi_trainer.errors import MiTrainerError, SessionError


def register(sub: Any) -> None:
    p = sub.add_parser("play", help="open the trainer straight into one scenario")
    p.add_argument("scenario", metavar="SCENARIO", help="a scenario id or a path to a YAML file")
    p.set_defaults(func=lambda a: launch_tui(a, a.scenario))

    p = sub.add_parser("run", help="play a scenario in the terminal without the full-screen app")
    p.add_argument("scenario", metavar="SCENARIO")
    _play_options(p)
    p.add_argument("--mode", choices=[m.value for m in Mode], default=Mode.PRACTICE.value)
    p.add_argument(
        "--seed",
        type=int,
        default=None,
        help="seed for the order options are shown in (default: a new random seed, recorded with the session)",
    )
    p.add_argument("--in-order", action="store_true", help="show options in the order the file lists them")
    p.add_argument(
        "--trainee",
        default=os.environ.get("MI_TRAINER_TRAINEE", ""),
        help="an optional name, kept only on this machine",
    )
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("resume", help="continue an interrupted session")
    p.add_argument("session", nargs="?", metavar="SESSION", help="session id (default: the most recent one)")
    _play_options(p)
    p.set_defaults(func=cmd_resume)

    p = sub.add_parser("history", help="list your past sessions")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_history)

    p = sub.add_parser("export", help="export ended sessions for an instructor (CSV or JSON)")
    p.add_argument("--format", choices=("csv", "json"), default="csv")
    p.add_argument("--since", metavar="DATE", help="only sessions started on or after DATE (YYYY-MM-DD)")
    p.add_argument("-o", "--output", metavar="FILE")
    p.set_defaults(func=cmd_export)


def _play_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--choices", metavar="N,N,…", help="scripted choices, as the option numbers shown")
    p.add_argument("--strategy", choices=("best", "worst", "random"), help="let the trainer choose")
    p.add_argument("--json", action="store_true", help="print only the report, as JSON")
    p.add_argument("--markdown", action="store_true", help="print only the report, as Markdown")
    p.add_argument("--no-save", action="store_true", help="do not record this session in the history")


def launch_tui(args: argparse.Namespace, scenario: str | None) -> int:
    from mi_trainer.tui.app import run_app

    return run_app(store_path=_store_path(args), scenario=scenario)


def _store_path(args: argparse.Namespace) -> Path | None:
    return Path(args.store) if getattr(args, "store", None) else None


def _open_store(args: argparse.Namespace) -> Any:
    from mi_trainer.store import open_store

    store = open_store(_store_path(args))
    if store.notice:
        print(f"mi-trainer: {store.notice}", file=sys.stderr)
    return store


class _Player:
    """Drives a session from scripted choices, a strategy, or the keyboard, saving every turn."""

    def __init__(self, args: argparse.Namespace, session: Session, store: Any, session_id: str | None) -> None:
        self.args, self.session, self.store, self.session_id = args, session, store, session_id
        self.quiet = args.json or args.markdown
        self.scripted = [int(x) for x in args.choices.split(",") if x.strip()] if args.choices else None
        self.rng = random.Random(session.state.seed)
        self.plan: list[int] = []
        if args.strategy in ("best", "worst"):
            from mi_trainer.analysis.paths import path_stats

            if session.results:
                raise SessionError("--strategy best/worst plays a whole session; use it with 'run', not 'resume'")
            stats = path_stats(session.scenario)
            extreme = stats.best if args.strategy == "best" else stats.worst
            self.plan = [resp.index for _, resp in extreme.steps]

    def say(self, text: str) -> None:
        if not self.quiet:
            print(text)

    def next_choice(self) -> int | None:
        s = self.session
        shown = s.options()
        if self.plan:
            index = self.plan.pop(0)
            return next(i for i, r in enumerate(shown, 1) if r.index == index)
        if self.args.strategy == "random":
            return self.rng.randint(1, len(shown))
        if self.scripted is not None:
            return self.scripted.pop(0) if self.scripted else None
        return self.ask(len(shown))

    def ask(self, n: int) -> int | None:
        if not sys.stdin.isatty():
            raise SessionError("no terminal to ask on: give --choices 1,2,… or --strategy best|worst|random")
        while True:
            try:
                raw = input(f"Your choice (1-{n}; h = hint, q = stop for now): ").strip().lower()
            except EOFError:
                return None
            if raw == "q":
                return None
            if raw == "h":
                try:
                    print(f"  Hint: {self.session.hint()}")
                except SessionError as exc:
                    print(f"  {exc}")
                continue
            if raw.isdigit() and 1 <= int(raw) <= n:
                return int(raw)
            print(f"  Please type a number from 1 to {n}.")

    def play(self) -> int:
        from mi_trainer.engine.render import turn_feedback_text

        s = self.session
        if s.results:
            self.say(f"Resuming at turn {s.turn}.")
        while s.phase is Phase.AWAITING_CHOICE:
            self.say(f"\n{s.scenario.client.name}: {s.client_line()}")
            shown = s.options()
            for i, r in enumerate(shown, 1):
                self.say(f"  {i}. {r.say}")
            choice = self.next_choice()
            if choice is None:
                where = f" 'mi-trainer resume {self.session_id[:8]}'" if self.session_id else ""
                print(
                    f"Stopped at turn {s.turn}. Progress is saved; continue with{where or ' mi-trainer resume'}.",
                    file=sys.stderr,
                )
                return 3
            if not 1 <= choice <= len(shown):
                raise SessionError(f"choice {choice} at turn {s.turn} is not between 1 and {len(shown)}")
            result = s.choose(choice)
            if self.store is not None and self.session_id:
                self.store.record_turn(
                    self.session_id,
                    turn=result.turn,
                    node_id=result.node_id,
                    response_index=result.chosen.index,
                    say=result.chosen.say,
                    skills=[k.value for k in result.chosen.skills],
                    codes=[c.value for c in result.chosen.codes],
                    points=result.points,
                    state_after=result.state_after.as_dict(),
                    state_json=json.dumps(s.state.to_dict()),
                )
            self.say(f"  You: {result.chosen.say}")
            self.say(turn_feedback_text(result))
        return self.finish()

    def finish(self) -> int:
        from mi_trainer.engine.render import report_markdown
        from mi_trainer.engine.report import build_report

        s = self.session
        self.say(f"\n{s.scenario.client.name}: {s.client_line()}")
        report = build_report(s, trainee=getattr(self.args, "trainee", "") or "")
        if self.store is not None and self.session_id:
            self.store.finish_session(
                self.session_id,
                report=report,
                score=report["score"]["percent"],
                ending=report["client"]["ending"],
                valence=report["client"]["valence"],
                state_json=json.dumps(s.state.to_dict()),
            )
        if self.args.json:
            print(json.dumps(report, indent=2, ensure_ascii=False))
        else:
            print(("\n" if not self.quiet else "") + report_markdown(report))
        return 0


def cmd_run(args: argparse.Namespace) -> int:
    from mi_trainer.engine.session import scenario_digest
    from mi_trainer.loading.library import resolve_scenario

    compiled = resolve_scenario(args.scenario)
    seed = args.seed if args.seed is not None else random.SystemRandom().randint(0, 999_999)
    session = Session(compiled, seed=seed, mode=Mode(args.mode), shuffle=not args.in_order)
    store, session_id = None, None
    if not args.no_save:
        store = _open_store(args)
        sc = compiled.scenario
        session_id = store.start_session(
            scenario_id=sc.id,
            scenario_title=sc.title,
            audience=sc.audience.value,
            scenario_path=sc.source,
            scenario_digest=scenario_digest(sc),
            seed=seed,
            mode=args.mode,
            trainee=args.trainee,
            state_json=json.dumps(session.state.to_dict()),
        )
    try:
        return _Player(args, session, store, session_id).play()
    finally:
        if store is not None:
            store.close()


def cmd_resume(args: argparse.Namespace) -> int:
    from mi_trainer.engine.session import SessionState
    from mi_trainer.loading.library import resolve_scenario

    store = _open_store(args)
    try:
        if args.session:
            row = store.get_session(args.session)
        else:
            active = store.active_sessions()
            if not active:
                print("There is no interrupted session to resume.")
                return 0
            row = active[0]
        if row.status != "active":
            raise SessionError(f"session {row.id[:8]} has already ended; see 'mi-trainer history'")
        path = row.scenario_path
        compiled = resolve_scenario(path if path and Path(path).is_file() else row.scenario_id)
        state = SessionState.from_dict(json.loads(row.state_json))
        session = Session.restore(compiled, state)
        args.trainee = row.trainee
        return _Player(args, session, store, row.id).play()
    finally:
        store.close()


def cmd_history(args: argparse.Namespace) -> int:
    store = _open_store(args)
    try:
        rows = store.list_sessions()
    finally:
        store.close()
    if args.json:
        print(json.dumps([_row_summary(r) for r in rows], indent=2, ensure_ascii=False))
        return 0
    if not rows:
        print("No sessions yet. Start one with 'mi-trainer' or 'mi-trainer run SCENARIO'.")
        return 0
    for r in rows:
        score = "" if r.score is None else f"{r.score:.0f}%"
        when = r.started_at.astimezone().strftime("%Y-%m-%d %H:%M")
        print(
            f"{r.id[:8]}  {when}  {r.status:<9} {score:>5}  {r.turn_count:>2} turns  {r.scenario_id}"
            f"{'  → ' + r.ending if r.ending else ''}"
        )
    return 0


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
        "score": r.score,
        "ending": r.ending,
        "valence": r.valence,
    }


def cmd_export(args: argparse.Namespace) -> int:
    since = None
    if args.since:
        try:
            since = datetime.fromisoformat(args.since).replace(tzinfo=UTC)
        except ValueError:
            raise MiTrainerError(f"--since {args.since}: use a date like 2026-11-01") from None
    store = _open_store(args)
    try:
        out = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout  # noqa: SIM115
        try:
            if args.format == "csv":
                store.export_csv(since, out)
            else:
                json.dump(store.export_json(since), out, indent=2, ensure_ascii=False)
                out.write("\n")
        finally:
            if args.output:
                out.close()
    finally:
        store.close()
    if args.output:
        print(f"wrote {args.output}", file=sys.stderr)
    return 0
