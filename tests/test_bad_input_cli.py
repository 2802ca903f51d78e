"""Bad input through the real CLI (``python -m mi_trainer validate``) in a subprocess.

Every class of bad input must end with exit code 1, one diagnostic line per problem naming the file
(and the line where it is known), and never a traceback or a hang (10 s limit per run).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from mi_trainer.loading.yaml_reader import MAX_BYTES

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
BAD = FIXTURES / "bad"
MINIMAL = FIXTURES / "valid" / "minimal.yaml"
TIMEOUT = 10
DIAGNOSTIC = re.compile(r"^(?P<file>.+?)(?::(?P<line>\d+):(?P<col>\d+))?: (?P<code>MI\d{3}) (?P<sev>error|warning): \S")
SUMMARY = re.compile(r"^(\d+) files? checked: (\d+) errors?, (\d+) warnings?$")


def validate(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run the CLI; a hang past TIMEOUT raises subprocess.TimeoutExpired and fails the test."""
    env = os.environ | {"NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "mi_trainer", "validate", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=TIMEOUT,
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
    )


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    for stream in (result.stdout, result.stderr):
        assert "Traceback" not in stream, stream
        assert "\x1b" not in stream, f"an escape sequence reached the terminal: {stream!r}"


def diagnostic_lines(stdout: str) -> list[re.Match[str]]:
    lines = stdout.splitlines()
    assert lines and SUMMARY.match(lines[-1]), f"no summary line at the end:\n{stdout}"
    matches = [DIAGNOSTIC.match(ln) for ln in lines[:-1]]
    assert all(matches), f"a line that is not a diagnostic:\n{stdout}"
    return [m for m in matches if m]


def expectation(path: Path) -> tuple[str, int]:
    m = re.match(rb"^# expect: (MI\d{3}) line (\d+)", path.read_bytes())
    assert m, path
    return m.group(1).decode(), int(m.group(2))


# one fixture (or generated file) per class of bad input; each holds exactly one problem
CLASSES = {
    "comments-only": BAD / "MI009-comments-only.yaml",
    "invalid-utf8": BAD / "MI002-invalid-utf8.yaml",
    "nul-bytes": BAD / "MI002-nul-byte.yaml",
    "yaml-syntax": BAD / "MI003-syntax-error.yaml",
    "unclosed-quote": BAD / "MI003-unclosed-quote.yaml",
    "top-level-list": BAD / "MI004-top-level-list.yaml",
    "top-level-scalar": BAD / "MI004-top-level-scalar.yaml",
    "python-tag": BAD / "MI005-python-tag.yaml",
    "custom-tag": BAD / "MI005-custom-tag.yaml",
    "alias": BAD / "MI006-alias.yaml",
    "billion-laughs": BAD / "MI006-billion-laughs.yaml",
    "recursive-alias": BAD / "MI006-recursive-alias.yaml",
    "deep-flow": BAD / "MI007-deep-flow.yaml",
    "deep-block": BAD / "MI007-deep-block.yaml",
    "duplicate-key": BAD / "MI008-duplicate-key.yaml",
    "duplicate-node-id": BAD / "MI030-duplicate-node-id.yaml",
    "escape-sequence": BAD / "MI015-escape-sequence.yaml",
    "bell": BAD / "MI015-bell.yaml",
    "raw-escape-byte": BAD / "MI015-raw-escape.yaml",
}


@pytest.mark.parametrize("path", CLASSES.values(), ids=CLASSES.keys())
def test_bad_input_class_gives_one_clear_line(path: Path) -> None:
    code, line = expectation(path)
    result = validate(path)
    no_traceback(result)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr == ""
    (diag,) = diagnostic_lines(result.stdout)
    assert diag["file"] == str(path)
    assert diag["code"] == code and diag["sev"] == "error"
    if line:
        assert diag["line"] == str(line), result.stdout
    else:
        assert diag["line"] is None, result.stdout
    assert SUMMARY.match(result.stdout.splitlines()[-1]).groups() == ("1", "1", "0")  # type: ignore[union-attr]


def test_python_tag_through_the_cli_runs_nothing() -> None:
    marker = Path("/tmp/pwned-mi-trainer-5b0d7c1e")
    result = validate(BAD / "MI005-python-tag.yaml")
    assert result.returncode == 1 and "MI005" in result.stdout
    assert not marker.exists()


