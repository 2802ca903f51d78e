"""Assignments: every AS diagnostic from a bad fixture (code and line), the schema, and the rules they set.

Each file in tests/fixtures/assignments/bad/ starts with ``# expect: ASxxx line N`` (optionally
``in OTHER-FILE`` when the problem is in the roster it names).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from helpers import FIXTURES, ROOT

from mi_trainer.classroom.assignments import ASSIGNMENT_CODES, check_assignment, check_scenarios, load_assignment
from mi_trainer.classroom.rules import terms_for
from mi_trainer.classroom.schema import assignment_schema
from mi_trainer.cli import main
from mi_trainer.engine.session import Feedback, Mode
from mi_trainer.errors import AssignmentError
from mi_trainer.loading.library import load_library

A = FIXTURES / "assignments"
BAD = sorted((A / "bad").glob("*.yaml"))
WEEK3 = A / "valid" / "week3.yaml"
PRACTICE = A / "valid" / "practice.yaml"
EXPECT = re.compile(r"^# expect: (AS\d{3}) line (\d+)(?: in (\S+))?")
DOCS = ROOT / "docs"


@pytest.fixture(scope="module")
def known() -> list[str]:
    return [e.scenario_id for e in load_library(use_env=False) if e.compiled is not None]


@pytest.mark.parametrize("path", BAD, ids=[p.name for p in BAD])
def test_bad_assignment_reports_its_code_at_its_line(path: Path, known: list[str]) -> None:
    m = EXPECT.match(path.read_text(encoding="utf-8").splitlines()[0])
    assert m, f"{path.name}: first line must be '# expect: ASxxx line N'"
    code, line, other = m.group(1), int(m.group(2)), m.group(3)
    assignment, diags = check_assignment(path)
    if assignment is not None:
        diags = check_scenarios(assignment, known)
    assert diags, f"{path.name}: no diagnostic"
    assert all(d.code in ASSIGNMENT_CODES for d in diags)
    assert [(d.code, d.line) for d in diags][:1] == [(code, line)], [d.format() for d in diags]
    assert Path(diags[0].file).name == (other or path.name)
    assert len(diags) == 1, "one problem, one line: " + "; ".join(d.format() for d in diags)


def test_every_assignment_code_has_a_fixture_and_is_documented() -> None:
    covered = {p.name[:5] for p in BAD}
    assert covered == set(ASSIGNMENT_CODES)
    doc = (DOCS / "diagnostics.md").read_text(encoding="utf-8")
    guide = (DOCS / "assignments.md").read_text(encoding="utf-8")
    assert [c for c in ASSIGNMENT_CODES if not re.search(rf"\b{c}\b", doc)] == []
    assert "roster" in guide and "attempts" in guide


def test_a_valid_assignment_loads_with_its_roster(known: list[str]) -> None:
    a = load_assignment(WEEK3, known)
    assert (a.id, a.mode, a.attempts, a.feedback) == ("week3-reflections", Mode.ASSESSMENT, 2, Feedback.END)
    assert a.scenario_ids == ("family-sunday-kitchen", "peer-first-meeting")
    assert a.roster == (("S001", "Ada Lovelace"), ("S002", "Grace Hopper"))
    assert not a.policy.hints and not a.policy.retries and not a.policy.shows_better
    # a student is recorded under the roster's ID, typed either way; anyone else is refused
    assert a.trainee_for(" s001 ") == a.trainee_for("ada  LOVELACE") == "S001"
    assert a.trainee_for("Grace Hopper") == "S002"
    with pytest.raises(AssignmentError, match="not on the roster"):
        a.trainee_for("Mallory")
    with pytest.raises(AssignmentError, match="needs your name"):
        a.trainee_for("  ")


def test_practice_assignment_keeps_its_own_rules(known: list[str]) -> None:
    a = load_assignment(PRACTICE, known)
    assert a.id == "practice"  # the file name when there is no id
    p = a.policy
    assert (p.mode, p.hints, p.retries, p.shows_better) == (Mode.PRACTICE, True, False, True)


def test_the_mode_cannot_be_switched_against_the_assignment(known: list[str]) -> None:
    a = load_assignment(WEEK3, known)
    assert terms_for(a, None).policy == a.policy
    assert terms_for(a, "assessment").assignment_id == "week3-reflections"
    with pytest.raises(AssignmentError, match="--mode practice is not allowed"):
        terms_for(a, "practice")


def test_load_assignment_raises_one_line_per_problem(tmp_path: Path) -> None:
    bad = tmp_path / "a.yaml"
    bad.write_text("titel: x\nscenarios: [a, a]\nattempts: 500\n", encoding="utf-8")
    with pytest.raises(AssignmentError) as info:
        load_assignment(bad, [])
    lines = info.value.diagnostics
    assert [re.search(r" (AS\d{3}) ", ln).group(1) for ln in lines] == ["AS003", "AS004", "AS009", "AS007"]  # type: ignore[union-attr]
    assert all(ln.startswith(f"{bad}:") for ln in lines)


def test_cli_validate_assignment_prints_each_problem_and_fails(capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(p) for p in BAD]
    assert main(["validate", "--assignment", *files]) == 1
    out = capsys.readouterr().out
    assert sorted(set(re.findall(r": (AS\d{3}) error: ", out))) == sorted(ASSIGNMENT_CODES)
    assert main(["validate", "--assignment", str(WEEK3), str(PRACTICE)]) == 0
    assert "0 errors" in capsys.readouterr().out


def test_schema_matches_the_committed_file_and_accepts_the_valid_fixtures(capsys: pytest.CaptureFixture[str]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    assert main(["schema", "--assignment"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema == assignment_schema()
    assert schema == json.loads((DOCS / "assignment.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    for path in (WEEK3, PRACTICE):
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)
    for name in ("AS016-assessment-with-hints.yaml", "AS004-unknown-field.yaml", "AS007-no-attempts.yaml"):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(yaml.safe_load((A / "bad" / name).read_text(encoding="utf-8")), schema)


def test_a_hostile_roster_never_echoes_control_characters(tmp_path: Path) -> None:
    (tmp_path / "r.csv").write_bytes(b"id,name\nS1,\x1b]0;pwned\x07 Eve\n")
    (tmp_path / "a.yaml").write_text("title: t\nscenarios: [x]\nroster: r.csv\n", encoding="utf-8")
    _, diags = check_assignment(tmp_path / "a.yaml")
    assert [d.code for d in diags] == ["AS013"] and diags[0].line == 2
    assert "\x1b" not in diags[0].format()


def _run(store: Path, assignment: Path, *args: str) -> int:
    return main(["--store", str(store), "run", "--assignment", str(assignment), *args])


def test_run_assignment_enforces_attempts_and_records_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from mi_trainer.store import open_store

    store = tmp_path / "h.sqlite3"
    a = tmp_path / "drill.yaml"
    a.write_text(
        "id: drill-1\ntitle: Drill\nscenarios: [family-sunday-kitchen]\nattempts: 2\nroster: r.csv\n", encoding="utf-8"
    )
    (tmp_path / "r.csv").write_text("S001,Ada Lovelace\n", encoding="utf-8")
    best = ["--choices", "1,1,1,1,1,1,1,1,1,1,1,1", "--in-order", "--json"]
    assert _run(store, a, "--trainee", "s001", *best) == 0  # one scenario: no id needed
    report = json.loads(capsys.readouterr().out)
    assert report["mode"] == "assessment"
    assert _run(store, a, "--trainee", "Ada Lovelace", "family-sunday-kitchen", *best) == 0
    capsys.readouterr()
    assert _run(store, a, "--trainee", "S001", *best) == 1
    err = capsys.readouterr().err
    assert "'S001' has used all 2 attempts allowed at 'family-sunday-kitchen' in assignment 'drill-1'" in err
    with open_store(store) as s:
        rows = sorted(s.list_sessions(), key=lambda r: r.attempt)
        assert [(r.trainee, r.assignment_id, r.attempt, r.status) for r in rows] == [
            ("S001", "drill-1", 1, "ended"),
            ("S001", "drill-1", 2, "ended"),
        ]
        assert s.attempts_used("S001", "drill-1", "family-sunday-kitchen") == 2


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--mode", "practice"], "--mode practice is not allowed"),
        (["--no-save"], "always recorded"),
        (["--strategy", "best"], "use --choices, not --strategy"),
        (["peer-first-meeting"], "is not part of assignment"),
        (["--trainee", ""], "needs your name or student ID"),
    ],
)
def test_run_assignment_refuses_what_it_does_not_allow(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    a = tmp_path / "drill.yaml"
    a.write_text("title: Drill\nscenarios: [family-sunday-kitchen]\n", encoding="utf-8")
    args = ["--trainee", "Robin", *extra] if "--trainee" not in extra else extra
    assert _run(tmp_path / "h.sqlite3", a, *args, "--choices", "1") == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0]


def test_a_bad_assignment_stops_run_with_one_line_per_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = tmp_path / "drill.yaml"
    a.write_text("title: Drill\nscenarios: [family-sunday-kichen, nope]\nmode: exam\n", encoding="utf-8")
    assert _run(tmp_path / "h.sqlite3", a, "--trainee", "x", "--choices", "1") == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"{a}:3:7: AS006 error:" in err[0]  # unknown ids are checked once the file is valid
    a.write_text("title: Drill\nscenarios: [family-sunday-kichen, nope]\n", encoding="utf-8")
    assert _run(tmp_path / "h.sqlite3", a, "--trainee", "x", "--choices", "1") == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert [ln.split(": ")[1] for ln in err] == [f"{a}:2:13", f"{a}:2:35"]
    assert "did you mean 'family-sunday-kitchen'?" in err[0]


def test_play_refuses_a_bad_assignment_or_pack_before_the_app_opens(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = A / "bad" / "AS006-unknown-mode.yaml"
    assert main(["play", "--assignment", str(bad)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and ":4:7: AS006 error:" in err[0]
    assert main(["--pack", str(tmp_path / "missing"), "play"]) == 1
    assert "PK001" in capsys.readouterr().err
    assert main(["play", "--assignment", str(PRACTICE), "family-sunday-kitchen"]) == 1
    assert "is not part of assignment 'practice'" in capsys.readouterr().err
    assert main(["play", "--assignment", str(tmp_path / "nope.yaml")]) == 1
    assert "AS001" in capsys.readouterr().err
