"""History of practice sessions and turns in SQLite (the default) or PostgreSQL, one transaction per write."""

from __future__ import annotations

from mi_trainer.store.export import EXPORT_COLUMNS, TREND_METRICS
from mi_trainer.store.paths import ENV_VAR, default_store_path
from mi_trainer.store.rows import SessionRow, SessionSummary, TurnRow
from mi_trainer.store.schema import MIGRATIONS, MODES, SCHEMA_VERSION, STATUSES
from mi_trainer.store.store import Store, open_store
from mi_trainer.store.target import StoreTarget, parse_target, resolve_target

__all__ = [
    "ENV_VAR",
    "EXPORT_COLUMNS",
    "MIGRATIONS",
    "MODES",
    "SCHEMA_VERSION",
    "STATUSES",
    "TREND_METRICS",
    "SessionRow",
    "SessionSummary",
    "Store",
    "StoreTarget",
    "TurnRow",
    "default_store_path",
    "open_store",
    "parse_target",
    "resolve_target",
]
