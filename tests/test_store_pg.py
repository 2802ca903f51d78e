"""The history on a real PostgreSQL server (MI_TRAINER_TEST_PG), and the same behaviour on SQLite side by side:
round trips, migrations, leases, a lost connection, an unreachable server, 4 writers at once, and the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from test_store import REPORT, record, start

from mi_trainer.errors import SessionInUseError, StoreError, StoreUnavailableError
from mi_trainer.store import SCHEMA_VERSION, Store, parse_target
from mi_trainer.store.lease import new_owner
from mi_trainer.store.pg_schema import PG_MIGRATIONS


@pytest.fixture(params=["sqlite", "postgresql"])
def where(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh history: a SQLite URL in tmp_path, or a PostgreSQL schema of its own."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'h.sqlite3'}"
    return str(request.getfixturevalue("pg_url"))


def psql(url: str, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        cur = conn.execute(sql, params)
        return cur.fetchall() if cur.description else []


def test_targets_parse_paths_and_urls(tmp_path: Path) -> None:
    assert parse_target("history.sqlite3").path == Path("history.sqlite3")
    assert parse_target(f"sqlite:///{tmp_path}/h.db").path == tmp_path / "h.db"
    assert parse_target("sqlite:///rel/h.db").path == Path("rel/h.db")
    pg = parse_target("postgresql://coach:secret@db.example:5433/results")
    assert pg.kind == "postgresql" and pg.display == "postgresql://coach@db.example:5433/results"
    assert parse_target("postgres://u@h/db").url == "postgresql://u@h/db"
    for bad, message in (
        ("mysql://u@h/db", "Unknown history location scheme"),
        ("postgresql://u@h", "name the database"),
        ("sqlite://", "sqlite:///FILE"),
        ("  ", "empty"),
    ):
        with pytest.raises(StoreError, match=message):
            parse_target(bad)


def test_round_trip_on_both_backends(where: str) -> None:
    with Store(where) as store:
        sid = start(store, pack="p", assignment_id="a", attempt=1)
        record(store, sid, 1, own_words="You feel stuck.", coding_json='{"codes": ["CR"]}')
        record(store, sid, 2)
        store.undo_last_turn(sid, '{"back": 1}')
        record(store, sid, 2, say="better")
        store.save_state(sid, '{"hint": 1}')
        other = start(store, trainee="Ben")
        record(store, other, 1)
        assert [r.id for r in store.resumable_sessions()] == [other, sid]
        store.finish_session(sid, report=REPORT, score=72.5, ending="plan", valence="positive", state_json="{}")
    with Store(where) as store:
        row = store.get_session(sid[:6])
        assert row.status == "ended" and row.report == REPORT and row.turn_count == 2 and row.attempt == 1
        assert [t.say for t in store.turns(sid)] == ["reply 1", "better"]
        assert store.turns(sid)[0].own_words == "You feel stuck."
        assert store.attempts_used("Ada", "a", "alcohol-1") == 1
        assert [s.id for s in store.session_summaries(limit=1)] == [other]
        assert [s.id for s in store.session_summaries(offset=1, limit=5)] == [sid]
        assert store.count_sessions() == 2 and store.count_sessions(status="ended") == 1
        (exported,) = store.export_rows()
        assert exported["session_id"] == sid and exported["turns"] == 2
        assert store.export_json()[0]["turns"][1]["say"] == "better"
        assert store.skill_trends()["score_percent"] == [72.5]
        store.set_aside(other)
        assert store.resumable_sessions() == []
        with pytest.raises(StoreError, match="not active"):
            record(store, sid, 3)


def test_leases_on_both_backends(where: str) -> None:
    with Store(where) as store, Store(where) as second:
        sid = start(store)
        me, them = new_owner(), new_owner()
        store.acquire_lease(sid, me)
        with pytest.raises(SessionInUseError):
            second.acquire_lease(sid, them)
        store.release_lease(sid, me)
        second.acquire_lease(sid, them)
        assert store.get_session(sid).lease_owner == them


def test_v1_schema_on_postgresql_is_upgraded_keeping_every_row(pg_url: str) -> None:
    for statement in PG_MIGRATIONS[0]:
        psql(pg_url, statement)
    psql(pg_url, "CREATE TABLE mi_trainer_schema (version INTEGER NOT NULL)")
    psql(pg_url, "INSERT INTO mi_trainer_schema VALUES (1)")
    psql(
        pg_url,
        "INSERT INTO sessions (id, scenario_id, scenario_title, audience, scenario_path, scenario_digest, seed, mode,"
        " trainee, started_at, updated_at, status, state_json) VALUES ('a1', 's', 'S', 'family', '/p', 'd', 1,"
        " 'practice', 'Ada', '2026-11-01T10:00:00.000000+00:00', '2026-11-01T10:00:00.000000+00:00', 'active', '{}')",
    )
    psql(
        pg_url,
        "INSERT INTO turns VALUES ('a1', 1, 'n1', 0, 'hi', '[]', '[]', 1, '{}', '2026-11-01T10:01:00.000000+00:00')",
    )
    with Store(pg_url) as store:
        row = store.get_session("a1")
        assert row.turn_count == 1 and row.pack == "" and row.attempt == 0 and row.lease_owner is None
        store.set_aside("a1")  # the new status is allowed after the upgrade
    assert psql(pg_url, "SELECT version FROM mi_trainer_schema") == [(SCHEMA_VERSION,)]
    assert psql(pg_url, "SELECT say FROM turns") == [("hi",)]


def test_postgresql_refuses_newer_or_foreign_schemas(pg_url: str) -> None:
    psql(pg_url, "CREATE TABLE sessions (id TEXT)")
    with pytest.raises(StoreError, match="not a mi-trainer history"):
        Store(pg_url)
    psql(pg_url, "DROP TABLE sessions")
    Store(pg_url).close()
    psql(pg_url, "UPDATE mi_trainer_schema SET version = 99")
    with pytest.raises(StoreError, match="newer mi-trainer") as info:
        Store(pg_url)
    assert "\n" not in str(info.value)


def test_a_terminated_connection_is_reopened_and_nothing_is_lost(pg_url: str, pg_server: str) -> None:
    with Store(pg_url) as store:
        sid = start(store)
        record(store, sid, 1)
        for _ in range(2):  # twice: the reopened connection can be lost again too
            killed = psql(
                pg_server,
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s"
                " AND pid <> pg_backend_pid()",
                (parse_target(pg_url).url.rsplit("application_name=", 1)[1],),
            )
            assert killed and all(ok for (ok,) in killed)
            time.sleep(0.2)
            record(store, sid, len(store.turns(sid)) + 1)
        assert [t.turn for t in store.turns(sid)] == [1, 2, 3]


def test_an_unreachable_server_is_one_clear_line() -> None:
    started = time.monotonic()
    with pytest.raises(StoreUnavailableError, match="Cannot reach the history database") as info:
        Store("postgresql://nobody:pw@127.0.0.1:1/none")
    assert time.monotonic() - started < 10
    assert "\n" not in str(info.value) and "pw" not in str(info.value)


WRITER = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    from mi_trainer.store import Store
    url, go, name = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    store = Store(url)
    print("ready", flush=True)
    while not go.exists():
        time.sleep(0.005)
    for n in range(50):
        sid = store.start_session(scenario_id="s", scenario_title="t", audience="a", scenario_path="p",
                                  scenario_digest="d", seed=n, mode="practice", trainee=name, state_json="{}")
        for turn in range(1, 9):
            store.record_turn(sid, turn=turn, node_id="n", response_index=turn, say=f"{name}-{n}-{turn}", skills=[],
                              codes=[], points=1, state_after={}, state_json=json.dumps({"turn": turn}))
        store.finish_session(sid, report={}, score=1.0, ending="e", valence="positive", state_json="{}")
    store.close()
    """
)


