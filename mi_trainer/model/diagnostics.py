"""Diagnostics: every problem found in a scenario file, with a stable code, severity and position."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from mi_trainer.model.textsafe import one_line


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


#: Every code the loader and validator emit, with its one-line title (documented in docs/diagnostics.md).
CODES: dict[str, str] = {
    # reading the file
    "MI001": "file too large",
    "MI002": "file is not readable UTF-8 text",
    "MI003": "YAML syntax error",
    "MI004": "top level is not a mapping",
    "MI005": "unsupported YAML tag",
    "MI006": "anchors and aliases are not supported",
    "MI007": "nesting too deep",
    "MI008": "duplicate key",
    "MI009": "empty file",
    # the schema
    "MI010": "missing required field",
    "MI011": "unknown field",
    "MI012": "wrong type",
    "MI013": "value out of range",
    "MI014": "empty text",
    "MI015": "control characters in text",
    "MI016": "unknown skill",
    "MI017": "unknown principle",
    "MI018": "unknown talk type or subtype",
    "MI019": "unknown state variable",
    "MI020": "invalid condition",
    "MI021": "unknown value",
    "MI022": "invalid id",
    # hostile or oversized input
    "MI023": "number too long",
    "MI024": "text too long",
    "MI025": "line or paragraph separator",
    "MI026": "invisible or control character in a name",
    "MI027": "several YAML documents",
    "MI028": "merge key",
    # the dialogue graph
    "MI030": "duplicate node id",
    "MI031": "missing or unknown start node",
    "MI032": "next points to a node that does not exist",
    "MI033": "node cannot be reached from the start",
    "MI034": "client turn without responses",
    "MI035": "ending with responses",
    "MI036": "node can never reach an ending",
    # teaching warnings
    "MI050": "client turn with no MI-consistent response",
    "MI051": "client turn with no tempting trap",
    "MI052": "all endings have the same valence",
    "MI053": "goal skill never offered",
    "MI054": "code does not match skill",
    # warnings about hostile input
    "MI055": "invisible character in text",
    "MI060": "reflection that ends with a question mark",
    "MI061": "open question that can be answered yes or no",
    "MI062": "closed question that asks an open question",
    "MI063": "a loop without end",
    "MI064": "a trap on the strongest route",
}


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem: ``file:line:col: CODE severity: message — hint``."""

    code: str
    severity: Severity
    message: str
    file: str = ""
    line: int = 0
    column: int = 0
    hint: str = ""

    def format(self) -> str:
        where = one_line(self.file) if self.file else "<scenario>"
        if self.line:
            where += f":{self.line}:{self.column or 1}"
        text = f"{where}: {self.code} {self.severity.value}: {self.message}"
        if self.hint:
            text += f" — {self.hint}"
        return text

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "hint": self.hint,
        }


def has_errors(diagnostics: list[Diagnostic] | tuple[Diagnostic, ...]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)
