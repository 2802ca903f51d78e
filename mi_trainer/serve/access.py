"""Who may start a session: the access code (constant-time), a signed ticket cookie, and a cleaned trainee name."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import importlib
import json
import re
import secrets
import time
import unicodedata
from collections import deque
from dataclasses import dataclass
from typing import Any

from mi_trainer.errors import MiTrainerError
from mi_trainer.serve.settings import ServeSettings

COOKIE = "mi_trainer_ticket"
TICKET_HOURS = 12
MAX_NAME = 60
_SPACES = re.compile(r"\s+")


_textsafe: Any = None
with contextlib.suppress(ImportError):  # the project-wide cleaner (branch sec); else the small one below
    _textsafe = importlib.import_module("mi_trainer.model.textsafe")


def clean_name(text: str) -> str:
    """A name as typed, safe to show and store: no control, format (bidi) or escape characters, one line, bounded."""
    if _textsafe is not None:
        return str(_textsafe.clean_name(text, MAX_NAME))
    kept = "".join(ch for ch in unicodedata.normalize("NFC", text) if not unicodedata.category(ch).startswith("C"))
    return _SPACES.sub(" ", kept).strip()[:MAX_NAME].strip()


def code_matches(typed: str, code: str) -> bool:
    """Constant-time comparison of what a trainee typed with the class's access code."""
    return hmac.compare_digest(typed.strip().encode("utf-8"), code.encode("utf-8"))


@dataclass(frozen=True, slots=True)
class Ticket:
    """What the signed cookie vouches for: this browser passed the access page as this trainee."""

    trainee: str
    issued: float


class Tickets:
    """Signs and checks ticket cookies with a secret that lives only as long as this server process."""

    def __init__(self, secret: bytes | None = None, hours: float = TICKET_HOURS) -> None:
        self._secret = secret or secrets.token_bytes(32)
        self._ttl = hours * 3600

    def issue(self, trainee: str) -> str:
        body = json.dumps({"n": trainee, "t": round(time.time()), "r": secrets.token_hex(8)}, ensure_ascii=True)
        payload = base64.urlsafe_b64encode(body.encode()).decode().rstrip("=")
        return f"{payload}.{self._sign(payload)}"

    def check(self, value: str | None) -> Ticket | None:
        if not value or value.count(".") != 1 or len(value) > 1024:
            return None
        payload, signature = value.split(".")
        if not hmac.compare_digest(signature, self._sign(payload)):
            return None
        try:
            data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
            trainee, issued = str(data["n"]), float(data["t"])
        except (ValueError, KeyError, TypeError):
            return None
        if not -60 <= time.time() - issued <= self._ttl or clean_name(trainee) != trainee or not trainee:
            return None
        return Ticket(trainee, issued)

    def _sign(self, payload: str) -> str:
        return hmac.new(self._secret, payload.encode(), hashlib.sha256).hexdigest()


def identify(typed: str, settings: ServeSettings) -> str | None:
    """The name a trainee's sessions are recorded under: with a class list, the student ID (None: not on it)."""
    task = settings.assignment_obj
    if task is not None and hasattr(task, "trainee_for"):  # the classroom layer's own rule, so play agrees
        try:
            return clean_name(str(task.trainee_for(typed))) or None
        except MiTrainerError:
            return None
    if settings.roster:
        return match_roster(typed, settings.roster)
    return typed


def match_roster(typed: str, roster: tuple[tuple[str, str], ...]) -> str | None:
    """The student ID this entry names (an ID, or a name that only one student has); None when not on the list."""
    key = typed.casefold()
    for student_id, _name in roster:
        if student_id.strip().casefold() == key:
            return student_id.strip()
    by_name = [sid for sid, name in roster if clean_name(name).casefold() == key]
    return by_name[0].strip() if len(by_name) == 1 else None


class Attempts:
    """Wrong codes per client address: after `limit` in `window` seconds that address waits (slows guessing)."""

    def __init__(self, limit: int = 10, window: float = 600.0) -> None:
        self.limit, self.window = limit, window
        self._seen: dict[str, deque[float]] = {}

    def blocked(self, who: str) -> bool:
        q = self._seen.get(who)
        if q is None:
            return False
        now = time.monotonic()
        while q and now - q[0] > self.window:
            q.popleft()
        return len(q) >= self.limit

    def failed(self, who: str) -> None:
        if len(self._seen) > 10_000:  # bounded: forget the oldest addresses first
            self._seen.pop(next(iter(self._seen)))
        self._seen.setdefault(who, deque()).append(time.monotonic())
