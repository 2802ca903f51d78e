"""A scenario's fingerprint: a hash of its compiled content, blind to comments, formatting and line numbers."""

from __future__ import annotations

import dataclasses
import hashlib
from enum import Enum
from typing import Any

from mi_trainer.model.scenario import Pos, Response, Scenario

#: Prefix of a content fingerprint; a digest without it is the legacy one (see legacy_digest).
PREFIX = "c1:"
_SKIP = frozenset({"source"})
#: fields read from a YAML mapping (``principles: {empathy: 2}``), whose key order means nothing
_UNORDERED = frozenset({"principles", "effect"})
_cache: dict[int, tuple[Scenario, str]] = {}
_MISSING = object()
#: per dataclass: (name, default or _MISSING, unordered) for each field that counts, sorted by name
_FIELDS: dict[type, tuple[tuple[str, object, bool], ...]] = {}


def _fields(cls: type) -> tuple[tuple[str, object, bool], ...]:
    found = _FIELDS.get(cls)
    if found is None:
        rows = []
        for f in dataclasses.fields(cls):
            if f.name in _SKIP:
                continue
            default = f.default if f.default is not dataclasses.MISSING else _MISSING
            rows.append((f.name, default, f.name in _UNORDERED))
        found = _FIELDS[cls] = tuple(sorted(rows, key=lambda r: r[0]))
    return found


def canonical(value: Any) -> Any:
    """The scenario's content as nested tuples of text and numbers: positions and the source path left out,
    enums as their values, a dataclass as its (field, value) pairs by name — a field still at its default is
    left out, so a field added to the model later does not change existing fingerprints — nodes ordered by
    id and mapping-valued fields by key (their order in the file does not change the conversation)."""
    kind = type(value)
    if kind is str or kind is int or value is None:
        return value
    if isinstance(value, str):  # a StrEnum member: its text is its value (and slicing it is much faster)
        return value[:]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, tuple | list):
        return tuple(canonical(v) for v in value)
    if isinstance(value, dict):
        return tuple((str(k), canonical(v)) for k, v in sorted(value.items()))
    if kind is Response:
        return _response(value)
    if isinstance(value, Pos):
        return None
    out = []
    for name, default, unordered in _fields(type(value)):
        item = getattr(value, name)
        if isinstance(item, Pos) or (default is not _MISSING and item == default):
            continue
        out.append((name, tuple(sorted(canonical(item))) if unordered else canonical(item)))
    return tuple(out)


def _response(r: Response) -> tuple[tuple[str, Any], ...]:
    """canonical() of a Response, written out: responses are most of a scenario, and this is ~3x faster.
    tests/test_resume_anywhere.py checks it gives exactly what the general walk gives."""
    out: tuple[tuple[str, Any], ...] = (
        ("codes", tuple(c[:] for c in r.codes)),
        ("effect", tuple(sorted((v[:], n) for v, n in r.effect))),
        ("feedback", r.feedback),
        ("index", r.index),
        ("next", r.next if type(r.next) is str else canonical(r.next)),
        ("principles", tuple(sorted((p[:], n) for p, n in r.principles))),
        ("say", r.say),
        ("skills", tuple(k[:] for k in r.skills)),
    )
    return out if r.trap is None else (*out, ("trap", r.trap[:]))


def general(value: Any) -> Any:
    """canonical() without the Response shortcut (for the test that keeps the two equal)."""
    if type(value) is Response:
        return tuple(
            (name, tuple(sorted(general(getattr(value, name)))) if unordered else general(getattr(value, name)))
            for name, default, unordered in _fields(Response)
            if not isinstance(getattr(value, name), Pos)
            and not (default is not _MISSING and getattr(value, name) == default)
        )
    return canonical(value)


def fingerprint(scenario: Scenario) -> str:
    """``c1:`` and 32 hex digits of SHA-256 over the canonical content. Rewording a line, changing a score
    or a link changes it; comments, quoting and folding style, indentation, the order of nodes or of
    mapping keys, and moved lines do not."""
    hit = _cache.get(id(scenario))
    if hit is not None and hit[0] is scenario:
        return hit[1]
    text = repr(canonical(scenario))
    digest = PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
    if len(_cache) >= 64:
        _cache.clear()
    _cache[id(scenario)] = (scenario, digest)
    return digest


def legacy_digest(scenario: Scenario) -> str:
    """The digest mi-trainer 0.x saved with a session: the scenario's repr, line positions included. Still
    accepted when resuming, so a session saved before the fingerprint resumes if its file is unchanged."""
    return hashlib.sha256(repr(dataclasses.replace(scenario, source="")).encode("utf-8")).hexdigest()[:16]


def matches(saved: str, scenario: Scenario) -> bool:
    """Whether a saved digest (either kind) is this scenario's."""
    if saved.startswith(PREFIX):
        return saved == fingerprint(scenario)
    return saved == legacy_digest(scenario)
