"""Assignments: an instructor's small YAML (which scenarios, which mode, how many attempts), validated with
coded diagnostics (AS0xx at file:line) by the same safe YAML reader as scenarios."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mi_trainer.classroom.roster import normalise, printable, read_roster
from mi_trainer.engine.session import Feedback, Mode, Policy
from mi_trainer.errors import AssignmentError, ScenarioError
from mi_trainer.loading.fields import kind_of
from mi_trainer.loading.yaml_reader import PosDict, PosList, read_file
from mi_trainer.model.diagnostics import Diagnostic, Severity

MAX_ATTEMPTS = 100
MAX_SCENARIOS = 200
MAX_TITLE = 200
_ID = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,79}$")

#: Every assignment diagnostic, with its one-line title (documented in docs/diagnostics.md).
ASSIGNMENT_CODES: dict[str, str] = {
    "AS001": "the file cannot be read as YAML",
    "AS002": "top level is not a mapping",
    "AS003": "missing required field",
    "AS004": "unknown field",
    "AS005": "wrong type",
    "AS006": "unknown value",
    "AS007": "value out of range",
    "AS008": "unknown scenario id",
    "AS009": "scenario listed twice",
    "AS010": "no scenarios",
    "AS011": "invalid id",
    "AS012": "roster file cannot be used",
    "AS013": "bad roster row",
    "AS014": "duplicate key",
    "AS015": "control characters in text",
    "AS016": "settings that contradict the mode",
}

FIELDS = ("id", "title", "scenarios", "mode", "attempts", "feedback", "hints", "retries", "roster", "instructions")
REQUIRED = ("title", "scenarios")


@dataclass(frozen=True, slots=True)
class Assignment:
    """What an instructor asks of a class; ``policy`` is what the trainee may see and do in its sessions."""

    id: str
    title: str
    scenario_ids: tuple[str, ...]
    mode: Mode = Mode.ASSESSMENT
    attempts: int = 1
    feedback: Feedback = Feedback.END
    hints: bool = False
    retries: bool = False
    roster: tuple[tuple[str, str], ...] = ()  # (student_id, name)
    instructions: str = ""
    path: str = ""
    #: where each scenario id stands in the file (line, column)
    scenario_pos: tuple[tuple[int, int], ...] = field(default=(), compare=False)

    @property
    def policy(self) -> Policy:
        return Policy.of(self.mode, feedback=self.feedback, hints=self.hints, retries=self.retries)

    def student(self, typed: str) -> tuple[str, str] | None:
        """The roster entry a trainee's typed ID or name matches (case and spacing ignored)."""
        key = normalise(typed)
        if not key:
            return None
        for sid, name in self.roster:
            if key == normalise(sid):
                return (sid, name)
        named = [(sid, name) for sid, name in self.roster if name and key == normalise(name)]
        return named[0] if len(named) == 1 else None

    def trainee_for(self, typed: str) -> str:
        """The name a session of this assignment is recorded under: the roster's student ID when there is a
        roster (so a student counts the same by ID or by name); raises AssignmentError when not on it."""
        typed = " ".join(typed.split())
        if not typed:
            raise AssignmentError(
                f"assignment '{self.id}' needs your name or student ID: type it in the name box, or give --trainee NAME"
            )
        if not self.roster:
            return typed
        found = self.student(typed)
        if found is None:
            raise AssignmentError(
                f"'{printable(typed)}' is not on the roster of assignment '{self.id}' — "
                "type your student ID as your instructor gave it"
            )
        return found[0]


