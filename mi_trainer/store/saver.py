"""Saving one live session: writes go to the store in order; while the history is unreachable (locked by
another program, or the database server gone) they are held and retried, and a write that can never succeed
(a full disk, a read-only file) turns the session into an unsaved one that still plays on."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Final

from mi_trainer.errors import StoreError, StoreUnavailableError

SAVED: Final = "saved"
SAVING: Final = "saving"  # writes are held, retried in the background
UNSAVED: Final = "unsaved"  # given up: the session goes on, nothing more is written


class Saver:
    """Ordered writes for one session. `state` is SAVED, SAVING or UNSAVED and `note` says why in one line."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self.state = SAVED if store is not None else UNSAVED
        self.note = "" if store is not None else "The history is not available, so this session is not being saved."
        self.held: list[tuple[Callable[..., Any], tuple[Any, ...]]] = []
        self.failed = False  # True once saving was given up after a failure (not merely: no store at all)
        self._lock = threading.Lock()

    @property
    def pending(self) -> int:
        return len(self.held)

    def write(self, call: Callable[..., Any], *args: Any) -> Any:
        """Run ``call(store, *args)`` now if nothing is held; else hold it behind the others. Returns the
        call's result when it ran (None when held or unsaved)."""
        if self.state == UNSAVED:
            return None
        self.held.append((call, args))
        return self.flush(wait=False)

    def flush(self, *, wait: bool = True) -> Any:
        """Try the held writes in order; stop at the first that cannot be made yet. With wait=False a flush
        already running in another thread is not waited for (the write stays held, in order)."""
        if not self._lock.acquire(blocking=wait):
            return None
        try:
            result = None
            while self.held and self.state != UNSAVED:
                call, args = self.held[0]
                try:
                    result = call(self.store, *args)
                except StoreUnavailableError as exc:
                    self.state = SAVING
                    self.note = (
                        f"Saving… the history cannot be reached just now ({exc.reason}). Your answers are kept "
                        "and saved as soon as it is back."
                    )
                    return None
                except StoreError as exc:
                    self.give_up(f"This session is not being saved any more: {exc} You can keep practising.")
                    return None
                self.held.pop(0)
            if self.state == SAVING:
                self.state, self.note = SAVED, ""
            return result
        finally:
            self._lock.release()

    def give_up(self, note: str) -> None:
        """Stop saving this session (held writes are dropped); `note` tells the user."""
        self.state, self.note, self.failed = UNSAVED, note, True
        self.held.clear()
