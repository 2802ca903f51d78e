"""Text safety at every edge: checks for what comes in, name cleaning, and one escaper per output medium.

Nothing from a scenario, a pack, a CSV file or a name is trusted (docs/security.md). The rules are
generic, by Unicode category, never a list of known attacks:

- *controls*: category Cc (C0, DEL, C1) except newline and tab — terminal escape sequences start with
  them (ESC, CSI U+009B, OSC U+009D …);
- *format characters*: category Cf — the bidi controls (the Unicode Bidi_Control property), zero-width
  spaces and joiners, the BOM, tag characters, soft hyphen …; invisible, so they can disguise text —
  and the few other default-ignorable characters that render as nothing (Hangul fillers, U+034F);
- *separators*: categories Zl and Zp (U+2028, U+2029), and U+0085 NEL: YAML counts them as line
  breaks, editors do not;
- lone surrogates (Cs), which no output encoding can carry.

A zero-width joiner or non-joiner is part of the writing between two non-ASCII letters, marks or
symbols (Persian, Indic scripts, emoji sequences), so it is kept there and only there.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from typing import Any, Final

#: Limits (characters) for what a scenario or a person may give; documented in docs/security.md.
MAX_ID: Final = 80
MAX_NAME: Final = 80
MAX_TITLE: Final = 120
MAX_LINE: Final = 2_000
MAX_TEXT: Final = 4_000
#: A text value may hold at most this many lines.
MAX_TEXT_LINES: Final = 60
#: Integers with more digits than this are refused before conversion (no scenario number comes close).
MAX_DIGITS: Final = 18

#: Code points with the Bidi_Control property: marks, embeddings, overrides and isolates.
BIDI_CONTROLS: Final = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
JOINERS: Final = frozenset("\u200c\u200d")

# Category Cf, as ranges (from unicodedata; tests/test_textsafe.py checks the table against it, so a
# newer Unicode version that adds format characters fails the suite instead of slipping through).
_CF_RANGES: Final = (
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x13438),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
)


def _klass(ranges: tuple[tuple[int, int], ...]) -> str:
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)


#: Default_Ignorable_Code_Point characters outside Cf that render as nothing (the combining grapheme
#: joiner, the Hangul fillers, two deprecated Khmer vowels) — the same risk as a format character.
#: Variation selectors are default-ignorable too but are kept: emoji need them.
_BLANK_LETTERS: Final = ((0x034F, 0x034F), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x3164, 0x3164), (0xFFA0, 0xFFA0))

_CC = "\x00-\x08\x0b-\x1f\x7f-\x9f"  # Cc except tab and newline
_CF = _klass(_CF_RANGES + _BLANK_LETTERS)
_SEP = "\u2028\u2029"  # Zl, Zp
_SURROGATE = "\ud800-\udfff"

CONTROL_RE: Final = re.compile(f"[{_CC}]")
FORMAT_RE: Final = re.compile(f"[{_CF}]")
#: Characters YAML takes as a line break and editors do not (a CR not followed by LF included).
LINE_BREAK_RE: Final = re.compile("[\x85\u2028\u2029]|\r(?!\n)")
_UNSAFE_RE = re.compile(f"[{_CC}{_CF}{_SEP}{_SURROGATE}]")
_UNSAFE_ALL_RE = re.compile(f"[\t\n{_CC}{_CF}{_SEP}{_SURROGATE}]")

# Terminal escape sequences (ECMA-48): CSI, the string commands OSC/DCS/SOS/PM/APC up to their end,
# and two-character escapes; in their 7-bit (ESC …) and 8-bit (C1) forms.
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f]).*?(?:\x07|\x1b\\|\x9c|$)"
    r"|\x1b[\x20-\x2f]*[\x30-\x7e]?",
    re.DOTALL,
)


def describe(ch: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``: a character named so a person can find it."""
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" {name}" if name else "")


def _joining(text: str, i: int) -> bool:
    """A joiner at ``i`` sits between two non-ASCII letters, marks or symbols (real writing)."""
    if text[i] not in JOINERS or i == 0 or i + 1 >= len(text):
        return False
    return all(ord(c) > 0x7F and unicodedata.category(c)[0] in "LMS" for c in (text[i - 1], text[i + 1]))


