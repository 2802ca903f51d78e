"""The history database's tables, schema version (PRAGMA user_version) and migrations."""

from __future__ import annotations

import sqlite3
from typing import Final

SCHEMA_VERSION: Final = 1

MODES: Final = ("practice", "assessment")
STATUSES: Final = ("active", "ended", "abandoned")

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

# MIGRATIONS[i] takes a database from user_version i to i + 1 (version 0 is an empty file).
MIGRATIONS: Final[tuple[tuple[str, ...], ...]] = (_V1,)

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


def columns_match(conn: sqlite3.Connection) -> bool:
    """True when every table of ours exists with exactly the expected columns."""
    for table, expected in EXPECTED_COLUMNS.items():
        found = tuple(str(row[1]) for row in conn.execute(f"PRAGMA table_info({table})"))
        if found != expected:
            return False
    return True


def migrate(conn: sqlite3.Connection, start: int) -> None:
    """Run migrations start … SCHEMA_VERSION-1 on an open transaction and set user_version."""
    for version in range(start, SCHEMA_VERSION):
        for statement in MIGRATIONS[version]:
            conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")
