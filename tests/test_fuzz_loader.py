"""Fuzz the loader: mutations of a valid scenario must compile to diagnostics or raise ScenarioError.

Never any other exception, never a diagnostic with an unknown code, never a control character in what
`validate` would print. When a mutation still compiles with zero errors, the analysis must run on it.
Example counts come from the Hypothesis profile (tests/conftest.py; HYPOTHESIS_PROFILE=ci for 1000).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import event, given, settings
from hypothesis import strategies as st
from strategies import hostile_text, huge_integers

from mi_trainer.analysis.summary import analyze
from mi_trainer.errors import ScenarioError
from mi_trainer.loading.loader import Compiled, compile_file, compile_text, parse_error_as_diagnostic
from mi_trainer.model.diagnostics import CODES, Severity
from mi_trainer.model.textsafe import decimal

MINIMAL = Path(__file__).parent / "fixtures" / "valid" / "minimal.yaml"
BASE = MINIMAL.read_text(encoding="utf-8")
BASE_LINES = BASE.splitlines(keepends=True)
EXAMPLES = settings.default.max_examples  # from the loaded profile: 200 (dev) or 1000 (ci)

SYNTAX = ":{}[]&*!|>'\"%@#-?,` "
ODD = [
    "\x00",
    "\x1b",
    "\x1b[31m",
    "\x07",
    "\x08",
    "\x7f",
    "\x85",
    "\x9b",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\ufffe",
    "\t",
    "\r",
    "\r\n",
    "\u202e",
    "\U0001f600",
    "\\e[2J",
    "\\x07",
    "\\",
    "\\u0000",
    "\\N",
    "é",
    "\u200b",
    "\u200d",
    "\u2066",
    "\u061c",
    "\U000e0041",
    "\x9d0;t\x9c",
    "\x1b]52;c;aGk=\x07",
    "[bold red]x[/]",
    "[@click=app.quit]q[/]",
    "<script>x</script>",
    '=HYPERLINK("http://x")',
]
SCALARS = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    huge_integers.map(decimal),
    st.integers(1, 6000).map(lambda n: "1" * n + ".5"),
    hostile_text.map(lambda t: '"' + t.encode("unicode_escape").decode("ascii").replace('"', '\\"') + '"'),
    st.floats().map(repr),
    st.sampled_from(
        [
            "",
            "~",
            "null",
            "yes",
            "no",
            "on",
            "true",
            "[]",
            "{}",
            "-",
            "&a x",
            "*a",
            "&a [*a]",
            "!!str x",
            "!!binary aGk=",
            '!!python/object/apply:os.system ["true"]',
            "!custom x",
            "2024-01-01",
            "12:30:00",
            ".inf",
            "-.inf",
            ".nan",
            "0x1F",
            "0o17",
            "1e999",
            "'",
            '"',
            "|",
            ">",
            "? x",
            "<<: *a",
            "- a",
            '"\\e[31m"',
            '"\\x00"',
            "'unclosed",
            '{if: "discord >= 7", then: middle, else: thinking}',
            "{if: 1, then: [], else: {}}",
            '"discord >= 7"',
            "opening",
            "walked-off",
            "nowhere",
            "[simple_reflection, persuade]",
            "[[[[[[]]]]]]",
            "{a: {b: {c: {}}}}",
            "{discord: 99}",
            "{trust: 1}",
            "{empathy: -9}",
            "x" * 300,
        ]
    ),
    st.text(max_size=20),
)
BITS = st.one_of(st.text(max_size=10), st.sampled_from(ODD), st.text(alphabet=SYNTAX, min_size=1, max_size=8))
KEY_VALUE = re.compile(r"^(\s*(?:- )?[\w-]+:[ \t]+)(.*?)(\r?\n?)$")

Lines = list[str]
Draw = Callable[[st.SearchStrategy[Any]], Any]


def _index(draw: Draw, lines: Lines) -> int:
    return draw(st.integers(0, max(0, len(lines) - 1)))


def delete_line(draw: Draw, lines: Lines) -> Lines:
    if lines:
        del lines[_index(draw, lines)]
    return lines


def duplicate_line(draw: Draw, lines: Lines) -> Lines:
    if lines:
        i = _index(draw, lines)
        lines.insert(i, lines[i])
    return lines


def swap_lines(draw: Draw, lines: Lines) -> Lines:
    if lines:
        i, j = _index(draw, lines), _index(draw, lines)
        lines[i], lines[j] = lines[j], lines[i]
    return lines


def reindent(draw: Draw, lines: Lines) -> Lines:
    if lines:
        i = _index(draw, lines)
        body = lines[i].lstrip(" ")
        indent = len(lines[i]) - len(body)
        new = draw(st.one_of(st.integers(0, 12).map(lambda n: " " * n), st.sampled_from(["\t", " \t", "\t  "])))
        lines[i] = (new if draw(st.booleans()) else " " * max(0, indent + draw(st.integers(-4, 4)))) + body
    return lines


def insert_text(draw: Draw, lines: Lines, bits: st.SearchStrategy[str] = BITS) -> Lines:
    if lines:
        i = _index(draw, lines)
        col = draw(st.integers(0, len(lines[i])))
        lines[i] = lines[i][:col] + draw(bits) + lines[i][col:]
    return lines


def insert_syntax(draw: Draw, lines: Lines) -> Lines:
    return insert_text(draw, lines, st.text(alphabet=SYNTAX, min_size=1, max_size=6))


def truncate(draw: Draw, lines: Lines) -> Lines:
    text = "".join(lines)
    return [text[: draw(st.integers(0, len(text)))]]


def replace_scalar(draw: Draw, lines: Lines) -> Lines:
    candidates = [i for i, ln in enumerate(lines) if KEY_VALUE.match(ln)]
    if candidates:
        i = draw(st.sampled_from(candidates))
        m = KEY_VALUE.match(lines[i])
        assert m
        lines[i] = m.group(1) + draw(SCALARS) + (m.group(3) or "\n")
    return lines


MUTATIONS = [delete_line, duplicate_line, swap_lines, reindent, insert_text, insert_syntax, truncate, replace_scalar]


@st.composite
def mutated_texts(draw: Draw) -> str:
    lines = list(BASE_LINES)
    for _ in range(draw(st.integers(1, 4))):
        mutation = draw(st.sampled_from(MUTATIONS))
        event(mutation.__name__)
        lines = mutation(draw, lines)
    return "".join(lines)


def check_outcome(run: Callable[[], Compiled]) -> Compiled | None:
    """The loader's contract: a Compiled with known codes, or a ScenarioError with a known code."""
    try:
        compiled = run()
    except ScenarioError as exc:
        assert exc.code in CODES, f"ScenarioError without a known code: {exc!r}"
        assert "\n" not in exc.one_line()
        event(f"refused {exc.code}")
        return None
    assert isinstance(compiled, Compiled)
    for d in compiled.diagnostics:
        assert d.code in CODES, d
        assert isinstance(d.severity, Severity)
        assert d.line >= 0 and d.column >= 0
        shown = d.format()
        assert not re.search(r"[\x00-\x1f\x7f-\x9f]", shown), f"control character in {shown!r}"
    event(
        "compiled clean"
        if not compiled.diagnostics
        else "compiled with errors"
        if not compiled.ok
        else "compiled with warnings"
    )
    return compiled


