"""Hostile input through the real command line (subprocesses): names with escape sequences, formula
injection, invisible characters, huge numbers, odd output encodings, refused runs, spreadsheet CSVs."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from helpers import FIXTURES, ROOT

from mi_trainer.errors import ScenarioError
from mi_trainer.loading.loader import compile_text
from mi_trainer.store.combine import read_exports
from mi_trainer.store.export import EXPORT_COLUMNS

KITCHEN = str(FIXTURES / "engine" / "kitchen.yaml")
MINIMAL = FIXTURES / "valid" / "minimal.yaml"
EVIL_NAME = '\x1b]0;PWNED\x07\x1b]52;c;aGVsbG8=\x07\x9b31m=HYPERLINK("http://x","y")\u202e\u200b'


def cli(
    *args: str, env: dict[str, str] | None = None, stdin: int | None = subprocess.DEVNULL
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "mi_trainer", *args],
        capture_output=True,
        timeout=120,
        cwd=ROOT,
        env=os.environ | {"PYTHONIOENCODING": "utf-8"} | (env or {}),
        stdin=subprocess.DEVNULL,
    )


def forbidden(data: bytes) -> list[str]:
    """Bytes and characters no output may hold: C0 but LF/TAB, DEL, C1, bidi and other format chars."""
    text = data.decode("utf-8", errors="replace")
    bad = [f"{b:#04x}" for b in data if (b < 0x20 and b not in (0x0A, 0x09)) or b == 0x7F]
    bad += [f"U+{ord(c):04X}" for c in text if unicodedata.category(c) in ("Cc", "Cf") and c not in "\n\t"]
    return bad


def test_a_hostile_trainee_name_never_reaches_the_terminal_or_a_file(tmp_path: Path) -> None:
    store = str(tmp_path / "h.sqlite3")
    for how in ("flag", "env"):
        args = ["--store", store, "run", KITCHEN, "--strategy", "best"]
        r = cli(*args, "--trainee", EVIL_NAME) if how == "flag" else cli(*args, env={"MI_TRAINER_TRAINEE": EVIL_NAME})
        assert r.returncode == 0, r.stderr
        assert not forbidden(r.stdout) and not forbidden(r.stderr)
        assert b"trainee name had control or invisible characters" in r.stderr
    outputs = [cli("--store", store, "history"), cli("--store", store, "history", "--json")]
    outputs += [cli("--store", store, "export"), cli("--store", store, "export", "--format", "json")]
    for r in outputs:
        assert r.returncode == 0, r.stderr
        assert not forbidden(r.stdout) and not forbidden(r.stderr), r.stdout[:400]
    rows = list(csv.DictReader(outputs[2].stdout.decode().splitlines()))
    assert [row["trainee"] for row in rows] == ['\'=HYPERLINK("http://x","y")'] * 2
    assert {s["trainee"] for s in json.loads(outputs[3].stdout)} == {'=HYPERLINK("http://x","y")'}


def test_formula_names_are_neutralised_in_export_and_combine(tmp_path: Path) -> None:
    names = ["=1+1", "+cmd", "@SUM(1)", "-2+3", "\t=1", "'quoted", "Ana"]
    exports = []
    for i, name in enumerate(names):
        store = str(tmp_path / f"{i}.sqlite3")
        assert cli("--store", store, "run", KITCHEN, "--strategy", "best", f"--trainee={name}").returncode == 0
        out = tmp_path / f"{i}.csv"
        assert cli("--store", store, "export", "-o", str(out)).returncode == 0
        exports.append(out)
    cells = [next(csv.DictReader(p.open(encoding="utf-8")))["trainee"] for p in exports]
    assert cells == ["'=1+1", "'+cmd", "'@SUM(1)", "'-2+3", "'=1", "''quoted", "Ana"]  # a name's tab is a space
    assert {r["trainee"] for r in read_exports(exports)} == {"=1+1", "+cmd", "@SUM(1)", "-2+3", "=1", "'quoted", "Ana"}
    combined = tmp_path / "class.csv"
    r = cli("combine", *map(str, exports), "-o", str(combined), "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)[0]["trainees"] == len(names)
    again = sorted(row["trainee"] for row in csv.DictReader(combined.open(encoding="utf-8")))
    assert again == sorted(cells)
    for row in csv.DictReader(combined.open(encoding="utf-8")):
        assert row["score_percent"] == "100.0" or float(row["score_percent"]) >= 0  # numbers stay numbers


@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "cp1252"])
def test_any_output_encoding_gives_output_not_a_traceback(tmp_path: Path, encoding: str) -> None:
    env = {"PYTHONIOENCODING": encoding}
    store = str(tmp_path / "h.sqlite3")
    for args in (
        ["list"],
        ["run", KITCHEN, "--strategy", "best", "--trainee", "Zoë 李"],
        ["history"],
        ["validate", KITCHEN],
    ):
        r = cli("--store", store, *args, env=env)
        assert r.returncode == 0, r.stderr
        assert b"Traceback" not in r.stderr and r.stdout


def test_resume_json_prints_json_when_there_is_nothing_to_resume(tmp_path: Path) -> None:
    r = cli("--store", str(tmp_path / "h.sqlite3"), "resume", "--json")
    assert r.returncode == 0
    assert json.loads(r.stdout) == {"resumed": None, "message": "There is no interrupted session to resume."}


@pytest.mark.parametrize("extra", [[], ["--choices", "9"], ["--choices", "1,1,7"]])
def test_a_refused_run_leaves_no_empty_active_session(tmp_path: Path, extra: list[str]) -> None:
    store = str(tmp_path / "h.sqlite3")
    r = cli("--store", store, "run", KITCHEN, *extra)  # stdin is not a terminal
    assert r.returncode == 1 and b"Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    history = cli("--store", store, "history", "--json")
    assert json.loads(history.stdout) == []


def test_huge_numbers_are_refused_quickly_and_never_printed(tmp_path: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8")
    path = tmp_path / "huge.yaml"
    path.write_text(text.replace("difficulty: 1", "difficulty: " + "9" * 1_000_000, 1), encoding="utf-8")
    r = cli("validate", str(path))
    assert r.returncode == 1 and b"MI023" in r.stdout and len(r.stdout) < 1000
    with pytest.raises(ScenarioError) as caught:  # through the library: a diagnostic, not a bare ValueError
        compile_text(text.replace("age: 19", "age: " + "1" * 5000, 1), "t.yaml")
    assert caught.value.code == "MI023" and caught.value.line == 14
    assert sys.get_int_max_str_digits() == 4300


def test_invisible_characters_in_text_are_shown_not_obeyed(tmp_path: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8").replace("Coach is on my case", "Coach \u202eis\u202c on my\u200b case")
    path = tmp_path / "bidi.yaml"
    path.write_text(text, encoding="utf-8")
    v = cli("validate", str(path))
    assert v.returncode == 0 and v.stdout.count(b"MI055 warning") == 1  # the first one per value
    r = cli("run", str(path), "--strategy", "best", "--no-save")
    assert r.returncode == 0, r.stderr
    assert b"\\u202e" in r.stdout and not forbidden(r.stdout)


def test_an_oversized_title_is_refused(tmp_path: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8").replace('"Minimal: a short talk with Alex"', '"' + "t" * 1_000_000 + '"')
    path = tmp_path / "big.yaml"
    path.write_text(text, encoding="utf-8")
    r = cli("validate", str(path))
    assert r.returncode == 1 and b"MI024" in r.stdout and len(r.stdout) < 2000


def test_hostile_file_names_and_arguments_are_shown_not_obeyed(tmp_path: Path) -> None:
    r = cli("run", "\x1b]0;x\x07nowhere\u202e")
    assert r.returncode == 1 and not forbidden(r.stderr) and b"\\x1b" in r.stderr


# --- combine: files as spreadsheets save them ---------------------------------------------------


@pytest.fixture(scope="module")
def export_csv(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("combine")
    store = str(folder / "h.sqlite3")
    for strategy in ("best", "worst"):
        assert cli("--store", store, "run", KITCHEN, "--strategy", strategy, "--trainee", "Ana").returncode == 0
    r = cli("--store", store, "export")
    assert r.returncode == 0
    return r.stdout.decode("utf-8")


def test_combine_reads_excel_csv_utf8_with_bom_and_crlf(tmp_path: Path, export_csv: str) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(b"\xef\xbb\xbf" + export_csv.replace("\n", "\r\n").encode("utf-8"))
    semicolons = tmp_path / "excel-de.csv"
    rows = list(csv.reader(export_csv.splitlines()))
    with semicolons.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, delimiter=";", lineterminator="\r\n")
        writer.writerow(rows[0])
        for row in rows[1:]:
            writer.writerow([c.replace(".", ",") if c.replace(".", "").isdigit() else c for c in row])
    for p in (path, semicolons):
        r = cli("combine", str(p), "--json")
        assert r.returncode == 0, r.stderr
        (summary,) = json.loads(r.stdout)
        assert summary["sessions"] == 2 and summary["score_percent"] == 50.0


def test_combine_reports_each_bad_row_in_one_line(tmp_path: Path, export_csv: str) -> None:
    header, good, other = export_csv.strip("\n").split("\n")
    cells = next(csv.reader([good]))
    short = ",".join(cells[:5])
    long = good + ",surplus,cells"
    nan = cells.copy()
    nan[EXPORT_COLUMNS.index("score_percent")] = "nan"
    nan[0] = "n" * 32
    inf = cells.copy()
    inf[EXPORT_COLUMNS.index("technical")] = "-inf"
    inf[0] = "i" * 32
    conflict = cells.copy()
    conflict[EXPORT_COLUMNS.index("score_percent")] = "12.5"
    path = tmp_path / "messy.csv"
    lines = [header, good, short, long, ",".join(nan), ",".join(inf), "", ",,,,", other, ",".join(conflict), good]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = cli("combine", str(path), "--json")
    assert r.returncode == 1 and b"Traceback" not in r.stderr
    problems = r.stderr.decode().strip().splitlines()
    assert problems[:5] == [
        f"mi-trainer: {path}:3: 5 cells where an export has 21 — row skipped (cut short or shifted?)",
        f"mi-trainer: {path}:4: 23 cells where an export has 21 — row skipped (cut short or shifted?)",
        f"mi-trainer: {path}:5: score_percent: 'nan' is not a finite number — counted as n/a",
        f"mi-trainer: {path}:6: technical: '-inf' is not a finite number — counted as n/a",
        f"mi-trainer: {path}:10: session {cells[0][:12]} is also at {path}:2 with different score_percent — "
        "kept the first, check which is right",
    ]
    assert len(problems) == 6 and "5 problem(s)" in problems[5]  # the identical copy on line 11 is no problem
    (summary,) = json.loads(r.stdout)
    assert summary["sessions"] == 4  # good, nan, inf, other


def test_combine_refuses_what_is_not_an_export_in_one_line(tmp_path: Path) -> None:
    for name, data in (
        ("notes.csv", b"a,b\n1,2\n"),
        ("utf16.csv", "x\n".encode("utf-16")),
        ("latin.csv", b"\xe9\xff\n"),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        r = cli("combine", str(path))
        assert r.returncode == 1 and b"Traceback" not in r.stderr
        assert len(r.stderr.strip().splitlines()) == 2, r.stderr  # the problem, then the count


@pytest.mark.parametrize(
    "args",
    [
        ["run", KITCHEN, "--strategy", "best", "--no-save", "--seed", "9" * 5000],
        ["run", KITCHEN, "--no-save", "--choices", "1," + "1" * 5000],
        ["analyze", KITCHEN, "--runs", "100000000000"],
        ["analyze", KITCHEN, "--seed", "1" * 40],
    ],
)
def test_huge_numbers_on_the_command_line_are_refused_in_one_short_line(args: list[str]) -> None:
    r = cli(*args)
    assert r.returncode == 2 and b"Traceback" not in r.stderr
    last = r.stderr.decode().strip().splitlines()[-1]
    assert "error: argument" in last and len(last) < 200
