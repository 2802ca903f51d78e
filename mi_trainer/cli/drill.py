"""``mi-trainer drill [SKILL]``: a short round of one-skill drills in the terminal, answers read line by line."""

from __future__ import annotations

import argparse
import random
import sys
from datetime import date
from typing import Any, TextIO

from mi_trainer.cli.argtypes import MAX_SEED, bounded_int, packs_of
from mi_trainer.model.textsafe import json_text, one_line, shorten
from mi_trainer.model.vocab import plural

SHOWN = 600  # characters of a scenario line shown in the terminal


# the same as drills.practice.DEFAULT_ITEMS / MAX_ITEMS (importing it here would load the coder for every command)
DEFAULT_ITEMS, MAX_ITEMS = 5, 50


def register(sub: Any) -> None:
    p = sub.add_parser(
        "drill",
        help="a five-minute drill of one skill; with no SKILL, the skill that is due",
        description="Skills: name-skill, make-open, reflect, both-sides, affirm, spot-talk. Answer each item on "
        "one line (a number for a choice). Every answer is saved as you go; the skills you get right come back "
        "less often (Leitner boxes, see docs/drills.md).",
    )
    p.add_argument("skill", nargs="?", metavar="SKILL", help="which drill (default: the one most overdue)")
    p.add_argument("--items", type=bounded_int(1, MAX_ITEMS), default=DEFAULT_ITEMS, help="how many items")
    p.add_argument("--seed", type=bounded_int(0, MAX_SEED), default=None, help="the same seed, the same items")
    p.add_argument("--json", action="store_true", help="print only the results, as JSON")
    p.add_argument("--status", action="store_true", help="show every skill's box, due day and accuracy")
    p.add_argument("--no-save", action="store_true", help="do not record this round in the history")
    p.add_argument("--trainee", default="", help="an optional name, kept only on this machine")
    p.set_defaults(func=cmd_drill)


def _say(out: TextIO | None, text: str = "") -> None:
    if out is not None:
        out.write(text + "\n")
        out.flush()


def _ask(out: TextIO | None, prompt: str) -> str | None:
    _say(out, prompt)
    line = sys.stdin.readline()
    return None if line == "" else line.rstrip("\r\n")


def _choice(raw: str, options: tuple[str, ...]) -> str:
    """'2' or an option's name → the option; anything else stays as typed (and is graded wrong)."""
    text = raw.strip().lower().replace("-", "_")
    if text.isdigit() and 1 <= int(text) <= len(options):
        return options[int(text) - 1]
    return next((o for o in options if o == text), text[:60])


def _show(out: TextIO | None, n: int, total: int, item: Any) -> None:
    from mi_trainer.drills.items import skill_label

    _say(out, f"\n[{n}/{total}] {item.title} — {one_line(shorten(item.scenario_title, 80))}")
    _say(out, f"  {one_line(item.client_name)}: {one_line(shorten(item.client_line, SHOWN))}")
    if item.practitioner_line:
        _say(out, f"  You: {one_line(shorten(item.practitioner_line, SHOWN))}")
    if item.kind == "name_skill":
        _say(out, "  Which skill is this?")
        for i, o in enumerate(item.options, 1):
            _say(out, f"   {i}. {skill_label(o)}")


def _result(out: TextIO | None, result: Any) -> None:
    for part in result.parts:
        mark = "right" if part.correct else "not yet"
        heard = f" — the coder heard {part.heard}" if part.heard else ""
        _say(out, f"  → {mark}{heard}")
        for reason in part.reasons[:4]:
            _say(out, f"     · {one_line(shorten(reason, 300))}")
        if part.example is not None:
            _say(out, f"     e.g. {one_line(shorten(part.example.say, SHOWN))}")


def _answers(out: TextIO | None, item: Any) -> list[str] | None:
    if item.kind == "name_skill":
        raw = _ask(out, "  Your answer (number): ")
        return None if raw is None else [_choice(raw, item.options)]
    if item.kind == "spot_talk":
        raw = _ask(out, "  Change, sustain or neutral? 1. change  2. sustain  3. neutral: ")
        if raw is None:
            return None
        talk = _choice(raw, item.options)
        if not item.subtype_options or talk == "neutral":
            return [talk]
        listing = "  ".join(f"{i}. {o}" for i, o in enumerate(item.subtype_options, 1))
        raw = _ask(out, f"  Which DARN-CAT kind? {listing}: ")
        return None if raw is None else [talk, _choice(raw, item.subtype_options)]
    written: list[str] = []
    for prompt in item.prompts:
        raw = _ask(out, f"  {prompt} ")
        if raw is None:
            return None
        written.append(raw)
    return written