def analysis_runs(compiled: Compiled) -> None:
    result = analyze(compiled, runs=5)
    assert result["counts"]["nodes"] == len(compiled.scenario.nodes)


@settings(max_examples=EXAMPLES)
@given(mutated_texts())
def test_mutated_text_compiles_or_is_refused(text: str) -> None:
    try:
        diags = list(compile_text(text, "fuzz.yaml").diagnostics)
    except ScenarioError as exc:
        diags = [parse_error_as_diagnostic(exc)]
    editor_lines = text.replace("\r\n", "\n").split("\n")  # what an editor shows (other breaks are refused)
    for d in diags:  # every position is one an editor can show
        if d.line:
            assert d.line <= len(editor_lines), d.format()
            assert 1 <= (d.column or 1) <= len(editor_lines[d.line - 1]) + 1, d.format()
    compiled = check_outcome(lambda: compile_text(text, "fuzz.yaml"))
    if compiled is not None and compiled.ok:
        analysis_runs(compiled)


@pytest.fixture(scope="module")
def fuzz_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz") / "fuzz.yaml"


@settings(max_examples=EXAMPLES)
@given(text=mutated_texts(), noise=st.binary(max_size=6), where=st.floats(0, 1))
def test_mutated_bytes_through_a_file(fuzz_file: Path, text: str, noise: bytes, where: float) -> None:
    data = text.encode("utf-8")
    at = int(len(data) * where)
    fuzz_file.write_bytes(data[:at] + noise + data[at:])  # raw bytes: invalid UTF-8, NULs, BOMs…
    check_outcome(lambda: compile_file(fuzz_file))


