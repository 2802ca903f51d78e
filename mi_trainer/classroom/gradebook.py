"""Gradebook files for Moodle and Canvas from the class report's graded attempts (docs/gradebooks.md).

- Moodle (Grades ▸ Import ▸ CSV file): an identifier column ("ID number" or "Email address", whichever
  the student has) plus "Full name", then one column per grade item.
- Canvas (Grades ▸ Import): Student, ID, SIS User ID, SIS Login ID, Section, then one column per
  assignment, with a "Points Possible" row under the header.

One grade item per scenario (the graded attempt's score, 0–100); with an assignment, one more item for
the assignment as a whole: the mean over its scenarios, a scenario not attempted counting 0. Every text
cell is neutralised for spreadsheets (a leading = + - @ tab or CR gets an apostrophe).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from mi_trainer.classroom.escaping import csv_cell
from mi_trainer.classroom.report_model import NO_NAME, ClassReport

GRADEBOOKS = ("moodle", "canvas")
POINTS_POSSIBLE = 100


@dataclass(frozen=True, slots=True)
class GradeRow:
    """One student: who (name, ID number, email) and a grade per item (None = no grade)."""

    name: str
    id_number: str
    email: str
    grades: tuple[float | None, ...]

    @property
    def identified(self) -> bool:
        return bool(self.id_number or self.email)


def _identity(name: str, student_id: str) -> tuple[str, str]:
    """(ID number, email): the roster's student id, else the recorded name; an '@' makes it an email."""
    key = student_id.strip() or ("" if name == NO_NAME else name.strip())
    return ("", key) if "@" in key else (key, "")


def grade_table(report: ClassReport) -> tuple[list[str], list[GradeRow]]:
    """(grade item names, one row per student), students in name order."""
    scenarios = [(s.scenario_id, s.title) for s in report.scenarios]
    items = [f"{title} (mi-trainer)" for _, title in scenarios]
    whole = bool(report.assignment_id) and bool(scenarios)
    if whole:
        items.append(f"{report.title} (mi-trainer, all scenarios)")
    students: dict[str, tuple[str, str, dict[str, float | None]]] = {}
    for r in report.rows:
        entry = students.setdefault(r.student.casefold(), (r.student, r.student_id, {}))
        score = r.graded.score_percent if r.graded else None
        if score is not None:
            old = entry[2].get(r.scenario_id)
            entry[2][r.scenario_id] = score if old is None else max(old, score)
    for name, sid, _ in report.missing:
        students.setdefault(name.casefold(), (name, sid, {}))
    rows = []
    for name, sid, scores in sorted(students.values(), key=lambda e: e[0].casefold()):
        grades: list[float | None] = [_round(scores.get(s)) for s, _ in scenarios]
        if whole:
            attempted = [g for g in grades if g is not None]
            grades.append(_round(sum(attempted) / len(scenarios)) if attempted else None)
        id_number, email = _identity(name, sid)
        rows.append(GradeRow(name, id_number, email, tuple(grades)))
    return items, rows


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def render_gradebook(report: ClassReport, system: str) -> tuple[str, int]:
    """(CSV text, how many students were left out for want of an ID number or email)."""
    items, rows = grade_table(report)
    kept = [r for r in rows if r.identified]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if system == "moodle":
        writer.writerow(["ID number", "Email address", "Full name", *items])
        for r in kept:
            writer.writerow([csv_cell(v) for v in (r.id_number, r.email, r.name, *r.grades)])
    elif system == "canvas":
        writer.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *items])
        writer.writerow(["Points Possible", "", "", "", "", *([POINTS_POSSIBLE] * len(items))])
        for r in kept:
            writer.writerow([csv_cell(v) for v in (r.name, "", r.id_number, r.email, "", *r.grades)])
    else:
        raise ValueError(system)
    return out.getvalue(), len(rows) - len(kept)
