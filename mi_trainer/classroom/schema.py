"""JSON Schema for assignment files (for editors), built from the loader's own fields and limits."""

from __future__ import annotations

from typing import Any

from mi_trainer.classroom.assignments import FIELDS, MAX_ATTEMPTS, MAX_SCENARIOS, MAX_TITLE, REQUIRED
from mi_trainer.engine.session import Feedback, Mode

ID_PATTERN = "^[A-Za-z0-9_][A-Za-z0-9_.-]{0,79}$"


def assignment_schema() -> dict[str, Any]:
    properties: dict[str, Any] = {
        "id": {
            "type": "string",
            "pattern": ID_PATTERN,
            "description": "Recorded with every session of the assignment (default: the file name without .yaml).",
        },
        "title": {"type": "string", "minLength": 1, "maxLength": MAX_TITLE, "description": "What students see."},
        "scenarios": {
            "type": "array",
            "items": {"type": "string", "pattern": ID_PATTERN},
            "minItems": 1,
            "maxItems": MAX_SCENARIOS,
            "uniqueItems": True,
            "description": "Scenario ids from the library or a pack ('mi-trainer list' shows them).",
        },
        "mode": {
            "enum": [m.value for m in Mode],
            "default": Mode.ASSESSMENT.value,
            "description": "assessment: no hint, take-back or better option until the report.",
        },
        "attempts": {
            "type": "integer",
            "minimum": 1,
            "maximum": MAX_ATTEMPTS,
            "default": 1,
            "description": "How many times each student may play each scenario.",
        },
        "feedback": {
            "enum": [f.value for f in Feedback],
            "default": Feedback.END.value,
            "description": "end: nothing about better options until the report; turn: after every answer.",
        },
        "hints": {"type": "boolean", "default": False, "description": "Practice mode only."},
        "retries": {"type": "boolean", "default": False, "description": "Take-backs; practice mode only."},
        "roster": {
            "type": "string",
            "description": "A CSV of student IDs and names, relative to this file; only listed students may play.",
        },
        "instructions": {"type": "string", "maxLength": 2000, "description": "Shown in the briefing."},
    }
    assert tuple(properties) == FIELDS
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://github.com/mi-trainer/mi-trainer/docs/assignment.schema.json",
        "title": "mi-trainer assignment",
        "type": "object",
        "additionalProperties": False,
        "required": list(REQUIRED),
        "properties": properties,
        "allOf": [
            {
                "if": {"properties": {"mode": {"const": "assessment"}}},
                "then": {
                    "properties": {
                        "feedback": {"const": "end"},
                        "hints": {"const": False},
                        "retries": {"const": False},
                    }
                },
            },
            {
                "if": {"not": {"required": ["mode"]}},
                "then": {
                    "properties": {
                        "feedback": {"const": "end"},
                        "hints": {"const": False},
                        "retries": {"const": False},
                    }
                },
            },
        ],
    }