def _tag_sequence(text: str, i: int) -> bool:
    """A tag character inside an emoji tag sequence (a subdivision flag: U+1F3F4 followed by tags)."""
    if not 0xE0020 <= ord(text[i]) <= 0xE007F:
        return False
    j = i
    while j > 0 and 0xE0020 <= ord(text[j - 1]) <= 0xE007F:
        j -= 1
    return j > 0 and text[j - 1] == "\U0001f3f4"


def _kept(text: str, i: int) -> bool:
    return _joining(text, i) or _tag_sequence(text, i)


def control_at(text: str) -> int:
    """Index of the first control character other than newline and tab, or -1."""
    m = CONTROL_RE.search(text)
    return m.start() if m else -1


def invisible_at(text: str) -> int:
    """Index of the first format character (bidi control, zero-width …) that is not real writing, or -1."""
    for m in FORMAT_RE.finditer(text):
        if not _kept(text, m.start()):
            return m.start()
    return -1


def separator_at(text: str) -> int:
    """Index of the first line or paragraph separator other than LF / CRLF (U+2028, U+2029, NEL, lone CR)."""
    m = LINE_BREAK_RE.search(text)
    return m.start() if m else -1


def _escape_char(ch: str) -> str:
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def visible(text: str, *, newlines: bool = True) -> str:
    """Text with every control, format, separator and surrogate character shown as an escape
    (``\\x1b``, ``\\u202e``): nothing in it can steer a terminal or reorder what is shown. Tab and
    (unless ``newlines`` is false) newline stay; joiners inside real writing stay."""
    pattern = _UNSAFE_RE if newlines else _UNSAFE_ALL_RE
    if pattern.search(text) is None:
        return text

    def sub(m: re.Match[str]) -> str:
        ch = m.group()
        if ch == "\t" or _kept(text, m.start()):
            return ch
        return _escape_char(ch)

    return pattern.sub(sub, text)


def for_terminal(text: object) -> str:
    """Anything to print on a terminal (one medium, one rule)."""
    return visible(str(text))


def one_line(text: object) -> str:
    """Text for a single terminal line: newlines and tabs shown as escapes too."""
    return visible(str(text), newlines=False).replace("\t", "\\t")


def shorten(text: str, limit: int) -> str:
    """At most ``limit`` characters, with an ellipsis and the full length when cut."""
    if len(text) <= limit:
        return text
    head = text[: max(0, limit - 1)]
    while head and unicodedata.category(head[-1]) == "Cf":  # a joiner cut from what it joined would be invisible
        head = head[:-1]
    return f"{head}… ({len(text):,} characters)"


def clean_name(text: object, limit: int = MAX_NAME) -> str:
    """A person's name as given at an edge, made safe: escape sequences and every control, format
    and separator character removed (joiners inside real writing kept), whitespace collapsed, NFC,
    at most ``limit`` characters. Never raises."""
    raw = str(text)[: limit * 8]  # bounded work for any input
    raw = _ESCAPE_SEQUENCE.sub("", raw)
    kept = [
        ch
        for i, ch in enumerate(raw)
        if ch in "\t\n" or (_UNSAFE_RE.match(ch) is None and ch not in "\ufffe\uffff") or _kept(raw, i)
    ]
    name = unicodedata.normalize("NFC", "".join(kept))
    name = " ".join(name.split())
    return name[:limit].rstrip()


def name_problem(text: str) -> str:
    """Why ``text`` is not acceptable as a name or id as written ('' when it is)."""
    for finder, what in ((control_at, "the control character"), (invisible_at, "the invisible character")):
        i = finder(text)
        if i >= 0:
            return f"{what} {describe(text[i])}"
    i = separator_at(text)
    if i >= 0 or "\n" in text or "\t" in text:
        return "a line break or tab"
    return ""


# Markdown ---------------------------------------------------------------------------------------
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")


def for_markdown(text: object) -> str:
    """Data as inline Markdown text: no markup, link, HTML, table cell break or new block from it."""
    flat = " ".join(visible(str(text)).split("\n"))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", flat)


