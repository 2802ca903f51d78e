"""A class roster: a CSV of student IDs and names, read safely with a coded diagnostic per bad row."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from mi_trainer.model.diagnostics import Diagnostic, Severity

MAX_ROSTER_BYTES = 1024 * 1024
MAX_STUDENTS = 2000
MAX_ID = 64
MAX_NAME = 100
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_HEADER_IDS = {"id", "student_id", "student id", "studentid", "student", "student number", "number"}


def printable(text: str) -> str:
    """Text quoted from a file, with control characters shown as escapes (never obeyed by a terminal)."""
    return _CONTROL.sub(lambda m: ascii(m.group())[1:-1], text)


def normalise(text: str) -> str:
    """How a typed name or ID is compared with the roster: trimmed, spaces collapsed, case folded."""
    return " ".join(text.split()).casefold()


def read_roster(path: Path, shown: str) -> tuple[tuple[tuple[str, str], ...], list[Diagnostic]]:
    """``(student_id, name)`` pairs from a CSV with one student per row (an optional header row whose
    first cell is e.g. ``student_id``), and the problems found (AS012 for the file, AS013 per row)."""
    diags: list[Diagnostic] = []

    def bad(code: str, message: str, line: int = 0, hint: str = "") -> None:
        diags.append(Diagnostic(code, Severity.ERROR, printable(message), shown, line, 1 if line else 0, hint))

    try:
        size = path.stat().st_size
        if size > MAX_ROSTER_BYTES:
            bad("AS012", f"the roster is {size:,} bytes; the limit is {MAX_ROSTER_BYTES:,}", 0, "split the class")
            return (), diags
        data = path.read_bytes()
    except OSError as exc:
        bad("AS012", f"cannot read the roster: {exc.strerror or exc}", 0, "check the 'roster:' path")
        return (), diags
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # the byte-order mark spreadsheets write
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        bad("AS012", "the roster is not UTF-8 text", line, "save it from the spreadsheet as 'CSV UTF-8'")
        return (), diags
    if "\x00" in text:
        bad("AS012", "the roster contains a NUL byte; it looks binary", 0, "save it as CSV text")
        return (), diags
    students: list[tuple[str, str]] = []
    seen: dict[str, int] = {}
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for row in reader:
            line = reader.line_num
            cells = [c.strip() for c in row]
            if not any(cells):
                continue
            if not students and not seen and cells[0].casefold() in _HEADER_IDS:
                continue  # a header row
            sid, name = cells[0], (cells[1] if len(cells) > 1 else "")
            if not sid:
                bad("AS013", "this row has no student ID in its first column", line, "put the ID first, then the name")
            elif len(sid) > MAX_ID or len(name) > MAX_NAME:
                bad("AS013", f"this row is too long (IDs up to {MAX_ID} characters, names up to {MAX_NAME})", line)
            elif _CONTROL.search(sid + name):
                bad("AS013", "this row contains control characters", line, "remove them")
            elif normalise(sid) in seen:
                bad("AS013", f"student ID '{sid}' is listed twice (first on line {seen[normalise(sid)]})", line)
            else:
                seen[normalise(sid)] = line
                students.append((sid, name))
            if len(students) > MAX_STUDENTS:
                bad("AS012", f"the roster lists more than {MAX_STUDENTS:,} students", line, "split the class")
                return (), diags
    except csv.Error as exc:
        bad("AS012", f"the roster is not valid CSV: {exc}", reader.line_num, "check the quotes on this line")
    if not students and not diags:
        bad("AS012", "the roster lists no students", 0, "one row per student: ID, name")
    return tuple(students), diags
