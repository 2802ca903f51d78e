"""The text-safety module: what is removed from names, and what each output medium escapes.

Properties run max_examples from the loaded Hypothesis profile (1,000 with HYPOTHESIS_PROFILE=ci).
"""

from __future__ import annotations

import csv
import io
import json
import sys
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import hostile_text, huge_integers

from mi_trainer.model import textsafe
from mi_trainer.model.textsafe import (
    BIDI_CONTROLS,
    clean_name,
    csv_cell,
    csv_value,
    decimal,
    for_html,
    for_markdown,
    json_text,
    one_line,
    visible,
)

EXAMPLES = settings.default.max_examples  # 200 (dev) or 1000 (HYPOTHESIS_PROFILE=ci)


def unsafe(ch: str) -> bool:
    """A character no output may carry raw (newline and tab aside)."""
    return ch not in "\n\t" and unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs")


def raw_unsafe(text: str) -> list[str]:
    """The unsafe characters of ``text`` that are not joiners inside real writing."""
    return [ch for i, ch in enumerate(text) if unsafe(ch) and not textsafe._kept(text, i)]


def test_format_table_is_exactly_unicode_category_cf() -> None:
    table = {c for a, b in textsafe._CF_RANGES for c in range(a, b + 1)}
    actual = {c for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"}
    assert table == actual, "regenerate _CF_RANGES in mi_trainer/model/textsafe.py for this Unicode version"


def test_bidi_set_is_the_bidi_control_property() -> None:
    # Bidi_Control (PropList.txt): ALM, LRM, RLM, LRE…RLO, LRI…PDI — all of them bidi class of a control
    assert {unicodedata.bidirectional(c) for c in BIDI_CONTROLS} <= {
        "AL",
        "L",
        "R",
        "LRE",
        "RLE",
        "PDF",
        "LRO",
        "RLO",
        "LRI",
        "RLI",
        "FSI",
        "PDI",
    }
    assert len(BIDI_CONTROLS) == 12 and all(unicodedata.category(c) == "Cf" for c in BIDI_CONTROLS)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("\x1b]0;PWNED\x07Ana", "Ana"),
        ("Ana\x1b]52;c;aGVsbG8=\x07", "Ana"),
        ("\x1b[31mAna\x1b[0m Lee", "Ana Lee"),
        ("\x9b31mAna\x9d0;x\x9c", "Ana"),
        ("A\u202ena\u200b \u2066Lee\u2069", "Ana Lee"),
        ("  Ana \n\t Lee  ", "Ana Lee"),
        ("Ana\x00\x7f\x85\u2028Lee", "AnaLee"),
        ("Ana\x1b]0;never closed", "Ana"),
        ("من\u200cو", "من\u200cو"),  # a Persian non-joiner is part of the writing
        ("x" * 500, "x" * 80),
        ('=HYPERLINK("http://x","y")', '=HYPERLINK("http://x","y")'),  # kept: the CSV writer neutralises it
    ],
)
def test_clean_name(raw: str, clean: str) -> None:
    assert clean_name(raw) == clean


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+cmd", "'+cmd"),
        ("@SUM(1)", "'@SUM(1)"),
        ("-2+3", "'-2+3"),
        ("\t=1", "'\t=1"),
        ("\r=1", "\\x0d=1"),  # the CR is shown as text, so no formula can follow it
        (" =1", "' =1"),
        ("'quoted", "''quoted"),
        ("＝1+1", "'＝1+1"),
        ("Ana", "Ana"),
        ("-5", "-5"),
        ("3.25", "3.25"),
        ("-1e3", "-1e3"),
        (42, "42"),
        (-2.5, "-2.5"),
        (float("nan"), ""),
        (None, ""),
        ("a\x1bb", "a\\x1bb"),
    ],
)
def test_csv_cells(value: object, cell: str) -> None:
    assert csv_cell(value) == cell


def test_markdown_and_html_escape_markup() -> None:
    md = for_markdown("[x](http://e) <b>hi</b> | *y* `z`\n# head")
    assert "](" not in md.replace("\\](", "") and "<b>" not in md and "\n" not in md
    assert for_html('<script>"x"</script>\u202e') == "&lt;script&gt;&quot;x&quot;&lt;/script&gt;\\u202e"


