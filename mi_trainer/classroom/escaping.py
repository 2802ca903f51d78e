"""Escaping text from data for the class report's HTML and for spreadsheet cells (one place to swap)."""

from __future__ import annotations

import html

#: A cell starting with one of these is a formula (or becomes one) in Excel, LibreOffice and Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def esc(text: object) -> str:
    """Text (a trainee's name, a scenario line, …) made safe inside HTML or SVG text and attribute values."""
    return html.escape(str(text), quote=True)


def csv_cell(value: object) -> object:
    """A spreadsheet-safe cell: text that would start a formula gets a leading apostrophe; numbers pass."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        text = str(value)
        return "'" + text if text.startswith(FORMULA_STARTS) else text
    return value