def cmd_drill(args: argparse.Namespace) -> int:
    from mi_trainer.cli.play import _open_store, trainee_name
    from mi_trainer.drills.items import KIND_TITLES, parse_skill
    from mi_trainer.drills.practice import DrillRound, answers_from_rows, library_items, pick_skill
    from mi_trainer.drills.schedule import statuses

    skill = parse_skill(args.skill) if args.skill else None
    store = None if args.no_save else _open_store(args)
    try:
        earlier = answers_from_rows(store.drill_answers() if store is not None else [])
        today = date.today()
        if args.status:
            rows = [s.to_dict(today) for s in statuses(earlier)]
            if args.json:
                print(json_text(rows))
            else:
                for s in rows:
                    acc = "—" if s["accuracy"] is None else f"{s['accuracy']:.0%}"
                    due = "due now" if s["is_due"] else f"due {s['due']}"
                    print(f"{s['skill']:<11} box {s['box']}  {due:<15} {s['right']}/{s['answered']} right ({acc})")
            return 0
        why = "chosen"
        if skill is None:
            skill, why = pick_skill(earlier, today)
        seed = args.seed if args.seed is not None else random.SystemRandom().randint(0, 999_999)
        trainee = trainee_name(args.trainee)
        items = library_items(packs_of(args))
        drill = DrillRound.start(skill, args.items, seed, items=items, store=store, trainee=trainee)
        out = None if args.json else sys.stdout
        if not drill.items:
            print(f"mi-trainer: the scenario library has no '{skill}' drill items", file=sys.stderr)
            return 1
        count = plural(len(drill.items), "item")
        _say(out, f"{KIND_TITLES[skill]}: {count} ({why}; seed {seed}). A practice tool, not treatment.")
        while (item := drill.current) is not None:
            _show(out, len(drill.results) + 1, len(drill.items), item)
            given = _answers(out, item)
            if given is None:
                _say(out, "\n(stopped: your answers so far are saved)")
                break
            _result(out, drill.answer(given))
        status = drill.status_after(earlier, today)
        summary = {
            "skill": skill,
            "seed": seed,
            "round_id": drill.round_id,
            "right": drill.right,
            "answered": len(drill.results),
            "items": [r.to_dict() for r in drill.results],
            "status": status.to_dict(today) if drill.results else None,
            "saved": store is not None,
        }
        if args.json:
            print(json_text(summary))
        elif drill.results:
            _say(
                out,
                f"\n{drill.right} of {len(drill.results)} right. {KIND_TITLES[skill]} is in box {status.box}; "
                f"next due {status.due.isoformat() if status.due else 'now'}.",
            )
        return 0
    finally:
        if store is not None:
            store.close()


DRILL_COLUMNS = ("round_id", "item_no", "answered_at", "trainee", "skill", "item_id", "scenario_id", "correct")


def drill_summary(rows: list[Any], today: date) -> dict[str, Any]:
    """Per skill: box, due day, accuracy, and accuracy by day; plus every answer (JSON-ready)."""
    from mi_trainer.drills.practice import answers_from_rows
    from mi_trainer.drills.schedule import accuracy_by_day, due_skills, statuses

    answers = answers_from_rows(rows)
    skills = []
    for s in statuses(answers):
        entry = s.to_dict(today)
        entry["by_day"] = [
            {"day": d.isoformat(), "right": r, "answered": n} for d, r, n in accuracy_by_day(answers, s.skill)
        ]
        skills.append(entry)
    return {
        "due": [s.skill for s in due_skills(answers, today)],
        "skills": skills,
        "answers": [r.to_dict() for r in rows],
    }


def drill_history(args: argparse.Namespace) -> int:
    from mi_trainer.cli.play import _open_store

    store = _open_store(args)
    try:
        summary = drill_summary(store.drill_answers(), date.today())
    finally:
        store.close()
    if args.json:
        print(json_text(summary))
        return 0
    if not summary["answers"]:
        print("No drills yet. Start one with 'mi-trainer drill'.")
        return 0
    for s in summary["skills"]:
        trend = " ".join(f"{d['right']}/{d['answered']}" for d in s["by_day"][-7:]) or "—"
        due = "due now" if s["is_due"] else f"due {s['due']}"
        print(f"{s['skill']:<11} box {s['box']}  {due:<15} by day: {trend}")
    return 0


def export_drills(store: Any, since: Any, fmt: str, out: TextIO) -> None:
    """Drill answers as CSV (one row per answer, every cell through textsafe.csv_cell) or JSON."""
    import csv

    from mi_trainer.model.textsafe import csv_cell

    rows = [r.to_dict() for r in store.drill_answers(since=since)]
    if fmt == "json":
        out.write(json_text(rows) + "\n")
        return
    writer = csv.DictWriter(out, fieldnames=DRILL_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: csv_cell(int(row[k]) if k == "correct" else row[k]) for k in DRILL_COLUMNS})