# HTML -------------------------------------------------------------------------------------------
def for_html(text: object) -> str:
    """Data as HTML text (element content or a quoted attribute value)."""
    import html  # here: the TUI's first frame never writes HTML

    return html.escape(visible(str(text)), quote=True)


# CSV (OWASP: CSV injection) ---------------------------------------------------------------------
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
#: A cell starting with one of these (after any leading spaces) may be run as a formula by a
#: spreadsheet; the quote itself is included so that neutralising can be undone exactly.
_FORMULA_START = frozenset("=+-@\t\r'\uff1d\uff0b\uff0d\uff20")


def _risky(cell: str) -> bool:
    if not cell or _NUMBER.fullmatch(cell):
        return False
    return cell[0] in _FORMULA_START or cell.lstrip(" \u00a0\u3000")[:1] in _FORMULA_START


def csv_cell(value: object) -> str:
    """One value as a CSV cell: numbers unchanged, text made visible and, when a spreadsheet could
    take it as a formula, prefixed with ``'`` (OWASP). None and non-finite numbers are empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return decimal(value)
    if isinstance(value, float):
        return repr(value) if value == value and value not in (float("inf"), float("-inf")) else ""
    cell = visible(str(value))
    return "'" + cell if _risky(cell) else cell


def csv_value(cell: str) -> str:
    """Undo csv_cell's quote on reading a cell back (only a quote that csv_cell would have added)."""
    return cell[1:] if cell.startswith("'") and _risky(cell[1:]) else cell


# JSON -------------------------------------------------------------------------------------------
_JSON_ESCAPE = re.compile(f"[\x7f-\x9f{_CF}{_SEP}{_SURROGATE}]")
_SAFE_BITS = 12_000  # an int this size has < 3,700 digits: str() is within Python's 4,300-digit limit


def _json_escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_text(data: Any, *, indent: int | None = 2) -> str:
    """JSON that is safe to print: the same values, with C1 controls, format characters, separators
    and surrogates written as ``\\uXXXX`` escapes (JSON already escapes C0); integers of any size
    exact, without lifting Python's integer-digit limit; NaN and infinities (not JSON) as null."""
    import secrets  # here: only JSON output needs a nonce

    big: list[int] = []
    nonce = secrets.token_hex(6)

    def prep(value: Any) -> Any:
        if isinstance(value, float):
            return value if math.isfinite(value) else None  # NaN/Infinity are not JSON
        if isinstance(value, bool) or value is None or isinstance(value, str):
            return value
        if isinstance(value, int):
            if value.bit_length() <= _SAFE_BITS:
                return value
            big.append(value)
            return f"\x00{nonce}:{len(big) - 1}\x00"
        if isinstance(value, dict):
            return {k: prep(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [prep(v) for v in value]
        return value

    text = json.dumps(prep(data), indent=indent, ensure_ascii=False)
    text = _JSON_ESCAPE.sub(_json_escape, text)
    for i, n in enumerate(big):
        text = text.replace(f'"\\u0000{nonce}:{i}\\u0000"', decimal(n), 1)
    return text


# numbers ----------------------------------------------------------------------------------------
def decimal(n: int) -> str:
    """The exact decimal digits of any int, in chunks that stay within Python's str() digit limit
    (so the limit never needs lifting). Divide and conquer: fast enough for 100,000 digits."""
    if n < 0:
        return "-" + decimal(-n)
    if n.bit_length() <= _SAFE_BITS:
        return str(n)
    half = int(n.bit_length() * 0.30102999566398120) // 2
    high, low = divmod(n, 10**half)
    return decimal(high) + decimal(low).rjust(half, "0")


def digit_count(literal: str) -> int:
    """How many digits a number literal holds (sign, base prefix, '_', ':' and '.' not counted)."""
    body = literal.strip().lstrip("+-")
    if body[:2].lower() in ("0x", "0o", "0b"):
        body = body[2:]
    mantissa = re.split(r"[eE](?=[+-]?\d)", body, maxsplit=1)[0] if not literal.lower().startswith("0x") else body
    return sum(ch.isalnum() for ch in mantissa)
