"""Fuzz hostile input and every output built from it.

1. Positions: a hostile piece (a raw invisible or control character, a separator, an escaped control,
   a huge number, an over-long text) put anywhere in a valid scenario is reported with its code at the
   line and column where an editor shows it (the character itself when it is written literally there,
   else the start of its value).
2. Outputs: whatever text a scenario, a name or a history row holds, no output of `run` (options,
   feedback), `history`, `export` (CSV, JSON) or a report (Markdown, JSON) carries a C0 control other
   than newline/tab, DEL, a C1 control, a bidi control or any other invisible format character.

Example counts come from the Hypothesis profile (1,000 each with HYPOTHESIS_PROFILE=ci).
"""

from __future__ import annotations

import dataclasses
import io
import unicodedata
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import HOSTILE_CHARS, hostile_text

from mi_trainer.cli.console import SafeStream
from mi_trainer.cli.play import history_line
from mi_trainer.engine.render import report_markdown, turn_feedback_text
from mi_trainer.engine.report import build_report
from mi_trainer.engine.session import Phase, Session
from mi_trainer.errors import ScenarioError
from mi_trainer.loading.loader import Compiled, compile_text, parse_error_as_diagnostic
from mi_trainer.model import textsafe
from mi_trainer.model.diagnostics import Diagnostic
from mi_trainer.model.textsafe import for_terminal, json_text
from mi_trainer.store.export import write_csv

EXAMPLES = settings.default.max_examples  # 200 (dev) or 1000 (HYPOTHESIS_PROFILE=ci)
MINIMAL = Path(__file__).parent / "fixtures" / "valid" / "minimal.yaml"
BASE_LINES = MINIMAL.read_text(encoding="utf-8").splitlines(keepends=True)
#: (line index, column index of the first character inside the quotes, end) of every quoted text value
QUOTED = [
    (i, line.index('"') + 1, line.rindex('"'))
    for i, line in enumerate(BASE_LINES)
    if line.count('"') == 2 and ":" in line.split('"', 1)[0] and " if:" not in line and "{" not in line
]
NUMBERS = [(i, line.index(": ") + 2) for i, line in enumerate(BASE_LINES) if line.rstrip().endswith((": 1", ": 19"))]
NAME_LINE = next(i for i, line in enumerate(BASE_LINES) if line.strip() == "name: Alex")
FORMAT_CHARS = [c for c in HOSTILE_CHARS if unicodedata.category(c) == "Cf" and c not in textsafe.JOINERS]
RAW_CONTROLS = [c for c in HOSTILE_CHARS if unicodedata.category(c) == "Cc" and c not in "\t\n\r\x85\x00"]
SEPARATORS = ["\u2028", "\u2029", "\x85", "\r"]
ESCAPES = ["\\e", "\\x1b", "\\x07", "\\u009b", "\\x7f", "\\x00"]


def diagnostics(text: str) -> list[Diagnostic]:
    try:
        return list(compile_text(text, "f.yaml").diagnostics)
    except ScenarioError as exc:
        return [parse_error_as_diagnostic(exc)]


@st.composite
def hostile_scenarios(draw: Any) -> tuple[str, str, int, int]:
    """A valid scenario with one hostile piece: (text, expected code, expected line, expected column)."""
    lines = list(BASE_LINES)
    kind = draw(st.sampled_from(["format", "control", "separator", "escape", "number", "long", "name"]))
    if kind == "number":
        i, col = draw(st.sampled_from(NUMBERS))
        digits = draw(st.integers(19, 5000))
        lines[i] = lines[i][:col] + draw(st.sampled_from(["", "-", "+"])) + "7" * digits + "\n"
        return "".join(lines), "MI023", i + 1, col + 1
    if kind == "name":
        ch = draw(st.sampled_from(FORMAT_CHARS))
        line = lines[NAME_LINE]
        col = line.index("Alex") + draw(st.integers(0, 4))
        lines[NAME_LINE] = line[:col] + ch + line[col:]
        return "".join(lines), "MI026", NAME_LINE + 1, col + 1
    i, start, end = draw(st.sampled_from(QUOTED))
    line = lines[i]
    if kind == "long":
        limit = textsafe.MAX_TITLE if line.lstrip().startswith("title:") else textsafe.MAX_TEXT
        lines[i] = line[:start] + "x" * (limit + draw(st.integers(1, 3000))) + line[end:]
        return "".join(lines), "MI024", i + 1, start
    col = draw(st.integers(start, end))
    if kind == "escape":
        lines[i] = line[:col] + draw(st.sampled_from(ESCAPES)) + line[col:]
        return "".join(lines), "MI015", i + 1, start  # an escaped character: the value's opening quote
    piece = draw(st.sampled_from({"format": FORMAT_CHARS, "control": RAW_CONTROLS, "separator": SEPARATORS}[kind]))
    lines[i] = line[:col] + piece + line[col:]
    code = {"format": "MI055", "control": "MI015", "separator": "MI025"}[kind]
    if kind == "format" and line.lstrip().startswith("name:"):
        code = "MI026"
    return "".join(lines), code, i + 1, col + 1


