"""The history schema on PostgreSQL: the same tables and versions as SQLite, kept in `mi_trainer_schema`."""

from __future__ import annotations

from typing import Final

from mi_trainer.store.schema import SCHEMA_VERSION

VERSION_TABLE: Final = "mi_trainer_schema"

_V1: Final = (
    """
    CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        scenario_id TEXT NOT NULL,
        scenario_title TEXT NOT NULL,
        audience TEXT NOT NULL,
        scenario_path TEXT NOT NULL,
        scenario_digest TEXT NOT NULL,
        seed BIGINT NOT NULL,
        mode TEXT NOT NULL CONSTRAINT sessions_mode_check CHECK (mode IN ('practice', 'assessment')),
        trainee TEXT NOT NULL DEFAULT '',
        started_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        ended_at TEXT,
        status TEXT NOT NULL DEFAULT 'active'
            CONSTRAINT sessions_status_check CHECK (status IN ('active', 'ended', 'abandoned')),
        state_json TEXT NOT NULL,
        report_json TEXT,
        score DOUBLE PRECISION,
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

_V2: Final = (
    "ALTER TABLE sessions ADD COLUMN pack TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE sessions ADD COLUMN assignment_id TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE sessions ADD COLUMN attempt INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE sessions ADD COLUMN lease_owner TEXT",
    "ALTER TABLE sessions ADD COLUMN lease_until TEXT",
    "ALTER TABLE sessions DROP CONSTRAINT sessions_status_check",
    "ALTER TABLE sessions ADD CONSTRAINT sessions_status_check"
    " CHECK (status IN ('active', 'ended', 'abandoned', 'set_aside'))",
    "CREATE INDEX sessions_assignment ON sessions(trainee, assignment_id, scenario_id)",
    "CREATE INDEX sessions_status_started ON sessions(status, started_at)",
    "ALTER TABLE turns ADD COLUMN own_words TEXT",
    "ALTER TABLE turns ADD COLUMN coding_json TEXT",
)

# PG_MIGRATIONS[i] takes a schema from version i to i + 1, exactly as schema.MIGRATIONS does on SQLite.
PG_MIGRATIONS: Final[tuple[tuple[str, ...], ...]] = (_V1, _V2)

assert len(PG_MIGRATIONS) == SCHEMA_VERSION
