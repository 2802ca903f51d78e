"""Session leases: one live copy of a session at a time, renewed in the background while it is on screen."""

from __future__ import annotations

import os
import socket
import threading
import uuid
from contextlib import suppress
from datetime import datetime
from types import TracebackType
from typing import Protocol

from mi_trainer.errors import MiTrainerError

DEFAULT_TTL = 30.0


class LeaseStore(Protocol):
    """The part of the Store a LeaseKeeper uses."""

    def acquire_lease(self, session_id: str, owner: str, ttl: float = DEFAULT_TTL) -> None: ...
    def renew_lease(self, session_id: str, owner: str, ttl: float = DEFAULT_TTL) -> None: ...
    def release_lease(self, session_id: str, owner: str) -> None: ...


def new_owner() -> str:
    """A lease owner id unique to this holder: host:pid:uuid."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex}"


def _owner_is_dead(owner: str) -> bool:
    """True when `owner` names a process on this machine that no longer runs (its lease can be taken at once)."""
    host, _, rest = owner.partition(":")
    pid_text, _, _ = rest.partition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # exists but belongs to someone else
        return False
    return False


def lease_blocks(holder: str | None, until: datetime | None, owner: str, now: datetime) -> bool:
    """Does the current lease (holder, until) stop `owner` from taking the session at `now`?"""
    if holder is None or holder == owner or until is None or until <= now:
        return False
    return not _owner_is_dead(holder)


def in_use_message(session_id: str, holder: str | None) -> str:
    """The one line a user sees when a session is live somewhere else."""
    host = (holder or "").partition(":")[0]
    where = "in another window or tab" if host in ("", socket.gethostname()) else f"on {host}"
    return (
        f"Session {session_id[:8]} is open {where} right now. Carry on there, or close it there and try "
        "again (a copy that stopped without closing frees the session within a minute)."
    )


class LeaseKeeper:
    """Holds a session's lease while in use: acquires on enter, renews every ttl/3 in a daemon thread,
    releases on exit. `lost` is set (and `problem` explains) if a renewal failed."""

    def __init__(self, store: LeaseStore, session_id: str, ttl: float = DEFAULT_TTL) -> None:
        self.store = store
        self.session_id = session_id
        self.ttl = ttl
        self.owner = new_owner()
        self.problem = ""
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def lost(self) -> bool:
        return bool(self.problem)

    def __enter__(self) -> LeaseKeeper:
        self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.release()

    def acquire(self) -> None:
        """Take the lease (SessionInUseError if live elsewhere) and start renewing it."""
        self.store.acquire_lease(self.session_id, self.owner, self.ttl)
        self._stop.clear()
        self._thread = threading.Thread(target=self._renew_loop, name=f"lease-{self.session_id[:8]}", daemon=True)
        self._thread.start()

    def _renew_loop(self) -> None:
        while not self._stop.wait(self.ttl / 3):
            try:
                self.store.renew_lease(self.session_id, self.owner, self.ttl)
            except MiTrainerError as exc:
                self.problem = str(exc)
            else:
                self.problem = ""

    def release(self) -> None:
        """Stop renewing and give the lease up (quietly if the store is gone)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
            with suppress(MiTrainerError):  # a store that is gone: the lease expires on its own
                self.store.release_lease(self.session_id, self.owner)
