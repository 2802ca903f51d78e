"""The SQLite backend (stdlib sqlite3, WAL): one connection, BEGIN IMMEDIATE for each write."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any, TypeVar

from mi_trainer.errors import StoreError, StoreUnavailableError
from mi_trainer.store.backend import Row
from mi_trainer.store.opening import BUSY_TIMEOUT_S, describe, open_database

T = TypeVar("T")

_BUSY = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
READ_RETRIES = 4


class SqliteTx:
    dialect = "sqlite"

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return self._conn.execute(sql, tuple(params)).fetchall()

    def one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        row: Row | None = self._conn.execute(sql, tuple(params)).fetchone()
        return row

    def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        return self._conn.execute(sql, tuple(params)).rowcount


class SqliteBackend:
    """A history file. `busy_timeout` is how long a write waits for another program's lock."""

    dialect = "sqlite"

    def __init__(self, path: Path, *, busy_timeout: float = BUSY_TIMEOUT_S, create: bool = True) -> None:
        self.path = path
        self.display = str(path)
        self._lock = threading.RLock()
        conn, self.notice = open_database(path, busy_timeout=busy_timeout, create=create)
        conn.row_factory = sqlite3.Row
        self._conn: sqlite3.Connection | None = conn

    def transaction(self, body: Callable[[SqliteTx], T], *, write: bool) -> T:
        """Run body in one transaction, committed when it returns; sqlite3 errors become StoreError. A read
        that meets a passing lock (WAL recovery by another connection) is tried again a few times."""
        for attempt in range(READ_RETRIES + 1):
            try:
                return self._transaction(body, write=write)
            except StoreUnavailableError:
                if write or attempt == READ_RETRIES:
                    raise
                time.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")

    def _transaction(self, body: Callable[[SqliteTx], T], *, write: bool) -> T:
        with self._lock:
            conn = self._conn
            if conn is None:
                raise StoreError("The history store is closed.")
            try:
                conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
                try:
                    result = body(SqliteTx(conn))
                except BaseException:
                    with suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                    raise
                conn.execute("COMMIT")
                return result
            except sqlite3.Error as exc:
                if conn.in_transaction:
                    with suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                message = f"History store error ({self.path}): {describe(exc)}."
                if (getattr(exc, "sqlite_errorcode", 0) & 0xFF) in _BUSY:
                    raise StoreUnavailableError(message, reason=describe(exc)) from None
                raise StoreError(message) from None

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
