"""JSON Schema for scenario files, generated from the compiler's own field tables and vocabulary."""

from __future__ import annotations

from enum import Enum
from typing import Any

from mi_trainer.loading import compile as c
from mi_trainer.loading.conditions import STATE_NAMES
from mi_trainer.model.textsafe import MAX_ID, MAX_LINE, MAX_NAME, MAX_TEXT, MAX_TITLE
from mi_trainer.model.vocab import (
    EFFECT_MAX,
    EFFECT_MIN,
    PRINCIPLE_MAX,
    PRINCIPLE_MIN,
    STATE_MAX,
    STATE_MIN,
    Audience,
    DarnCat,
    Miti,
    Principle,
    Skill,
    Stage,
    StateVar,
    Talk,
    Trap,
    Valence,
)


def _enum(e: type[Enum]) -> dict[str, Any]:
    return {"enum": [m.value for m in e]}


def _text(limit: int = MAX_LINE) -> dict[str, Any]:
    return {"type": "string", "minLength": 1, "maxLength": limit}


def _scale(keys: type[Enum], low: int, high: int) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {m.value: {"type": "integer", "minimum": low, "maximum": high} for m in keys},
    }


def _obj(fields: tuple[str, ...], required: tuple[str, ...], props: dict[str, Any]) -> dict[str, Any]:
    assert set(props) == set(fields), "schema and compiler field tables drifted"
    return {"type": "object", "additionalProperties": False, "required": list(required), "properties": props}


def json_schema() -> dict[str, Any]:
    condition = {"type": "string", "pattern": r"^\s*(" + "|".join(STATE_NAMES) + r")\s*(<=|>=|==|!=|<|>)\s*\d+"}
    skills = {"oneOf": [_enum(Skill), {"type": "array", "items": _enum(Skill), "minItems": 1}]}
    target = {
        "oneOf": [
            {"type": "string"},
            {
                "type": "object",
                "additionalProperties": False,
                "required": ["if", "then", "else"],
                "properties": {"if": condition, "then": {"$ref": "#/$defs/target"}, "else": {"$ref": "#/$defs/target"}},
            },
        ]
    }
    response = _obj(
        c.RESPONSE_FIELDS,
        c.RESPONSE_REQUIRED,
        {
            "say": _text(),
            "skill": skills,
            "feedback": _text(),
            "next": {"$ref": "#/$defs/target"},
            "miti": {"oneOf": [_enum(Miti), {"type": "array", "items": _enum(Miti)}]},
            "trap": _enum(Trap),
            "principles": _scale(Principle, PRINCIPLE_MIN, PRINCIPLE_MAX),
            "effect": _scale(StateVar, EFFECT_MIN, EFFECT_MAX),
        },
    )
    node = _obj(
        c.NODE_FIELDS,
        ("says", "talk"),
        {
            "says": _text(),
            "talk": _enum(Talk),
            "subtype": _enum(DarnCat),
            "variants": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["if", "says"],
                    "properties": {"if": condition, "says": _text()},
                },
            },
            "responses": {"type": "array", "items": response, "minItems": 1, "maxItems": c.MAX_RESPONSES},
            "ending": _obj(c.ENDING_FIELDS, c.ENDING_FIELDS, {"outcome": _text(), "valence": _enum(Valence)}),
        },
    )
    client = _obj(
        c.CLIENT_FIELDS,
        ("name", "stage"),
        {
            "name": _text(MAX_NAME),
            "age": {"type": "integer", "minimum": 10, "maximum": 110},
            "stage": _enum(Stage),
            "substance": _text(MAX_TITLE),
            "background": _text(MAX_TEXT),
            "values": {"type": "array", "items": _text()},
            "state": _scale(StateVar, STATE_MIN, STATE_MAX),
        },
    )
    top = _obj(
        c.TOP_FIELDS,
        c.TOP_REQUIRED,
        {
            "id": {"type": "string", "pattern": r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,79}$"},
            "title": _text(MAX_TITLE),
            "audience": _enum(Audience),
            "setting": _text(MAX_TEXT),
            "difficulty": {"type": "integer", "minimum": 1, "maximum": 3},
            "summary": _text(MAX_TEXT),
            "you": _text(MAX_TEXT),
            "goals": {"type": "array", "items": _enum(Skill)},
            "client": client,
            "start": {"type": "string", "maxLength": MAX_ID},
            "nodes": {"type": "object", "additionalProperties": node, "minProperties": 1},
        },
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://github.com/mi-trainer/mi-trainer/docs/scenario.schema.json",
        "title": "mi-trainer scenario",
        "description": "One Motivational Interviewing practice scenario (docs/scenario-format.md).",
        **top,
        "$defs": {"target": target},
    }