def test_four_processes_writing_at_once_lose_and_duplicate_nothing(pg_url: str, tmp_path: Path) -> None:
    Store(pg_url).close()  # the schema exists before the race (creating it concurrently is tested elsewhere)
    go = tmp_path / "go"
    names = [f"w{i}" for i in range(4)]
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, pg_url, str(go), name], stdout=subprocess.PIPE, text=True)
        for name in names
    ]
    for proc in procs:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    go.touch()
    for proc in procs:
        proc.communicate(timeout=120)
        assert proc.returncode == 0
    assert psql(pg_url, "SELECT count(*) FROM sessions") == [(200,)]
    assert psql(pg_url, "SELECT count(*), count(DISTINCT say) FROM turns") == [(1600, 1600)]
    per_session = psql(pg_url, "SELECT count(*), min(turn), max(turn) FROM turns GROUP BY session_id")
    assert per_session == [(8, 1, 8)] * 200
    assert psql(
        pg_url, "SELECT trainee, count(*) FROM sessions WHERE status = 'ended' GROUP BY trainee ORDER BY 1"
    ) == [(name, 50) for name in names]


def test_first_open_by_several_processes_at_once_creates_the_schema_once(pg_url: str) -> None:
    code = "import sys; from mi_trainer.store import Store; Store(sys.argv[1]).close()"
    procs = [
        subprocess.Popen([sys.executable, "-c", code, pg_url], stderr=subprocess.PIPE, text=True) for _ in range(3)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    assert psql(pg_url, "SELECT version FROM mi_trainer_schema") == [(SCHEMA_VERSION,)]


def cli(where: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mi_trainer", "--store", where, *args], capture_output=True, text=True, timeout=120
    )


def test_the_cli_works_the_same_on_postgresql(pg_url: str) -> None:
    assert cli(pg_url, "run", "classroom-warmup-reflections", "--strategy", "best", "--json").returncode == 0
    stopped = cli(pg_url, "run", "classroom-warmup-reflections", "--choices", "1,2", "--trainee", "Cleo")
    assert stopped.returncode == 3, stopped.stderr
    resumed = cli(pg_url, "resume", "--strategy", "random", "--json")
    assert resumed.returncode == 0, resumed.stderr
    history = json.loads(cli(pg_url, "history", "--json").stdout)
    assert [h["status"] for h in history] == ["ended", "ended"] and history[0]["trainee"] == "Cleo"
    exported = cli(pg_url, "export", "--format", "csv").stdout.splitlines()
    assert len(exported) == 3 and exported[0].startswith("session_id,")
    with Store(pg_url) as store:
        assert all(r.lease_owner is None for r in store.list_sessions())
