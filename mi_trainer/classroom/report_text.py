"""The class report as data: CSV (one row per student × scenario), JSON (everything) and Markdown."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from mi_trainer.classroom.escaping import csv_cell, md_text
from mi_trainer.classroom.report_choices import NodeStat, trouble_spots
from mi_trainer.classroom.report_model import ClassReport, ScenarioStat, StudentRow, median
from mi_trainer.model.vocab import plural

CSV_COLUMNS = (
    "student",
    "student_id",
    "scenario_id",
    "scenario_title",
    "assignment_id",
    "attempts",
    "first_score",
    "best_score",
    "last_score",
    "graded_rule",
    "graded_score",
    "graded_session_id",
    "reflection_to_question",
    "reflection_to_question_band",
    "percent_complex_reflection",
    "percent_complex_reflection_band",
    "technical",
    "technical_band",
    "relational",
    "relational_band",
    "mi_adherent",
    "mi_non_adherent",
    "practice_runs",
)


def student_record(r: StudentRow, rule: str) -> dict[str, Any]:
    g = r.graded
    return {
        "student": r.student,
        "student_id": r.student_id,
        "scenario_id": r.scenario_id,
        "scenario_title": r.scenario_title,
        "assignment_id": r.assignment_id,
        "attempts": len(r.attempts),
        "first_score": r.first,
        "best_score": r.best,
        "last_score": r.last,
        "graded_rule": rule,
        "graded_score": g.score_percent if g else None,
        "graded_session_id": g.session_id if g else None,
        "reflection_to_question": g.rq if g else None,
        "reflection_to_question_band": g.rq_band if g else None,
        "percent_complex_reflection": g.pcr if g else None,
        "percent_complex_reflection_band": g.pcr_band if g else None,
        "technical": g.technical if g else None,
        "technical_band": g.technical_band if g else None,
        "relational": g.relational if g else None,
        "relational_band": g.relational_band if g else None,
        "mi_adherent": g.adherent if g else None,
        "mi_non_adherent": g.non_adherent if g else None,
        "practice_runs": r.practice_runs,
    }


def render_csv(report: ClassReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in report.rows:
        record = student_record(r, report.graded_rule)
        writer.writerow([csv_cell(record[c]) for c in CSV_COLUMNS])
    return out.getvalue()


def _node(n: NodeStat) -> dict[str, Any]:
    return {
        "node": n.node_id,
        "client_said": n.client_said,
        "visits": n.visits,
        "strongest_share": None if n.strongest_share is None else round(n.strongest_share, 4),
        "options": [
            {
                "say": o.say,
                "skill": o.skill,
                "points": o.points,
                "count": o.count,
                "share": round(o.share, 4),
                "strongest": o.strongest,
                "own_words": o.own_words,
            }
            for o in n.options
        ],
    }


def _scenario(s: ScenarioStat) -> dict[str, Any]:
    figures = {"score_percent": s.scores, "reflection_to_question": s.rq, "percent_complex_reflection": s.pcr}
    figures |= {"technical": s.technical, "relational": s.relational}
    return {
        "scenario_id": s.scenario_id,
        "title": s.title,
        "graded": len(s.scores),
        "scenario_file_found": s.found,
        "figures": {
            k: {"values": list(v), "median": median(v), "min": min(v, default=None), "max": max(v, default=None)}
            for k, v in figures.items()
        },
        "turns": [_node(n) for n in s.nodes] if s.has_turns else None,
    }


def report_data(report: ClassReport) -> dict[str, Any]:
    return {
        "title": report.title,
        "generated_at": report.generated_at.isoformat(),
        "source": report.source,
        "since": report.since.isoformat() if report.since else None,
        "assignment_id": report.assignment_id or None,
        "counted": report.counted,
        "graded_rule": report.graded_rule,
        "students": [student_record(r, report.graded_rule) for r in report.rows],
        "no_attempt": [{"student": n, "student_id": i, "scenario_id": s} for n, i, s in report.missing],
        "scenarios": [_scenario(s) for s in report.scenarios],
        "skill_profile": {"oars": dict(report.oars), "miti": report.miti},
        "shown_apart": [{"student": w, "scenario_id": s, "sessions": n} for w, s, n in report.apart],
        "ignored_attempts_over_limit": report.ignored_attempts,
        "drills": [{"student": w, "skill": k, "right": r, "answered": n} for w, k, r, n in report.drills],
    }


def md_cell(value: object) -> str:
    """Text safe in a Markdown table cell: no pipes, no line breaks, no HTML or link syntax."""
    return "—" if value is None else " ".join(md_text(value).split()) or "—"


def _md_table(head: list[str], rows: Sequence[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
    return [*lines, ""]


def _pct(v: float | None) -> str | None:
    return None if v is None else f"{v:.0f}%"


def _banded(value: float | None, band: str, unit: str = "") -> str:
    return band if value is None else f"{value:g}{unit} ({band})"


def render_md(report: ClassReport) -> str:
    lines = [f"# Class report — {md_cell(report.title)}", ""]
    lines += [f"Counted: {report.counted}; graded attempt: {report.graded_rule}. Source: {md_cell(report.source)}.", ""]
    spots = trouble_spots([(s.title, s.nodes) for s in report.scenarios])
    if spots:
        lines += ["## Turns to talk through first", ""]
        for title, n in spots:
            lines.append(f"- {md_cell(title)}: “{md_cell(n.client_said)}” — {n.strongest_share or 0:.0%} of {n.visits} "
                         "picked the strongest response")  # fmt: skip
        lines.append("")
    lines += ["## Students", ""]
    rows: list[list[object]] = []
    for r in report.rows:
        g = r.graded
        rows.append([
            r.student, r.scenario_title, len(r.attempts), _pct(r.first), _pct(r.best), _pct(r.last),
            _pct(g.score_percent if g else None), _banded(g.rq if g else None, g.rq_band if g else "n/a"),
            _banded(g.pcr if g else None, g.pcr_band if g else "n/a", "%"), r.practice_runs,
        ])  # fmt: skip
    rows += [[n, s, 0, None, None, None, None, None, None, 0] for n, _, s in report.missing]
    head = ["Student", "Scenario", "Attempts", "First", "Best", "Last", "Graded", "R:Q", "%CR", "Practice"]
    lines += _md_table(head, rows)
    if report.apart:  # as the HTML report: what is not counted is listed, never silently dropped
        kind = report.apart_kind
        lines += [f"## Shown apart: {kind}", "", f"{report.practice_runs} {kind} are not in any figure above.", ""]
        lines += _md_table(["Student", "Scenario", "Sessions"], [list(row) for row in report.apart_rows()])
    for s in report.scenarios:
        lines += [f"## {md_cell(s.title)} ({md_cell(s.scenario_id)})", ""]
        lines.append(f"Scores of {plural(len(s.scores), 'graded attempt')}: median {_pct(median(s.scores)) or '—'}.")
        lines.append("")
        for n in s.nodes:
            lines += [f"### Client: “{md_cell(n.client_said)}” (reached {plural(n.visits, 'time')})", ""]
            opts = [[o.say + (" ★" if o.strongest else ""), o.points, o.count, f"{o.share:.0%}"] for o in n.options]
            lines += _md_table(["Response", "Points", "Picked", "Share"], opts)
    m = report.miti
    lines += ["## Skill profile", ""]
    lines += _md_table(["Skill", "Responses"], [[k.replace("_", " "), n] for k, n in report.oars])
    rq = _banded(m["reflection_to_question"], m["reflection_to_question_band"])
    pcr = _banded(m["percent_complex_reflection"], m["percent_complex_reflection_band"], "%")
    lines += [f"Pooled R:Q {rq}, complex reflections {pcr}.", ""]  # n/a, never "None", when nothing was graded
    if report.drills:
        lines += ["", "## Drills", ""]
        lines += _md_table(["Student", "Drill", "Right", "Answered"], [list(d) for d in report.drills])
    return "\n".join(lines)
