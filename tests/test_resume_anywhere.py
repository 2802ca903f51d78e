"""Resume that survives real use: a content fingerprint, old digests migrated, any folder, clear reasons."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers import FIXTURES

from mi_trainer.engine.resuming import restore_session, resume_problem
from mi_trainer.engine.session import Session
from mi_trainer.errors import SessionError
from mi_trainer.loading.fingerprint import PREFIX, fingerprint, legacy_digest
from mi_trainer.loading.loader import compile_text, load_scenario

KITCHEN = FIXTURES / "engine" / "kitchen.yaml"
TEXT = KITCHEN.read_text(encoding="utf-8")


def fp(text: str) -> str:
    compiled = compile_text(text, "k.yaml")
    assert compiled.ok
    return fingerprint(compiled.scenario)


def test_fingerprint_ignores_comments_formatting_and_line_positions() -> None:
    base = fp(TEXT)
    assert base.startswith(PREFIX) and len(base) == len(PREFIX) + 32
    commented = "# week 3 copy\n\n# with notes\n" + TEXT.replace("nodes:\n", "nodes:  # the dialogue\n\n")
    assert fp(commented) == base
    # a different YAML writer: flow style, sorted keys (so mapping keys reorder), other quoting and folding
    redumped = yaml.safe_dump(yaml.safe_load(TEXT), sort_keys=True, default_flow_style=True, width=60)
    assert fp(redumped) == base
    # the nodes in another order in the file
    data = yaml.safe_load(TEXT)
    data["nodes"] = dict(reversed(list(data["nodes"].items())))
    assert fp(yaml.safe_dump(data, sort_keys=False, allow_unicode=True)) == base
    # and the legacy digest did depend on lines: that is why it was replaced
    assert legacy_digest(compile_text(commented, "k.yaml").scenario) != legacy_digest(
        compile_text(TEXT, "k.yaml").scenario
    )


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("My head is killing me.", "My head hurts."),  # what the client says
        ("principles: {empathy: 2, resistance: 2}", "principles: {empathy: 1, resistance: 2}"),  # a score
        ("effect: {discord: -2}", "effect: {discord: -3}"),  # the client's reaction
        ("        next: guard-down\n", "        next: defensive\n"),  # a link
    ],
)
def test_fingerprint_changes_with_the_content(old: str, new: str) -> None:
    assert old in TEXT
    changed = TEXT.replace(old, new, 1)
    assert fp(changed) != fp(TEXT)


def _saved(path: Path, choices: int = 2) -> str:
    s = Session(load_scenario(path), seed=3)
    for _ in range(choices):
        s.choose(1)
    return json.dumps(s.state.to_dict())


def test_a_session_with_the_old_digest_still_resumes_and_moves_to_the_fingerprint(tmp_path: Path) -> None:
    path = tmp_path / "kitchen.yaml"
    shutil.copy(KITCHEN, path)
    compiled = load_scenario(path)
    data = json.loads(_saved(path))
    data |= {"version": 1, "scenario_digest": legacy_digest(compiled.scenario)}
    for key in ("feedback", "allow_hints", "allow_retries"):
        del data[key]  # a version-1 state has none of these
    restored = restore_session(str(path), "test-kitchen", json.dumps(data))
    assert restored.turn == 3 and restored.state.scenario_digest == fingerprint(compiled.scenario)
    # the same old session after the file was only reformatted: the old digest cannot tell, so it says so
    path.write_text("# moved down\n" + TEXT, encoding="utf-8")
    assert "has changed" in resume_problem(str(path), "test-kitchen", json.dumps(data))


def test_a_reformatted_scenario_resumes(tmp_path: Path) -> None:
    path = tmp_path / "kitchen.yaml"
    shutil.copy(KITCHEN, path)
    state = _saved(path)
    reformatted = yaml.safe_dump(yaml.safe_load(TEXT), width=50, sort_keys=True, allow_unicode=True)
    path.write_text("# edited for the class\n\n" + reformatted, encoding="utf-8")
    assert restore_session(str(path), "test-kitchen", state).turn == 3


def test_reasons_a_session_cannot_be_resumed(tmp_path: Path) -> None:
    path = tmp_path / "kitchen.yaml"
    shutil.copy(KITCHEN, path)
    state = _saved(path)
    path.write_text(TEXT.replace("My head is killing me.", "My head hurts."), encoding="utf-8")
    assert "'test-kitchen' has changed since this session was saved" in resume_problem(str(path), "test-kitchen", state)
    path.write_text(TEXT.replace("start: opening", "start: nowhere"), encoding="utf-8")
    assert "no longer loads" in resume_problem(str(path), "test-kitchen", state)
    path.unlink()
    problem = resume_problem(str(path), "test-kitchen", state)
    assert "is gone" in problem and "no scenario in the library or packs has the id 'test-kitchen'" in problem
    with pytest.raises(SessionError, match="damaged"):
        restore_session(str(path), "test-kitchen", "{not json")


def test_a_moved_scenario_is_found_again_in_a_pack(tmp_path: Path) -> None:
    path = tmp_path / "kitchen.yaml"
    shutil.copy(KITCHEN, path)
    state = _saved(path)
    pack = tmp_path / "week3"
    pack.mkdir()
    shutil.move(path, pack / "kitchen.yaml")
    assert restore_session(str(path), "test-kitchen", state, packs=[pack]).turn == 3


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("MI_TRAINER_PACKS", "MI_TRAINER_STORE")}
    return subprocess.run(
        [sys.executable, "-m", "mi_trainer", *args],
        capture_output=True, text=True, cwd=cwd, env=env, timeout=60, stdin=subprocess.DEVNULL,
    )  # fmt: skip


def test_resume_from_another_folder(tmp_path: Path) -> None:
    """Started from a relative path in one folder, resumed from another: the session keeps the absolute path."""
    here, elsewhere = tmp_path / "class", tmp_path / "home"
    here.mkdir()
    elsewhere.mkdir()
    shutil.copy(KITCHEN, here / "kitchen.yaml")
    store = str(tmp_path / "h.sqlite3")
    first = run("--store", store, "run", "kitchen.yaml", "--choices", "1,1", cwd=here)
    assert first.returncode == 3, first.stderr  # stopped for now, progress saved
    hist = json.loads(run("--store", store, "history", "--json", cwd=elsewhere).stdout)
    assert hist[0]["status"] == "active"
    second = run("--store", store, "resume", "--choices", "2,1,1,1", "--json", cwd=elsewhere)
    assert second.returncode == 0, second.stderr
    assert json.loads(second.stdout)["scenario_id"] == "test-kitchen"


def test_resume_says_why_not_for_a_changed_scenario(tmp_path: Path) -> None:
    shutil.copy(KITCHEN, tmp_path / "kitchen.yaml")
    store = str(tmp_path / "h.sqlite3")
    assert run("--store", store, "run", "kitchen.yaml", "--choices", "1", cwd=tmp_path).returncode == 3
    (tmp_path / "kitchen.yaml").write_text(TEXT.replace("My head is killing me.", "My head hurts."), encoding="utf-8")
    r = run("--store", store, "resume", "--choices", "1", cwd=tmp_path)
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot be resumed: the scenario 'test-kitchen' has changed" in lines[0]
    assert "mi-trainer resume --set-aside" in lines[0] and "Traceback" not in r.stderr


def test_set_aside_keeps_the_session_and_stops_offering_it(tmp_path: Path) -> None:
    shutil.copy(KITCHEN, tmp_path / "kitchen.yaml")
    store = str(tmp_path / "h.sqlite3")
    assert run("--store", store, "run", "kitchen.yaml", "--choices", "1", cwd=tmp_path).returncode == 3
    (tmp_path / "kitchen.yaml").unlink()  # the scenario is gone
    r = run("--store", store, "resume", "--choices", "1", cwd=tmp_path)
    assert r.returncode == 1 and "is gone" in r.stderr
    aside = run("--store", store, "resume", "--set-aside", cwd=tmp_path)
    assert aside.returncode == 0 and "Set aside session" in aside.stdout
    hist = json.loads(run("--store", store, "history", "--json", cwd=tmp_path).stdout)
    assert [h["status"] for h in hist] == ["set_aside"]  # kept in the history
    quiet = run("--store", store, "resume", cwd=tmp_path)
    assert (quiet.returncode, quiet.stderr) == (0, "") and "no interrupted session" in quiet.stdout
    again = run("--store", store, "resume", "--set-aside", hist[0]["id"][:8], cwd=tmp_path)
    assert again.returncode == 1 and "set aside, not unfinished" in again.stderr


def test_the_response_shortcut_equals_the_general_walk() -> None:
    import dataclasses

    from mi_trainer.loading import fingerprint as fpm
    from mi_trainer.loading.library import load_library
    from mi_trainer.model.scenario import Response

    responses = [
        r
        for e in load_library(use_env=False)
        if e.compiled
        for n in e.compiled.scenario.nodes.values()
        for r in n.responses
    ]
    responses += [
        r for n in load_scenario(FIXTURES / "engine" / "conditional.yaml").scenario.nodes.values() for r in n.responses
    ]
    assert (
        len(responses) > 100 and any(r.trap for r in responses) and any(not isinstance(r.next, str) for r in responses)
    )
    for r in responses:
        assert fpm._response(r) == fpm.general(r)
    # a field added to Response must be added to the shortcut too
    named = {name for name, _ in fpm._response(dataclasses.replace(responses[0], trap=responses[0].trap or "x"))}  # type: ignore[arg-type]
    assert named | {"pos", "next_pos"} == {f.name for f in dataclasses.fields(Response)}
