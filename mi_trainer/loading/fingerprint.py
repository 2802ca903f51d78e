"""A scenario's fingerprint: a hash of its compiled content, blind to comments, formatting and line numbers."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from enum import Enum
from typing import Any

from mi_trainer.model.scenario import Pos, Scenario

#: Prefix of a content fingerprint; a digest without it is the legacy one (see legacy_digest).
PREFIX = "c1:"
_SKIP = frozenset({"source"})
#: fields read from a YAML mapping (``principles: {empathy: 2}``), whose key order means nothing
_UNORDERED = frozenset({"principles", "effect"})
_cache: dict[int, tuple[Scenario, str]] = {}


_FIELDS: dict[type, tuple[tuple[str, bool], ...]] = {}


def _fields(cls: type) -> tuple[tuple[str, bool], ...]:
    """(name, unordered) for each field of a dataclass that counts towards the fingerprint (cached)."""
    found = _FIELDS.get(cls)
    if found is None:
        found = tuple((f.name, f.name in _UNORDERED) for f in dataclasses.fields(cls) if f.name not in _SKIP)
        _FIELDS[cls] = found
    return found


def canonical(value: Any) -> Any:
    """The scenario's content as plain JSON data: positions and the source path left out, enums as their
    values, nodes ordered by id and mapping-valued fields by key (their order in the file does not change
    the conversation)."""
    if value is None or isinstance(value, (str, int, float)):
        return value.value if isinstance(value, Enum) else value
    if isinstance(value, Pos):
        return None
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (tuple, list)):
        return [canonical(v) for v in value]
    if isinstance(value, dict):
        return {str(k): canonical(v) for k, v in sorted(value.items())}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {}
        for name, unordered in _fields(type(value)):
            item = getattr(value, name)
            if isinstance(item, Pos):
                continue
            out[name] = sorted(canonical(item)) if unordered else canonical(item)
        return out
    return value


def fingerprint(scenario: Scenario) -> str:
    """``c1:`` and 32 hex digits of SHA-256 over the canonical content. Rewording a line, changing a score
    or a link changes it; comments, quoting and folding style, indentation, the order of nodes or of
    mapping keys, and moved lines do not."""
    hit = _cache.get(id(scenario))
    if hit is not None and hit[0] is scenario:
        return hit[1]
    text = json.dumps(canonical(scenario), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
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
