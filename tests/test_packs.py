"""Scenario packs: beside the shipped library, labelled, an invalid file skipped, duplicate ids one clear error."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import FIXTURES, ROOT

from mi_trainer.cli import main
from mi_trainer.errors import PackError, ScenarioNotFoundError
from mi_trainer.loading.library import find_scenario, load_library, pack_errors, resolve_scenario
from mi_trainer.loading.packs import ENV

KITCHEN = FIXTURES / "engine" / "kitchen.yaml"
MINIMAL = FIXTURES / "valid" / "minimal.yaml"


@pytest.fixture(autouse=True)
def no_env_packs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV, raising=False)


@pytest.fixture
def week3(tmp_path: Path) -> Path:
    pack = tmp_path / "week3"
    (pack / "sub").mkdir(parents=True)
    shutil.copy(KITCHEN, pack / "kitchen.yaml")
    shutil.copy(MINIMAL, pack / "sub" / "minimal.yaml")
    (pack / "broken.yaml").write_text('id: broken\ntitle: "unclosed\n', encoding="utf-8")
    return pack


def test_a_pack_joins_the_library_labelled_and_absolute(week3: Path) -> None:
    entries = load_library(packs=[week3])
    ours = [e for e in entries if e.pack == "week3"]
    assert {e.scenario_id for e in ours if e.compiled} == {"test-kitchen", "test-minimal"}
    assert all(e.path.is_absolute() for e in entries)
    assert any(e.pack == "" and e.scenario_id == "family-sunday-kitchen" for e in entries)
    broken = [e for e in ours if e.compiled is None]
    assert len(broken) == 1 and broken[0].path.name == "broken.yaml"
    assert f"{week3.resolve() / 'broken.yaml'}:2:" in broken[0].problem and " MI003 error:" in broken[0].problem
    assert pack_errors(entries) == []  # a file that does not load is skipped, not fatal
    entry = find_scenario("test-kitchen", packs=[week3])
    assert entry.pack == "week3" and entry.compiled is not None
    assert entry.compiled.scenario.source == str(week3.resolve() / "kitchen.yaml")


def test_minimal_fixture_id(week3: Path) -> None:
    assert resolve_scenario("test-minimal", packs=[str(week3)]).scenario.id == "test-minimal"


def test_the_env_variable_adds_packs(week3: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(FIXTURES / "engine" / "loop.yaml", other / "loop.yaml")
    monkeypatch.setenv(ENV, os.pathsep.join([str(week3), "", str(other)]))
    packs = {e.pack for e in load_library()}
    assert {"week3", "other", ""} <= packs
    assert find_scenario("test-kitchen").pack == "week3"


def test_a_missing_pack_folder_is_one_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(PackError, match="PK001"):
        load_library(packs=[tmp_path / "nope"])
    assert main(["--pack", str(tmp_path / "nope"), "list"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "PK001" in err[0] and "nope" in err[0]


def test_two_files_with_one_id_is_one_error_naming_both(week3: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(KITCHEN, week3 / "sub" / "kitchen-copy.yaml")
    entries = load_library(packs=[week3])
    errors = pack_errors(entries)
    assert len(errors) == 1
    first, second = str(week3.resolve() / "kitchen.yaml"), str(week3.resolve() / "sub" / "kitchen-copy.yaml")
    assert "PK003" in errors[0] and first in errors[0] and second in errors[0]
    assert errors[0].startswith(f"{second}:1:1: PK003 error:")  # at the id: line of the second file
    assert sum(e.scenario_id == "test-kitchen" for e in entries) == 1
    with pytest.raises(ScenarioNotFoundError, match="two scenario files have this id"):
        find_scenario("test-kitchen", packs=[week3])
    assert main(["--pack", str(week3), "list"]) == 1
    captured = capsys.readouterr()
    assert "test-minimal" in captured.out and "[week3]" in captured.out
    assert captured.err.count("PK003") == 1 and captured.err.count("MI003") == 1


def test_a_pack_may_not_take_a_shipped_id(tmp_path: Path) -> None:
    pack = tmp_path / "copies"
    pack.mkdir()
    shutil.copy(ROOT / "scenarios" / "family" / "sunday-kitchen.yaml", pack / "mine.yaml")
    entries = load_library(packs=[pack])
    kept = [e for e in entries if e.scenario_id == "family-sunday-kitchen"]
    assert len(kept) == 1 and kept[0].pack == ""
    assert "sunday-kitchen.yaml" in pack_errors(entries)[0]


def test_an_empty_pack_is_reported(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert "PK002" in pack_errors(load_library(packs=[tmp_path / "empty"]))[0]


def test_list_json_and_run_show_the_pack(week3: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--pack", str(week3), "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["id"]: r["pack"] for r in rows}["test-kitchen"] == "week3"
    assert {r["id"]: r["pack"] for r in rows}["family-sunday-kitchen"] == ""


def test_run_finds_a_pack_scenario_by_id(week3: Path, tmp_path: Path) -> None:
    r = subprocess.run(
        [sys.executable, "-m", "mi_trainer", "--pack", str(week3), "run", "test-kitchen", "--strategy", "best",
         "--json", "--no-save"],
        capture_output=True, text=True, cwd=tmp_path, timeout=60, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["scenario_id"] == "test-kitchen"


def test_a_pack_named_with_control_characters_is_shown_literally(tmp_path: Path) -> None:
    pack = tmp_path / "week\x1b[31m3"
    pack.mkdir()
    shutil.copy(KITCHEN, pack / "kitchen.yaml")
    entry = find_scenario("test-kitchen", packs=[pack])
    assert entry.pack == "week\\x1b[31m3" and "\x1b" not in entry.pack


def test_run_shows_the_pack_with_the_title(week3: Path, tmp_path: Path) -> None:
    r = subprocess.run(
        [sys.executable, "-m", "mi_trainer", "--pack", str(week3), "run", "test-kitchen", "--choices", "1",
         "--no-save"],
        capture_output=True, text=True, cwd=tmp_path, timeout=60, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert r.stdout.splitlines()[0] == "Sunday morning: talking with Sam about last night  [pack week3]"


def test_drills_draw_from_the_packs_given_on_the_command_line(week3: Path, tmp_path: Path) -> None:
    """`mi-trainer --pack DIR drill`: the pack's scenarios bring their own drill items (they were left out)."""
    from mi_trainer.drills.practice import library_items

    assert "test-kitchen" not in {i.scenario_id for i in library_items()}
    assert "test-kitchen" in {i.scenario_id for i in library_items([str(week3)])}
    command = ["--store", str(tmp_path / "h.sqlite3"), "--pack", str(tmp_path / "nope"), "drill", "reflect"]
    missing = subprocess.run(
        [sys.executable, "-m", "mi_trainer", *command, "--items", "1", "--seed", "1"],
        input="",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert missing.returncode != 0 and "PK001" in missing.stderr and "Traceback" not in missing.stderr
