"""Typed field readers over a PosDict that collect diagnostics instead of stopping at the first one."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from enum import Enum
from typing import Any, TypeVar

from mi_trainer.loading.yaml_reader import PosDict, PosList
from mi_trainer.model import textsafe
from mi_trainer.model.diagnostics import Diagnostic, Severity
from mi_trainer.model.scenario import Pos

E = TypeVar("E", bound=Enum)
_ENUM_CODES = {"Skill": "MI016", "Principle": "MI017", "Talk": "MI018", "DarnCat": "MI018", "StateVar": "MI019"}


def has_control_chars(text: str) -> bool:
    """True when text holds a control or escape character other than newline and tab."""
    return textsafe.control_at(text) >= 0


def _printable(text: str) -> str:
    """Text quoted from a scenario on one line, with control and invisible characters shown as
    escapes (``\\x1b``, ``\\u202e``), never obeyed, and an over-long quote cut short."""
    return textsafe.shorten(textsafe.one_line(text), 400)


class Reader:
    """Collects diagnostics for one file while reading its fields."""

    def __init__(self, file: str, source: str = "") -> None:
        self.file = file
        self.source = source  # the file's text, to point at the exact character of a problem
        self.diagnostics: list[Diagnostic] = []

    def error(self, code: str, message: str, pos: tuple[int, int] | Pos, hint: str = "") -> None:
        self._add(code, Severity.ERROR, message, pos, hint)

    def warn(self, code: str, message: str, pos: tuple[int, int] | Pos, hint: str = "") -> None:
        self._add(code, Severity.WARNING, message, pos, hint)

    def _add(self, code: str, severity: Severity, message: str, pos: tuple[int, int] | Pos, hint: str) -> None:
        line, col = (pos.line, pos.column) if isinstance(pos, Pos) else pos
        message, hint = _printable(message), _printable(hint)  # never echo escape sequences to a terminal
        self.diagnostics.append(Diagnostic(code, severity, message, self.file, line, col, hint))

    # structure -----------------------------------------------------------------------------------
    def mapping(self, value: Any, what: str, pos: tuple[int, int]) -> PosDict | None:
        if isinstance(value, PosDict):
            return value
        self.error("MI012", f"{what} must be a mapping (key: value lines), not {kind_of(value)}", pos)
        return None

    def check_keys(self, data: PosDict, allowed: Iterable[str], required: Iterable[str], what: str) -> None:
        allowed = tuple(allowed)
        for key in data:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f"did you mean '{close[0]}'?" if close else f"allowed here: {', '.join(allowed)}"
                self.error("MI011", f"unknown field '{key}' in {what}", data.key_pos_of(key), hint)
        for key in required:
            if key not in data or data[key] is None:
                self.error("MI010", f"{what} has no '{key}'", (data.line, data.column), f"add '{key}:'")

    # scalars -------------------------------------------------------------------------------------
    def text(
        self,
        data: PosDict,
        key: str,
        what: str,
        *,
        required: bool = True,
        limit: int = textsafe.MAX_LINE,
        name: bool = False,
    ) -> str:
        """A text field, checked: controls (MI015), separators (MI025), length (MI024), and
        invisible characters — an error in a name or id (MI026), a warning in text (MI055)."""
        value = data.get(key)
        pos = data.pos_of(key)
        if value is None:
            return ""  # missing required fields were reported by check_keys
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.error("MI012", f"{what} '{key}' must be text, not {kind_of(value)}", pos, "put the text in quotes")
            return ""
        text = str(value)
        if not text.strip():
            if required:
                self.error("MI014", f"{what} '{key}' is empty", pos, "write the text, or remove the field")
            return ""
        span = data.key_span.get(key)
        at = textsafe.control_at(text)
        if at >= 0:
            self.error(
                "MI015",
                f"{what} '{key}' contains the control character {textsafe.describe(text[at])}",
                self._where(span, text[at], pos),
                "remove it; text is shown literally, never obeyed",
            )
        at = textsafe.separator_at(text)
        if at >= 0 and text[at] != "\r":
            self.error(
                "MI025",
                f"{what} '{key}' contains {textsafe.describe(text[at])}, which some programs take as a line break",
                self._where(span, text[at], pos),
                "use an ordinary line break instead",
            )
        at = textsafe.invisible_at(text)
        if at >= 0:
            where = self._where(span, text[at], pos)
            if name:
                self.error(
                    "MI026",
                    f"{what} '{key}' contains the invisible character {textsafe.describe(text[at])}",
                    where,
                    "remove it; names are shown and compared exactly as written",
                )
            else:
                self.warn(
                    "MI055",
                    f"{what} '{key}' contains the invisible character {textsafe.describe(text[at])}; "
                    "it is shown as an escape",
                    where,
                    "remove it unless the text really needs it",
                )
        stripped = text.strip()
        if name and ("\n" in stripped or "\t" in stripped):
            self.error("MI026", f"{what} '{key}' contains a line break or tab", pos, "write it on one line")
        too_long = len(stripped) > limit
        if too_long or stripped.count("\n") >= textsafe.MAX_TEXT_LINES:
            size = f"{len(stripped):,} characters" if too_long else f"{stripped.count(chr(10)) + 1:,} lines"
            self.error(
                "MI024",
                f"{what} '{key}' is {size} long; the limit is {limit:,} characters and {textsafe.MAX_TEXT_LINES} lines",
                pos,
                "shorten it; a screen shows a few sentences at a time",
            )
            return stripped[:limit]
        return stripped

    def _where(self, span: tuple[int, int] | None, ch: str, fallback: tuple[int, int]) -> tuple[int, int]:
        """Where ``ch`` stands in the file when it is written there literally, else the value's start."""
        if span is None or not self.source:
            return fallback
        at = self.source.find(ch, span[0], span[1])
        if at < 0:
            return fallback
        return self.source.count("\n", 0, at) + 1, at - self.source.rfind("\n", 0, at)

    def integer(self, value: Any, what: str, pos: tuple[int, int], low: int, high: int) -> int | None:
        if isinstance(value, float):
            shown = "not a number" if value != value else f"{value:g}"
            self.error(
                "MI012",
                f"{what} is {shown}; it must be a whole number from {low} to {high}",
                pos,
                f"write a whole number without a decimal point, e.g. {low}",
            )
            return None
        if isinstance(value, str) and value.strip().lstrip("+-").isdigit() and len(value) <= textsafe.MAX_DIGITS:
            self.error(
                "MI012",
                f"{what} is the text '{value}'; it must be a whole number from {low} to {high}",
                pos,
                "remove the quotes around the number",
            )
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.error("MI012", f"{what} must be a whole number from {low} to {high}, not {kind_of(value)}", pos)
            return None
        if not low <= value <= high:
            self.error("MI013", f"{what} is {value}; it must be from {low} to {high}", pos)
            return None
        return value

    def enum(self, enum: type[E], value: Any, what: str, pos: tuple[int, int]) -> E | None:
        code = _ENUM_CODES.get(enum.__name__, "MI021")
        choices = [m.value for m in enum]
        if not isinstance(value, str):
            self.error(code, f"{what} must be one of {', '.join(choices)}; got {kind_of(value)}", pos)
            return None
        try:
            return enum(value)
        except ValueError:
            close = difflib.get_close_matches(value, choices, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"use one of: {', '.join(choices)}"
            self.error(code, f"unknown {what} '{value}'", pos, hint)
            return None

    def enum_list(self, enum: type[E], value: Any, what: str, pos: tuple[int, int]) -> list[tuple[E, tuple[int, int]]]:
        """A single value or a list of values of an enum, each with its position."""
        items = list(zip(value, value.item_pos, strict=True)) if isinstance(value, PosList) else [(value, pos)]
        out = []
        for item, item_pos in items:
            member = self.enum(enum, item, what, item_pos)
            if member is not None:
                out.append((member, item_pos))
        return out

    def scale(
        self, enum: type[E], value: Any, what: str, pos: tuple[int, int], low: int, high: int
    ) -> list[tuple[E, int]]:
        """A mapping of enum name → integer in range, e.g. ``{empathy: 2}``."""
        data = self.mapping(value, what, pos)
        if data is None:
            return []
        out: list[tuple[E, int]] = []
        for key, raw in data.items():
            member = self.enum(enum, key, f"{what} name", data.pos_of(key))
            number = self.integer(raw, f"{what} '{key}'", data.pos_of(key), low, high)
            if member is not None and number is not None:
                out.append((member, number))
        return out


_ID = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,79}$")


def valid_id(value: str) -> bool:
    return bool(_ID.match(value))


def kind_of(value: Any) -> str:
    """How a YAML value is named in a diagnostic: 'text', 'a number', 'a list' …."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return "a number"
    return "text"
