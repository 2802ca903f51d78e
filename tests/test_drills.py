"""Drills: items from a fixture and the shipped library, grading through the coder, the Leitner arithmetic,
the store round-trip (SQLite and PostgreSQL) and the `drill` command with scripted answers on stdin."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest

from mi_trainer.drills.grading import grade
from mi_trainer.drills.items import KINDS, build_items, choose_items, parse_skill
from mi_trainer.drills.practice import DrillRound, answers_from_rows, library_items, pick_skill
from mi_trainer.drills.schedule import Answer, accuracy_by_day, due_skills, skill_status
from mi_trainer.errors import MiTrainerError
from mi_trainer.loading.loader import load_scenario
from mi_trainer.store import Store

FIXTURE = Path(__file__).parent / "fixtures" / "drills" / "drill-kinds.yaml"


@pytest.fixture(scope="module")
def items() -> list:
    return build_items([load_scenario(FIXTURE).scenario])


def by_kind(items: list, kind: str):
    return next(i for i in items if i.kind == kind)


def test_fixture_gives_every_kind(items: list) -> None:
    counts = Counter(i.kind for i in items)
    assert counts == {"name_skill": 7, "make_open": 1, "reflect": 1, "both_sides": 1, "affirm": 1, "spot_talk": 3}
    assert len({i.id for i in items}) == len(items)
    name = next(i for i in items if i.id == "test-drill-kinds:opening:name_skill:0")
    assert name.answer == ("closed_question",) and "closed_question" in name.options and len(name.options) == 4
    assert "open_question" in name.options  # the confusable skill is offered first
    talk = by_kind(items, "spot_talk")
    assert (talk.answer, talk.subtype_answer) == (("change",), "desire")
    neutral = next(i for i in items if i.id == "test-drill-kinds:plans:spot_talk")
    assert neutral.subtype_options == () and neutral.answer == ("neutral",)
    reflect = by_kind(items, "reflect")
    assert [e.say for e in reflect.examples] == [
        "The weekend is when you drank.",
        "Part of you wants to keep going, and part of you dreads the weekend.",
    ]
    assert by_kind(items, "affirm").client_line.startswith("I went to three meetings")
    assert by_kind(items, "make_open").examples[0].say == "What would help the weekend go the way you want?"


def test_items_are_stable_and_choice_is_seeded(items: list) -> None:
    again = build_items([load_scenario(FIXTURE).scenario])
    assert [i.options for i in again] == [i.options for i in items]
    first = choose_items(items, "name_skill", 3, seed=7)
    assert first == choose_items(items, "name_skill", 3, seed=7)
    assert all(i.kind == "name_skill" for i in first) and len(first) == 3
    assert {tuple(choose_items(items, "name_skill", 7, seed=s)) for s in range(5)} != {tuple(first)}


def test_library_brings_every_kind() -> None:
    counts = Counter(i.kind for i in library_items())
    assert set(counts) == set(KINDS) and min(counts.values()) >= 10


def test_parse_skill() -> None:
    assert parse_skill("Open-Question") == "make_open"
    assert parse_skill("both-sides") == "both_sides"
    with pytest.raises(MiTrainerError, match="choose one of"):
        parse_skill("juggling")


def test_written_answers_graded_by_the_coder(items: list) -> None:
    make_open = by_kind(items, "make_open")
    right = grade(make_open, ["What worries you most about the weekend?"])
    assert right.correct and "open question" in right.parts[0].heard and right.parts[0].reasons
    wrong = grade(make_open, ["Will you go out on Saturday?"])
    assert not wrong.correct and wrong.parts[0].example is not None
    reflect = grade(
        by_kind(items, "reflect"),
        ["The weekend is when you drank.", "Part of you is proud of this week, and the weekend scares you."],
    )
    assert [p.correct for p in reflect.parts] == [True, True], [p.heard for p in reflect.parts]
    assert not grade(by_kind(items, "reflect"), ["", ""]).correct
    both = by_kind(items, "both_sides")
    assert grade(both, ["You want to keep going, and at the same time the weekend feels like a risk."]).correct
    assert not grade(both, ["You should stay in this weekend."]).correct
    affirm = by_kind(items, "affirm")
    assert grade(affirm, ["You worked hard for that week — pouring it away took real courage."]).correct
    assert not grade(affirm, ["You need to keep going to meetings."]).correct


def test_choices_graded_against_the_tags(items: list) -> None:
    talk = by_kind(items, "spot_talk")
    assert grade(talk, ["change", "desire"]).correct
    assert not grade(talk, ["change", "need"]).correct
    assert not grade(talk, ["sustain", "desire"]).correct
    name = next(i for i in items if i.id == "test-drill-kinds:opening:name_skill:3")
    result = grade(name, ["complex_reflection"])
    chose, why = result.parts[0].reasons[:2]
    assert result.correct and "double-sided" in why
    # what was picked and what the author marked, in plain words (QA: ids with underscores, no "you chose")
    assert chose.startswith("you chose complex reflection") and "_" not in chose
    wrong = grade(name, ["persuade_with_permission"]).parts[0].reasons[0]
    assert wrong.startswith("you chose advice after asking permission (persuade with permission);"), wrong


# -- the schedule, against dates worked out by hand (docs/drills.md) ----------------------------------


def rnd(day: str, right: int, total: int, rid: str, skill: str = "reflect") -> list[Answer]:
    d = date.fromisoformat(day)
    return [Answer(skill, rid, d, i < right) for i in range(total)]


def test_leitner_arithmetic() -> None:
    assert skill_status("reflect", []).box == 0 and skill_status("reflect", []).due is None
    # 1 Dec passed (5/5): box 1 → 2, due 1 + 2 = 3 Dec
    a = rnd("2026-12-01", 5, 5, "r1")
    s = skill_status("reflect", a)
    assert (s.box, s.due) == (2, date(2026, 12, 3))
    # 2 Dec passed early: stays in box 2, due 2 + 2 = 4 Dec
    a += rnd("2026-12-02", 4, 5, "r2")
    s = skill_status("reflect", a)
    assert (s.box, s.due) == (2, date(2026, 12, 4))
    # 4 Dec passed on the due day: box 3, due 4 + 4 = 8 Dec; 9 Dec: box 4, due 9 + 8 = 17 Dec
    a += rnd("2026-12-04", 3, 3, "r3") + rnd("2026-12-09", 5, 5, "r4")
    s = skill_status("reflect", a)
    assert (s.box, s.due) == (4, date(2026, 12, 17))
    # 20 Dec: box 5, due 20 Dec + 16 = 5 Jan; 6 Jan again: stays in 5, due 22 Jan
    a += rnd("2026-12-20", 1, 1, "r5") + rnd("2027-01-06", 5, 5, "r6")
    s = skill_status("reflect", a)
    assert (s.box, s.due) == (5, date(2027, 1, 22))
    # 23 Jan failed (3/5 = 60 % < 80 %): back to box 1, due 24 Jan
    a += rnd("2027-01-23", 3, 5, "r7")
    s = skill_status("reflect", a)
    assert (s.box, s.due, s.answered, s.right) == (1, date(2027, 1, 24), 29, 26)


def test_due_order_and_accuracy_by_day() -> None:
    a = rnd("2026-12-01", 1, 1, "a", "affirm")  # box 2, due 3 Dec
    a += rnd("2026-12-01", 0, 1, "b", "reflect")  # box 1, due 2 Dec
    a += rnd("2026-12-02", 0, 1, "c", "name_skill")  # box 1, due 3 Dec
    today = date(2026, 12, 5)
    due = [s.skill for s in due_skills(a, today)]
    # reflect 3 days overdue; then affirm and name_skill 2 days (box 1 first); then never practised
    assert due[:3] == ["reflect", "name_skill", "affirm"]
    assert due[3:] == ["make_open", "both_sides", "spot_talk"]
    assert pick_skill(a, today) == ("reflect", "due since 2026-12-02 (box 1)")
    assert accuracy_by_day(a + rnd("2026-12-04", 2, 3, "d"), "reflect") == [
        (date(2026, 12, 1), 0, 1),
        (date(2026, 12, 4), 2, 3),
    ]


# -- the store ------------------------------------------------------------------------------------


def round_trip(where: str, items: list) -> None:
    with Store(where) as store:
        drill = DrillRound("spot_talk", [i for i in items if i.kind == "spot_talk"], store, "Ana")
        drill.answer(["change", "desire"])
        drill.answer(["neutral"])
        drill.answer(["sustain", "need"])
        store.record_drill_answer(  # the same answer again (a retry) is not doubled
            round_id=drill.round_id,
            item_no=1,
            skill="spot_talk",
            item_id=drill.items[0].id,
            scenario_id="test-drill-kinds",
            trainee="Ana",
            correct=True,
            detail={},
        )
    with Store(where) as store:
        rows = store.drill_answers()
        assert [(r.item_no, r.correct, r.trainee) for r in rows] == [
            (1, True, "Ana"),
            (2, True, "Ana"),
            (3, False, "Ana"),
        ]
        assert rows[0].detail["parts"][0]["answer"] == "change (desire)"
        assert isinstance(rows[0].answered_at, datetime)
        assert store.drill_answers(skill="reflect") == []
        status = skill_status("spot_talk", answers_from_rows(rows))
        assert status.box == 1 and status.answered == 3  # 2 of 3 is under 80 %


def test_store_round_trip_sqlite(tmp_path: Path, items: list) -> None:
    round_trip(str(tmp_path / "h.sqlite3"), items)


def test_store_round_trip_postgresql(pg_url: str, items: list) -> None:
    round_trip(pg_url, items)


# -- the command ----------------------------------------------------------------------------------


def cli(store: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mi_trainer", "--store", str(store), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_drill_command_scripted(tmp_path: Path) -> None:
    store = tmp_path / "h.sqlite3"
    r = cli(store, "drill", "spot-talk", "--items", "2", "--seed", "3", "--json", stdin="1\n1\n2\n3\n")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["skill"] == "spot_talk" and data["answered"] == 2 and data["saved"]
    again = json.loads(
        cli(
            tmp_path / "other.sqlite3",
            "drill",
            "spot-talk",
            "--items",
            "2",
            "--seed",
            "3",
            "--json",
            stdin="1\n1\n2\n3\n",
        ).stdout
    )
    assert [i["item"] for i in again["items"]] == [i["item"] for i in data["items"]]
    text = cli(store, "drill", "make-open", "--items", "1", "--seed", "1", stdin="What matters most to you about it?\n")
    assert "Make it open" in text.stdout and "the coder heard an open question" in text.stdout, text.stdout
    assert "e.g. " in text.stdout
    hist = json.loads(cli(store, "history", "--drills", "--json").stdout)
    assert [a["skill"] for a in hist["answers"]] == ["spot_talk", "spot_talk", "make_open"]
    assert "make_open" not in hist["due"] or hist["skills"][1]["box"] == 1
    exported = cli(store, "export", "--drills").stdout.splitlines()
    assert exported[0].startswith("round_id,item_no") and len(exported) == 4
    # no skill named: a never-practised skill is due before the ones just practised
    picked = json.loads(cli(store, "drill", "--items", "1", "--seed", "1", "--json", stdin="\n\n").stdout)
    assert picked["skill"] in {"name_skill", "reflect", "both_sides", "affirm"}


def test_drill_command_stops_cleanly_on_end_of_input(tmp_path: Path) -> None:
    store = tmp_path / "h.sqlite3"
    r = cli(store, "drill", "reflect", "--items", "3", "--seed", "2", stdin="You're tired.\n")
    assert r.returncode == 0 and "answers so far are saved" in r.stdout
    assert cli(store, "drill", "nonsense").returncode == 1
    assert json.loads(cli(store, "history", "--drills", "--json").stdout)["answers"] == []


def test_cli_limits_match_the_round() -> None:
    from mi_trainer.cli import drill as cli_drill
    from mi_trainer.drills import practice

    assert (cli_drill.DEFAULT_ITEMS, cli_drill.MAX_ITEMS) == (practice.DEFAULT_ITEMS, practice.MAX_ITEMS)


def test_class_report_has_a_drills_section(tmp_path: Path, items: list) -> None:
    store = tmp_path / "h.sqlite3"
    with Store(str(store)) as s:
        drill = DrillRound("spot_talk", [i for i in items if i.kind == "spot_talk"], s, "Ana <b>")
        drill.answer(["change", "desire"])
        drill.answer(["sustain"])
    data = json.loads(cli(store, "class-report", "--format", "json").stdout)
    assert data["drills"] == [{"student": "Ana <b>", "skill": "spot_talk", "right": 1, "answered": 2}]
    html = cli(store, "class-report", "--format", "html", "-o", str(tmp_path / "r.html"))
    assert html.returncode == 0, html.stderr
    page = (tmp_path / "r.html").read_text()
    assert '<section id="drills">' in page and "Ana &lt;b&gt;" in page and "50%" in page
    assert "## Drills" in cli(store, "class-report", "--format", "md").stdout
