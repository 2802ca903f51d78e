"""The Store: sessions and turns in SQLite, one committed transaction per write."""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO

from mi_trainer.errors import SessionInUseError, StoreError
from mi_trainer.store.export import export_row, session_document, trends, write_csv
from mi_trainer.store.lease import in_use_message, lease_blocks
from mi_trainer.store.opening import describe, open_database
from mi_trainer.store.paths import default_store_path
from mi_trainer.store.queries import session_query
from mi_trainer.store.rows import SESSION_SELECT, SessionRow, TurnRow, from_text, now_text, to_text
from mi_trainer.store.schema import MODES

MIN_PREFIX = 4


class Store:
    """The history store. Use as a context manager or call close(); `notice` holds news for the user."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else default_store_path()
        self._lock = threading.RLock()
        self._leases: dict[str, str] = {}  # session id → owner, for leases taken through this store
        conn, self.notice = open_database(self.path)
        conn.row_factory = sqlite3.Row
        self._conn: sqlite3.Connection | None = conn

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Give up the leases taken through this store, then close the connection (safe to call twice)."""
        with self._lock:
            if self._conn is not None:
                for session_id, owner in list(self._leases.items()):
                    with suppress(StoreError):
                        self.release_lease(session_id, owner)
                self._conn.close()
                self._conn = None

    # -- transactions ---------------------------------------------------------------------------

    @contextmanager
    def _tx(self, *, write: bool) -> Iterator[sqlite3.Connection]:
        """One transaction (BEGIN IMMEDIATE for writes), committed on exit; sqlite3 errors become StoreError."""
        with self._lock:
            conn = self._conn
            if conn is None:
                raise StoreError("The history store is closed.")
            try:
                conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
                try:
                    yield conn
                except BaseException:
                    with suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                    raise
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                if conn.in_transaction:
                    with suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                raise StoreError(f"History store error ({self.path}): {describe(exc)}.") from None

    def _active(self, conn: sqlite3.Connection, session_id: str) -> None:
        row = conn.execute("SELECT status FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is None:
            raise StoreError(f"No session {session_id!r} in the history.")
        if row["status"] != "active":
            raise StoreError(f"Session {session_id} is {row['status']}, not active.")

    # -- writes ---------------------------------------------------------------------------------

    def start_session(
        self,
        *,
        scenario_id: str,
        scenario_title: str,
        audience: str,
        scenario_path: str,
        scenario_digest: str,
        seed: int,
        mode: str,
        trainee: str,
        state_json: str,
        pack: str = "",
        assignment_id: str = "",
        attempt: int = 0,
    ) -> str:
        """Record a new active session and return its id (uuid4 hex)."""
        if mode not in MODES:
            raise StoreError(f"Unknown session mode {mode!r} (expected one of {', '.join(MODES)}).")
        if isinstance(attempt, bool) or not isinstance(attempt, int) or attempt < 0:
            raise StoreError(f"Attempt number {attempt!r} must be a whole number, 0 or more.")
        session_id = uuid.uuid4().hex
        now = now_text()
        with self._tx(write=True) as conn:
            conn.execute(
                "INSERT INTO sessions (id, scenario_id, scenario_title, audience, scenario_path, scenario_digest,"
                " seed, mode, trainee, started_at, updated_at, status, state_json, pack, assignment_id, attempt)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, ?)",
                (
                    session_id,
                    scenario_id,
                    scenario_title,
                    audience,
                    scenario_path,
                    scenario_digest,
                    seed,
                    mode,
                    trainee,
                    now,
                    now,
                    state_json,
                    pack,
                    assignment_id,
                    attempt,
                ),
            )
        return session_id

    def record_turn(
        self,
        session_id: str,
        *,
        turn: int,
        node_id: str,
        response_index: int,
        say: str,
        skills: Sequence[str],
        codes: Sequence[str],
        points: int,
        state_after: Mapping[str, Any],
        state_json: str,
        own_words: str | None = None,
        coding_json: str | None = None,
    ) -> None:
        """Insert the turn and save the session state in one committed transaction."""
        now = now_text()
        with self._tx(write=True) as conn:
            self._active(conn, session_id)
            if conn.execute("SELECT 1 FROM turns WHERE session_id = ? AND turn = ?", (session_id, turn)).fetchone():
                raise StoreError(f"Turn {turn} of session {session_id} is already recorded.")
            conn.execute(
                "INSERT INTO turns (session_id, turn, node_id, response_index, say, skills, codes, points,"
                " state_after, created_at, own_words, coding_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    session_id,
                    turn,
                    node_id,
                    response_index,
                    say,
                    json.dumps(list(skills)),
                    json.dumps(list(codes)),
                    points,
                    json.dumps(dict(state_after)),
                    now,
                    own_words,
                    coding_json,
                ),
            )
            conn.execute(
                "UPDATE sessions SET state_json = ?, updated_at = ? WHERE id = ?", (state_json, now, session_id)
            )

    def undo_last_turn(self, session_id: str, state_json: str) -> None:
        """Delete the session's highest-numbered turn and save the state to go back to."""
        with self._tx(write=True) as conn:
            self._active(conn, session_id)
            row = conn.execute("SELECT max(turn) AS last FROM turns WHERE session_id = ?", (session_id,)).fetchone()
            if row["last"] is None:
                raise StoreError(f"Session {session_id} has no turn to undo.")
            conn.execute("DELETE FROM turns WHERE session_id = ? AND turn = ?", (session_id, row["last"]))
            conn.execute(
                "UPDATE sessions SET state_json = ?, updated_at = ? WHERE id = ?", (state_json, now_text(), session_id)
            )

    def save_state(self, session_id: str, state_json: str) -> None:
        """Save the session state between turns (e.g. a hint was taken), so quitting loses nothing."""
        with self._tx(write=True) as conn:
            self._active(conn, session_id)
            conn.execute(
                "UPDATE sessions SET state_json = ?, updated_at = ? WHERE id = ?", (state_json, now_text(), session_id)
            )

    def finish_session(
        self,
        session_id: str,
        *,
        report: Mapping[str, Any],
        score: float | None,
        ending: str,
        valence: str,
        state_json: str,
    ) -> None:
        """Mark an active session ended with its report, score, ending and final state."""
        now = now_text()
        with self._tx(write=True) as conn:
            self._active(conn, session_id)
            conn.execute(
                "UPDATE sessions SET status = 'ended', ended_at = ?, updated_at = ?, report_json = ?, score = ?,"
                " ending = ?, valence = ?, state_json = ? WHERE id = ?",
                (now, now, json.dumps(dict(report)), score, ending, valence, state_json, session_id),
            )

    def abandon_session(self, session_id: str) -> None:
        """Mark an active session abandoned (no-op if already abandoned; StoreError if ended or missing)."""
        now = now_text()
        with self._tx(write=True) as conn:
            row = conn.execute("SELECT status FROM sessions WHERE id = ?", (session_id,)).fetchone()
            if row is not None and row["status"] == "abandoned":
                return
            self._active(conn, session_id)
            conn.execute(
                "UPDATE sessions SET status = 'abandoned', ended_at = ?, updated_at = ? WHERE id = ?",
                (now, now, session_id),
            )

    def set_aside(self, session_id: str) -> None:
        """Keep an active (or abandoned) session in the history but never offer it for resuming again."""
        now = now_text()
        with self._tx(write=True) as conn:
            row = conn.execute("SELECT status FROM sessions WHERE id = ?", (session_id,)).fetchone()
            if row is None:
                raise StoreError(f"No session {session_id!r} in the history.")
            if row["status"] == "set_aside":
                return
            if row["status"] == "ended":
                raise StoreError(f"Session {session_id} has ended; only an unfinished session can be set aside.")
            conn.execute(
                "UPDATE sessions SET status = 'set_aside', ended_at = coalesce(ended_at, ?), updated_at = ?,"
                " lease_owner = NULL, lease_until = NULL WHERE id = ?",
                (now, now, session_id),
            )

    # -- leases: one live copy of a session ------------------------------------------------------

    def acquire_lease(self, session_id: str, owner: str, ttl: float = 30.0) -> None:
        """Take (or renew) the session's lease for `ttl` seconds; SessionInUseError if another owner holds it."""
        with self._tx(write=True) as conn:
            row = conn.execute("SELECT lease_owner, lease_until FROM sessions WHERE id = ?", (session_id,)).fetchone()
            if row is None:
                raise StoreError(f"No session {session_id!r} in the history.")
            now = datetime.now(UTC)
            if lease_blocks(row["lease_owner"], from_text(row["lease_until"]), owner, now):
                raise SessionInUseError(in_use_message(session_id, row["lease_owner"]))
            conn.execute(
                "UPDATE sessions SET lease_owner = ?, lease_until = ? WHERE id = ?",
                (owner, to_text(now + timedelta(seconds=ttl)), session_id),
            )
        self._leases[session_id] = owner

    def renew_lease(self, session_id: str, owner: str, ttl: float = 30.0) -> None:
        """Extend a lease this owner holds (or retake a free or expired one); SessionInUseError if taken."""
        self.acquire_lease(session_id, owner, ttl)

    def release_lease(self, session_id: str, owner: str) -> None:
        """Give up the lease if this owner holds it (no-op otherwise)."""
        with self._tx(write=True) as conn:
            conn.execute(
                "UPDATE sessions SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?",
                (session_id, owner),
            )
        if self._leases.get(session_id) == owner:
            del self._leases[session_id]

    def attempts_used(self, trainee: str, assignment_id: str, scenario_id: str) -> int:
        """How many sessions (active or ended) this trainee has for this assignment's scenario."""
        with self._tx(write=False) as conn:
            row = conn.execute(
                "SELECT count(*) FROM sessions WHERE trainee = ? AND assignment_id = ? AND scenario_id = ?"
                " AND status IN ('active', 'ended')",
                (trainee, assignment_id, scenario_id),
            ).fetchone()
        return int(row[0])

    # -- reads ----------------------------------------------------------------------------------

    def active_sessions(self) -> list[SessionRow]:
        """Sessions that can be resumed, newest first."""
        return self.list_sessions(status="active")

    def resumable_sessions(self) -> list[SessionRow]:
        """Interrupted sessions worth offering, newest first: one left before its first answer has nothing
        to resume (and may be another window's session just starting), so it is not offered."""
        return [row for row in self.active_sessions() if row.turn_count > 0]

    def get_session(self, session_id: str) -> SessionRow:
        """The session with this id, or with a unique id prefix of at least 4 characters."""
        key = session_id.strip().lower()
        with self._tx(write=False) as conn:
            rows = conn.execute(f"{SESSION_SELECT} WHERE s.id = ?", (key,)).fetchall()
            if not rows and len(key) >= MIN_PREFIX:
                rows = conn.execute(
                    f"{SESSION_SELECT} WHERE substr(s.id, 1, ?) = ? LIMIT 2", (len(key), key)
                ).fetchall()
        if not rows:
            raise StoreError(f"No session {session_id!r} in the history.")
        if len(rows) > 1:
            raise StoreError(f"Session id prefix {session_id!r} is ambiguous; give more characters.")
        return SessionRow.from_db(rows[0])

    def turns(self, session_id: str) -> list[TurnRow]:
        """The session's recorded turns in turn order."""
        with self._tx(write=False) as conn:
            rows = conn.execute("SELECT * FROM turns WHERE session_id = ? ORDER BY turn", (session_id,)).fetchall()
        return [TurnRow.from_db(row) for row in rows]

    def list_sessions(
        self, *, since: datetime | None = None, status: str | None = None, scenario_id: str | None = None
    ) -> list[SessionRow]:
        """Sessions newest first, optionally started at/after `since` (naive = local time), by status/scenario."""
        return self._sessions(since=since, status=status, scenario_id=scenario_id, newest_first=True)

    def _sessions(
        self,
        *,
        since: datetime | None,
        status: str | None,
        scenario_id: str | None = None,
        newest_first: bool,
        limit: int | None = None,
    ) -> list[SessionRow]:
        sql, params = session_query(
            since=since, status=status, scenario_id=scenario_id, newest_first=newest_first, limit=limit
        )
        with self._tx(write=False) as conn:
            rows = conn.execute(sql, params).fetchall()
        return [SessionRow.from_db(row) for row in rows]

    # -- export and trends ----------------------------------------------------------------------

    def export_rows(self, since: datetime | None = None) -> list[dict[str, Any]]:
        """One flat dict (keys = EXPORT_COLUMNS) per ended session, oldest first."""
        return [export_row(s) for s in self._sessions(since=since, status="ended", newest_first=False)]

    def export_csv(self, since: datetime | None, out: TextIO) -> None:
        """Write export_rows(since) to `out` as CSV with the EXPORT_COLUMNS header."""
        write_csv(self.export_rows(since), out)

    def export_json(self, since: datetime | None = None) -> list[dict[str, Any]]:
        """Every ended session (oldest first) in full: columns, report, state and turns."""
        with self._lock:
            sessions = self._sessions(since=since, status="ended", newest_first=False)
            return [session_document(s, self.turns(s.id)) for s in sessions]

    def skill_trends(self, limit: int = 20) -> dict[str, list[float]]:
        """For the last `limit` ended sessions, oldest → newest: R:Q, %CR and score-percent series."""
        recent = self._sessions(since=None, status="ended", newest_first=True, limit=max(limit, 0))
        return trends(reversed(recent))


def open_store(path: Path | None = None) -> Store:
    """Open the store at `path`, or at default_store_path() when None."""
    return Store(path)
