"""A class's finished sessions as plain values: the one place the class report reads the history.

Sources: a Store (its public read methods), or files written by `mi-trainer export` — CSV (one summary
row per session, no per-turn choices) or JSON (full sessions with their turns). Swapping the Store
reads for one bulk SQL query later changes this module only.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from mi_trainer.model.vocab import Miti
from mi_trainer.scoring.miti import (
    PCR_FAIR,
    PCR_GOOD,
    RELATIONAL_FAIR,
    RELATIONAL_GOOD,
    RQ_FAIR,
    RQ_GOOD,
    TECHNICAL_FAIR,
    TECHNICAL_GOOD,
    band,
)

OARS_KEYS = (
    "open_questions",
    "closed_questions",
    "affirmations",
    "simple_reflections",
    "complex_reflections",
    "summaries",
    "other",
)


@dataclass(frozen=True, slots=True)
class Pick:
    """One turn of a session: at client turn `node_id` the trainee picked response `response_index`."""

    node_id: str
    response_index: int
    say: str
    client_said: str
    points: int
    best_say: str = ""  # the response the trainer named best at this turn ('' when not recorded)
    own_words: bool = False  # the trainee wrote their own words; `say` is the scripted line they matched


@dataclass(frozen=True, slots=True)
class Attempt:
    """One ended session as the class report uses it. `picks` is None when the source has no turns (CSV)."""

    session_id: str
    trainee: str
    scenario_id: str
    scenario_title: str
    scenario_path: str
    scenario_digest: str
    mode: str
    started_at: datetime
    assignment_id: str
    attempt: int
    pack: str
    score_percent: float | None
    rq: float | None
    rq_band: str
    pcr: float | None
    pcr_band: str
    technical: float | None
    technical_band: str
    relational: float | None
    relational_band: str
    adherent: int | None
    non_adherent: int | None
    oars: tuple[tuple[str, int], ...]
    codes: tuple[tuple[str, int], ...]  # MITI behaviour counts; () when the source has none (CSV)
    picks: tuple[Pick, ...] | None


class HistoryReader(Protocol):
    """The Store's public read methods this module uses."""

    def list_sessions(self, *, since: datetime | None = ..., status: str | None = ...) -> Sequence[Any]: ...

    def turns(self, session_id: str) -> Sequence[Any]: ...


