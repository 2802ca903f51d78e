"""The Store's session leases (one live copy of a session anywhere), as a mixin over its transactions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from mi_trainer.errors import SessionInUseError, StoreError
from mi_trainer.store.backend import Tx, for_update
from mi_trainer.store.lease import in_use_message, lease_blocks
from mi_trainer.store.rows import from_text, to_text


class LeaseMethods:
    """acquire_lease / renew_lease / release_lease; the Store provides _run and _leases."""

    _leases: dict[str, str]
    _run: Callable[..., Any]  # Store._run: one transaction

    def acquire_lease(self, session_id: str, owner: str, ttl: float = 30.0) -> None:
        """Take (or renew) the session's lease for `ttl` seconds; SessionInUseError if another owner holds it."""

        def body(tx: Tx) -> None:
            row = tx.one(f"SELECT lease_owner, lease_until FROM sessions WHERE id = ?{for_update(tx)}", (session_id,))
            if row is None:
                raise StoreError(f"No session {session_id!r} in the history.")
            now = datetime.now(UTC)
            if lease_blocks(row["lease_owner"], from_text(row["lease_until"]), owner, now):
                raise SessionInUseError(in_use_message(session_id, row["lease_owner"]))
            until = to_text(now + timedelta(seconds=ttl))
            tx.run("UPDATE sessions SET lease_owner = ?, lease_until = ? WHERE id = ?", (owner, until, session_id))

        self._run(body, write=True)
        self._leases[session_id] = owner

    def renew_lease(self, session_id: str, owner: str, ttl: float = 30.0) -> None:
        """Extend a lease this owner holds (or retake a free or expired one); SessionInUseError if taken."""
        self.acquire_lease(session_id, owner, ttl)

    def release_lease(self, session_id: str, owner: str) -> None:
        """Give up the lease if this owner holds it (no-op otherwise)."""
        self._run(
            lambda tx: tx.run(
                "UPDATE sessions SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?",
                (session_id, owner),
            ),
            write=True,
        )
        if self._leases.get(session_id) == owner:
            del self._leases[session_id]
