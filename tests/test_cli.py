"""The CLI end to end: list, validate, analyze, graph, schema, run; and that none of them imports textual."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import FIXTURES, ROOT

from mi_trainer.cli import main
from mi_trainer.model.textsafe import decimal

KITCHEN = str(FIXTURES / "engine" / "kitchen.yaml")


def cli(*args: str, env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    import os

    full_env = os.environ | (env or {})
    return subprocess.run(
        [sys.executable, "-m", "mi_trainer", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env=full_env,
        stdin=subprocess.DEVNULL,
    )


def test_list_json_has_the_shipped_scenarios(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {"id", "title", "audience"} <= set(rows[0])
    assert "family-sunday-kitchen" in {r["id"] for r in rows}


def test_validate_clean_and_broken(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", KITCHEN]) == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text(Path(KITCHEN).read_text().replace("next: guard-down", "next: guard-dwn", 1))
    assert main(["validate", str(bad)]) == 1
    out = capsys.readouterr().out
    assert f"{bad}:" in out and "MI032 error" in out and "did you mean 'guard-down'?" in out


def test_analyze_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", KITCHEN, "--json", "--runs", "20"]) == 0
    a = json.loads(capsys.readouterr().out)
    assert isinstance(a["paths"], int) and a["endings"]
    for key in ("best", "worst"):
        assert {"score", "miti"} <= set(a[key])
        assert {"reflection_to_question", "percent_complex_reflection"} <= set(a[key]["miti"])
    assert a["best"]["score"] == 43 and a["worst"]["score"] == -11


@pytest.mark.parametrize(("fmt", "marker"), [("dot", "digraph"), ("mermaid", "flowchart LR"), ("graphml", "<graphml")])
def test_graph_formats(fmt: str, marker: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", KITCHEN, "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert marker in out and "walks-out" in out


def test_schema_is_json_and_accepts_every_shipped_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    import yaml

    jsonschema = pytest.importorskip("jsonschema")
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator.check_schema(schema)
    for path in sorted((ROOT / "scenarios").rglob("*.yaml")):
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)


def test_committed_schema_matches_the_code(capsys: pytest.CaptureFixture[str]) -> None:
    main(["schema"])
    assert json.loads(capsys.readouterr().out) == json.loads((ROOT / "docs" / "scenario.schema.json").read_text())


def test_unknown_scenario_is_one_clear_line() -> None:
    r = cli("analyze", "family-sunday-kichen")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stderr.strip().count("\n") == 0 and "did you mean 'family-sunday-kitchen'" in r.stderr


def test_run_scripted_prints_feedback_and_report(tmp_path: Path) -> None:
    store = tmp_path / "h.sqlite3"
    r = cli("--store", str(store), "run", KITCHEN, "--in-order", "--choices", "1,1,2,1,1,1")
    assert r.returncode == 0, r.stderr
    assert "complex reflection" in r.stdout and "# MI practice report" in r.stdout
    assert "Reflection-to-question ratio (R:Q) | 5.0 | good" in r.stdout
    hist = json.loads(cli("--store", str(store), "history", "--json").stdout)
    assert hist[0]["status"] == "ended" and hist[0]["ending"] == "engaged"


@pytest.mark.parametrize(("strategy", "valence"), [("best", "positive"), ("worst", "negative")])
def test_run_strategy_json(strategy: str, valence: str) -> None:
    r = cli("run", KITCHEN, "--strategy", strategy, "--seed", "5", "--json", "--no-save")
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    assert report["client"]["valence"] == valence
    assert {"turns", "oars", "miti", "principles", "client", "achievable", "score"} <= set(report)


def test_run_without_a_terminal_or_choices_says_how() -> None:
    r = cli("run", KITCHEN, "--no-save")
    assert r.returncode == 1 and "--choices" in r.stderr and "Traceback" not in r.stderr


def test_export_csv_and_json(tmp_path: Path) -> None:
    store = str(tmp_path / "h.sqlite3")
    for seed in ("1", "2"):
        assert cli("--store", store, "run", KITCHEN, "--strategy", "random", "--seed", seed, "--json").returncode == 0
    csv_out = cli("--store", store, "export", "--format", "csv").stdout.splitlines()
    assert len(csv_out) == 3 and "scenario_id" in csv_out[0]
    data = json.loads(cli("--store", store, "export", "--format", "json", "--since", "2000-01-01").stdout)
    assert len(data) == 2
    assert cli("--store", store, "export", "--since", "yesterday").returncode == 1


CORE = [
    "mi_trainer.model",
    "mi_trainer.scoring",
    "mi_trainer.loading",
    "mi_trainer.analysis",
    "mi_trainer.engine",
    "mi_trainer.store",
    "mi_trainer.classroom",
    "mi_trainer.cli",
    "mi_trainer.coding",
    "mi_trainer.drills",
]


def test_core_never_imports_textual() -> None:
    code = (
        "import sys, importlib, pkgutil, mi_trainer\n"
        f"for name in {CORE!r}:\n"
        "    pkg = importlib.import_module(name)\n"
        "    for m in pkgutil.walk_packages(pkg.__path__, name + '.'):\n"
        "        importlib.import_module(m.name)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'textual_serve', 'aiohttp')]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["list"],
        ["validate", KITCHEN],
        ["analyze", KITCHEN, "--runs", "1"],
        ["graph", KITCHEN],
        ["schema"],
        ["drill", "--status", "--no-save"],
        ["run", KITCHEN, "--strategy", "best", "--no-save"],
    ],
)
def test_non_ui_commands_do_not_load_textual(argv: list[str]) -> None:
    code = (
        "import sys; from mi_trainer.cli import main; rc = main(sys.argv[1:]); "
        "sys.exit(3 if any(m.startswith(('textual', 'aiohttp')) for m in sys.modules) else rc)"
    )
    r = subprocess.run(
        [sys.executable, "-c", code, *argv],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert r.returncode == 0, r.stderr


def test_analyze_prints_path_counts_beyond_pythons_digit_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 9 responses at each of 4,510 turns: 9**4510 ≈ 10^4303 routes, past the 4,300-digit str() limit
    n = 4510
    nodes = "".join(
        f"  n{i}:\n    says: t\n    talk: neutral\n    responses:\n"
        + "".join(
            f"      - {{say: r{k}, skill: open_question, feedback: f, next: {f'n{i + 1}' if i + 1 < n else 'end'}}}\n"
            for k in range(9)
        )
        for i in range(n)
    )
    path = tmp_path / "wide.yaml"
    path.write_text(
        "id: wide\ntitle: Wide\naudience: classroom\nsetting: s\ndifficulty: 1\nsummary: s\n"
        "client: {name: W, stage: contemplation}\nstart: n0\nnodes:\n"
        + nodes
        + "  end: {says: e, talk: neutral, ending: {outcome: o, valence: mixed}}\n"
    )
    assert main(["analyze", str(path), "--json", "--runs", "1"]) == 0
    # the exact count is printed without lifting Python's digit limit (so read it back as text here)
    a = json.loads(capsys.readouterr().out, parse_int=str)
    assert a["paths"] == decimal(9**n) and len(a["paths"]) == 4304 and round(float(a["paths_log10"])) == 4304
    assert sys.get_int_max_str_digits() == 4300  # never lifted globally
    assert main(["analyze", str(path), "--runs", "1"]) == 0
    assert "× 10^4303" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["run", KITCHEN, "--choices", "1,x", "--no-save"],
        ["run", KITCHEN, "--choices", "0", "--no-save"],
        ["graph", KITCHEN, "-o", "/nonexistent-dir/graph.dot"],
        ["export", "-o", "/nonexistent-dir/out.csv"],
    ],
)
def test_bad_arguments_give_one_line_not_a_traceback(argv: list[str], tmp_path: Path) -> None:
    from mi_trainer.store import open_store

    open_store(tmp_path / "h.sqlite3").close()  # export needs an existing history (a missing one is refused)
    r = cli("--store", str(tmp_path / "h.sqlite3"), *argv)
    assert r.returncode in (1, 2) and "Traceback" not in r.stderr
    last = r.stderr.strip().splitlines()[-1]  # argparse prints its usage first, then one error line
    assert "error" in last or last.startswith("mi-trainer: /nonexistent-dir")


def test_combine_class_exports(tmp_path: Path) -> None:
    files = []
    for student, strategy in (("Ana", "best"), ("Ben", "worst")):
        store = str(tmp_path / f"{student}.sqlite3")
        r = cli("--store", store, "run", KITCHEN, "--strategy", strategy, "--trainee", student, "--json")
        assert r.returncode == 0, r.stderr
        out = tmp_path / f"{student}.csv"
        assert cli("--store", store, "export", "-o", str(out)).returncode == 0
        files.append(str(out))
    combined = tmp_path / "class.csv"
    r = cli("combine", *files, files[0], "-o", str(combined), "--json")  # a file handed in twice counts once
    assert r.returncode == 0, r.stderr
    (summary,) = json.loads(r.stdout)
    assert summary["sessions"] == 2 and summary["trainees"] == 2
    assert summary["score_percent"] == 50.0  # (100 + 0) / 2
    assert summary["valence"] == {"positive": 1, "negative": 1}
    assert len(combined.read_text().splitlines()) == 3
    bad = tmp_path / "notes.csv"
    bad.write_text("a,b\n1,2\n")
    r = cli("combine", str(bad))
    assert r.returncode == 1 and "not a 'mi-trainer export --format csv' file" in r.stderr


def test_scripted_choices_replay_the_same_conversation_every_time() -> None:
    runs = [cli("run", KITCHEN, "--choices", "1,2,3", "--json", "--no-save") for _ in range(3)]
    reports = [json.loads(r.stdout) for r in runs]
    assert reports[0]["turns"][0]["response"].startswith("You're expecting another lecture")  # file order: option 1
    assert all([t["response"] for t in r["turns"]] == [t["response"] for t in reports[0]["turns"]] for r in reports)


def test_no_save_says_nothing_was_saved() -> None:
    r = cli("run", KITCHEN, "--choices", "1", "--no-save")
    assert r.returncode == 3 and "Nothing was saved (--no-save)." in r.stderr


def test_csv_score_is_points_and_empty_sessions_are_not_offered(tmp_path: Path) -> None:
    store = str(tmp_path / "h.sqlite3")
    assert cli("--store", store, "run", KITCHEN, "--choices", "1,1,2,1,1,1").returncode == 0
    rows = cli("--store", store, "export").stdout.splitlines()
    header, row = rows[0].split(","), rows[1].split(",")
    assert row[header.index("score")] == "43" and row[header.index("score_percent")] == "100.0"
    from mi_trainer.store import open_store

    with open_store(Path(store)) as s:  # a session started and left before its first answer
        from mi_trainer.engine.session import Session
        from mi_trainer.loading.loader import load_scenario
        from mi_trainer.store import recording

        recording.start(s, Session(load_scenario(KITCHEN)), "")
    r = cli("--store", store, "resume")
    assert r.returncode == 0 and "no interrupted session" in r.stdout


def test_ctrl_c_says_what_was_kept_for_the_command_that_stopped() -> None:
    """A drill is not continued by `resume`, and --no-save keeps nothing (QA: both were told 'resume')."""
    from argparse import Namespace

    from mi_trainer.cli import stopped_note

    assert "'mi-trainer resume' continues it" in stopped_note(Namespace(command="run", no_save=False))
    assert "resume" not in stopped_note(Namespace(command="drill", no_save=False))
    assert stopped_note(Namespace(command="run", no_save=True)) == "Nothing was saved (--no-save)."
    assert stopped_note(Namespace(command="export")) == ""


RUN_TWO_NO_SAVE = ["run", "peer-first-meeting", "--choices", "2,4", "--no-save"]


def test_a_no_save_run_that_stops_early_says_nothing_about_the_history(tmp_path: Path) -> None:
    r = subprocess.run(
        [sys.executable, "-m", "mi_trainer", "--store", str(tmp_path / "h.sqlite3"), *RUN_TWO_NO_SAVE],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert "history is not available" not in r.stderr, r.stderr
    assert "Traceback" not in r.stderr