def test_json_text_escapes_but_keeps_values() -> None:
    data = {"name": "a\x9b\u202e\u2028\U000e0001b", "n": 9**9000, "ok": [1, 2.5, None, True]}
    text = json_text(data)
    assert not raw_unsafe(text.replace("\n", ""))
    assert sys.get_int_max_str_digits() == 4300
    back = json.loads(text, parse_int=str)
    assert back["name"] == data["name"] and back["n"] == decimal(9**9000)


# --- properties --------------------------------------------------------------------------------


@settings(max_examples=EXAMPLES, deadline=None)
@given(hostile_text)
def test_visible_leaves_nothing_that_can_steer_a_terminal(text: str) -> None:
    shown = visible(text)
    assert not raw_unsafe(shown)
    assert "\n" not in one_line(text) and "\t" not in one_line(text)
    assert visible(shown) == shown  # idempotent: escaping twice changes nothing


@settings(max_examples=EXAMPLES, deadline=None)
@given(hostile_text)
def test_clean_names_are_safe_short_and_stable(text: str) -> None:
    name = clean_name(text)
    assert not raw_unsafe(name) and "\n" not in name and "\t" not in name
    assert len(name) <= textsafe.MAX_NAME and name == name.strip()
    assert clean_name(name) == name
    assert "\x1b" not in name and not (set(name) & BIDI_CONTROLS)


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.one_of(hostile_text, st.floats(allow_nan=False, allow_infinity=False), st.integers(-(10**30), 10**30)))
def test_csv_cells_never_start_a_formula_and_read_back(value: object) -> None:
    cell = csv_cell(value)
    assert not raw_unsafe(cell.replace("\n", ""))
    if isinstance(value, str):
        if cell[:1] in "=+-@\t\r" and cell:
            assert textsafe._NUMBER.fullmatch(cell), cell  # only a real number may start with a sign
        assert csv_value(cell) == visible(value)
    else:
        assert float(cell) == float(value)  # type: ignore[arg-type]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([cell])
    assert next(csv.reader(io.StringIO(out.getvalue()))) == [cell]


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.recursive(st.one_of(hostile_text, huge_integers, st.none()), lambda inner: st.lists(inner, max_size=3)))
def test_json_text_is_safe_and_exact(data: object) -> None:
    text = json_text({"data": data})
    assert not raw_unsafe(text.replace("\n", ""))
    old = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)  # only to compare against Python's own conversion here
    try:
        assert json.loads(text) == {"data": data}
    finally:
        sys.set_int_max_str_digits(old)


@settings(max_examples=EXAMPLES, deadline=None)
@given(hostile_text)
def test_markdown_keeps_data_inline_and_literal(text: str) -> None:
    md = for_markdown(text)
    assert "\n" not in md and not raw_unsafe(md)
    unescaped = md.replace("\\\\", "")
    for ch in "`*_[]<>|~&":
        assert all(unescaped[i - 1] == "\\" for i, c in enumerate(unescaped) if c == ch and i > 0)
        assert not unescaped.startswith(ch)


def test_a_hanging_row_wraps_under_its_text_and_stays_literal() -> None:
    import io

    from rich.console import Console

    from mi_trainer.tui.text import hanging

    console = Console(width=24, file=io.StringIO(), record=True, color_system=None)
    console.print(hanging("12.", "[bold]You noticed[/] a lot \x1b[31m this week, and it counts", 3))
    out = console.export_text().splitlines()
    assert out[0].startswith("12. [bold]You noticed[/]")
    assert all(line.startswith("    ") for line in out[1:]) and len(out) >= 3
    assert "\x1b" not in "".join(out) and "\\x1b" in "".join(out)  # an escape is shown, never sent
    assert max(len(line) for line in out) <= 24


def test_shortening_never_leaves_a_joiner_cut_from_what_it_joined() -> None:
    """Found by the hostile-output fuzz: a title cut inside an emoji sequence ended in a zero-width joiner
    before the ellipsis, an invisible character no output may hold."""
    from mi_trainer.model.textsafe import invisible_at, shorten

    family = "👨\u200d👩\u200d👧"
    for cut in range(1, len(family) + 2):
        text = "x" * 10 + family
        out = shorten(text, 10 + cut)
        assert invisible_at(out) == -1, (cut, out)
