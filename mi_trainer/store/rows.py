"""Frozen row values read from the history store, and the timestamp helpers they use."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

SESSION_SELECT = "SELECT s.*, (SELECT count(*) FROM turns t WHERE t.session_id = s.id) AS turn_count FROM sessions s"

# The light columns of a listing (no state, no report): what `history` and the History screen show.
SUMMARY_COLUMNS = (
    "id",
    "scenario_id",
    "scenario_title",
    "audience",
    "mode",
    "trainee",
    "started_at",
    "ended_at",
    "status",
    "score",
    "ending",
    "valence",
    "pack",
    "assignment_id",
    "attempt",
    "lease_owner",
    "lease_until",
)


def now_text() -> str:
    """The current time as stored: ISO-8601 UTC with microseconds (sorts as text)."""
    return to_text(datetime.now(UTC))


def to_text(moment: datetime) -> str:
    """A datetime as stored text; a naive datetime is taken as local time."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def from_text(text: str | None) -> datetime | None:
    """Stored text back to an aware UTC datetime (None stays None)."""
    return None if text is None else datetime.fromisoformat(text)


def load_json(text: str | None) -> Any:
    """Parse stored JSON; None stays None."""
    return None if text is None else json.loads(text)


@dataclass(frozen=True, slots=True)
class SessionRow:
    """One practice session. `state_json` is the engine's opaque text; `report` is the parsed report dict."""

    id: str
    scenario_id: str
    scenario_title: str
    audience: str
    scenario_path: str
    scenario_digest: str
    seed: int
    mode: str
    trainee: str
    started_at: datetime
    updated_at: datetime
    ended_at: datetime | None
    status: str
    state_json: str
    report: dict[str, Any] | None
    score: float | None
    ending: str | None
    valence: str | None
    turn_count: int
    pack: str = ""
    assignment_id: str = ""
    attempt: int = 0
    lease_owner: str | None = None
    lease_until: datetime | None = None

    def leased_elsewhere(self, owner: str | None = None, now: datetime | None = None) -> bool:
        """True while another owner (not `owner`) holds an unexpired lease on this session."""
        return leased_elsewhere(self.lease_owner, self.lease_until, owner, now)

    @classmethod
    def from_db(cls, row: Mapping[str, Any]) -> SessionRow:
        """Build from a row of SESSION_SELECT."""
        report = load_json(row["report_json"])
        return cls(
            **summary_fields(row),
            scenario_path=row["scenario_path"],
            scenario_digest=row["scenario_digest"],
            seed=int(row["seed"]),
            updated_at=datetime.fromisoformat(row["updated_at"]),
            state_json=row["state_json"],
            report=report if isinstance(report, dict) else None,
        )


@dataclass(frozen=True, slots=True)
class TurnRow:
    """One recorded turn; skills/codes are tuples and `state_after` is the parsed JSON dict."""

    session_id: str
    turn: int
    node_id: str
    response_index: int
    say: str
    skills: tuple[str, ...]
    codes: tuple[str, ...]
    points: int
    state_after: dict[str, Any]
    created_at: datetime
    own_words: str | None = None
    coding_json: str | None = None

    @classmethod
    def from_db(cls, row: Mapping[str, Any]) -> TurnRow:
        """Build from a `SELECT * FROM turns` row."""
        state_after = load_json(row["state_after"])
        return cls(
            session_id=row["session_id"],
            turn=int(row["turn"]),
            node_id=row["node_id"],
            response_index=int(row["response_index"]),
            say=row["say"],
            skills=tuple(str(s) for s in load_json(row["skills"]) or ()),
            codes=tuple(str(c) for c in load_json(row["codes"]) or ()),
            points=int(row["points"]),
            state_after=state_after if isinstance(state_after, dict) else {},
            created_at=datetime.fromisoformat(row["created_at"]),
            own_words=row["own_words"],
            coding_json=row["coding_json"],
        )


@dataclass(frozen=True, slots=True)
class SessionSummary:
    """One line of a listing: a session without its state and report (cheap at any history size)."""

    id: str
    scenario_id: str
    scenario_title: str
    audience: str
    mode: str
    trainee: str
    started_at: datetime
    ended_at: datetime | None
    status: str
    score: float | None
    ending: str | None
    valence: str | None
    turn_count: int
    pack: str
    assignment_id: str
    attempt: int
    lease_owner: str | None
    lease_until: datetime | None

    def leased_elsewhere(self, owner: str | None = None, now: datetime | None = None) -> bool:
        """True while another owner (not `owner`) holds an unexpired lease on this session."""
        return leased_elsewhere(self.lease_owner, self.lease_until, owner, now)

    @classmethod
    def from_db(cls, row: Mapping[str, Any]) -> SessionSummary:
        """Build from a row of queries.summary_query."""
        return cls(**summary_fields(row))


def summary_fields(row: Mapping[str, Any]) -> dict[str, Any]:
    """The SUMMARY_COLUMNS of a row (and its turn count), converted: what a summary and a full row share."""
    return {
        "id": row["id"],
        "scenario_id": row["scenario_id"],
        "scenario_title": row["scenario_title"],
        "audience": row["audience"],
        "mode": row["mode"],
        "trainee": row["trainee"],
        "started_at": datetime.fromisoformat(row["started_at"]),
        "ended_at": from_text(row["ended_at"]),
        "status": row["status"],
        "score": None if row["score"] is None else float(row["score"]),
        "ending": row["ending"],
        "valence": row["valence"],
        "turn_count": int(row["turn_count"]),
        "pack": row["pack"],
        "assignment_id": row["assignment_id"],
        "attempt": int(row["attempt"]),
        "lease_owner": row["lease_owner"],
        "lease_until": from_text(row["lease_until"]),
    }


def leased_elsewhere(
    lease_owner: str | None, lease_until: datetime | None, owner: str | None, now: datetime | None
) -> bool:
    """True while a lease held by someone other than ``owner`` has not expired."""
    if lease_owner is None or lease_until is None or lease_owner == owner:
        return False
    return lease_until > (now or datetime.now(UTC))
