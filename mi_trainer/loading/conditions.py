"""Parse conditions on the client's state, e.g. ``discord >= 7 and importance < 4``."""

from __future__ import annotations

import re

from mi_trainer.model.scenario import Comparison
from mi_trainer.model.vocab import STATE_MAX, STATE_MIN, StateVar

_COMPARISON = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(<=|>=|==|!=|<|>)\s*(-?\d{1,3})\s*$")
OPERATORS = ("<", "<=", ">", ">=", "==", "!=")
STATE_NAMES = tuple(v.value for v in StateVar)


class ConditionError(ValueError):
    """A condition that cannot be parsed; ``code`` is the diagnostic code to report."""

    def __init__(self, code: str, message: str, hint: str) -> None:
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint


def parse_condition(text: object) -> tuple[Comparison, ...]:
    """``"discord >= 7 and importance < 4"`` → comparisons that must all hold."""
    if not isinstance(text, str) or not text.strip():
        raise ConditionError("MI020", 'a condition must be text like "discord >= 7"', "quote the condition")
    out = []
    # normalise whitespace first: splitting on r"\s+and\s+" is quadratic in a long run of spaces
    for part in " ".join(text.split()).split(" and "):
        m = _COMPARISON.match(part)
        if not m:
            raise ConditionError(
                "MI020",
                f"cannot read the condition {part.strip()!r}",
                "write VARIABLE OP NUMBER, e.g. \"discord >= 7\"; join several with 'and'",
            )
        name, op, number = m.group(1), m.group(2), int(m.group(3))
        if name not in STATE_NAMES:
            raise ConditionError("MI019", f"unknown state variable '{name}'", f"use one of: {', '.join(STATE_NAMES)}")
        if not STATE_MIN <= number <= STATE_MAX:
            raise ConditionError(
                "MI013", f"{number} is outside the state scale", f"state values run from {STATE_MIN} to {STATE_MAX}"
            )
        out.append(Comparison(StateVar(name), op, number))
    return tuple(out)