class _Check:
    """Collects the diagnostics of one assignment file."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.diagnostics: list[Diagnostic] = []

    def error(self, code: str, message: str, pos: tuple[int, int], hint: str = "") -> None:
        line, column = pos
        self.diagnostics.append(
            Diagnostic(code, Severity.ERROR, printable(message), self.file, line, column, printable(hint))
        )

    def text(self, data: PosDict, key: str, default: str = "", limit: int = MAX_TITLE) -> str:
        value = data.get(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.error("AS005", f"'{key}' must be text, not {kind_of(value)}", data.pos_of(key), "put it in quotes")
            return default
        text = str(value).strip()
        if re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", text):
            self.error("AS015", f"'{key}' contains control characters", data.pos_of(key), "remove them")
            return default
        if len(text) > limit:
            self.error("AS007", f"'{key}' is {len(text)} characters; the limit is {limit}", data.pos_of(key))
        return text

    def flag(self, data: PosDict, key: str, default: bool) -> bool:
        value = data.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.error("AS005", f"'{key}' must be true or false, not {kind_of(value)}", data.pos_of(key))
            return default
        return value

    def choice(self, data: PosDict, key: str, allowed: tuple[str, ...], default: str) -> str:
        value = self.text(data, key, default)
        if value not in allowed:
            close = difflib.get_close_matches(value, allowed, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"use one of: {', '.join(allowed)}"
            self.error("AS006", f"'{key}: {value}' is not known", data.pos_of(key), hint)
            return default
        return value


def check_assignment(path: Path | str) -> tuple[Assignment | None, list[Diagnostic]]:
    """Read and check an assignment file: the Assignment (None when it has errors) and every problem."""
    path = Path(path)
    file = str(path)
    c = _Check(file)
    try:
        root = read_file(path)
    except ScenarioError as exc:
        code = "AS002" if exc.code in ("MI004", "MI009") else "AS001"
        message = exc.message.replace("a scenario starts with 'id:', 'title:' …", "an assignment starts with 'title:'")
        message = message.replace("scenarios are limited to", "files are limited to")
        c.error(code, message, (exc.line, exc.column))
        return None, c.diagnostics
    for key, line, column in root.duplicates:
        c.error("AS014", f"'{key}' is given twice (the first one counts)", (line, column), "remove one of them")
    for key, line, column in root.bad_keys:
        c.error("AS004", f"the key {key!r} is not a field name", (line, column), f"fields: {', '.join(FIELDS)}")
    for key in root:
        if key not in FIELDS:
            close = difflib.get_close_matches(key, FIELDS, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"fields: {', '.join(FIELDS)}"
            c.error("AS004", f"unknown field '{key}'", root.key_pos_of(key), hint)
    for key in REQUIRED:
        if root.get(key) is None:
            c.error("AS003", f"the assignment has no '{key}'", (root.line, root.column), f"add '{key}:'")

    assignment_id = c.text(root, "id", _id_from(path))
    if not _ID.match(assignment_id):
        where = root.pos_of("id") if "id" in root else (root.line, root.column)
        c.error("AS011", f"'{assignment_id}' is not a valid assignment id", where, "letters, digits, '-', '_', '.'")
    title = c.text(root, "title")
    raw_title = root.get("title")
    if isinstance(raw_title, str) and not raw_title.strip():
        c.error("AS003", "the title is empty", root.pos_of("title"), "give the assignment a title")
    ids, lines = _scenario_ids(c, root)
    mode = Mode(c.choice(root, "mode", tuple(m.value for m in Mode), Mode.ASSESSMENT.value))
    attempts = _attempts(c, root)
    feedback = Feedback(c.choice(root, "feedback", tuple(f.value for f in Feedback), Feedback.END.value))
    hints = c.flag(root, "hints", False)
    retries = c.flag(root, "retries", False)
    instructions = c.text(root, "instructions", "", limit=2000)
    if mode is Mode.ASSESSMENT:
        for key, bad in (("feedback", feedback is Feedback.TURN), ("hints", hints), ("retries", retries)):
            if bad:
                c.error(
                    "AS016",
                    f"'{key}' asks for more than an assessment allows: it shows no better option, hint or "
                    "take-back until the report",
                    root.pos_of(key),
                    "remove the line, or use 'mode: practice'",
                )
    roster: tuple[tuple[str, str], ...] = ()
    roster_name = c.text(root, "roster", "", limit=1000)
    if roster_name:
        roster_path = (
            (path.parent / roster_name).resolve() if not Path(roster_name).is_absolute() else Path(roster_name)
        )
        if not roster_path.is_file():
            c.error(
                "AS012",
                f"no roster file '{roster_name}' next to the assignment",
                root.pos_of("roster"),
                "the path is relative to the assignment file",
            )
        else:
            shown = roster_name if Path(roster_name).is_absolute() else str(path.parent / roster_name)
            roster, problems = read_roster(roster_path, shown)
            c.diagnostics.extend(problems)
    if c.diagnostics:
        return None, sorted(c.diagnostics, key=lambda d: (d.file != file, d.line, d.column, d.code))
    assignment = Assignment(
        assignment_id,
        title,
        ids,
        mode,
        attempts,
        feedback,
        hints,
        retries,
        roster,
        instructions,
        file,
        lines,
    )
    return assignment, []


def _id_from(path: Path) -> str:
    """An assignment without 'id:' is known by its file name (``week3.yaml`` → ``week3``)."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", path.stem).strip("-.") or "assignment"


