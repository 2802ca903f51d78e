"""The two history backends behind one small interface: a transaction that runs SQL written once with `?`."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol, TypeVar

T = TypeVar("T")

Row = Mapping[str, Any]


class Tx(Protocol):
    """An open transaction. SQL uses `?` placeholders and the portable subset both databases speak."""

    dialect: str  # "sqlite" or "postgresql"

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]: ...
    def one(self, sql: str, params: Sequence[Any] = ()) -> Row | None: ...
    def run(self, sql: str, params: Sequence[Any] = ()) -> int: ...  # returns the row count


class Backend(Protocol):
    """An open history database."""

    dialect: str
    display: str  # where it is, for messages (no password)
    notice: str  # news for the user from opening it (e.g. a damaged file was moved aside)

    def transaction(self, body: Callable[[Tx], T], *, write: bool) -> T: ...
    def close(self) -> None: ...


def for_update(tx: Tx) -> str:
    """The row-lock suffix for a read-then-write (SQLite's BEGIN IMMEDIATE already serialises writers)."""
    return " FOR UPDATE" if tx.dialect == "postgresql" else ""
