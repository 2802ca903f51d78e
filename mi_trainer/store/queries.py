"""SQL text for the session listings, built from optional filters (values always bound, never inlined)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from mi_trainer.errors import StoreError
from mi_trainer.store.rows import SESSION_SELECT, SUMMARY_COLUMNS, to_text
from mi_trainer.store.schema import STATUSES


def session_query(
    *,
    since: datetime | None,
    status: str | None,
    scenario_id: str | None,
    newest_first: bool,
    limit: int | None = None,
) -> tuple[str, list[Any]]:
    """SELECT for sessions started at/after `since` (naive = local time) with the given status and scenario."""
    if status is not None and status not in STATUSES:
        raise StoreError(f"Unknown session status {status!r} (expected one of {', '.join(STATUSES)}).")
    clauses: list[str] = []
    params: list[Any] = []
    for clause, value in (
        ("s.started_at >= ?", None if since is None else to_text(since)),
        ("s.status = ?", status),
        ("s.scenario_id = ?", scenario_id),
    ):
        if value is not None:
            clauses.append(clause)
            params.append(value)
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    order = " DESC" if newest_first else ""
    sql = f"{SESSION_SELECT}{where} ORDER BY s.started_at{order}, s.rowid{order}"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return sql, params


def summary_query(
    dialect: str, *, offset: int, limit: int | None, status: str | None, hide_empty: bool, count: bool = False
) -> tuple[str, list[Any]]:
    """A page of light session rows, newest first (or with `count`, how many there are); `hide_empty`
    leaves out sessions never answered."""
    if status is not None and status not in STATUSES:
        raise StoreError(f"Unknown session status {status!r} (expected one of {', '.join(STATUSES)}).")
    columns = ", ".join(f"s.{c}" for c in SUMMARY_COLUMNS)
    select = f"SELECT {columns}, (SELECT count(*) FROM turns t WHERE t.session_id = s.id) AS turn_count"
    sql = "SELECT count(*) AS n" if count else select
    sql += " FROM sessions s"
    clauses: list[str] = []
    params: list[Any] = []
    if status is not None:
        clauses.append("s.status = ?")
        params.append(status)
    if hide_empty:
        clauses.append("(s.status = 'ended' OR EXISTS (SELECT 1 FROM turns t WHERE t.session_id = s.id))")
    if clauses:
        sql += f" WHERE {' AND '.join(clauses)}"
    if count:
        return sql, params
    # (started_at, id) order lets SQLite read the listing from the covering index sessions_listing alone
    sql += " ORDER BY s.started_at DESC, s.id DESC"
    if limit is not None or offset:
        sql += " LIMIT ? OFFSET ?"
        params += [max(limit, 0) if limit is not None else 2**62, max(offset, 0)]
    return sql, params
