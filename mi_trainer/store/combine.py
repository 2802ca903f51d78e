"""Combine the CSV exports of many machines into one class table, and summarise it per scenario."""

from __future__ import annotations

import csv
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from mi_trainer.errors import StoreError
from mi_trainer.store.export import EXPORT_COLUMNS

MAX_CSV_BYTES = 16 * 1024 * 1024


def read_exports(paths: Iterable[Path]) -> list[dict[str, str]]:
    """Rows of every file, each session once (the same export handed in twice counts once)."""
    rows: dict[str, dict[str, str]] = {}
    for path in paths:
        try:
            if path.stat().st_size > MAX_CSV_BYTES:
                raise StoreError(f"{path}: larger than {MAX_CSV_BYTES:,} bytes; is it really an export?")
            with path.open(encoding="utf-8", newline="") as f:
                reader = csv.DictReader(f)
                if tuple(reader.fieldnames or ()) != EXPORT_COLUMNS:
                    raise StoreError(
                        f"{path}: not a 'mi-trainer export --format csv' file (its header differs); "
                        "export it again with this version"
                    )
                for row in reader:
                    rows.setdefault(row["session_id"], row)
        except OSError as exc:
            raise StoreError(f"{path}: cannot read it ({exc.strerror or exc})") from None
        except UnicodeDecodeError:
            raise StoreError(f"{path}: not UTF-8 text; is it really an export?") from None
        except csv.Error as exc:
            raise StoreError(f"{path}: not a readable CSV file ({exc})") from None
    return sorted(rows.values(), key=lambda r: (r["scenario_id"], r["trainee"], r["started_at"]))


def write_combined(rows: list[dict[str, str]], out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def _mean(values: list[str]) -> float | None:
    numbers = []
    for v in values:
        try:
            numbers.append(float(v))
        except ValueError:
            continue  # an empty cell is "n/a", not zero
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
        endings = ", ".join(f"{k} {v}" for k, v in s["valence"].items())
        lines.append(
            f"{s['scenario_id']}: {s['sessions']} sessions ({s['trainees']} named trainees); mean score "
            f"{show(s['score_percent'], '%')}, R:Q {show(s['reflection_to_question'])}, %CR "
            f"{show(s['percent_complex_reflection'], '%')}, adherent {show(s['mi_adherent'])}, non-adherent "
            f"{show(s['mi_non_adherent'])}; endings: {endings}"
        )
    return "\n".join(lines)
