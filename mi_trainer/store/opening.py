"""Opening the history file safely: pragmas, migrations, and moving corrupt or foreign files aside."""

from __future__ import annotations

import os
import random
import sqlite3
import time
from contextlib import suppress
from datetime import datetime
from pathlib import Path

from mi_trainer.errors import StoreError
from mi_trainer.store.paths import prepare_location
from mi_trainer.store.schema import (
    ENSURE_INDEXES,
    SCHEMA_VERSION,
    columns_match,
    migrate,
    user_object_count,
    user_version,
)

BUSY_TIMEOUT_S = 10.0
QUICK_CHECK_MAX_BYTES = 8 * 1024 * 1024
SIBLING_SUFFIXES = ("-wal", "-shm", "-journal")
SQLITE_MAGIC = b"SQLite format 3\x00"

_REASONS = {
    sqlite3.SQLITE_BUSY: "another program is holding it locked",
    sqlite3.SQLITE_LOCKED: "another program is holding it locked",
    sqlite3.SQLITE_READONLY: "the file or its folder is read-only",
    sqlite3.SQLITE_PERM: "permission denied",
    sqlite3.SQLITE_CANTOPEN: "the file cannot be opened or created there",
    sqlite3.SQLITE_FULL: "the disk is full",
    sqlite3.SQLITE_IOERR: "a disk input/output error occurred",
}


class _NotOurs(Exception):
    """The file is corrupt, not SQLite at all, or a SQLite database that belongs to someone else."""


def describe(exc: sqlite3.Error) -> str:
    """A short human reason for a sqlite3 error (no traceback, no SQL)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int) and (code & 0xFF) in _REASONS:
        return _REASONS[code & 0xFF]
    return str(exc) or type(exc).__name__


def is_corruption(exc: sqlite3.Error) -> bool:
    """True for 'file is not a database' and 'database disk image is malformed'."""
    code = getattr(exc, "sqlite_errorcode", None)
    return isinstance(code, int) and (code & 0xFF) in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT)


def open_database(
    path: Path, *, busy_timeout: float = BUSY_TIMEOUT_S, create: bool = True
) -> tuple[sqlite3.Connection, str]:
    """Open (creating or migrating) the history at `path`; return the connection and a notice for the user.
    With `create` False a missing file is an error (nothing is created); a read-only file is opened read-only."""
    prepare_location(path, create=create)
    if path.exists() and not os.access(path, os.W_OK):
        return _open_read_only(path, busy_timeout), ""
    try:
        return _open_checked(path, busy_timeout), ""
    except _NotOurs:
        kept = _move_aside(path)
    try:
        conn = _open_checked(path, busy_timeout)
    except _NotOurs:
        raise StoreError(f"Cannot start a new history file at {path}: it is still unreadable after moving.") from None
    notice = (
        f"The history file {path} was unreadable or not a mi-trainer history, "
        f"so it was kept unchanged as {kept} and a new empty history was started."
    )
    return conn, notice


def _open_read_only(path: Path, busy_timeout: float) -> sqlite3.Connection:
    """A history the user may not write: read it as it is, creating no -wal/-shm beside it, never migrating."""
    version = _header_version(path)
    if version is None:
        raise StoreError(f"The history file {path} is read-only and is not a mi-trainer history.")
    if version != SCHEMA_VERSION:
        raise StoreError(
            f"The history file {path} is read-only and needs upgrading (schema version {version}, this mi-trainer "
            f"uses {SCHEMA_VERSION}); make it writable once, or copy it, and open it again."
        )
    has_wal = Path(f"{path}-wal").exists()
    uri = f"{path.absolute().as_uri()}?mode=ro" + ("" if has_wal else "&immutable=1")
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=busy_timeout, isolation_level=None, check_same_thread=False)
        if not columns_match(conn):
            conn.close()
            raise StoreError(f"The history file {path} is read-only and is not a mi-trainer history.")
    except sqlite3.Error as exc:
        raise StoreError(f"Cannot read the history file {path}: {describe(exc)}.") from None
    return conn


def _header_version(path: Path) -> int | None:
    """The schema version in the file's header (user_version, bytes 60-63), or None if not SQLite."""
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise StoreError(f"Cannot read the history file {path}: {exc.strerror or exc}.") from None
    if len(header) == 0:
        return 0
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        return None
    return int.from_bytes(header[60:64], "big", signed=True)


