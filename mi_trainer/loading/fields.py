"""Typed field readers over a PosDict that collect diagnostics instead of stopping at the first one."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from enum import Enum
from typing import Any, TypeVar

from mi_trainer.loading.yaml_reader import PosDict, PosList
from mi_trainer.model.diagnostics import Diagnostic, Severity
from mi_trainer.model.scenario import Pos

E = TypeVar("E", bound=Enum)
_ENUM_CODES = {"Skill": "MI016", "Principle": "MI017", "Talk": "MI018", "DarnCat": "MI018", "StateVar": "MI019"}


#: Unicode category Cc (C0 and C1 controls, DEL) except tab and newline.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def has_control_chars(text: str) -> bool:
    """True when text holds a control or escape character other than newline and tab."""
    return _CONTROL.search(text) is not None


_ANY_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def _printable(text: str) -> str:
    """Text quoted from a scenario with control characters shown as escapes (``\\x1b``), not obeyed."""
    return _ANY_CONTROL.sub(lambda m: ascii(m.group())[1:-1], text)


class Reader:
    """Collects diagnostics for one file while reading its fields."""

    def __init__(self, file: str) -> None:
        self.file = file
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
        self.error("MI012", f"{what} must be a mapping (key: value lines), not {_kind(value)}", pos)
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
    def text(self, data: PosDict, key: str, what: str, *, required: bool = True) -> str:
        value = data.get(key)
        pos = data.pos_of(key)
        if value is None:
            return ""  # missing required fields were reported by check_keys
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.error("MI012", f"{what} '{key}' must be text, not {_kind(value)}", pos, "put the text in quotes")
            return ""
        text = str(value)
        if not text.strip():
            if required:
                self.error("MI014", f"{what} '{key}' is empty", pos, "write the text, or remove the field")
            return ""
        if has_control_chars(text):
            self.error(
                "MI015",
                f"{what} '{key}' contains control or escape characters",
                pos,
                "remove them; text is shown literally",
            )
        return text.strip()

    def integer(self, value: Any, what: str, pos: tuple[int, int], low: int, high: int) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.error("MI012", f"{what} must be a whole number from {low} to {high}, not {_kind(value)}", pos)
            return None
        if not low <= value <= high:
            self.error("MI013", f"{what} is {value}; it must be from {low} to {high}", pos)
            return None
        return value

    def enum(self, enum: type[E], value: Any, what: str, pos: tuple[int, int]) -> E | None:
        code = _ENUM_CODES.get(enum.__name__, "MI021")
        choices = [m.value for m in enum]
        if not isinstance(value, str):
            self.error(code, f"{what} must be one of {', '.join(choices)}; got {_kind(value)}", pos)
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


def _kind(value: Any) -> str:
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
