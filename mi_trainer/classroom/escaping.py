"""Escaping text from data for the class report's HTML and for spreadsheet cells (one place to swap)."""

from __future__ import annotations

import html
import re

#: A cell starting with one of these is a formula (or becomes one) in Excel, LibreOffice and Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: C0 and C1 control characters except tab, newline and carriage return: never passed to a terminal.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def strip_controls(text: str) -> str:
    """Text with terminal control characters (escape sequences' lead-ins and the like) replaced by '?'."""
    return CONTROL.sub("?", text)


def esc(text: object) -> str:
    """Text (a trainee's name, a scenario line, …) made safe inside HTML or SVG text and attribute values."""
    return html.escape(strip_controls(str(text)), quote=True)


def csv_cell(value: object) -> object:
    """A spreadsheet-safe cell: text that would start a formula gets a leading apostrophe; numbers pass."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        text = strip_controls(str(value))
        return "'" + text if text.startswith(FORMULA_STARTS) else text
    return value