def _num(value: Any) -> float | None:
    """A finite number from stored data, else None (bools, text, nan and inf are not numbers here)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = float(value) if value.strip() else None
        except ValueError:
            return None
    if isinstance(value, int | float) and math.isfinite(value):
        return float(value)
    return None


def as_int(value: Any) -> int | None:
    number = _num(value)
    return None if number is None else int(number)


def _dig(data: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, Mapping):
            return None
        data = data.get(key)
    return data


def _band(report: Any, key: str, value: float | None, fair: float, good: float) -> str:
    """The report's band, or (a CSV has none) the band the manual's thresholds give the value."""
    named = _dig(report, "miti", key)
    return named if isinstance(named, str) and named else band(value, fair, good)


def parse_time(text: Any) -> datetime:
    moment = datetime.fromisoformat(str(text))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def attempt_from_report(fields: dict[str, Any], report: Any, picks: tuple[Pick, ...] | None) -> Attempt:
    oars, counts = _dig(report, "oars"), _dig(report, "miti", "counts")
    rq, pcr = (
        _num(_dig(report, "miti", "reflection_to_question")),
        _num(_dig(report, "miti", "percent_complex_reflection")),
    )
    tech, rel = _num(_dig(report, "miti", "technical")), _num(_dig(report, "miti", "relational"))
    return Attempt(
        **fields,
        score_percent=_num(_dig(report, "score", "percent")),
        rq=rq,
        rq_band=_band(report, "reflection_to_question_band", rq, RQ_FAIR, RQ_GOOD),
        pcr=pcr,
        pcr_band=_band(
            report, "percent_complex_reflection_band", None if pcr is None else pcr / 100, PCR_FAIR, PCR_GOOD
        ),
        technical=tech,
        technical_band=_band(report, "technical_band", tech, TECHNICAL_FAIR, TECHNICAL_GOOD),
        relational=rel,
        relational_band=_band(report, "relational_band", rel, RELATIONAL_FAIR, RELATIONAL_GOOD),
        adherent=as_int(_dig(report, "miti", "mi_adherent")),
        non_adherent=as_int(_dig(report, "miti", "mi_non_adherent")),
        oars=tuple((k, as_int(_dig(oars, k)) or 0) for k in OARS_KEYS),
        codes=tuple((c.value, as_int(_dig(counts, c.value)) or 0) for c in Miti) if isinstance(counts, Mapping) else (),
        picks=picks,
    )


def picks_from_turns(turns: Iterable[Mapping[str, Any]], report: Any) -> tuple[Pick, ...]:
    said: dict[int, tuple[str, str]] = {}
    for t in _dig(report, "turns") or ():
        if isinstance(t, Mapping) and isinstance(t.get("turn"), int):
            best = t.get("response") if t.get("was_best") is True else t.get("better_response")
            said[t["turn"]] = (str(t.get("client_said") or ""), best if isinstance(best, str) else "")
    out = []
    for t in turns:
        client_said, best_say = said.get(int(t["turn"]), ("", ""))
        out.append(
            Pick(
                node_id=str(t["node_id"]),
                response_index=int(t["response_index"]),
                say=str(t["say"]),
                client_said=client_said,
                points=int(t["points"]),
                best_say=best_say,
                own_words=t.get("own_words") is not None,
            )
        )
    return tuple(out)


def _row_fields(row: Any) -> dict[str, Any]:
    return {
        "session_id": row.id,
        "trainee": row.trainee,
        "scenario_id": row.scenario_id,
        "scenario_title": row.scenario_title,
        "scenario_path": row.scenario_path,
        "scenario_digest": row.scenario_digest,
        "mode": row.mode,
        "started_at": row.started_at,
        # schema v2 columns (C1); a v1 history has none of them
        "assignment_id": str(getattr(row, "assignment_id", "") or ""),
        "attempt": int(getattr(row, "attempt", 0) or 0),
        "pack": str(getattr(row, "pack", "") or ""),
    }


def from_store(
    store: HistoryReader,
    since: datetime | None = None,
    *,
    scenario_ids: Collection[str] | None = None,
    turns_for: Callable[[Attempt], bool] | None = None,
) -> list[Attempt]:
    """Every ended session in the store (started on/after `since`, of `scenario_ids` when given), oldest
    first, with its choices — read only for the sessions `turns_for` accepts (default: all)."""
    out = []
    for row in store.list_sessions(since=since, status="ended"):
        if scenario_ids is not None and row.scenario_id not in scenario_ids:
            continue
        fields = _row_fields(row)
        summary = attempt_from_report(fields, row.report, None)
        if turns_for is not None and not turns_for(summary):
            out.append(summary)
            continue
        turns = [
            {
                "node_id": t.node_id,
                "response_index": t.response_index,
                "say": t.say,
                "points": t.points,
                "turn": t.turn,
                "own_words": getattr(t, "own_words", None),
            }
            for t in store.turns(row.id)
        ]
        out.append(attempt_from_report(fields, row.report, picks_from_turns(turns, row.report)))
    out.sort(key=lambda a: (a.started_at, a.session_id))
    return out


def from_files(paths: Iterable[Path], since: datetime | None = None) -> list[Attempt]:
    """Sessions from export files (.json from `export --format json`, anything else read as CSV); each
    session once even when handed in twice; a bad file raises StoreError with one line naming it."""
    from mi_trainer.classroom.exportfiles import read_file

    seen: dict[str, Attempt] = {}
    for path in paths:
        for attempt in read_file(path):
            seen.setdefault(attempt.session_id, attempt)
    out = [a for a in seen.values() if since is None or a.started_at >= since]
    out.sort(key=lambda a: (a.started_at, a.session_id))
    return out
