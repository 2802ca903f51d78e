"""Combine the CSV exports of many machines into one class table, and summarise it per scenario.

Real files come back from spreadsheets: Excel's "CSV UTF-8" (a BOM), UTF-16 "Unicode text", CRLF line
ends, ';' as the separator and ',' as the decimal mark, rows cut short or padded, `nan`/`inf` cells,
the same session exported twice with different values. Each problem is one line naming the file and
line; nothing is dropped without such a line, and nothing in a cell is trusted (docs/security.md).
"""

from __future__ import annotations

import csv
import io
import math
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from mi_trainer.errors import StoreError
from mi_trainer.model.textsafe import clean_name, csv_cell, csv_value, one_line, shorten, visible
from mi_trainer.store.export import EXPORT_COLUMNS, REPORT_FIELDS

MAX_CSV_BYTES = 16 * 1024 * 1024
#: Columns that hold numbers; anything else in them is reported and counted as n/a.
NUMERIC_COLUMNS = frozenset(("turns", "score", *REPORT_FIELDS))
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")


class _Problems:
    """Where problems go: a list the caller reads (lenient) or, with no list, the first one raised."""

    def __init__(self, sink: list[str] | None) -> None:
        self.sink = sink

    def add(self, where: str, message: str) -> None:
        line = f"{one_line(where)}: {message}"
        if self.sink is None:
            raise StoreError(line)
        self.sink.append(line)


def _text(data: bytes, path: Path) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")  # Excel's "Unicode text"
    try:
        return data.decode("utf-8-sig")  # Excel's "CSV UTF-8" starts with a BOM
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise StoreError(
            f"{one_line(path)}:{line}: not UTF-8 text — in a spreadsheet, save it as 'CSV UTF-8'"
        ) from None


def _dialect(first_line: str) -> str:
    """The separator the header uses: ',' as exported, or ';' / tab as some spreadsheets save it."""
    for delimiter in (",", ";", "\t"):
        cells = [csv_value(c.strip().strip('"')) for c in first_line.split(delimiter)]
        if tuple(c for c in cells if c) == EXPORT_COLUMNS:
            return delimiter
    return ","


def _number(value: str, delimiter: str) -> tuple[str, str]:
    """A numeric cell normalised ('' for empty), and why it is not a usable number ('' when it is)."""
    text = value.strip()
    if not text:
        return "", ""
    if delimiter != "," and _DECIMAL_COMMA.match(text):
        text = text.replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        return "", f"'{one_line(text)[:40]}' is not a number"
    if not math.isfinite(number):
        return "", f"'{one_line(text)[:40]}' is not a finite number"
    return text, ""


def _same(a: dict[str, str], b: dict[str, str]) -> list[str]:
    """Columns in which two rows of one session disagree (numbers compared as numbers)."""
    differ: list[str] = []
    for column in EXPORT_COLUMNS:
        x, y = a[column], b[column]
        if column in NUMERIC_COLUMNS and x and y:
            if float(x) != float(y):
                differ.append(column)
        elif x != y:
            differ.append(column)
    return differ


