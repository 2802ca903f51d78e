"""When the history cannot be written: held-and-retried writes (locked file, lost server), a full disk that lets
the session go on unsaved, and files that must never be created or touched (/dev/null, newer or read-only)."""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from test_store import record, siblings, start

from mi_trainer.cli.player import Player
from mi_trainer.engine.session import Session
from mi_trainer.errors import StoreError
from mi_trainer.loading.library import resolve_scenario
from mi_trainer.store import SCHEMA_VERSION, Store, recording
from mi_trainer.store import opening as opening_module
from mi_trainer.store.pg_db import RECONNECT_PAUSE_S
from mi_trainer.store.saver import SAVED, SAVING, UNSAVED, Saver


def record_call(store: Store, sid: str, turn: int, say: str = "") -> None:
    record(store, sid, turn, say=say or f"reply {turn}")


def test_a_locked_history_holds_writes_in_order_then_saves_them(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    with Store(path, busy_timeout=0.05) as store:
        sid = start(store)
        saver = Saver(store)
        saver.write(record_call, sid, 1)
        blocker = sqlite3.connect(path, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        saver.write(record_call, sid, 2)
        saver.write(record_call, sid, 3)
        assert saver.state == SAVING and saver.pending == 2 and saver.note.startswith("Saving…")
        saver.flush()
        assert saver.state == SAVING  # still locked
        blocker.execute("ROLLBACK")
        blocker.close()
        saver.flush()
        assert saver.state == SAVED and saver.pending == 0 and saver.note == ""
        assert [t.turn for t in store.turns(sid)] == [1, 2, 3]


def fill_the_disk(store: Store) -> None:
    """Cap the file at its size and fill every free byte, so the next write fails with SQLITE_FULL as on a
    full disk."""
    conn = store._db._conn  # type: ignore[union-attr]
    conn.execute("CREATE TABLE filler (x BLOB)")
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages + 2}")
    for size in (4000, 500, 50, 1):
        try:
            while True:
                conn.execute("INSERT INTO filler VALUES (zeroblob(?))", (size,))
        except sqlite3.OperationalError as exc:
            assert "full" in str(exc)


def test_a_full_disk_goes_on_unsaved_with_a_clear_note(tmp_path: Path) -> None:
    with Store(tmp_path / "h.sqlite3") as store:
        sid = start(store)
        saver = Saver(store)
        fill_the_disk(store)
        saver.write(record_call, sid, 1, "x" * 200_000)
        assert saver.state == UNSAVED and saver.failed and "disk is full" in saver.note
        assert "keep practising" in saver.note and "\n" not in saver.note
        saver.write(record_call, sid, 2)  # nothing more is tried
        assert saver.pending == 0


def player_args(**overrides: Any) -> argparse.Namespace:
    fields: dict[str, Any] = {"json": True, "markdown": False, "choices": None, "strategy": "best", "trainee": ""}
    fields.update(overrides)
    return argparse.Namespace(**fields)


def test_the_player_finishes_the_session_when_the_disk_fills_mid_session(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    compiled = resolve_scenario("classroom-warmup-reflections")
    session = Session(compiled, seed=0)
    with Store(tmp_path / "h.sqlite3") as store:
        sid = recording.start(store, session, "Ada")
        fill_the_disk(store)
        player = Player(player_args(), session, store, sid)
        player.saver.write(lambda st: None)  # an early write works
        assert player.play() == 0
    out, err = capsys.readouterr()
    report = json.loads(out)
    assert report["score"]["percent"] == 100.0
    assert err.count("not being saved") == 1 and "disk is full" in err and "Traceback" not in err


def test_dev_null_and_other_non_files_are_refused_in_one_line(tmp_path: Path) -> None:
    assert not Path("/dev/null-journal").exists()
    with pytest.raises(StoreError, match="not a regular file") as info:
        Store("/dev/null")
    assert "\n" not in str(info.value)
    assert not Path("/dev/null-journal").exists() and not Path("/dev/null-wal").exists()
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(StoreError, match="not a regular file"):
        Store(fifo)
    out = subprocess.run(
        [sys.executable, "-m", "mi_trainer", "--store", "/dev/null", "history"], capture_output=True, text=True
    )
    assert out.returncode == 1 and out.stderr.count("\n") == 1 and "not a regular file" in out.stderr


def test_a_newer_wal_history_is_refused_leaving_no_wal_or_shm(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    with Store(path) as store:
        record(store, start(store), 1)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    assert siblings(path) == []
    original = path.read_bytes()
    with pytest.raises(StoreError, match="newer mi-trainer"):
        Store(path)
    assert siblings(path) == [] and path.read_bytes() == original


def test_a_read_only_history_is_read_without_creating_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "h.sqlite3"
    with Store(path) as store:
        sid = start(store)
        record(store, sid, 1)
    sqlite3.connect(path).execute("PRAGMA wal_checkpoint(TRUNCATE)").connection.close()
    assert siblings(path) == []
    original = path.read_bytes()
    real_access = os.access
    monkeypatch.setattr(opening_module.os, "access", lambda p, mode: False if Path(p) == path else real_access(p, mode))
    with Store(path) as store:  # (tests run as root, who may write anything: the check is simulated)
        assert [r.id for r in store.list_sessions()] == [sid] and len(store.turns(sid)) == 1
        with pytest.raises(StoreError, match="read-only") as info:
            record(store, sid, 2)
        assert "\n" not in str(info.value)
    assert siblings(path) == [] and path.read_bytes() == original


def test_export_and_history_never_create_a_missing_store(tmp_path: Path) -> None:
    missing = tmp_path / "nothing-here.sqlite3"

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "mi_trainer", "--store", str(missing), *args], capture_output=True, text=True
        )

    out = cli("export")
    assert out.returncode == 1 and "There is no history file at" in out.stderr and out.stdout == ""
    out = cli("history")
    assert out.returncode == 0 and "No sessions yet" in out.stdout
    assert list(tmp_path.iterdir()) == []


# -- PostgreSQL going away mid-class: turns are held, retried, and saved when it is back ----------------------


@pytest.fixture
def pg_role_url(pg_url: str, pg_server: str) -> Any:
    """pg_url, but logging in as a throwaway ordinary role that the test can lock out and let back in."""
    import psycopg

    role = f"mitest_role_{secrets.token_hex(4)}"
    schema = pg_url.split("search_path%3D", 1)[1].split("&", 1)[0]
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {role} LOGIN")
        conn.execute(f"GRANT ALL ON SCHEMA {schema} TO {role}")
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(pg_url)  # whoever MI_TRAINER_TEST_PG logs in as, this test logs in as the new role
    yield urlunsplit(parts._replace(netloc=f"{role}@{parts.netloc.rpartition('@')[2]}")), role
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s", (role,))
        conn.execute(f"DROP OWNED BY {role}")  # its tables; pg_url then drops the schema
        conn.execute(f"DROP ROLE {role}")


def test_postgresql_going_away_holds_turns_and_saves_them_when_back(pg_role_url: Any, pg_server: str) -> None:
    import psycopg

    url, role = pg_role_url
    admin = psycopg.connect(pg_server, autocommit=True)
    try:
        with Store(url) as store:
            sid = start(store)
            saver = Saver(store)
            saver.write(record_call, sid, 1)
            admin.execute(f"ALTER ROLE {role} NOLOGIN")  # the server refuses us from now on …
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s", (role,))
            saver.write(record_call, sid, 2)
            saver.write(record_call, sid, 3)
            assert saver.state == SAVING and saver.pending == 2
            assert "cannot be reached" in saver.note and "Your answers are kept" in saver.note
            saver.flush()  # straight away: fails fast (no wait on a server that just refused)
            assert saver.state == SAVING and saver.pending == 2
            admin.execute(f"ALTER ROLE {role} LOGIN")  # … and is back
            time.sleep(RECONNECT_PAUSE_S)
            saver.flush()
            assert saver.state == SAVED and saver.pending == 0
            assert [t.turn for t in store.turns(sid)] == [1, 2, 3]
    finally:
        admin.close()


def test_a_session_started_while_the_history_is_locked_is_saved_when_it_frees(tmp_path: Path) -> None:
    from mi_trainer.engine.session import Mode
    from mi_trainer.tui.practice import Practice

    path = tmp_path / "h.sqlite3"
    with Store(path, busy_timeout=0.05) as store:
        blocker = sqlite3.connect(path, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")
        practice = Practice.start(resolve_scenario("classroom-warmup-reflections"), Mode.PRACTICE, store, seed=1)
        practice.choose(1)
        assert practice.saver.state == SAVING and practice.saver.pending == 3  # start, lease, first turn
        assert practice.problem.startswith("Saving…")
        blocker.execute("ROLLBACK")
        blocker.close()
        practice.retry_saving()
        assert practice.saver.state == SAVED and practice.problem.startswith("Saved")
        row = store.get_session(practice.session_id or "")
        assert row.turn_count == 1 and row.lease_owner is not None
        practice.close()
        assert store.get_session(row.id).lease_owner is None
