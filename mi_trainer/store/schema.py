"""The history database's tables, schema version (PRAGMA user_version) and migrations."""

from __future__ import annotations

import sqlite3
from typing import Final

SCHEMA_VERSION: Final = 2

MODES: Final = ("practice", "assessment")
STATUSES: Final = ("active", "ended", "abandoned", "set_aside")

_V1: Final = (
    """
    CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        scenario_id TEXT NOT NULL,
        scenario_title TEXT NOT NULL,
        audience TEXT NOT NULL,
        scenario_path TEXT NOT NULL,
        scenario_digest TEXT NOT NULL,
        seed INTEGER NOT NULL,
        mode TEXT NOT NULL CHECK (mode IN ('practice', 'assessment')),
        trainee TEXT NOT NULL DEFAULT '',
        started_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        ended_at TEXT,
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'ended', 'abandoned')),
        state_json TEXT NOT NULL,
        report_json TEXT,
        score REAL,
        ending TEXT,
        valence TEXT
    )
    """,
    """
    CREATE TABLE turns (
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        turn INTEGER NOT NULL,
        node_id TEXT NOT NULL,
        response_index INTEGER NOT NULL,
        say TEXT NOT NULL,
        skills TEXT NOT NULL,
        codes TEXT NOT NULL,
        points INTEGER NOT NULL,
        state_after TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (session_id, turn)
    )
    """,
    "CREATE INDEX sessions_status ON sessions(status)",
    "CREATE INDEX sessions_started_at ON sessions(started_at)",
)

_SESSIONS_V2: Final = """
    CREATE TABLE sessions_v2 (
        id TEXT PRIMARY KEY,
        scenario_id TEXT NOT NULL,
        scenario_title TEXT NOT NULL,
        audience TEXT NOT NULL,
        scenario_path TEXT NOT NULL,
        scenario_digest TEXT NOT NULL,
        seed INTEGER NOT NULL,
        mode TEXT NOT NULL CHECK (mode IN ('practice', 'assessment')),
        trainee TEXT NOT NULL DEFAULT '',
        started_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        ended_at TEXT,
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'ended', 'abandoned', 'set_aside')),
        score REAL,
        ending TEXT,
        valence TEXT,
        pack TEXT NOT NULL DEFAULT '',
        assignment_id TEXT NOT NULL DEFAULT '',
        attempt INTEGER NOT NULL DEFAULT 0,
        lease_owner TEXT,
        lease_until TEXT,
        state_json TEXT NOT NULL,
        report_json TEXT
    )
    """

# A covering index for listings (`history`, the History screen): SQLite answers them from this small index
# without reading the sessions table's pages, which hold each session's state and report.
LISTING_INDEX: Final = (
    "CREATE INDEX IF NOT EXISTS sessions_listing ON sessions(started_at, id, status, scenario_id, scenario_title,"
    " audience, mode, trainee, ended_at, score, ending, valence, pack, assignment_id, attempt, lease_owner,"
    " lease_until)"
)

_V1_COLUMNS: Final = (
    "id, scenario_id, scenario_title, audience, scenario_path, scenario_digest, seed, mode, trainee, started_at,"
    " updated_at, ended_at, status, state_json, report_json, score, ending, valence"
)

# v1 → v2 on SQLite: a CHECK constraint cannot be altered, so `sessions` is rebuilt (every row copied, the
# turns table untouched; opening.py switches foreign keys off around it so nothing cascades). The large JSON
# columns go last: SQLite reads a row's columns in order through its overflow pages, so a listing of the
# light columns never reads the state and report of 20,000 sessions.
_V2: Final = (
    _SESSIONS_V2,
    f"INSERT INTO sessions_v2 ({_V1_COLUMNS}) SELECT {_V1_COLUMNS} FROM sessions",
    "DROP TABLE sessions",
    "ALTER TABLE sessions_v2 RENAME TO sessions",
    "CREATE INDEX sessions_status ON sessions(status)",
    "CREATE INDEX sessions_started_at ON sessions(started_at)",
    "CREATE INDEX sessions_assignment ON sessions(trainee, assignment_id, scenario_id)",
    "CREATE INDEX sessions_status_started ON sessions(status, started_at)",
    LISTING_INDEX,
    "ALTER TABLE turns ADD COLUMN own_words TEXT",
    "ALTER TABLE turns ADD COLUMN coding_json TEXT",
)

# MIGRATIONS[i] takes a database from user_version i to i + 1 (version 0 is an empty file).
MIGRATIONS: Final[tuple[tuple[str, ...], ...]] = (_V1, _V2)

# The columns each of our tables has at SCHEMA_VERSION, in order; anything else is not our file.
EXPECTED_COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "sessions": (
        "id",
        "scenario_id",
        "scenario_title",
        "audience",
        "scenario_path",
        "scenario_digest",
        "seed",
        "mode",
        "trainee",
        "started_at",
        "updated_at",
        "ended_at",
        "status",
        "state_json",
        "report_json",
        "score",
        "ending",
        "valence",
        "pack",
        "assignment_id",
        "attempt",
        "lease_owner",
        "lease_until",
    ),
    "turns": (
        "session_id",
        "turn",
        "node_id",
        "response_index",
        "say",
        "skills",
        "codes",
        "points",
        "state_after",
        "created_at",
        "own_words",
        "coding_json",
    ),
}

assert len(MIGRATIONS) == SCHEMA_VERSION


def user_version(conn: sqlite3.Connection) -> int:
    """The file's schema version (0 for a new, empty file)."""
    row = conn.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def user_object_count(conn: sqlite3.Connection) -> int:
    """How many tables, indexes, views and triggers the file holds besides SQLite's own."""
    row = conn.execute("SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite!_%' ESCAPE '!'").fetchone()
    return int(row[0])


_ADDED_IN_V2: Final = {
    "sessions": ("pack", "assignment_id", "attempt", "lease_owner", "lease_until"),
    "turns": ("own_words", "coding_json"),
}


def expected_columns(version: int) -> dict[str, tuple[str, ...]]:
    """Our tables' columns at schema `version` (1 or SCHEMA_VERSION)."""
    if version >= SCHEMA_VERSION:
        return EXPECTED_COLUMNS
    return {t: tuple(c for c in cols if c not in _ADDED_IN_V2[t]) for t, cols in EXPECTED_COLUMNS.items()}


# Indexes every v2 history has (IF NOT EXISTS: also added to files upgraded by an early v2 build).
ENSURE_INDEXES: Final = (
    "CREATE INDEX IF NOT EXISTS sessions_status_started ON sessions(status, started_at)",
    LISTING_INDEX,
)


def columns_match(conn: sqlite3.Connection, version: int = SCHEMA_VERSION) -> bool:
    """True when every table of ours exists with exactly the columns of schema `version` (in any order)."""
    for table, expected in expected_columns(version).items():
        found = sorted(str(row[1]) for row in conn.execute(f"PRAGMA table_info({table})"))
        if found != sorted(expected):
            return False
    return True


def migrate(conn: sqlite3.Connection, start: int) -> None:
    """Run migrations start … SCHEMA_VERSION-1 on an open transaction and set user_version."""
    for version in range(start, SCHEMA_VERSION):
        for statement in MIGRATIONS[version]:
            conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")
