"""Escaping text from data for the class report's outputs: the one place the report picks its escapers.

All of them are mi_trainer.model.textsafe's (docs/security.md); this module only names what each output
of the report uses, so a renderer never escapes by hand.
"""

from __future__ import annotations

from typing import Any

from mi_trainer.model.textsafe import csv_cell as _csv_cell
from mi_trainer.model.textsafe import for_html, for_markdown, json_text


def esc(text: object) -> str:
    """Text (a trainee's name, a scenario line, …) made safe inside HTML or SVG text and attribute values."""
    return for_html(text)


def csv_cell(value: object) -> str:
    """A spreadsheet-safe cell: text that could start a formula gets a leading apostrophe; numbers pass."""
    return _csv_cell(value)


def md_text(value: object) -> str:
    """Data as inline Markdown (a table cell or a heading): no markup, HTML, link or cell break from it."""
    return for_markdown(value)


def json_dump(data: Any) -> str:
    """JSON safe to print: C1 controls, format characters and separators written as \\u escapes."""
    return json_text(data, indent=2)
