"""Hypothesis strategies for hostile text: controls, escape sequences, bidi and zero-width characters,
line and paragraph separators, markup, formula starts and huge integers (shared by the fuzz tests)."""

from __future__ import annotations

import unicodedata

from hypothesis import strategies as st

#: Every code point of the categories the text-safety rules are about (computed, not listed by hand).
_CATEGORIES = ("Cc", "Cf", "Zl", "Zp")
_BLOCKS = (range(0x0000, 0x0100), range(0x0600, 0x0700), range(0x1800, 0x1900), range(0x2000, 0x2100))
_SINGLES = (0xFEFF, 0xFFF9, 0xFFFA, 0xFFFB, 0x110BD, 0x1D173, 0xE0001, 0xE0020, 0xE007F)
HOSTILE_CHARS = [
    chr(c) for c in [*(c for block in _BLOCKS for c in block), *_SINGLES] if unicodedata.category(chr(c)) in _CATEGORIES
]
SEQUENCES = [
    "\x1b]0;window title\x07",
    "\x1b]52;c;aGVsbG8=\x07",
    "\x1b]8;;http://example.invalid\x1b\\link\x1b]8;;\x1b\\",
    "\x1b[31m",
    "\x1b[2J\x1b[H",
    "\x9b31m",
    "\x9d0;t\x9c",
    "\x1bP+q\x1b\\",
    "\x1bc",
    "[bold red]x[/]",
    "[link=http://x]y[/link]",
    "[@click=app.quit]q[/]",
    "**b** _i_ `c` <script>alert(1)</script> | a | [l](http://x) ![i](http://x/i.png)",
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "-2+3",
    "\t=1",
    "\r=1",
    " =1",
    "'=1",
    "\u202eevil\u202c",
    "a\u200bb\u200dc\u2060d\ufeff",
    "\u2066x\u2069",
    "👨\u200d👩\u200d👧",
    "من\u200cو",
    "\u2028\u2029\x85\r",
    "\ud800",
]
hostile_text = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=st.sampled_from(HOSTILE_CHARS), max_size=10),
    st.lists(
        st.one_of(st.sampled_from(SEQUENCES), st.sampled_from(HOSTILE_CHARS), st.text(max_size=5)), max_size=6
    ).map("".join),
)
huge_integers = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40),
    st.integers(min_value=19, max_value=9_000).map(lambda n: 10**n - 1),
    st.integers(min_value=1_600, max_value=5_000).map(lambda n: -(7**n)),
)
