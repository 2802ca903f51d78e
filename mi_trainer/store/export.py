"""Flattening finished sessions for CSV/JSON export and for skill-trend sparklines."""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final, TextIO

from mi_trainer.model.textsafe import csv_cell
from mi_trainer.store.rows import SessionRow, TurnRow, to_text

EXPORT_COLUMNS: Final = (
    "session_id",
    "trainee",
    "scenario_id",
    "scenario_title",
    "audience",
    "mode",
    "started_at",
    "ended_at",
    "turns",
    "score",
    "ending",
    "valence",
    "reflection_to_question",
    "percent_complex_reflection",
    "mi_adherent",
    "mi_non_adherent",
    "technical",
    "relational",
    "change_talk",
    "sustain_talk",
    "score_percent",
)

# Export column → path of keys inside report_json.
REPORT_FIELDS: Final[dict[str, tuple[str, ...]]] = {
    "reflection_to_question": ("miti", "reflection_to_question"),
    "percent_complex_reflection": ("miti", "percent_complex_reflection"),
    "mi_adherent": ("miti", "mi_adherent"),
    "mi_non_adherent": ("miti", "mi_non_adherent"),
    "technical": ("miti", "technical"),
    "relational": ("miti", "relational"),
    "change_talk": ("client", "change_talk"),
    "sustain_talk": ("client", "sustain_talk"),
    "score_percent": ("score", "percent"),
}

TREND_METRICS: Final = ("reflection_to_question", "percent_complex_reflection", "score_percent")


def report_number(report: Mapping[str, Any] | None, keys: Sequence[str]) -> int | float | None:
    """Follow `keys` into the report; a missing key or a non-number (bools included) gives None."""
    value: Any = report
    for key in keys:
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


def export_row(session: SessionRow) -> dict[str, Any]:
    """One flat dict with exactly EXPORT_COLUMNS as keys."""
    row: dict[str, Any] = {
        "session_id": session.id,
        "trainee": session.trainee,
        "scenario_id": session.scenario_id,
        "scenario_title": session.scenario_title,
        "audience": session.audience,
        "mode": session.mode,
        "started_at": to_text(session.started_at),
        "ended_at": None if session.ended_at is None else to_text(session.ended_at),
        "turns": session.turn_count,
        "score": report_number(session.report, ("score", "points")),
        "ending": session.ending,
        "valence": session.valence,
    }
    for column, keys in REPORT_FIELDS.items():
        row[column] = report_number(session.report, keys)
    return row


def write_csv(rows: Iterable[Mapping[str, Any]], out: TextIO) -> None:
    """Write rows as CSV with the EXPORT_COLUMNS header; None becomes an empty cell. Every cell goes
    through textsafe.csv_cell: numbers unchanged, text that a spreadsheet could run as a formula
    prefixed with ``'`` (OWASP), control and invisible characters shown as escapes."""
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: csv_cell(row.get(key)) for key in EXPORT_COLUMNS})


def _parsed(text: str | None) -> Any:
    """A stored JSON column as data (None stays None; text that is not JSON is kept as text)."""
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def session_document(session: SessionRow, turns: Sequence[TurnRow]) -> dict[str, Any]:
    """A full session as JSON-ready data: every column, the report, the state (parsed if JSON) and the turns."""
    try:
        state: Any = json.loads(session.state_json)
    except ValueError:
        state = session.state_json
    return {
        "id": session.id,
        "scenario_id": session.scenario_id,
        "scenario_title": session.scenario_title,
        "audience": session.audience,
        "scenario_path": session.scenario_path,
        "scenario_digest": session.scenario_digest,
        "seed": session.seed,
        "mode": session.mode,
        "trainee": session.trainee,
        "started_at": to_text(session.started_at),
        "updated_at": to_text(session.updated_at),
        "ended_at": None if session.ended_at is None else to_text(session.ended_at),
        "status": session.status,
        # the same meanings as the CSV columns: points scored, and where they fall between worst and best
        "score": report_number(session.report, ("score", "points")),
        "score_percent": session.score,
        "ending": session.ending,
        "valence": session.valence,
        "pack": session.pack,
        "assignment_id": session.assignment_id,
        "attempt": session.attempt,
        "report": session.report,
        "state": state,
        "turns": [
            {
                "turn": t.turn,
                "node_id": t.node_id,
                "response_index": t.response_index,
                "say": t.say,
                "skills": list(t.skills),
                "codes": list(t.codes),
                "points": t.points,
                "state_after": t.state_after,
                "created_at": to_text(t.created_at),
                "own_words": t.own_words,
                "coding": _parsed(t.coding_json),
            }
            for t in turns
        ],
    }


def trends(sessions: Iterable[SessionRow]) -> dict[str, list[float]]:
    """Per TREND_METRICS key, the finite values in the order given (missing and non-finite values skipped)."""
    series: dict[str, list[float]] = {metric: [] for metric in TREND_METRICS}
    for session in sessions:
        for metric in TREND_METRICS:
            value = report_number(session.report, REPORT_FIELDS[metric])
            if value is not None and math.isfinite(value):
                series[metric].append(float(value))
    return series