def _open_checked(path: Path, busy_timeout: float = BUSY_TIMEOUT_S) -> sqlite3.Connection:
    _inspect(path)
    try:
        conn = sqlite3.connect(path, timeout=busy_timeout, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise StoreError(f"Cannot open the history file {path}: {describe(exc)}.") from None
    try:
        _prepare(conn, path, busy_timeout)
    except BaseException:
        conn.close()
        raise
    return conn


def _inspect(path: Path) -> None:
    """Decide, without writing anything, whether an existing file is ours, someone else's, or too new."""
    if not path.exists():
        return
    header_version = _header_version(path)
    if header_version is None:
        raise _NotOurs
    if header_version == 0 and path.stat().st_size == 0:
        return
    if header_version > SCHEMA_VERSION:  # refused from the header alone: nothing opened, no -wal/-shm left
        raise StoreError(_too_new(path, header_version))
    try:
        uri = f"{path.absolute().as_uri()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    except sqlite3.Error as exc:
        raise StoreError(f"Cannot open the history file {path}: {describe(exc)}.") from None
    try:
        conn.execute("BEGIN")  # one read snapshot: another process may be creating the tables right now
        version = user_version(conn)
        if version > SCHEMA_VERSION:
            raise StoreError(_too_new(path, version))
        if version < 0 or (version == 0 and user_object_count(conn) > 0):
            raise _NotOurs
        # a full check reads every page: done for files up to QUICK_CHECK_MAX_BYTES; damage in a larger one
        # is reported (one line, the file kept as it is) when a read meets it
        small = path.stat().st_size <= QUICK_CHECK_MAX_BYTES
        if version > 0 and small and conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise _NotOurs
        if version > 0 and not columns_match(conn, version):
            raise _NotOurs
    except sqlite3.Error as exc:
        if is_corruption(exc):
            raise _NotOurs from None
        raise StoreError(f"Cannot read the history file {path}: {describe(exc)}.") from None
    finally:
        conn.close()


def _has_indexes(conn: sqlite3.Connection) -> bool:
    row = conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN ('sessions_status_started',"
        " 'sessions_listing')"
    )
    return int(row.fetchone()[0]) == 2


def _too_new(path: Path, version: int) -> str:
    return (
        f"The history file {path} was written by a newer mi-trainer (schema version {version}; "
        f"this version knows up to {SCHEMA_VERSION}). Upgrade mi-trainer or choose another file with --store."
    )


def _prepare(conn: sqlite3.Connection, path: Path, busy_timeout: float = BUSY_TIMEOUT_S) -> None:
    """Switch on WAL and foreign keys, then migrate if needed (the file is ours or empty by now)."""
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000):d}")
        _enable_wal(conn, max(busy_timeout, 2.0))
        conn.execute("PRAGMA synchronous = FULL")
        if user_version(conn) < SCHEMA_VERSION:
            conn.execute("PRAGMA foreign_keys = OFF")  # the v2 table rebuild must not cascade into turns
            _migrate_locked(conn)
        conn.execute("PRAGMA foreign_keys = ON")
        if not columns_match(conn):
            raise _NotOurs
        if not _has_indexes(conn):
            for statement in ENSURE_INDEXES:
                conn.execute(statement)
    except sqlite3.Error as exc:
        if is_corruption(exc):
            raise _NotOurs from None
        raise StoreError(f"Cannot use the history file {path}: {describe(exc)}.") from None


def _enable_wal(conn: sqlite3.Connection, wait: float = BUSY_TIMEOUT_S) -> None:
    """Switch to WAL unless already on; retry SQLITE_BUSY, which this pragma can return without waiting."""
    user_version(conn)  # reads the header, so the connection learns the file's current journal mode
    deadline = time.monotonic() + wait
    while True:
        try:
            if str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL").fetchone()
            return
        except sqlite3.OperationalError as exc:
            busy = (getattr(exc, "sqlite_errorcode", 0) & 0xFF) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
            if not busy or time.monotonic() > deadline:
                raise
            time.sleep(random.uniform(0.005, 0.05))


def _migrate_locked(conn: sqlite3.Connection) -> None:
    """Migrate under a write lock, re-checking the version in case another process just did it."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = user_version(conn)
        if version == 0 and user_object_count(conn) > 0:
            raise _NotOurs
        if version < SCHEMA_VERSION:
            migrate(conn, version)
        conn.execute("COMMIT")
    except BaseException:
        with suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise


def _move_aside(path: Path) -> Path:
    """Rename `path` (and its -wal/-shm/-journal siblings) to `<name>.corrupt-YYYYmmdd-HHMMSS`; never delete."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while any(Path(f"{target}{suffix}").exists() for suffix in ("", *SIBLING_SUFFIXES)):
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
        counter += 1
    try:
        os.rename(path, target)
        for suffix in SIBLING_SUFFIXES:
            sibling = Path(f"{path}{suffix}")
            if sibling.exists():
                os.rename(sibling, Path(f"{target}{suffix}"))
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise StoreError(
            f"The history file {path} is unreadable and could not be moved aside to {target}: {reason}."
        ) from None
    return target
