"""Schema v2 (contract C1): the v1 → v2 migration, new columns, attempts, set-aside sessions and leases."""

from __future__ import annotations

import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from test_store import REPORT, record, start

from mi_trainer.errors import SessionInUseError, StoreError
from mi_trainer.store import SCHEMA_VERSION, Store
from mi_trainer.store.lease import LeaseKeeper, new_owner

FIXTURES = Path(__file__).parent / "fixtures"
V1_FILE = FIXTURES / "history-v1.sqlite3"  # written by the v1 release's own `mi-trainer run` (see test below)


def raw_rows(path: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


V1_SESSION_COLUMNS = (
    "id, scenario_id, scenario_title, audience, scenario_path, scenario_digest, seed, mode, trainee, started_at,"
    " updated_at, ended_at, status, state_json, report_json, score, ending, valence"
)
V1_TURN_COLUMNS = "session_id, turn, node_id, response_index, say, skills, codes, points, state_after, created_at"


@pytest.fixture
def v1_copy(tmp_path: Path) -> Path:
    path = tmp_path / "history.sqlite3"
    shutil.copyfile(V1_FILE, path)
    return path


@pytest.fixture
def v1_resumable(v1_copy: Path) -> Path:
    """The v1 copy with its interrupted session pointed at a frozen copy of the scenario it was saved against:
    the shipped warm-up has been improved since, and an edited scenario rightly cannot be replayed. The digest is
    the legacy kind the 0.x code wrote, so the upgrade path for old digests is still the one tested."""
    from mi_trainer.loading.fingerprint import legacy_digest
    from mi_trainer.loading.loader import load_scenario

    frozen = FIXTURES / "v1-warmup-reflections.yaml"
    digest = legacy_digest(load_scenario(frozen).scenario)
    conn = sqlite3.connect(v1_copy)
    with conn:
        conn.execute(
            "UPDATE sessions SET scenario_path = ?, scenario_digest = ?,"
            " state_json = replace(state_json, scenario_digest, ?) WHERE status = 'active'",
            (str(frozen), digest, digest),
        )
    conn.close()
    return v1_copy


def test_the_fixture_is_a_v1_file() -> None:
    assert raw_rows(V1_FILE, "PRAGMA user_version") == [(1,)]
    statuses = dict(raw_rows(V1_FILE, "SELECT status, count(*) FROM sessions GROUP BY status"))
    assert statuses == {"abandoned": 1, "active": 1, "ended": 2}


def test_v1_history_is_upgraded_in_place_keeping_every_row(v1_copy: Path) -> None:
    before_sessions = raw_rows(v1_copy, f"SELECT {V1_SESSION_COLUMNS} FROM sessions ORDER BY id")
    before_turns = raw_rows(v1_copy, f"SELECT {V1_TURN_COLUMNS} FROM turns ORDER BY session_id, turn")
    assert len(before_sessions) == 4 and len(before_turns) == 11
    with Store(v1_copy) as store:
        assert store.notice == ""
        rows = store.list_sessions()
        assert len(rows) == 4
        assert all(r.pack == "" and r.assignment_id == "" and r.attempt == 0 for r in rows)
        assert all(r.lease_owner is None and r.lease_until is None for r in rows)
        assert sum(r.turn_count for r in rows) == 11
        assert all(t.own_words is None and t.coding_json is None for r in rows for t in store.turns(r.id))
        (active,) = store.resumable_sessions()
        assert active.trainee == "Cleo" and active.turn_count == 2
        assert len(store.export_rows()) == 2
    assert raw_rows(v1_copy, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert raw_rows(v1_copy, f"SELECT {V1_SESSION_COLUMNS} FROM sessions ORDER BY id") == before_sessions
    assert raw_rows(v1_copy, f"SELECT {V1_TURN_COLUMNS} FROM turns ORDER BY session_id, turn") == before_turns
    assert raw_rows(v1_copy, "PRAGMA foreign_key_check") == []
    assert raw_rows(v1_copy, "PRAGMA integrity_check") == [("ok",)]
    # deleting a session still cascades to its turns after the rebuild
    conn = sqlite3.connect(v1_copy)
    conn.execute("PRAGMA foreign_keys = ON")
    with conn:
        conn.execute("DELETE FROM sessions WHERE status = 'abandoned'")
    assert conn.execute("SELECT count(*) FROM turns WHERE session_id NOT IN (SELECT id FROM sessions)").fetchone() == (
        0,
    )
    conn.close()


def test_v1_interrupted_session_resumes_from_the_cli_after_upgrade(v1_resumable: Path) -> None:
    v1_copy = v1_resumable
    out = subprocess.run(
        [sys.executable, "-m", "mi_trainer", "--store", str(v1_copy), "resume", "--strategy", "random", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    with Store(v1_copy) as store:
        statuses = sorted(r.status for r in store.list_sessions())
        assert statuses == ["abandoned", "ended", "ended", "ended"]


def test_new_columns_round_trip(tmp_path: Path) -> None:
    with Store(tmp_path / "h.sqlite3") as store:
        sid = start(store, pack="county-pack", assignment_id="week-3", attempt=2)
        record(store, sid, 1, own_words="It sounds like the evenings are hard.", coding_json='{"codes": ["CR"]}')
        record(store, sid, 2)
        row = store.get_session(sid)
        assert (row.pack, row.assignment_id, row.attempt) == ("county-pack", "week-3", 2)
        first, second = store.turns(sid)
        assert first.own_words == "It sounds like the evenings are hard." and first.coding_json == '{"codes": ["CR"]}'
        assert second.own_words is None and second.coding_json is None
        with pytest.raises(StoreError, match="Attempt number"):
            start(store, attempt=-1)


def test_attempts_used_counts_active_and_ended_only(tmp_path: Path) -> None:
    with Store(tmp_path / "h.sqlite3") as store:
        ended = start(store, assignment_id="a1", attempt=1)
        store.finish_session(ended, report=REPORT, score=1.0, ending="e", valence="positive", state_json="{}")
        start(store, assignment_id="a1", attempt=2)  # active
        store.abandon_session(start(store, assignment_id="a1", attempt=3))
        store.set_aside(start(store, assignment_id="a1", attempt=4))
        start(store, assignment_id="a1", trainee="Other")
        start(store, assignment_id="a2")
        start(store, assignment_id="a1", scenario_id="other-scenario")
        assert store.attempts_used("Ada", "a1", "alcohol-1") == 2
        assert store.attempts_used("Ada", "a2", "alcohol-1") == 1
        assert store.attempts_used("Nobody", "a1", "alcohol-1") == 0


def test_set_aside_is_kept_but_never_offered(tmp_path: Path) -> None:
    with Store(tmp_path / "h.sqlite3") as store:
        sid = start(store)
        record(store, sid, 1)
        keep = start(store)
        record(store, keep, 1)
        store.set_aside(sid)
        store.set_aside(sid)  # twice is fine
        assert [r.id for r in store.resumable_sessions()] == [keep]
        row = store.get_session(sid)
        assert row.status == "set_aside" and row.turn_count == 1 and row.ended_at is not None
        assert len(store.list_sessions(status="set_aside")) == 1
        with pytest.raises(StoreError, match="not active"):
            record(store, sid, 2)
        store.finish_session(keep, report=REPORT, score=1.0, ending="e", valence="positive", state_json="{}")
        with pytest.raises(StoreError, match="has ended"):
            store.set_aside(keep)
        with pytest.raises(StoreError, match="No session"):
            store.set_aside("f" * 32)


def test_lease_blocks_other_owners_until_released_or_expired(tmp_path: Path) -> None:
    with Store(tmp_path / "h.sqlite3") as store:
        sid = start(store)
        me, other = new_owner(), new_owner()
        store.acquire_lease(sid, me, ttl=30)
        store.acquire_lease(sid, me, ttl=30)  # the same owner just renews
        row = store.get_session(sid)
        assert row.lease_owner == me and row.lease_until is not None
        assert row.lease_until > datetime.now(UTC) + timedelta(seconds=20)
        assert row.leased_elsewhere(other) and not row.leased_elsewhere(me)
        with pytest.raises(SessionInUseError, match="open in another window") as info:
            store.acquire_lease(sid, other)
        assert "\n" not in str(info.value) and isinstance(info.value, StoreError)
        with pytest.raises(SessionInUseError):
            store.renew_lease(sid, other)
        store.release_lease(sid, other)  # not the holder: nothing changes
        assert store.get_session(sid).lease_owner == me
        store.release_lease(sid, me)
        assert store.get_session(sid).lease_owner is None
        store.acquire_lease(sid, other)
        store.release_lease(sid, other)
        store.acquire_lease(sid, me, ttl=0.05)
        time.sleep(0.1)
        store.acquire_lease(sid, other)  # expired: free to take
        assert store.get_session(sid).lease_owner == other
        with pytest.raises(StoreError, match="No session"):
            store.acquire_lease("0" * 32, me)


def test_lease_of_a_dead_local_process_is_free_at_once(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(proc.stdout)
    with Store(tmp_path / "h.sqlite3") as store:
        sid = start(store)
        store.acquire_lease(sid, f"{socket.gethostname()}:{dead_pid}:abc", ttl=300)
        mine = new_owner()
        store.acquire_lease(sid, mine)
        store.release_lease(sid, mine)
        store.acquire_lease(sid, f"elsewhere.example:{dead_pid}:abc", ttl=300)  # gone? from another host: kept
        assert store.get_session(sid).lease_owner == f"elsewhere.example:{dead_pid}:abc"
        with pytest.raises(SessionInUseError, match=r"on elsewhere\.example"):
            store.acquire_lease(sid, new_owner())


def test_lease_keeper_renews_and_releases(tmp_path: Path) -> None:
    with Store(tmp_path / "h.sqlite3") as store:
        sid = start(store)
        with LeaseKeeper(store, sid, ttl=0.3) as keeper:
            assert store.get_session(sid).lease_owner == keeper.owner
            with pytest.raises(SessionInUseError):
                LeaseKeeper(store, sid).acquire()
            time.sleep(0.8)  # well past one ttl: only renewal keeps it
            assert store.get_session(sid).lease_owner == keeper.owner
            assert store.get_session(sid).leased_elsewhere(new_owner())
            assert not keeper.lost
        assert store.get_session(sid).lease_owner is None
        with LeaseKeeper(store, sid):
            pass


def test_lease_keeper_reports_a_lost_lease(tmp_path: Path) -> None:
    with Store(tmp_path / "h.sqlite3") as store:
        sid = start(store)
        keeper = LeaseKeeper(store, sid, ttl=0.15)
        keeper.acquire()
        time.sleep(0.01)
        store.release_lease(sid, keeper.owner)
        thief = new_owner()
        store.acquire_lease(sid, thief, ttl=60)
        time.sleep(0.3)
        assert keeper.lost and "open in another window" in keeper.problem
        keeper.release()
        assert store.get_session(sid).lease_owner == thief  # a lost lease is not released from under its holder


def cli(store: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mi_trainer", "--store", str(store), *args], capture_output=True, text=True, timeout=120
    )


def test_cli_resume_refuses_a_session_live_elsewhere_in_one_line(v1_resumable: Path) -> None:
    v1_copy = v1_resumable
    with Store(v1_copy) as store:
        (row,) = store.resumable_sessions()
        store.acquire_lease(row.id, "elsewhere.example:1:x", ttl=120)
        store._leases.clear()  # held on after this store closes, like a live process elsewhere
    out = cli(v1_copy, "resume", "--strategy", "random", "--json")
    assert out.returncode == 1 and out.stdout == ""
    assert out.stderr.count("\n") == 1 and "open on elsewhere.example right now" in out.stderr
    out = cli(v1_copy, "resume", row.id[:8], "--strategy", "random", "--json")
    assert out.returncode == 1 and "open on elsewhere.example" in out.stderr
    with Store(v1_copy) as store:
        assert store.get_session(row.id).turn_count == 2 and store.get_session(row.id).status == "active"


def test_cli_run_holds_the_lease_while_playing_and_releases_it(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    out = cli(path, "run", "classroom-warmup-reflections", "--choices", "1", "--trainee", "Ada")
    assert out.returncode == 3, out.stderr
    with Store(path) as store:
        (row,) = store.list_sessions()
        assert row.status == "active" and row.lease_owner is None
        assert row.scenario_path.startswith("/") and Path(row.scenario_path).is_file()
