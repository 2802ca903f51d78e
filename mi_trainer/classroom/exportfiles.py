"""Reading `mi-trainer export` files for the class report: JSON (full sessions) and CSV (summary rows);
a bad file is one StoreError line naming the file and, where known, the line."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from mi_trainer.classroom.classdata import Attempt, as_int, attempt_from_report, parse_time, picks_from_turns
from mi_trainer.errors import StoreError
from mi_trainer.model.textsafe import csv_value

MAX_FILE_BYTES = 32 * 1024 * 1024
#: Columns a CSV must have to be read as a class export (more columns, e.g. from a newer version, are fine).
REQUIRED_CSV_COLUMNS = ("session_id", "trainee", "scenario_id", "scenario_title", "mode", "started_at", "score_percent")


def read_file(path: Path) -> list[Attempt]:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise StoreError(f"{path}: larger than {MAX_FILE_BYTES:,} bytes; is it really an export?")
        text = path.read_bytes().decode("utf-8-sig")  # Excel's "CSV UTF-8" starts with a BOM
    except OSError as exc:
        raise StoreError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise StoreError(f"{path}: not UTF-8 text; save it as 'CSV UTF-8' or export it again") from None
    if path.suffix.lower() == ".json":
        return _read_json(path, text)
    return _read_csv(path, text)


def _read_json(path: Path, text: str) -> list[Attempt]:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise StoreError(f"{path}: not valid JSON ({exc}); use a file from 'mi-trainer export --format json'") from None
    if not isinstance(data, list):
        raise StoreError(f"{path}: not a 'mi-trainer export --format json' file (expected a list of sessions)")
    out = []
    for number, doc in enumerate(data, 1):
        try:
            if doc.get("status", "ended") != "ended":
                continue
            fields = {
                "session_id": str(doc["id"]),
                "trainee": str(doc.get("trainee") or ""),
                "scenario_id": str(doc["scenario_id"]),
                "scenario_title": str(doc.get("scenario_title") or doc["scenario_id"]),
                "scenario_path": str(doc.get("scenario_path") or ""),
                "scenario_digest": str(doc.get("scenario_digest") or ""),
                "mode": str(doc.get("mode") or "practice"),
                "started_at": parse_time(doc["started_at"]),
                "assignment_id": str(doc.get("assignment_id") or ""),
                "attempt": int(doc.get("attempt") or 0),
                "pack": str(doc.get("pack") or ""),
            }
            out.append(
                attempt_from_report(
                    fields, doc.get("report"), picks_from_turns(doc.get("turns") or (), doc.get("report"))
                )
            )
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            raise StoreError(
                f"{path}: session {number} is incomplete ({exc.__class__.__name__}: {exc}); export it again"
            ) from None
    return out


def _read_csv(path: Path, text: str) -> list[Attempt]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = tuple(reader.fieldnames or ())
        missing = [c for c in REQUIRED_CSV_COLUMNS if c not in header]
        if missing:
            raise StoreError(
                f"{path}:1: not a 'mi-trainer export --format csv' file (no column {missing[0]!r}); export it again"
            )
        out = []
        for row in reader:
            line = reader.line_num
            if None in row or any(v is None for v in row.values()):
                raise StoreError(
                    f"{path}:{line}: this row has {'more' if None in row else 'fewer'} cells than the header"
                )
            if row.get("ended_at", "x") == "":
                continue  # not finished
            try:
                started = parse_time(row["started_at"])
            except ValueError:
                raise StoreError(f"{path}:{line}: started_at {row['started_at']!r} is not a date and time") from None
            fields = {
                "session_id": row["session_id"],
                "trainee": csv_value(row["trainee"]),  # undo the export's formula guard
                "scenario_id": row["scenario_id"],
                "scenario_title": csv_value(row["scenario_title"] or row["scenario_id"]),
                "scenario_path": "",
                "scenario_digest": "",
                "mode": row["mode"] or "practice",
                "started_at": started,
                "assignment_id": row.get("assignment_id", ""),
                "attempt": as_int(row.get("attempt")) or 0,
                "pack": row.get("pack", ""),
            }
            report = {
                "score": {"percent": row["score_percent"]},
                "miti": {k: row.get(k) for k in _CSV_MITI},
            }
            out.append(attempt_from_report(fields, report, None))
        return out
    except csv.Error as exc:
        raise StoreError(f"{path}:{reader.line_num}: not a readable CSV file ({exc})") from None


_CSV_MITI = (
    "reflection_to_question",
    "percent_complex_reflection",
    "mi_adherent",
    "mi_non_adherent",
    "technical",
    "relational",
)