def _read_one(path: Path, problems: _Problems) -> list[tuple[str, dict[str, str]]]:
    try:
        if path.stat().st_size > MAX_CSV_BYTES:
            raise StoreError(f"{one_line(path)}: larger than {MAX_CSV_BYTES:,} bytes; is it really an export?")
        data = path.read_bytes()
    except OSError as exc:
        raise StoreError(f"{one_line(path)}: cannot read it ({one_line(exc.strerror or exc)})") from None
    text = _text(data, path)
    delimiter = _dialect(text.split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    out: list[tuple[str, dict[str, str]]] = []
    width = len(EXPORT_COLUMNS)
    try:
        header = next(reader, None)
        if header is None or tuple(c for c in (csv_value(h.strip()) for h in header) if c) != EXPORT_COLUMNS:
            raise StoreError(
                f"{one_line(path)}:1: not a 'mi-trainer export --format csv' file (its header differs); "
                "export it again with this version"
            )
        line = reader.line_num
        for cells in reader:
            where, line = f"{path}:{line + 1}", reader.line_num
            if not any(c.strip() for c in cells):
                continue  # a blank line or a row of empty cells holds no session
            if len(cells) > width and not any(c.strip() for c in cells[width:]):
                cells = cells[:width]  # a spreadsheet's trailing empty cells
            if len(cells) != width:
                problems.add(
                    where, f"{len(cells)} cells where an export has {width} — row skipped (cut short or shifted?)"
                )
                continue
            row = {col: visible(csv_value(cell)) for col, cell in zip(EXPORT_COLUMNS, cells, strict=True)}
            row["trainee"] = clean_name(row["trainee"])
            for column in NUMERIC_COLUMNS:
                row[column], why = _number(row[column], delimiter)
                if why:
                    problems.add(where, f"{column}: {why} — counted as n/a")
            if not row["session_id"].strip():
                problems.add(where, "no session_id — row skipped")
                continue
            out.append((where, row))
    except csv.Error as exc:
        raise StoreError(f"{one_line(path)}:{reader.line_num}: not a readable CSV file ({one_line(exc)})") from None
    return out


def read_exports(paths: Iterable[Path], problems: list[str] | None = None) -> list[dict[str, str]]:
    """Rows of every file, each session once (the same export handed in twice counts once).

    With a ``problems`` list, every problem is appended to it as one line and reading goes on with
    what is usable (a file that is not an export at all is skipped); without one, the first problem
    raises StoreError. A session found twice with different values is a problem: the first row is kept.
    """
    report = _Problems(problems)
    rows: dict[str, tuple[str, dict[str, str]]] = {}
    for path in paths:
        try:
            found = _read_one(path, report)
        except StoreError as exc:
            if problems is None:
                raise
            problems.append(str(exc))
            continue
        for where, row in found:
            key = row["session_id"]
            if key not in rows:
                rows[key] = (where, row)
                continue
            first_where, first = rows[key]
            differ = _same(first, row)
            if differ:
                report.add(
                    where,
                    f"session {one_line(key)[:12]} is also at {one_line(first_where)} with different "
                    f"{', '.join(differ[:4])}{' …' if len(differ) > 4 else ''} — kept the first, check which is right",
                )
    return sorted((r for _, r in rows.values()), key=lambda r: (r["scenario_id"], r["trainee"], r["started_at"]))


def write_combined(rows: list[dict[str, str]], out: TextIO) -> None:
    """One CSV in the export's own format, every cell neutralised again (textsafe.csv_cell)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    for row in rows:
        writer.writerow([csv_cell(row.get(c, "")) for c in EXPORT_COLUMNS])


def _mean(values: list[str]) -> float | None:
    numbers = []
    for v in values:
        try:
            number = float(v)
        except ValueError:
            continue  # an empty cell is "n/a", not zero
        if math.isfinite(number):
            numbers.append(number)
    return round(statistics.fmean(numbers), 2) if numbers else None


def class_summary(rows: list[dict[str, str]]) -> list[dict[str, Any]]:
    """Per scenario: sessions, trainees, mean score %, R:Q, %CR, adherent / non-adherent, endings."""
    by_scenario: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_scenario[row["scenario_id"]].append(row)
    out = []
    for scenario_id, group in sorted(by_scenario.items()):
        out.append(
            {
                "scenario_id": scenario_id,
                "title": group[0]["scenario_title"],
                "sessions": len(group),
                "trainees": len({r["trainee"] for r in group if r["trainee"]}),
                "score_percent": _mean([r["score_percent"] for r in group]),
                "reflection_to_question": _mean([r["reflection_to_question"] for r in group]),
                "percent_complex_reflection": _mean([r["percent_complex_reflection"] for r in group]),
                "mi_adherent": _mean([r["mi_adherent"] for r in group]),
                "mi_non_adherent": _mean([r["mi_non_adherent"] for r in group]),
                "valence": dict(Counter(r["valence"] or "unfinished" for r in group).most_common()),
            }
        )
    return out


def summary_text(summary: list[dict[str, Any]]) -> str:
    def show(v: float | None, suffix: str = "") -> str:
        return "n/a" if v is None else f"{v:g}{suffix}"

    lines = []
    for s in summary:
        endings = ", ".join(f"{shorten(one_line(k), 40)} {v}" for k, v in s["valence"].items())
        lines.append(
            f"{shorten(one_line(s['scenario_id']), 100)}: {s['sessions']} sessions "
            f"({s['trainees']} named trainees); mean score "
            f"{show(s['score_percent'], '%')}, R:Q {show(s['reflection_to_question'])}, %CR "
            f"{show(s['percent_complex_reflection'], '%')}, adherent {show(s['mi_adherent'])}, non-adherent "
            f"{show(s['mi_non_adherent'])}; endings: {endings}"
        )
    return "\n".join(lines)
