"""The PostgreSQL backend (psycopg 3, imported only when a postgresql:// store is opened)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from contextlib import suppress
from typing import TYPE_CHECKING, Any, TypeVar

from mi_trainer.errors import StoreError, StoreUnavailableError
from mi_trainer.store.backend import Row
from mi_trainer.store.pg_schema import PG_MIGRATIONS, VERSION_TABLE
from mi_trainer.store.schema import SCHEMA_VERSION, expected_columns
from mi_trainer.store.target import StoreTarget

if TYPE_CHECKING:
    import psycopg

T = TypeVar("T")

CONNECT_TIMEOUT_S = 3
RECONNECT_PAUSE_S = 2.0  # after a failed connect, fail fast for this long (no screen waits on a dead server)
MIGRATION_LOCK = 7_361_902_114  # pg_advisory_xact_lock key: one migrating process at a time


class PgTx:
    dialect = "postgresql"

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self._conn = conn

    @staticmethod
    def _sql(sql: str) -> str:
        assert "%" not in sql, "portable SQL must not contain %"
        return sql.replace("?", "%s")

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return list(self._conn.execute(self._sql(sql), tuple(params)).fetchall())

    def one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        row: Row | None = self._conn.execute(self._sql(sql), tuple(params)).fetchone()
        return row

    def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        return self._conn.execute(self._sql(sql), tuple(params)).rowcount


class PgBackend:
    """One connection to a PostgreSQL database (its search_path picks the schema). A connection lost before
    a transaction commits is reopened and the transaction run again once; otherwise StoreUnavailableError."""

    dialect = "postgresql"
    notice = ""

    def __init__(self, target: StoreTarget) -> None:
        self.url = target.url
        self.display = target.display
        self._lock = threading.RLock()
        self._conn: psycopg.Connection[Any] | None = None
        self._closed = False
        self._retry_after = 0.0
        self._connect()
        self.transaction(self._migrate, write=True)

    def _connect(self) -> psycopg.Connection[Any]:
        try:
            import psycopg
            from psycopg.rows import dict_row
        except ImportError:
            raise StoreError("A postgresql:// history needs psycopg 3: pip install 'mi-trainer[postgresql]'.") from None
        try:
            conn = psycopg.connect(self.url, autocommit=True, row_factory=dict_row, connect_timeout=CONNECT_TIMEOUT_S)
        except psycopg.Error as exc:
            raise StoreUnavailableError(
                f"Cannot reach the history database {self.display}: {_reason(exc)}.",
                reason="the database server cannot be reached",
            ) from None
        self._conn = conn
        return conn

    # -- transactions ---------------------------------------------------------------------------

    def transaction(self, body: Callable[[PgTx], T], *, write: bool) -> T:
        import psycopg

        with self._lock:
            if self._closed:
                raise StoreError("The history store is closed.")
            for attempt in (1, 2):
                conn = self._conn if self._conn is not None and not self._conn.closed else self._connect()
                committing = False
                try:
                    conn.execute("BEGIN" if write else "BEGIN READ ONLY")
                    try:
                        result = body(PgTx(conn))
                    except BaseException:
                        with suppress(psycopg.Error):
                            conn.execute("ROLLBACK")
                        raise
                    committing = True
                    conn.execute("COMMIT")
                    return result
                except psycopg.OperationalError as exc:
                    lost = conn.closed or conn.broken
                    if lost and not committing and attempt == 1:
                        self._conn = None
                        continue  # nothing was committed: reconnect and run the transaction again
                    self._conn = None if lost else conn
                    when = " while saving (the last change may not be recorded)" if committing else ""
                    raise StoreUnavailableError(
                        f"Lost the history database {self.display}{when}: {_reason(exc)}.",
                        reason="the connection to the database server was lost",
                    ) from None
                except psycopg.Error as exc:
                    raise StoreError(f"History database error ({self.display}): {_reason(exc)}.") from None
            raise AssertionError("unreachable")

    def close(self) -> None:
        with self._lock:
            self._closed = True
            if self._conn is not None:
                with suppress(Exception):
                    self._conn.close()
                self._conn = None

    # -- schema ---------------------------------------------------------------------------------

    def _migrate(self, tx: PgTx) -> None:
        """Create or upgrade the schema (one process at a time); refuse a newer or someone else's schema."""
        if tx.one("SELECT to_regclass(?) IS NOT NULL AS found", (VERSION_TABLE,)) == {"found": True}:
            current = tx.one(f"SELECT version FROM {VERSION_TABLE}")
            if current is not None and int(current["version"]) == SCHEMA_VERSION:
                return  # the usual case: ours and current, no lock and no catalogue queries needed
        tx.one("SELECT pg_advisory_xact_lock(?)", (MIGRATION_LOCK,))
        tables = {
            str(r["table_name"])
            for r in tx.rows(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                " AND table_name IN ('sessions', 'turns', ?)",
                (VERSION_TABLE,),
            )
        }
        if VERSION_TABLE not in tables:
            if tables:
                raise StoreError(
                    f"The database {self.display} already has tables named sessions/turns that are not a "
                    "mi-trainer history; use another database or schema."
                )
            tx.run(f"CREATE TABLE {VERSION_TABLE} (version INTEGER NOT NULL)")
            tx.run(f"INSERT INTO {VERSION_TABLE} (version) VALUES (0)")
        row = tx.one(f"SELECT version FROM {VERSION_TABLE} FOR UPDATE")
        version = 0 if row is None else int(row["version"])
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"The history database {self.display} was written by a newer mi-trainer (schema version "
                f"{version}; this version knows up to {SCHEMA_VERSION}). Upgrade mi-trainer."
            )
        if version > 0 and not self._columns_match(tx, version):
            raise StoreError(f"The history database {self.display} has unexpected tables; it was not changed.")
        for step in range(version, SCHEMA_VERSION):
            for statement in PG_MIGRATIONS[step]:
                tx.run(statement)
        if version < SCHEMA_VERSION:
            tx.run(f"UPDATE {VERSION_TABLE} SET version = ?", (SCHEMA_VERSION,))

    @staticmethod
    def _columns_match(tx: PgTx, version: int) -> bool:
        for table, expected in expected_columns(version).items():
            found = tuple(
                str(r["column_name"])
                for r in tx.rows(
                    "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
                    " AND table_name = ? ORDER BY ordinal_position",
                    (table,),
                )
            )
            if sorted(found) != sorted(expected):
                return False
        return True


def _reason(exc: Exception) -> str:
    """psycopg's message, first line only, without the SQL."""
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