@pytest.mark.parametrize("data", [b"", b"\n  \n"], ids=["zero-bytes", "blank"])
def test_empty_file(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "empty.yaml"
    path.write_bytes(data)
    result = validate(path)
    no_traceback(result)
    assert result.returncode == 1
    (diag,) = diagnostic_lines(result.stdout)
    assert diag["file"] == str(path) and diag["code"] == "MI009" and diag["line"] is None


def test_file_too_large(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as f:
        f.write(b"id: huge\n")
        f.write(b"#" * (MAX_BYTES + 1 - f.tell()))
    assert path.stat().st_size == MAX_BYTES + 1
    result = validate(path)
    no_traceback(result)
    assert result.returncode == 1
    (diag,) = diagnostic_lines(result.stdout)
    assert diag["file"] == str(path) and diag["code"] == "MI001"


def test_every_problem_in_a_file_is_one_line(tmp_path: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace("audience: peer", "audience: parents")  # MI021
    text = text.replace("difficulty: 1", "difficulty: 9")  # MI013
    text = text.replace("next: guarded", "next: gaurded")  # MI032 (and 'guarded' becomes unreachable: MI033)
    path = tmp_path / "several.yaml"
    path.write_text(text, encoding="utf-8")
    result = validate(path)
    no_traceback(result)
    assert result.returncode == 1
    diags = diagnostic_lines(result.stdout)
    assert sorted(d["code"] for d in diags) == ["MI013", "MI021", "MI032", "MI033"]
    assert all(d["file"] == str(path) and d["line"] for d in diags)
    assert SUMMARY.match(result.stdout.splitlines()[-1]).groups() == ("1", "4", "0")  # type: ignore[union-attr]


def test_validate_a_clean_folder() -> None:
    result = validate(MINIMAL.parent)
    no_traceback(result)
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip() == "1 file checked: 0 errors, 0 warnings"


def test_validate_the_bad_folder_reports_every_file() -> None:
    result = validate(BAD)
    no_traceback(result)
    assert result.returncode == 1
    diags = diagnostic_lines(result.stdout)
    files = sorted(BAD.glob("*.yaml"))
    assert {d["file"] for d in diags} == {str(p) for p in files}
    for path in files:
        code, line = expectation(path)
        assert any(d["file"] == str(path) and d["code"] == code and int(d["line"] or 0) == line for d in diags), path
    assert SUMMARY.match(result.stdout.splitlines()[-1])[1] == str(len(files))  # type: ignore[index]


def test_validate_a_missing_path() -> None:
    missing = ROOT / "no" / "such" / "scenario.yaml"
    result = validate(missing)
    no_traceback(result)
    assert result.returncode == 1
    err = result.stderr.splitlines()
    assert len(err) == 1 and str(missing) in err[0] and "no such file" in err[0], result.stderr


def test_validate_a_missing_path_next_to_a_good_one() -> None:
    result = validate(MINIMAL, "missing.yaml")
    no_traceback(result)
    assert result.returncode == 1
    assert result.stderr.splitlines() == ["mi-trainer: missing.yaml: no such file or folder"]
    assert result.stdout.strip() == "1 file checked: 0 errors, 0 warnings"


def test_validate_an_empty_folder(tmp_path: Path) -> None:
    result = validate(tmp_path)
    no_traceback(result)
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1 and str(tmp_path) in result.stderr


def test_strict_fails_on_a_warnings_only_file() -> None:
    path = BAD / "MI052-same-valence.yaml"
    relaxed = validate(path)
    no_traceback(relaxed)
    assert relaxed.returncode == 0, relaxed.stdout
    (diag,) = diagnostic_lines(relaxed.stdout)
    assert diag["code"] == "MI052" and diag["sev"] == "warning"
    strict = validate("--strict", path)
    no_traceback(strict)
    assert strict.returncode == 1
    assert strict.stdout == relaxed.stdout


def test_strict_passes_the_minimal_scenario() -> None:
    result = validate("--strict", MINIMAL)
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip() == "1 file checked: 0 errors, 0 warnings"


def test_json_output_parses() -> None:
    files = [BAD / "MI008-duplicate-key.yaml", BAD / "MI003-syntax-error.yaml", BAD / "MI052-same-valence.yaml"]
    result = validate("--json", *files)
    no_traceback(result)
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["files"] == 3 and data["errors"] == 2 and data["warnings"] == 1
    by_file = {Path(d["file"]).name: d for d in data["diagnostics"]}
    assert set(by_file) == {p.name for p in files}
    for path in files:
        code, line = expectation(path)
        d = by_file[path.name]
        assert (d["code"], d["line"]) == (code, line)
        assert set(d) == {"code", "severity", "file", "line", "column", "message", "hint"}


def test_json_output_of_a_clean_file() -> None:
    result = validate("--json", "--strict", MINIMAL)
    assert result.returncode == 0
    assert json.loads(result.stdout) == {"files": 1, "errors": 0, "warnings": 0, "diagnostics": []}
