"""`mi-trainer code`: one output line per input line, whatever the input; and the app never loads the coder early."""

from __future__ import annotations

import json
import subprocess
import sys

from helpers import ROOT

from mi_trainer.cli.coder import MAX_LINE_BYTES


def run_code(data: bytes, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "mi_trainer", "code", *args], input=data, capture_output=True, cwd=ROOT, timeout=60
    )


def test_one_json_line_per_input_line_with_errors_in_place() -> None:
    lines = [
        b"Did you drink last night?",
        b"",
        b"\xff\xfe not utf-8 \xc3",
        b"You should go to a meeting.\r",
        b"a" * (MAX_LINE_BYTES + 1),
        b"x" * 100_000,
        "It\u2019s your choice.".encode(),
        b"   ",
        b"Mm-hmm.",
    ]
    result = run_code(b"\n".join(lines), "--json")  # no newline after the last line
    out = result.stdout.decode("utf-8").split("\n")
    assert out[-1] == "" and len(out) - 1 == len(lines), out
    rows = [json.loads(line) for line in out[:-1]]
    assert rows[0]["codes"] == ["Q"] and rows[0]["oars"] == "closed_question"
    assert rows[1] == {"codes": [], "oars": "other", "confidence": 1.0, "reasons": rows[1]["reasons"]}
    assert rows[2] == {"line": 3, "error": rows[2]["error"]} and "UTF-8" in rows[2]["error"]
    assert rows[3]["codes"] == ["PERSUADE"]
    assert rows[4]["line"] == 5 and f"longer than {MAX_LINE_BYTES} bytes" in rows[4]["error"]
    assert rows[5]["line"] == 6 and "longer than" in rows[5]["error"]
    assert rows[6]["codes"] == ["EMPH"]
    assert rows[7]["codes"] == [] and rows[8]["codes"] == []
    assert result.returncode == 1
    assert result.stderr.decode().strip() == "mi-trainer code: 3 line(s) could not be coded (see the error lines)"
    assert b"Traceback" not in result.stderr


def test_plain_output_and_client_line() -> None:
    result = run_code(b"Your head hurts.\n\nYou're dreading this talk.\n", "--client-line", "My head is killing me.")
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode().splitlines()
    assert len(out) == 3
    assert out[0].split("\t")[:2] == ["SR", "simple_reflection"]
    assert out[1].split("\t")[:2] == ["-", "other"]
    assert out[2].split("\t")[:2] == ["CR", "complex_reflection"]


def test_empty_input_gives_no_output() -> None:
    result = run_code(b"")
    assert result.returncode == 0 and result.stdout == b""


def _loaded_after(snippet: str) -> str:
    code = snippet + "\nprint(any(m == 'mi_trainer.coding' or m.startswith('mi_trainer.coding.') for m in sys.modules))"
    r = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120, stdin=subprocess.DEVNULL
    )
    assert r.returncode == 0, r.stderr
    return r.stdout.strip().splitlines()[-1]


def test_list_does_not_import_the_coder() -> None:
    assert _loaded_after("import sys\nfrom mi_trainer.cli import main\nmain(['list'])") == "False"


def test_tui_start_does_not_import_the_coder() -> None:
    snippet = (
        "import sys, asyncio, tempfile, os\n"
        "os.environ['MI_TRAINER_STORE'] = os.path.join(tempfile.mkdtemp(), 'h.db')\n"
        "from mi_trainer.tui.app import MiTrainerApp\n"
        "async def go():\n"
        "    app = MiTrainerApp()\n"
        "    async with app.run_test(size=(100, 30)) as pilot:\n"
        "        await pilot.pause()\n"
        "asyncio.run(go())"
    )
    assert _loaded_after(snippet) == "False"
