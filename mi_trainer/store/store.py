"""The Store: sessions and turns in SQLite or PostgreSQL, one committed transaction per write."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Mapping, Sequence
from contextlib import suppress
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO

from mi_trainer.errors import StoreError
from mi_trainer.store.backend import Backend, Tx, for_update
from mi_trainer.store.export import export_row, session_document, trends, write_csv
from mi_trainer.store.leasing import LeaseMethods
from mi_trainer.store.opening import BUSY_TIMEOUT_S
from mi_trainer.store.queries import session_query, summary_query
from mi_trainer.store.rows import SESSION_SELECT, SessionRow, SessionSummary, TurnRow, now_text
from mi_trainer.store.schema import MODES
from mi_trainer.store.target import StoreTarget, resolve_target

MIN_PREFIX = 4


def open_backend(target: StoreTarget, *, busy_timeout: float, create: bool) -> Backend:
    """Open the database a target names; psycopg is imported only for a postgresql:// target."""
    if target.kind == "postgresql":
        from mi_trainer.store.pg_db import PgBackend

        return PgBackend(target)
    from mi_trainer.store.sqlite_db import SqliteBackend

    assert target.path is not None
    return SqliteBackend(target.path, busy_timeout=busy_timeout, create=create)


class Store(LeaseMethods):
    """The history store. Use as a context manager or call close(); `notice` holds news for the user.
    `where` is a path, a sqlite:/// or postgresql:// URL, or None for the default location."""

    def __init__(
        self, where: Path | str | None = None, *, busy_timeout: float = BUSY_TIMEOUT_S, create: bool = True
    ) -> None:
        self.target = resolve_target(where)
        self.path = self.target.path  # None for PostgreSQL
        self.location = self.target.display
        self._db: Backend | None = open_backend(self.target, busy_timeout=busy_timeout, create=create)
        self.dialect = self._db.dialect
        self.notice = self._db.notice
        self._lock = threading.RLock()
        self._leases: dict[str, str] = {}  # session id → owner, for leases taken through this store

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Give up the leases taken through this store, then close the connection (safe to call twice)."""
        with self._lock:
            if self._db is not None:
                for session_id, owner in list(self._leases.items()):
                    with suppress(StoreError):
                        self.release_lease(session_id, owner)
                self._db.close()
                self._db = None

    def _run(self, body: Any, *, write: bool) -> Any:
        with self._lock:
            if self._db is None:
                raise StoreError("The history store is closed.")
            return self._db.transaction(body, write=write)

    @staticmethod
    def _active(tx: Tx, session_id: str) -> None:
        row = tx.one(f"SELECT status FROM sessions WHERE id = ?{for_update(tx)}", (session_id,))
        if row is None:
            raise StoreError(f"No session {session_id!r} in the history.")
        if row["status"] != "active":
            raise StoreError(f"Session {session_id} is {row['status']}, not active.")

    def _update_state(self, tx: Tx, session_id: str, state_json: str, now: str) -> None:
        tx.run("UPDATE sessions SET state_json = ?, updated_at = ? WHERE id = ?", (state_json, now, session_id))

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
        session_id: str | None = None,
    ) -> str:
        """Record a new active session and return its id (uuid4 hex; or `session_id` when the caller chose
        one, so a start held while the history is unreachable can be retried under the same id)."""
        if mode not in MODES:
            raise StoreError(f"Unknown session mode {mode!r} (expected one of {', '.join(MODES)}).")
        if isinstance(attempt, bool) or not isinstance(attempt, int) or attempt < 0:
            raise StoreError(f"Attempt number {attempt!r} must be a whole number, 0 or more.")
        session_id = session_id or uuid.uuid4().hex
        now = now_text()
        values = (scenario_id, scenario_title, audience, scenario_path, scenario_digest, seed, mode, trainee)
        self._run(
            lambda tx: tx.run(
                "INSERT INTO sessions (id, scenario_id, scenario_title, audience, scenario_path, scenario_digest,"
                " seed, mode, trainee, started_at, updated_at, status, state_json, pack, assignment_id, attempt)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, ?)",
                (session_id, *values, now, now, state_json, pack, assignment_id, attempt),
            ),
            write=True,
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
        """Insert the turn and save the session state in one committed transaction. Recording exactly the
        same turn again (a retry after a lost connection) is a no-op; a different one is an error."""
        now = now_text()
        row = (node_id, response_index, say, json.dumps(list(skills)), json.dumps(list(codes)), points)

        def body(tx: Tx) -> None:
            self._active(tx, session_id)
            found = tx.one(
                "SELECT t.node_id, t.response_index, t.say, t.skills, t.codes, t.points, s.state_json"
                " FROM turns t JOIN sessions s ON s.id = t.session_id WHERE t.session_id = ? AND t.turn = ?",
                (session_id, turn),
            )
            if found is not None:
                same = tuple(found[k] for k in ("node_id", "response_index", "say", "skills", "codes", "points"))
                if same == row and found["state_json"] == state_json:
                    return
                raise StoreError(f"Turn {turn} of session {session_id} is already recorded.")
            tx.run(
                "INSERT INTO turns (session_id, turn, node_id, response_index, say, skills, codes, points,"
                " state_after, created_at, own_words, coding_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (session_id, turn, *row, json.dumps(dict(state_after)), now, own_words, coding_json),
            )
            self._update_state(tx, session_id, state_json, now)

        self._run(body, write=True)

    def undo_last_turn(self, session_id: str, state_json: str) -> None:
        """Delete the session's highest-numbered turn and save the state to go back to."""

        def body(tx: Tx) -> None:
            self._active(tx, session_id)
            row = tx.one("SELECT max(turn) AS last FROM turns WHERE session_id = ?", (session_id,))
            if row is None or row["last"] is None:
                raise StoreError(f"Session {session_id} has no turn to undo.")
            tx.run("DELETE FROM turns WHERE session_id = ? AND turn = ?", (session_id, row["last"]))
            self._update_state(tx, session_id, state_json, now_text())

        self._run(body, write=True)

    def save_state(self, session_id: str, state_json: str) -> None:
        """Save the session state between turns (e.g. a hint was taken), so quitting loses nothing."""

        def body(tx: Tx) -> None:
            self._active(tx, session_id)
            self._update_state(tx, session_id, state_json, now_text())

        self._run(body, write=True)

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

        def body(tx: Tx) -> None:
            self._active(tx, session_id)
            tx.run(
                "UPDATE sessions SET status = 'ended', ended_at = ?, updated_at = ?, report_json = ?, score = ?,"
                " ending = ?, valence = ?, state_json = ? WHERE id = ?",
                (now, now, json.dumps(dict(report)), score, ending, valence, state_json, session_id),
            )

        self._run(body, write=True)

    def _close_session(self, session_id: str, status: str, *, keep_if: tuple[str, ...]) -> None:
        now = now_text()

        def body(tx: Tx) -> None:
            row = tx.one(f"SELECT status FROM sessions WHERE id = ?{for_update(tx)}", (session_id,))
            if row is not None and row["status"] in keep_if:
                return
            if row is not None and row["status"] == "ended" and status == "set_aside":
                raise StoreError(f"Session {session_id} has ended; only an unfinished session can be set aside.")
            self._active(tx, session_id)
            tx.run(
                "UPDATE sessions SET status = ?, ended_at = ?, updated_at = ?, lease_owner = NULL,"
                " lease_until = NULL WHERE id = ?",
                (status, now, now, session_id),
            )

        self._run(body, write=True)

    def abandon_session(self, session_id: str) -> None:
        """Mark an active session abandoned (no-op if already abandoned; StoreError if ended or missing)."""
        self._close_session(session_id, "abandoned", keep_if=("abandoned",))

    def set_aside(self, session_id: str) -> None:
        """Keep an unfinished session in the history but never offer it for resuming again."""
        self._close_session(session_id, "set_aside", keep_if=("set_aside", "abandoned"))

    # -- reads ----------------------------------------------------------------------------------

    def attempts_used(self, trainee: str, assignment_id: str, scenario_id: str) -> int:
        """How many sessions (active or ended) this trainee has for this assignment's scenario."""
        row = self._run(
            lambda tx: tx.one(
                "SELECT count(*) AS n FROM sessions WHERE trainee = ? AND assignment_id = ? AND scenario_id = ?"
                " AND status IN ('active', 'ended')",
                (trainee, assignment_id, scenario_id),
            ),
            write=False,
        )
        return int(row["n"])

    def active_sessions(self) -> list[SessionRow]:
        """Sessions that can be resumed, newest first."""
        return self.list_sessions(status="active")

    def resumable_sessions(self) -> list[SessionRow]:
        """Interrupted sessions worth offering, newest first: one left before its first answer has nothing
        to resume (and may be another window's session just starting), so it is not offered; set-aside
        sessions never are."""
        return [row for row in self.active_sessions() if row.turn_count > 0]

    def get_session(self, session_id: str) -> SessionRow:
        """The session with this id, or with a unique id prefix of at least 4 characters."""
        key = session_id.strip().lower()

        def body(tx: Tx) -> list[Any]:
            rows = tx.rows(f"{SESSION_SELECT} WHERE s.id = ?", (key,))
            if not rows and len(key) >= MIN_PREFIX:
                rows = tx.rows(f"{SESSION_SELECT} WHERE substr(s.id, 1, ?) = ? LIMIT 2", (len(key), key))
            return rows

        rows = self._run(body, write=False)
        if not rows:
            raise StoreError(f"No session {session_id!r} in the history.")
        if len(rows) > 1:
            raise StoreError(f"Session id prefix {session_id!r} is ambiguous; give more characters.")
        return SessionRow.from_db(rows[0])

    def turns(self, session_id: str) -> list[TurnRow]:
        """The session's recorded turns in turn order."""
        rows = self._run(
            lambda tx: tx.rows("SELECT * FROM turns WHERE session_id = ? ORDER BY turn", (session_id,)), write=False
        )
        return [TurnRow.from_db(row) for row in rows]

    def list_sessions(
        self, *, since: datetime | None = None, status: str | None = None, scenario_id: str | None = None
    ) -> list[SessionRow]:
        """Sessions newest first, optionally started at/after `since` (naive = local time), by status/scenario."""
        return self._sessions(since=since, status=status, scenario_id=scenario_id, newest_first=True)

    def session_summaries(
        self, *, offset: int = 0, limit: int | None = None, status: str | None = None, hide_empty: bool = False
    ) -> list[SessionSummary]:
        """A page of light rows (no state, no report) newest first, for listings of any size."""
        sql, params = summary_query(self.dialect, offset=offset, limit=limit, status=status, hide_empty=hide_empty)
        return [SessionSummary.from_db(r) for r in self._run(lambda tx: tx.rows(sql, params), write=False)]

    def count_sessions(self, *, status: str | None = None, hide_empty: bool = False) -> int:
        """How many sessions session_summaries() would list without a limit."""
        sql, params = summary_query(
            self.dialect, offset=0, limit=None, status=status, hide_empty=hide_empty, count=True
        )
        row = self._run(lambda tx: tx.one(sql, params), write=False)
        return int(row["n"])

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
        sql = sql.replace("s.rowid", "s.rowid" if self.dialect == "sqlite" else "s.id")
        return [SessionRow.from_db(row) for row in self._run(lambda tx: tx.rows(sql, params), write=False)]

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


def open_store(where: Path | str | None = None, *, busy_timeout: float = BUSY_TIMEOUT_S, create: bool = True) -> Store:
    """Open the store at a path or URL, or at the default location when None."""
    return Store(where, busy_timeout=busy_timeout, create=create)
