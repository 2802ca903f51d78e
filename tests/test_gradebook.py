"""Moodle and Canvas gradebook files from the class report's graded attempts (hand-computed grades)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from class_report_fixture import CLEO, DAN, build_class, play, scenarios

from mi_trainer.classroom import classdata
from mi_trainer.classroom.escaping import csv_cell
from mi_trainer.classroom.gradebook import render_gradebook
from mi_trainer.classroom.report import make_report
from mi_trainer.cli import main
from mi_trainer.store import open_store


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_class(tmp_path_factory.mktemp("gradebook") / "history.db")


@dataclass(frozen=True)
class Assignment:
    id: str = "week-3"
    title: str = "Week 3 check"
    scenario_ids: tuple[str, ...] = ("test-diamond", "test-pair")
    mode: str = "assessment"
    attempts: int = 3
    roster: tuple[tuple[str, str], ...] = (("ana@example.org", "Ana"), ("20417", "Ben"), ("S9", "Zoe"))


def table(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def report(store_path: Path, assignment: Assignment | None = None) -> object:
    with open_store(store_path) as store:
        return make_report(classdata.from_store(store), assignment=assignment)


def test_moodle_file_with_a_roster(store_path: Path) -> None:
    text, left_out = render_gradebook(report(store_path, Assignment()), "moodle")  # type: ignore[arg-type]
    rows = table(text)
    assert rows[0] == [
        "ID number",
        "Email address",
        "Full name",
        "Diamond (mi-trainer)",
        "Pair (mi-trainer)",
        "Week 3 check (mi-trainer, all scenarios)",
    ]
    by_name = {r[2]: r for r in rows[1:]}
    # Ana: diamond best 100, pair 100 → whole 100; identified by the roster's email
    assert by_name["Ana"] == ["", "ana@example.org", "Ana", "100.0", "100.0", "100.0"]
    # Ben: diamond 9.1, pair best 57.1 → (9.1 + 57.1) / 2 = 33.1
    assert by_name["Ben"] == ["20417", "", "Ben", "9.1", "57.1", "33.1"]
    # Cleo: diamond 72.7, pair only practised → counts 0 in the whole: 72.7 / 2 = 36.4 (36.35 rounded)
    assert by_name[CLEO][3:] == ["72.7", "", "36.4"]
    # Zoe is on the roster but has not started: listed, nothing overwritten
    assert by_name["Zoe"] == ["S9", "", "Zoe", "", "", ""]
    assert left_out == 0
    assert text.endswith("\n") and "\r" not in text


def test_canvas_file_has_the_points_possible_row(store_path: Path) -> None:
    text, _ = render_gradebook(report(store_path, Assignment()), "canvas")  # type: ignore[arg-type]
    rows = table(text)
    assert rows[0][:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert rows[0][5:] == ["Diamond (mi-trainer)", "Pair (mi-trainer)", "Week 3 check (mi-trainer, all scenarios)"]
    assert rows[1] == ["Points Possible", "", "", "", "", "100", "100", "100"]
    ana = next(r for r in rows if r[0] == "Ana")
    ben = next(r for r in rows if r[0] == "Ben")
    assert ana[:5] == ["Ana", "", "", "ana@example.org", ""]  # an email is a login id
    assert ben[:5] + ben[5:] == ["Ben", "", "20417", "", "", "9.1", "57.1", "33.1"]
    assert {len(r) for r in rows} == {8}


def test_without_a_roster_the_recorded_name_is_the_id(store_path: Path) -> None:
    text, _ = render_gradebook(report(store_path), "moodle")  # type: ignore[arg-type]
    rows = table(text)
    assert rows[0][3:] == ["Diamond (mi-trainer)", "Pair (mi-trainer)"]  # no assignment, no whole column
    dan = next(r for r in rows if r[2] == DAN)
    assert dan == [DAN, "", DAN, "0.0", "100.0"]


@pytest.mark.parametrize(
    ("name", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("\rCR", "\\x0dCR"),  # a carriage return is shown as an escape, so nothing starts the cell
        ("Plain", "Plain"),
    ],
)
def test_cells_are_neutralised_for_spreadsheets(name: str, cell: str, tmp_path: Path) -> None:
    assert csv_cell(name) == cell
    path = tmp_path / "h.db"
    with open_store(path) as store:
        play(store, scenarios()["pair"], name, "assessment", (1, 1))
        rep = make_report(classdata.from_store(store))
    for system in ("moodle", "canvas"):
        text, _ = render_gradebook(rep, system)
        rows = table(text)
        # names are recorded with surrounding spaces trimmed, so a leading tab or CR is gone already
        assert csv_cell(name.strip()) in rows[-1]
        assert all(not c.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for c in r)
    assert csv_cell(-3) == "-3" and csv_cell(57.1) == "57.1"  # numbers stay numbers


def test_students_without_an_identifier_are_left_out_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "h.db"
    with open_store(path) as store:
        play(store, scenarios()["pair"], "", "assessment", (1, 1))
        play(store, scenarios()["pair"], "kim@example.org", "assessment", (2, 2))
        rep = make_report(classdata.from_store(store))
    text, left_out = render_gradebook(rep, "moodle")
    assert left_out == 1
    assert table(text)[1:] == [["", "kim@example.org", "kim@example.org", "0.0"]]


def test_cli_export_moodle_and_canvas(store_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "moodle.csv"
    assert main(["--store", str(store_path), "export", "--format", "moodle", "-o", str(out)]) == 0
    assert table(out.read_text(encoding="utf-8"))[0][0] == "ID number"
    capsys.readouterr()
    assert main(["--store", str(store_path), "export", "--format", "canvas", "--graded", "first"]) == 0
    rows = table(capsys.readouterr().out)
    ben = next(r for r in rows if r[0] == "Ben")
    assert ben[5:] == ["9.1", "0.0"]  # Ben's first pair attempt scored 0
    assert main(["--store", str(store_path), "export", "--format", "canvas", "--since", "soon"]) == 1
    assert "--since soon: use a date" in capsys.readouterr().err


def test_assignment_and_graded_are_for_gradebooks_only(store_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--store", str(store_path), "export", "--format", "csv", "--graded", "best"]) == 1
    assert "--assignment and --graded go with --format moodle or canvas" in capsys.readouterr().err
