"""The class report over a small class played through the real engine and store (tests/class_report_fixture.py
has the plays and the hand-computed scores)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from class_report_fixture import CLEO, DAN, build_class

from mi_trainer.classroom import classdata
from mi_trainer.classroom.report import make_report, render
from mi_trainer.classroom.report_model import ClassReport, StudentRow
from mi_trainer.cli import main
from mi_trainer.store import open_store


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_class(tmp_path_factory.mktemp("class") / "history.db")


@pytest.fixture(scope="module")
def attempts(store_path: Path) -> list[classdata.Attempt]:
    with open_store(store_path) as store:
        return classdata.from_store(store)


def row(report: ClassReport, student: str, scenario: str) -> StudentRow:
    (found,) = [r for r in report.rows if r.student == student and r.scenario_id == scenario]
    return found


def scores(r: StudentRow) -> tuple[float | None, float | None, float | None, float | None]:
    return r.first, r.best, r.last, r.graded.score_percent if r.graded else None


def node(report: ClassReport, scenario: str, node_id: str) -> dict[str, tuple[int, bool]]:
    (s,) = [s for s in report.scenarios if s.scenario_id == scenario]
    (n,) = [n for n in s.nodes if n.node_id == node_id]
    return {o.say: (o.count, o.strongest) for o in n.options}


def test_only_ended_sessions_are_read(attempts: list[classdata.Attempt]) -> None:
    assert len(attempts) == 13  # the unfinished 14th session is not there
    assert all(a.picks is not None for a in attempts)


def test_first_best_last_and_the_graded_attempt(attempts: list[classdata.Attempt]) -> None:
    report = make_report(attempts)
    assert len(report.rows) == 7  # Cleo played the pair scenario only as practice
    assert scores(row(report, "Ana", "test-diamond")) == (72.7, 100.0, 100.0, 100.0)
    assert len(row(report, "Ana", "test-diamond").attempts) == 2  # practice run and unfinished one left out
    assert scores(row(report, "Ben", "test-pair")) == (0.0, 57.1, 42.9, 57.1)
    assert scores(row(report, CLEO, "test-diamond")) == (72.7, 72.7, 72.7, 72.7)
    assert scores(row(report, DAN, "test-diamond")) == (0.0, 0.0, 0.0, 0.0)
    first = make_report(attempts, graded_rule="first")
    assert row(first, "Ben", "test-pair").graded.score_percent == 0.0  # type: ignore[union-attr]
    last = make_report(attempts, graded_rule="last")
    assert row(last, "Ben", "test-pair").graded.score_percent == 42.9  # type: ignore[union-attr]


def test_practice_runs_are_shown_apart_never_averaged_in(attempts: list[classdata.Attempt]) -> None:
    report = make_report(attempts)
    diamond, pair = report.scenarios
    assert sorted(diamond.scores) == [0.0, 9.1, 72.7, 100.0]  # Ana's practice 0% is not among them
    assert sorted(pair.scores) == [57.1, 100.0, 100.0]  # nor Cleo's and Dan's practice runs
    assert report.practice_runs == 3
    assert set(report.apart) == {("Ana", "test-diamond", 1), (CLEO, "test-pair", 1), (DAN, "test-pair", 1)}
    assert row(report, DAN, "test-pair").practice_runs == 1
    practice = make_report(attempts, counted="practice")
    assert {(r.student, r.scenario_id, r.best) for r in practice.rows} == {
        ("Ana", "test-diamond", 0.0),
        (CLEO, "test-pair", 100.0),
        (DAN, "test-pair", 0.0),
    }
    assert practice.practice_runs == 10


def test_choice_counts_per_client_turn(attempts: list[classdata.Attempt]) -> None:
    report = make_report(attempts)
    # graded diamond attempts: Ana a1 b2 c1, Ben a1 b3, Cleo a1 b2 c2, Dan a2
    assert node(report, "test-diamond", "a") == {"a1": (3, True), "a2": (1, False)}
    assert node(report, "test-diamond", "b") == {"b1": (0, False), "b2": (2, True), "b3": (1, False)}
    assert node(report, "test-diamond", "c") == {"c1": (1, True), "c2": (1, False)}
    (diamond,) = [s for s in report.scenarios if s.scenario_id == "test-diamond"]
    assert [(n.node_id, n.visits) for n in diamond.nodes] == [("a", 4), ("b", 3), ("c", 2)]
    assert [round(o.share, 3) for o in diamond.nodes[1].options] == [0.0, 0.667, 0.333]
    # graded pair attempts: Ana q1 r1, Ben (best = q1 r2), Dan q1 r1
    pair = node(report, "test-pair", "r")
    assert [v for v in pair.values()] == [(2, True), (1, False)]
    first = make_report(attempts, graded_rule="first")  # Ana's first diamond attempt was a1 b1
    assert node(first, "test-diamond", "b") == {"b1": (1, False), "b2": (1, True), "b3": (1, False)}
    assert node(first, "test-diamond", "c") == {"c1": (0, True), "c2": (1, False)}


def test_turns_to_talk_through_first_are_worst_first(attempts: list[classdata.Attempt]) -> None:
    from mi_trainer.classroom.report_choices import trouble_spots

    report = make_report(attempts)
    spots = trouble_spots([(s.title, s.nodes) for s in report.scenarios])
    assert [(t, n.node_id, round(n.strongest_share or 0, 3)) for t, n in spots] == [
        ("Diamond", "c", 0.5),
        ("Diamond", "b", 0.667),
        ("Pair", "r", 0.667),
        ("Diamond", "a", 0.75),
    ]  # the pair's first turn (everyone chose the strongest) is not a trouble spot


@dataclass(frozen=True)
class Assignment:
    """Shaped like mi_trainer.classroom.assignments.Assignment (contract C3)."""

    id: str = "week-3"
    title: str = "Week 3 check"
    scenario_ids: tuple[str, ...] = ("test-pair",)
    mode: str = "assessment"
    attempts: int = 2
    roster: tuple[tuple[str, str], ...] = (("S1", "Ana"), ("S2", "Ben"), ("S9", "Zoe"))


def test_an_assignment_limits_scenarios_and_attempts_and_lists_who_has_not_started(
    attempts: list[classdata.Attempt],
) -> None:
    report = make_report(attempts, assignment=Assignment())
    assert report.title == "Week 3 check"
    assert {r.scenario_id for r in report.rows} == {"test-pair"}
    ben = row(report, "Ben", "test-pair")
    assert (ben.student_id, len(ben.attempts)) == ("S2", 2)  # the third attempt is past the limit
    assert scores(ben) == (0.0, 57.1, 57.1, 57.1)
    assert report.ignored_attempts == 1
    assert report.missing == (("Zoe", "S9", "test-pair"),)
    assert [s.scenario_id for s in report.scenarios] == ["test-pair"]


def test_since_filters_by_start_time(store_path: Path, tmp_path: Path, attempts: list[classdata.Attempt]) -> None:
    with open_store(store_path) as store:
        assert classdata.from_store(store, since=datetime.now(UTC) + timedelta(days=1)) == []
        assert len(classdata.from_store(store, since=datetime.now(UTC) - timedelta(days=1))) == 13
    # a JSON export whose first four sessions were played last month
    exported = tmp_path / "all.json"
    assert main(["--store", str(store_path), "export", "--format", "json", "-o", str(exported)]) == 0
    docs = json.loads(exported.read_text(encoding="utf-8"))
    for doc in docs[:4]:
        doc["started_at"] = "2026-10-05T09:00:00+00:00"
    exported.write_text(json.dumps(docs), encoding="utf-8")
    recent = classdata.from_files([exported], since=datetime(2026, 11, 1, tzinfo=UTC))
    assert len(recent) == 9
    report = make_report(recent)
    assert "Ana" not in {r.student for r in report.rows if r.scenario_id == "test-pair"}


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_csv_json_md(store_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["--store", str(store_path), "class-report", "--format", "csv"], capsys)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    ben = next(r for r in rows if r["student"] == "Ben" and r["scenario_id"] == "test-pair")
    assert (ben["attempts"], ben["first_score"], ben["best_score"], ben["last_score"]) == ("3", "0.0", "57.1", "42.9")
    assert ben["graded_rule"] == "best" and ben["practice_runs"] == "0"
    code, out, _ = run_cli(["class-report", "--store", str(store_path), "--format", "json", "--graded", "last"], capsys)
    data = json.loads(out)
    assert data["graded_rule"] == "last"
    pair = next(s for s in data["scenarios"] if s["scenario_id"] == "test-pair")
    assert pair["figures"]["score_percent"]["median"] == 100.0
    # last attempts: Ana q1 r1, Ben q2 r1, Dan q1 r1 — at r all three gave the summary
    assert [o["count"] for o in pair["turns"][1]["options"]] == [3, 0]
    assert [o["count"] for o in pair["turns"][0]["options"]] == [2, 1]
    code, out, _ = run_cli(["--store", str(store_path), "class-report", "--format", "md"], capsys)
    assert "| Ben | Pair | 3 | 0% | 57% | 43% | 57% |" in out
    assert "\\<script\\>" in out and "<script>" not in out


def test_cli_html_file(store_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "class.html"
    code, _, err = run_cli(["--store", str(store_path), "class-report", "-o", str(out_file)], capsys)
    assert code == 0 and "wrote" in err
    page = out_file.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page
    assert "Turns to talk through first" in page and "★ strongest" in page


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [name for name, _ in attrs]


def test_hostile_names_are_escaped_everywhere(attempts: list[classdata.Attempt]) -> None:
    page = render(make_report(attempts), "html")
    parsed = Tags()
    parsed.feed(page)
    assert "script" not in parsed.tags
    assert not [a for a in parsed.attrs if a.startswith("on")]
    assert "&lt;script&gt;alert(&quot;cleo&quot;)&lt;/script&gt;" in page
    assert '"onload' not in page and "&quot;onload=alert(1) x=&quot;Dan" in page
    for external in ("http://", "https://", "//", "@import", "url("):
        assert external not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_report_from_csv_exports_matches_the_store(
    store_path: Path, tmp_path: Path, attempts: list[classdata.Attempt]
) -> None:
    exported = tmp_path / "class.csv"
    assert main(["--store", str(store_path), "export", "-o", str(exported)]) == 0
    from_csv = make_report(classdata.from_files([exported, exported]))  # handed in twice counts once
    from_store = make_report(attempts)
    assert [(r.student, r.scenario_id, scores(r)) for r in from_csv.rows] == [
        (r.student, r.scenario_id, scores(r)) for r in from_store.rows
    ]
    assert not any(s.has_turns for s in from_csv.scenarios)
    assert "Per-turn choices are not in CSV exports" in render(from_csv, "html")


def test_a_missing_scenario_degrades_to_the_recorded_texts(store_path: Path, tmp_path: Path) -> None:
    exported = tmp_path / "moved.json"
    assert main(["--store", str(store_path), "export", "--format", "json", "-o", str(exported)]) == 0
    docs = json.loads(exported.read_text(encoding="utf-8"))
    for doc in docs:
        doc["scenario_path"] = str(tmp_path / "gone.yaml")
    exported.write_text(json.dumps(docs), encoding="utf-8")
    report = make_report(classdata.from_files([exported]))
    (diamond,) = [s for s in report.scenarios if s.scenario_id == "test-diamond"]
    assert not diamond.found
    assert node(report, "test-diamond", "b") == {"b2": (2, True), "b3": (1, False)}  # b1, never picked, unknown
    assert diamond.nodes[0].client_said == "A"
    assert "texts below are those recorded" in render(report, "html")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "session_id,trainee\nx,y\n",
            "bad.csv:1: not a 'mi-trainer export --format csv' file (no column 'scenario_id')",
        ),
        (None, "bad.csv:3: this row has fewer cells than the header"),
        (b"\xff\xfe\x00garbage", "bad.csv: not UTF-8 text"),
        (None, "bad.csv:2: started_at 'yesterday' is not a date and time"),
    ],
)
def test_bad_csv_input_is_one_line(
    content: str | bytes | None,
    message: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    request: pytest.FixtureRequest,
) -> None:
    from mi_trainer.store.export import EXPORT_COLUMNS

    bad = tmp_path / "bad.csv"
    header = ",".join(EXPORT_COLUMNS)
    values = dict.fromkeys(EXPORT_COLUMNS, "")
    values |= {"session_id": "s1", "trainee": "Ana", "scenario_id": "test-pair", "scenario_title": "Pair"}
    values |= {"mode": "assessment", "started_at": "2026-11-02T10:00:00+00:00", "score_percent": "100.0"}
    values["ended_at"] = "2026-11-02T10:05:00+00:00"
    good = ",".join(values.values())
    if content is None and "fewer" in message:
        content = f"{header}\r\n{good}\r\ns2,Ben,test-pair\r\n"
    elif content is None:
        content = f"{header}\n" + good.replace("2026-11-02T10:00:00+00:00", "yesterday") + "\n"
    if isinstance(content, bytes):
        bad.write_bytes(content)
    else:
        bad.write_text(content, encoding="utf-8")
    code, out, err = run_cli(["class-report", str(bad), "--format", "csv"], capsys)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and message in err
    assert "Traceback" not in err


def test_excel_csv_utf8_with_bom_is_read(tmp_path: Path, store_path: Path) -> None:
    exported = tmp_path / "class.csv"
    assert main(["--store", str(store_path), "export", "-o", str(exported)]) == 0
    excel = tmp_path / "excel.csv"
    excel.write_bytes(b"\xef\xbb\xbf" + exported.read_bytes().replace(b"\n", b"\r\n"))
    assert len(classdata.from_files([excel])) == 13


def test_bad_json_and_missing_file_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('[{"id": "x"}]', encoding="utf-8")
    code, _, err = run_cli(["class-report", str(broken)], capsys)
    assert code == 1 and "broken.json: session 1 is incomplete" in err and err.count("\n") == 1
    code, _, err = run_cli(["class-report", str(tmp_path / "nope.csv")], capsys)
    assert code == 1 and "nope.csv: cannot read it" in err
    code, _, err = run_cli(["class-report", str(broken), "--since", "last week"], capsys)
    assert code == 1 and "--since last week: use a date like 2026-11-01" in err


def test_the_strongest_response_is_the_one_the_trainer_named(tmp_path: Path) -> None:
    from class_report_fixture import FIXTURES, play

    from mi_trainer.loading.loader import load_scenario

    compiled = load_scenario(FIXTURES / "classroom" / "lookahead.yaml")
    with open_store(tmp_path / "h.db") as store:
        play(store, compiled, "Ana", "assessment", (1,))  # the affirmation: 2 points, but it ends the talk
        play(store, compiled, "Ben", "assessment", (2, 1))  # the question (1 point) opens a 3-point reflection
        report = make_report(classdata.from_store(store))
    # the feedback named the question as the better response, so the report marks it, not the affirmation
    assert node(report, "test-lookahead", "x") == {
        "You have worked hard at this.": (1, False),
        "What has helped so far?": (1, True),
    }


def test_an_assignment_counts_its_own_sessions_by_id(tmp_path: Path) -> None:
    from class_report_fixture import play, scenarios

    pair = scenarios()["pair"]
    with open_store(tmp_path / "h.db") as store:
        play(store, pair, "Ana", "assessment", (2, 2), assignment_id="week-3", attempt=1)  # 0%
        play(store, pair, "Ana", "assessment", (1, 2))  # 57.1%, assessment mode but not for week-3
        play(store, pair, "Ana", "assessment", (1, 1), assignment_id="week-3", attempt=2)  # 100%
        play(store, pair, "Ana", "practice", (2, 1), assignment_id="week-4", attempt=1)  # 42.9%, another assignment
        play(store, pair, "Ben", "practice", (1, 1))  # practice
        attempts = classdata.from_store(store)
    assert [(a.assignment_id, a.attempt) for a in attempts][:3] == [("week-3", 1), ("", 0), ("week-3", 2)]
    report = make_report(attempts, assignment=Assignment(roster=()))
    (ana,) = report.rows
    assert scores(ana) == (0.0, 100.0, 100.0, 100.0) and ana.assignment_id == "week-3"
    assert (report.practice_runs, ana.practice_runs) == (3, 2)
    # without an assignment every piece of graded work counts (assignment sessions even in practice mode),
    # once per student and scenario; Ben's plain practice run stays apart
    everything = make_report(attempts)
    (ana,) = everything.rows
    assert scores(ana) == (0.0, 100.0, 42.9, 100.0) and ana.assignment_id == "week-3, week-4"
    assert everything.practice_runs == 1 and everything.scenarios[0].scores == (100.0,)


def test_nothing_from_a_name_reaches_a_terminal_as_code(
    store_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # names are cleaned when a session is recorded; an export file is hostile input all the same
    exported = tmp_path / "hostile.json"
    assert main(["--store", str(store_path), "export", "--format", "json", "-o", str(exported)]) == 0
    docs = json.loads(exported.read_text(encoding="utf-8"))
    hostile = "Eve\x1b[2J\x1b]0;owned\x07\x9b31m\u202e"
    for doc in docs:
        doc["trainee"] = hostile
    exported.write_text(json.dumps(docs), encoding="utf-8")
    capsys.readouterr()
    for fmt in ("csv", "json", "md", "html"):
        code, out, _ = run_cli(["class-report", str(exported), "--format", fmt, "-o", str(tmp_path / fmt)], capsys)
        text = (tmp_path / fmt).read_text(encoding="utf-8")
        assert code == 0 and "Eve" in text
        assert not any(ch in text for ch in "\x1b\x07\x9b\u202e"), fmt
    code, out, _ = run_cli(["class-report", str(exported), "--format", "md"], capsys)
    assert code == 0 and "Eve" in out and "\x1b" not in out


def test_an_empty_history_gives_an_empty_report_not_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "empty.db"
    open_store(path).close()
    for fmt in ("html", "csv", "json", "md"):
        code, _out, _ = run_cli(
            ["--store", str(path), "class-report", "--format", fmt, "-o", str(tmp_path / fmt)], capsys
        )
        assert code == 0
    assert "No graded sessions match." in (tmp_path / "html").read_text(encoding="utf-8")
    assert json.loads((tmp_path / "json").read_text(encoding="utf-8"))["students"] == []


def test_a_store_path_that_does_not_exist_is_one_line_and_not_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(["class-report", "--store", str(tmp_path / "typo.db")], capsys)
    assert code == 1 and "typo.db: no history there" in err and err.count("\n") == 1
    assert not (tmp_path / "typo.db").exists()


def test_cli_assignment_file_with_a_roster(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("mi_trainer.classroom.assignments", reason="assignments (contract C3) not merged yet")
    from class_report_fixture import play, scenarios

    (tmp_path / "roster.csv").write_text("student_id,name\nS1,Ana\nS2,Ben\nS9,Zoe\n", encoding="utf-8")
    (tmp_path / "week3.yaml").write_text(
        "id: week-3\ntitle: 'Week 3: reflections'\nscenarios: [test-pair]\nmode: assessment\nattempts: 2\n"
        "roster: roster.csv\n",
        encoding="utf-8",
    )
    pair = scenarios()["pair"]
    with open_store(tmp_path / "h.db") as store:  # sessions of a roster assignment are recorded by student ID
        play(store, pair, "S1", "assessment", (2, 2), assignment_id="week-3", attempt=1)  # 0%
        play(store, pair, "S1", "assessment", (1, 2), assignment_id="week-3", attempt=2)  # 57.1%
        play(store, pair, "S2", "assessment", (1, 1), assignment_id="week-3", attempt=1)  # 100%
        play(store, pair, "S2", "practice", (2, 1))  # practice, apart
    args = ["--store", str(tmp_path / "h.db"), "class-report", "--assignment", str(tmp_path / "week3.yaml")]
    code, out, _ = run_cli([*args, "--format", "csv"], capsys)
    assert code == 0
    rows = {r["student"]: r for r in csv.DictReader(io.StringIO(out))}
    assert (rows["Ana"]["student_id"], rows["Ana"]["best_score"], rows["Ana"]["attempts"]) == ("S1", "57.1", "2")
    assert (rows["Ben"]["graded_score"], rows["Ben"]["practice_runs"]) == ("100.0", "1")
    data = json.loads(run_cli([*args, "--format", "json"], capsys)[1])
    assert data["title"] == "Week 3: reflections"
    assert data["no_attempt"] == [{"student": "Zoe", "student_id": "S9", "scenario_id": "test-pair"}]
    code, out, _ = run_cli(
        [
            "--store",
            str(tmp_path / "h.db"),
            "export",
            "--format",
            "moodle",
            "--assignment",
            str(tmp_path / "week3.yaml"),
        ],
        capsys,
    )
    assert out.splitlines()[1:] == ["S1,,Ana,57.1,57.1", "S2,,Ben,100.0,100.0", "S9,,Zoe,,"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: x\nscenarios: [test-pair]\nattempts: lots\n", encoding="utf-8")
    code, _, err = run_cli(["--store", str(tmp_path / "h.db"), "class-report", "--assignment", str(bad)], capsys)
    assert code == 1 and "AS005" in err


def test_a_name_guarded_in_a_csv_export_reads_back_as_typed(tmp_path: Path) -> None:
    from class_report_fixture import play, scenarios

    with open_store(tmp_path / "h.db") as store:
        play(store, scenarios()["pair"], "=Dee", "assessment", (1, 1))
    exported = tmp_path / "class.csv"
    assert main(["--store", str(tmp_path / "h.db"), "export", "-o", str(exported)]) == 0
    assert "'=Dee" in exported.read_text(encoding="utf-8")  # the export guards the cell …
    (attempt,) = classdata.from_files([exported])
    assert attempt.trainee == "=Dee"  # … and the report reads the name as typed
    assert "'=Dee" in render(make_report([attempt]), "csv")  # … and guards it again in its own CSV


def test_answers_in_own_words_count_against_the_line_they_matched(tmp_path: Path) -> None:
    from class_report_fixture import scenarios

    from mi_trainer.engine.report import build_report
    from mi_trainer.engine.session import Mode, Session
    from mi_trainer.store import recording

    with open_store(tmp_path / "h.db") as store:
        session = Session(scenarios()["pair"], seed=0, mode=Mode.ASSESSMENT, shuffle=False)
        session_id = recording.start(store, session, "Ana")
        first = session.choose(1)  # recorded as a free-text answer that the coder matched to q1
        recording.record(store, session_id, session, first, own_words="You're not sure it's worth the bother.")
        recording.record(store, session_id, session, session.choose(1))
        recording.finish(store, session_id, session, build_report(session, trainee="Ana"))
        report = make_report(classdata.from_store(store))
    (pair,) = report.scenarios
    q, r = pair.nodes
    assert [(o.count, o.own_words) for o in q.options] == [(1, 1), (0, 0)]
    assert [(o.count, o.own_words) for o in r.options] == [(1, 0), (0, 0)]
    assert "1 in own words" in render(report, "html")


def test_a_class_with_nothing_graded_reads_na_never_none() -> None:
    """QA: with only practice runs the Markdown report said "Pooled R:Q None (n/a)"."""
    from mi_trainer.classroom.report import make_report, render

    text = render(make_report([]), "md")
    assert "None" not in text and "Pooled R:Q n/a" in text, text[-300:]


def test_the_markdown_report_lists_what_it_keeps_apart(attempts: list[classdata.Attempt]) -> None:
    """As the HTML report does (QA: the Markdown one dropped the practice runs without a word)."""
    from mi_trainer.classroom.report import render

    text = render(make_report(attempts), "md")
    assert "## Shown apart: practice runs" in text and "3 practice runs are not in any figure above." in text
    assert "| Ana |" in text.split("## Shown apart")[1]