@settings(max_examples=EXAMPLES)
@given(st.text(alphabet=SYNTAX + "ab1\n\t", max_size=300))
def test_syntax_soup(text: str) -> None:
    check_outcome(lambda: compile_text(text, "soup.yaml"))


# --- valid mutations: the analysis must run on anything that compiles without errors -------------

BASE_DATA = yaml.safe_load(BASE)
Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
NODE_IDS = list(BASE_DATA["nodes"])
STATE_VARS = ["discord", "importance", "confidence"]
OPERATORS = ["<", "<=", ">", ">=", "==", "!="]
condition = st.lists(
    st.tuples(st.sampled_from(STATE_VARS), st.sampled_from(OPERATORS), st.integers(0, 10)), min_size=1, max_size=3
).map(lambda parts: " and ".join(f"{v} {op} {n}" for v, op, n in parts))
target: st.SearchStrategy[Any] = st.recursive(
    st.sampled_from(NODE_IDS),
    lambda inner: st.fixed_dictionaries({"if": condition, "then": inner, "else": inner}),
    max_leaves=4,
)


@st.composite
def valid_variants(draw: Draw) -> str:
    """The minimal scenario with its numbers, branches and targets redrawn (loops and dead ends allowed)."""
    data = copy.deepcopy(BASE_DATA)
    data["client"]["state"] = {v: draw(st.integers(0, 10)) for v in STATE_VARS}
    valences = ["positive", "mixed", "negative"]
    for node_id, node in data["nodes"].items():
        if "ending" in node:
            node["ending"]["valence"] = draw(st.sampled_from(valences))
            continue
        if draw(st.booleans()):
            node["variants"] = [{"if": draw(condition), "says": f"Variant of {node_id}."}]
        responses = node["responses"]
        order = draw(st.permutations(range(len(responses))))
        node["responses"] = [responses[i] for i in order]
        for resp in node["responses"]:
            resp["effect"] = {v: draw(st.integers(-5, 5)) for v in draw(st.sets(st.sampled_from(STATE_VARS)))}
            if draw(st.booleans()):
                resp["next"] = draw(target)
    return yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True)


@settings(max_examples=EXAMPLES)
@given(valid_variants())
def test_analysis_runs_on_every_error_free_variant(text: str) -> None:
    compiled = check_outcome(lambda: compile_text(text, "variant.yaml"))
    assert compiled is not None
    # a redrawn target can make a loop with no exit (MI036): an error, not a crash; the rest must analyse
    if compiled.ok:
        analysis_runs(compiled)
    else:
        assert {d.code for d in compiled.errors} <= {"MI036", "MI033"}, [d.format() for d in compiled.errors]
