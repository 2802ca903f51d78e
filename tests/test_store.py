"""Tests for mi_trainer.store: round trips, export, corrupt/foreign files, concurrency and crash safety."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from mi_trainer.errors import StoreError
from mi_trainer.store import EXPORT_COLUMNS, SCHEMA_VERSION, Store, default_store_path, open_store
from mi_trainer.store import opening as opening_module

REPORT: dict[str, Any] = {
    "miti": {
        "reflection_to_question": 1.5,
        "percent_complex_reflection": 40.0,
        "mi_adherent": 3,
        "mi_non_adherent": 1,
        "technical": 3.5,
        "relational": 4.0,
    },
    "client": {"change_talk": 5, "sustain_talk": 2},
    "score": {"percent": 72.5},
}


def start(store: Store, **overrides: Any) -> str:
    fields: dict[str, Any] = {
        "scenario_id": "alcohol-1",
        "scenario_title": "Sam and the weekend",
        "audience": "recovery",
        "scenario_path": "/scenarios/alcohol-1.yaml",
        "scenario_digest": "abc123",
        "seed": 7,
        "mode": "practice",
        "trainee": "Ada",
        "state_json": '{"node": "start"}',
    }
    fields.update(overrides)
    return store.start_session(**fields)


def record(store: Store, session_id: str, turn: int, **overrides: Any) -> None:
    fields: dict[str, Any] = {
        "turn": turn,
        "node_id": f"n{turn}",
        "response_index": turn % 3,
        "say": f"reply {turn}",
        "skills": ["reflection", "complex"],
        "codes": ["CR"],
        "points": 2,
        "state_after": {"turn": turn, "rapport": turn * 2},
        "state_json": json.dumps({"node": f"n{turn + 1}"}),
    }
    fields.update(overrides)
    store.record_turn(session_id, **fields)


def siblings(path: Path) -> list[Path]:
    return sorted(p for p in path.parent.iterdir() if p.name != path.name and p.name.startswith(path.name))


def set_started(path: Path, session_id: str, moment: datetime) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute(
            "UPDATE sessions SET started_at = ? WHERE id = ?", (moment.isoformat(timespec="microseconds"), session_id)
        )
    conn.close()


# -- round trips --------------------------------------------------------------------------------


def test_round_trip_start_record_finish(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    with Store(path) as store:
        assert store.notice == ""
        sid = start(store)
        assert len(sid) == 32 and int(sid, 16) >= 0
        record(store, sid, 1)
        record(store, sid, 2)
        store.finish_session(sid, report=REPORT, score=72.5, ending="commitment", valence="positive", state_json="{}")
    with Store(path) as store:
        row = store.get_session(sid)
        assert row.status == "ended"
        assert row.scenario_title == "Sam and the weekend"
        assert row.seed == 7 and row.mode == "practice" and row.trainee == "Ada"
        assert row.report == REPORT
        assert row.score == 72.5 and row.ending == "commitment" and row.valence == "positive"
        assert row.state_json == "{}"
        assert row.turn_count == 2
        assert row.ended_at is not None and row.ended_at.tzinfo is not None
        assert row.started_at <= row.updated_at <= row.ended_at
        turns = store.turns(sid)
        assert [t.turn for t in turns] == [1, 2]
        assert turns[0].skills == ("reflection", "complex") and turns[0].codes == ("CR",)
        assert turns[1].state_after == {"turn": 2, "rapport": 4}
        assert turns[1].say == "reply 2" and turns[1].points == 2 and turns[1].node_id == "n2"
        with pytest.raises(StoreError, match="not active"):
            record(store, sid, 3)


def test_store_uses_wal_and_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    open_store(path).close()
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        conn.close()


def test_resume_data_active_sessions_and_turn_order(tmp_path: Path) -> None:
    with Store(tmp_path / "h.sqlite3") as store:
        first = start(store, trainee="one")
        second = start(store, trainee="two")
        ended = start(store)
        store.finish_session(ended, report={}, score=None, ending="e", valence="neutral", state_json="{}")
        for turn in (1, 2, 3):
            record(store, first, turn)
        assert [s.id for s in store.active_sessions()] == [second, first]
        resumed = store.active_sessions()[1]
        assert resumed.state_json == json.dumps({"node": "n4"})
        assert resumed.turn_count == 3
        assert [t.turn for t in store.turns(first)] == [1, 2, 3]
        store.abandon_session(second)
        store.abandon_session(second)  # idempotent
        assert [s.id for s in store.active_sessions()] == [first]
        assert store.get_session(second).status == "abandoned"


def test_duplicate_turn_and_unknown_session(tmp_path: Path) -> None:
    with Store(tmp_path / "h.sqlite3") as store:
        sid = start(store)
        record(store, sid, 1)
        record(store, sid, 1)  # exactly the same turn again (a retry after a lost connection): a no-op
        assert len(store.turns(sid)) == 1
        with pytest.raises(StoreError, match="already recorded"):
            record(store, sid, 1, say="a different reply")
        with pytest.raises(StoreError, match="No session"):
            record(store, "f" * 32, 1)
        with pytest.raises(StoreError, match="mode"):
            start(store, mode="exam")


def test_undo_last_turn(tmp_path: Path) -> None:
    with Store(tmp_path / "h.sqlite3") as store:
        sid = start(store)
        with pytest.raises(StoreError, match="no turn to undo"):
            store.undo_last_turn(sid, "{}")
        for turn in (1, 2, 3):
            record(store, sid, turn)
        store.undo_last_turn(sid, '{"back": 2}')
        assert [t.turn for t in store.turns(sid)] == [1, 2]
        assert store.get_session(sid).state_json == '{"back": 2}'
        record(store, sid, 3, say="a better reply")
        assert store.turns(sid)[-1].say == "a better reply"


def test_get_session_by_prefix(tmp_path: Path) -> None:
    with Store(tmp_path / "h.sqlite3") as store:
        sid = start(store)
        assert store.get_session(sid[:4]).id == sid
        assert store.get_session(sid[:10].upper()).id == sid
        with pytest.raises(StoreError, match="No session"):
            store.get_session(sid[:3])
        with pytest.raises(StoreError, match="No session"):
            store.get_session("nothing")


def test_list_sessions_filters(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    with Store(path) as store:
        old = start(store, scenario_id="a")
        new = start(store, scenario_id="b")
        set_started(path, old, datetime.now(UTC) - timedelta(days=30))
        week_ago = datetime.now(UTC) - timedelta(days=7)
        assert [s.id for s in store.list_sessions()] == [new, old]
        assert [s.id for s in store.list_sessions(since=week_ago)] == [new]
        assert [s.id for s in store.list_sessions(scenario_id="a")] == [old]
        assert store.list_sessions(status="ended") == []
        with pytest.raises(StoreError, match="status"):
            store.list_sessions(status="bogus")
        store.finish_session(old, report=REPORT, score=1.0, ending="x", valence="neutral", state_json="{}")
        store.finish_session(new, report=REPORT, score=2.0, ending="y", valence="neutral", state_json="{}")
        assert [r["session_id"] for r in store.export_rows(week_ago)] == [new]
        assert [r["session_id"] for r in store.export_rows(None)] == [old, new]


# -- export and trends --------------------------------------------------------------------------


def test_export_csv_header_and_row(tmp_path: Path) -> None:
    with Store(tmp_path / "h.sqlite3") as store:
        sid = start(store)
        record(store, sid, 1)
        store.finish_session(sid, report=REPORT, score=72.5, ending="commitment", valence="positive", state_json="{}")
        bare = start(store, trainee="")
        store.finish_session(bare, report={"miti": {}}, score=None, ending="none", valence="neutral", state_json="{}")
        start(store)  # active: not exported
        out = io.StringIO()
        store.export_csv(None, out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == EXPORT_COLUMNS
    assert len(rows) == 3
    first = dict(zip(EXPORT_COLUMNS, rows[1], strict=True))
    assert first["session_id"] == sid and first["trainee"] == "Ada" and first["turns"] == "1"
    assert first["reflection_to_question"] == "1.5" and first["percent_complex_reflection"] == "40.0"
    assert first["mi_adherent"] == "3" and first["sustain_talk"] == "2" and first["score_percent"] == "72.5"
    assert first["ending"] == "commitment" and first["started_at"].endswith("+00:00")
    second = dict(zip(EXPORT_COLUMNS, rows[2], strict=True))
    assert second["score"] == "" and second["reflection_to_question"] == "" and second["change_talk"] == ""


def test_export_json_and_skill_trends(tmp_path: Path) -> None:
    with Store(tmp_path / "h.sqlite3") as store:
        for percent in (50.0, None, 70.0):
            sid = start(store)
            record(store, sid, 1)
            report = {"miti": {"reflection_to_question": percent and percent / 50}, "score": {"percent": percent}}
            store.finish_session(sid, report=report, score=percent, ending="e", valence="v", state_json='{"s": 1}')
        docs = store.export_json(None)
        trends = store.skill_trends()
        assert store.skill_trends(limit=1)["score_percent"] == [70.0]
    assert len(docs) == 3
    assert docs[0]["state"] == {"s": 1} and docs[0]["turns"][0]["say"] == "reply 1"
    assert docs[0]["report"]["score"]["percent"] == 50.0
    json.dumps(docs)  # JSON-ready
    assert trends == {
        "reflection_to_question": [1.0, 1.4],
        "percent_complex_reflection": [],
        "score_percent": [50.0, 70.0],
    }


# -- locations ----------------------------------------------------------------------------------


def test_env_var_is_honoured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "deep" / "folder" / "mine.sqlite3"
    monkeypatch.setenv("MI_TRAINER_STORE", str(target))
    assert default_store_path() == target
    with open_store(None) as store:
        assert store.path == target
        start(store)
    assert target.exists()
    monkeypatch.delenv("MI_TRAINER_STORE")
    assert default_store_path().name == "history.sqlite3"
    assert default_store_path() != target


def test_unwritable_location_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match="Cannot create the folder"):
        Store(blocker / "sub" / "h.sqlite3")
    with pytest.raises(StoreError, match="is a folder"):
        Store(tmp_path)


def test_closed_store_refuses_work(tmp_path: Path) -> None:
    store = Store(tmp_path / "h.sqlite3")
    store.close()
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.active_sessions()


# -- corrupt, foreign and newer files -----------------------------------------------------------


def check_kept_aside(path: Path, store: Store, original: bytes) -> Path:
    kept = [p for p in siblings(path) if ".corrupt-" in p.name and not p.name.endswith(("-wal", "-shm"))]
    assert len(kept) == 1
    assert kept[0].read_bytes() == original
    assert str(kept[0]) in store.notice and str(path) in store.notice
    sid = start(store)
    record(store, sid, 1)
    assert store.turns(sid)[0].turn == 1
    return kept[0]


@pytest.mark.parametrize(
    "content", [os.urandom(4096), b"just some notes\nnot a database\n" * 20], ids=["random-bytes", "text-file"]
)
def test_corrupt_file_is_moved_aside(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "history.sqlite3"
    path.write_bytes(content)
    Path(f"{path}-wal").write_bytes(b"stale wal")
    with Store(path) as store:
        kept = check_kept_aside(path, store, content)
        assert Path(f"{kept}-wal").read_bytes() == b"stale wal"
    with Store(path) as store:
        assert store.notice == ""
        assert len(store.list_sessions()) == 1


def foreign_db(path: Path, *, version: int = 0, sql: str = "CREATE TABLE recipes (name TEXT, steps TEXT)") -> bytes:
    conn = sqlite3.connect(path)
    conn.execute(sql)
    conn.execute("INSERT INTO " + sql.split()[2] + " VALUES ('soup', 'boil')")
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()
    return path.read_bytes()


def test_foreign_sqlite_database_is_kept_aside(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    original = foreign_db(path)
    with Store(path) as store:
        kept = check_kept_aside(path, store, original)
    conn = sqlite3.connect(kept)
    assert conn.execute("SELECT * FROM recipes").fetchall() == [("soup", "boil")]
    conn.close()


def test_our_tables_with_wrong_columns_are_kept_aside(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    original = foreign_db(path, version=1, sql="CREATE TABLE sessions (id TEXT, other TEXT)")
    with Store(path) as store:
        check_kept_aside(path, store, original)


def test_malformed_history_is_kept_aside(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with Store(path) as store:
        for _ in range(30):
            record(store, start(store, trainee="x" * 500), 1, say="y" * 2000)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    damaged = bytearray(path.read_bytes())
    damaged[4096 + 8 : 4096 * 4] = b"\xff" * (4096 * 3 - 8)
    path.write_bytes(bytes(damaged))
    with Store(path) as store:
        check_kept_aside(path, store, bytes(damaged))


def test_newer_schema_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    original = foreign_db(path, version=SCHEMA_VERSION + 1)
    with pytest.raises(StoreError, match="newer mi-trainer") as info:
        Store(path)
    assert "\n" not in str(info.value)
    assert path.read_bytes() == original
    assert siblings(path) == []


def test_failed_rename_is_a_store_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"garbage" * 100)

    def refuse(src: Any, dst: Any) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(opening_module.os, "rename", refuse)
    with pytest.raises(StoreError, match="could not be moved aside") as info:
        Store(path)
    assert "\n" not in str(info.value)
    assert path.read_bytes() == b"garbage" * 100


# -- processes ----------------------------------------------------------------------------------

WRITER = textwrap.dedent(
    """
    import pathlib, sys, time
    from mi_trainer.store import Store
    path, go = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    with Store(path) as store:
        sid = store.start_session(scenario_id="s", scenario_title="t", audience="a", scenario_path="p",
                                  scenario_digest="d", seed=1, mode="practice", trainee=sys.argv[3], state_json="{}")
        print(sid, flush=True)
        deadline = time.monotonic() + 30
        while not go.exists() and time.monotonic() < deadline:
            time.sleep(0.005)
        for turn in range(1, 51):
            store.record_turn(sid, turn=turn, node_id="n", response_index=0, say="x", skills=[], codes=[],
                              points=1, state_after={}, state_json='{"turn": %d}' % turn)
    """
)


def test_two_processes_write_concurrently(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    go = tmp_path / "go"
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(go), name], stdout=subprocess.PIPE, text=True)
        for name in ("p1", "p2")
    ]
    assert all(p.stdout is not None for p in procs)
    ids = [p.stdout.readline().strip() for p in procs if p.stdout is not None]
    go.touch()
    for proc in procs:
        proc.communicate(timeout=120)
        assert proc.returncode == 0
    with Store(path) as store:
        assert store.notice == ""
        for sid in ids:
            assert [t.turn for t in store.turns(sid)] == list(range(1, 51))
            assert store.get_session(sid).state_json == '{"turn": 50}'
        assert sum(len(store.turns(s.id)) for s in store.list_sessions()) == 100


KILLED = textwrap.dedent(
    """
    import pathlib, sys, time
    from mi_trainer.store import Store
    store = Store(pathlib.Path(sys.argv[1]))
    sid = store.start_session(scenario_id="s", scenario_title="t", audience="a", scenario_path="p",
                              scenario_digest="d", seed=1, mode="assessment", trainee="", state_json="{}")
    store.record_turn(sid, turn=1, node_id="n1", response_index=2, say="hello", skills=["open_question"],
                      codes=["Q"], points=1, state_after={"k": 1}, state_json='{"after": 1}')
    print(sid, flush=True)
    time.sleep(60)
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_turn_survives_sigkill(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    proc = subprocess.Popen([sys.executable, "-c", KILLED, str(path)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    sid = proc.stdout.readline().strip()
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    with Store(path) as store:
        assert store.notice == ""
        row = store.get_session(sid)
        assert row.status == "active" and row.state_json == '{"after": 1}'
        (turn,) = store.turns(sid)
        assert turn.say == "hello" and turn.codes == ("Q",) and turn.state_after == {"k": 1}


def test_store_imports_nothing_above_it() -> None:
    code = (
        "import sys, mi_trainer.store\n"
        "bad = [m for m in sys.modules if m == 'textual' or m.startswith(('textual.', 'mi_trainer.engine',"
        " 'mi_trainer.tui', 'mi_trainer.cli'))]\n"
        "print(bad)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.strip() == "[]"


def test_save_state_between_turns(tmp_path: Path) -> None:
    from mi_trainer.store import open_store

    with open_store(tmp_path / "h.sqlite3") as store:
        sid = store.start_session(
            scenario_id="s",
            scenario_title="S",
            audience="family",
            scenario_path="",
            scenario_digest="d",
            seed=1,
            mode="practice",
            trainee="",
            state_json='{"hints": 0}',
        )
        store.save_state(sid, '{"hints": 1}')
        assert store.get_session(sid).state_json == '{"hints": 1}'