def _scenario_ids(c: _Check, root: PosDict) -> tuple[tuple[str, ...], tuple[tuple[int, int], ...]]:
    value = root.get("scenarios")
    if value is None:
        return (), ()
    if isinstance(value, str):
        value_list: list[Any] = [value]
        positions = [root.pos_of("scenarios")]
    elif isinstance(value, PosList):
        value_list, positions = list(value), list(value.item_pos)
    else:
        c.error(
            "AS005",
            f"'scenarios' must be a list of scenario ids, not {kind_of(value)}",
            root.pos_of("scenarios"),
            "one '- id' line per scenario",
        )
        return (), ()
    if not value_list:
        c.error("AS010", "the assignment lists no scenarios", root.pos_of("scenarios"), "add '- scenario-id' lines")
    if len(value_list) > MAX_SCENARIOS:
        c.error("AS007", f"{len(value_list)} scenarios; the limit is {MAX_SCENARIOS}", root.pos_of("scenarios"))
    ids: list[str] = []
    where: list[tuple[int, int]] = []
    first: dict[str, int] = {}
    for item, pos in zip(value_list, positions, strict=True):
        if isinstance(item, bool) or not isinstance(item, (str, int)):
            c.error("AS005", f"a scenario id must be text, not {kind_of(item)}", pos)
            continue
        sid = str(item).strip()
        if not _ID.match(sid):
            c.error("AS011", f"'{sid}' is not a valid scenario id", pos, "use the id 'mi-trainer list' shows")
        elif sid in first:
            c.error("AS009", f"scenario '{sid}' is listed twice (first on line {first[sid]})", pos, "remove one")
        else:
            first[sid] = pos[0]
            ids.append(sid)
            where.append(pos)
    return tuple(ids), tuple(where)


def _attempts(c: _Check, root: PosDict) -> int:
    value = root.get("attempts")
    if value is None:
        return 1
    if isinstance(value, bool) or not isinstance(value, int):
        c.error("AS005", f"'attempts' must be a whole number, not {kind_of(value)}", root.pos_of("attempts"))
        return 1
    if not 1 <= value <= MAX_ATTEMPTS:
        c.error("AS007", f"'attempts: {value}' is out of range", root.pos_of("attempts"), f"use 1 to {MAX_ATTEMPTS}")
        return 1
    return value


def check_scenarios(assignment: Assignment, known: Iterable[str]) -> list[Diagnostic]:
    """AS008 for each scenario id the library (with its packs) does not have, at the id's line."""
    known = list(known)
    out = []
    positions = assignment.scenario_pos or ((0, 0),) * len(assignment.scenario_ids)
    for sid, (line, column) in zip(assignment.scenario_ids, positions, strict=True):
        if sid not in known:
            close = difflib.get_close_matches(sid, known, n=1)
            hint = f"did you mean '{close[0]}'?" if close else "add its pack with --pack DIR, or fix the id"
            out.append(
                Diagnostic(
                    "AS008",
                    Severity.ERROR,
                    f"no scenario '{printable(sid)}' in the library or packs",
                    assignment.path,
                    line,
                    column,
                    hint,
                )
            )
    return out


def load_assignment(path: Path | str, known_ids: Iterable[str] | None = None) -> Assignment:
    """The assignment in a file, or AssignmentError with one line per problem (``diagnostics``). With
    ``known_ids`` (the library's ids), unknown scenario ids are problems too."""
    assignment, diags = check_assignment(path)
    if assignment is not None and known_ids is not None:
        diags = check_scenarios(assignment, known_ids)
    if assignment is None or diags:
        shown = tuple(d.format() for d in diags)
        raise AssignmentError("\n".join(shown), shown)
    return assignment