@settings(max_examples=EXAMPLES, deadline=None)
@given(hostile_scenarios())
def test_every_diagnostic_points_at_the_offending_text(case: tuple[str, str, int, int]) -> None:
    text, code, line, column = case
    found = diagnostics(text)
    assert any((d.code, d.line, d.column) == (code, line, column) for d in found), (
        code,
        line,
        column,
        [d.format() for d in found],
    )


# --- outputs -------------------------------------------------------------------------------------

COMPILED = compile_text(MINIMAL.read_text(encoding="utf-8"), str(MINIMAL))


def forbidden(text: str) -> list[str]:
    """Characters no output may hold: C0 but newline/tab, DEL, C1, and any format character (bidi
    controls included) other than a joiner inside real writing."""
    return [
        ch
        for i, ch in enumerate(text)
        if (ch not in "\n\t" and unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp"))
        or (unicodedata.category(ch) == "Cf" and not textsafe._kept(text, i))
    ]


def hostile_compiled(title: str, name: str, line: str) -> Compiled:
    """The minimal scenario with hostile text in every place a trainee sees (as if a loader missed it)."""
    sc = COMPILED.scenario
    nodes = {}
    for node_id, node in sc.nodes.items():
        responses = tuple(dataclasses.replace(r, say=r.say + line, feedback=line + r.feedback) for r in node.responses)
        ending = dataclasses.replace(node.ending, outcome=line) if node.ending else None
        nodes[node_id] = dataclasses.replace(node, says=line + node.says, responses=responses, ending=ending)
    client = dataclasses.replace(sc.client, name=name)
    scenario = dataclasses.replace(sc, title=title, client=client, nodes=nodes, setting=line)
    return Compiled(scenario, COMPILED.graph, ())


@settings(max_examples=EXAMPLES, deadline=None)
@given(title=hostile_text, name=hostile_text, line=hostile_text, trainee=hostile_text)
def test_no_output_carries_a_control_or_invisible_character(title: str, name: str, line: str, trainee: str) -> None:
    session = Session(hostile_compiled(title, name, line), seed=1)
    shown: list[str] = []
    while session.phase is Phase.AWAITING_CHOICE:  # what `run` prints at each turn
        shown.append(for_terminal(f"{session.scenario.client.name}: {session.client_line()}"))
        shown += [for_terminal(f"  {i}. {r.say}") for i, r in enumerate(session.options(), 1)]
        shown.append(turn_feedback_text(session.choose(1)))
    report = build_report(session, trainee=trainee)
    shown += [report_markdown(report), json_text(report)]
    csv_out = io.StringIO()
    row = {"session_id": "s1", "trainee": trainee, "scenario_title": title, "ending": line, "score_percent": 50.0}
    write_csv([row], csv_out)
    shown += [csv_out.getvalue(), json_text([row])]
    history_row = SimpleNamespace(
        id=trainee + "0123456789",
        started_at=datetime(2026, 1, 1, tzinfo=UTC),
        status=name,
        score=50.0,
        turn_count=3,
        scenario_id=title,
        ending=line,
    )
    shown.append(history_line(history_row))
    guarded = io.StringIO()
    SafeStream(guarded).write(title + name + line + trainee)  # the last line of defence on stdout/stderr
    shown.append(guarded.getvalue())
    for out in shown:
        bad = forbidden(out)
        assert not bad, (bad, out[:300])
