"""What `--store` / MI_TRAINER_STORE name: a file path, sqlite:///PATH, or postgresql://user@host/db."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import platformdirs

from mi_trainer.errors import StoreError

ENV_VAR = "MI_TRAINER_STORE"
APP_NAME = "mi-trainer"
FILE_NAME = "history.sqlite3"

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
PG_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")


@dataclass(frozen=True, slots=True)
class StoreTarget:
    """A history location: `path` for SQLite, `url` for PostgreSQL."""

    kind: str  # "sqlite" or "postgresql"
    path: Path | None = None
    url: str = ""

    @property
    def display(self) -> str:
        """How the location is named in messages (a PostgreSQL URL without its password)."""
        if self.path is not None:
            return str(self.path)
        parts = urlsplit(self.url)
        host = parts.hostname or "localhost"
        user = f"{parts.username}@" if parts.username else ""
        port = f":{parts.port}" if parts.port else ""
        return f"postgresql://{user}{host}{port}{parts.path}"


def parse_target(value: str | Path) -> StoreTarget:
    """A path (as before), sqlite:///relative or sqlite:////absolute, or a postgresql:// URL."""
    if isinstance(value, Path):
        return StoreTarget("sqlite", path=value)
    text = value.strip()
    if not text:
        raise StoreError("The history location is empty; give a file path or a database URL.")
    match = _SCHEME.match(text)
    if match is None:
        return StoreTarget("sqlite", path=Path(text).expanduser())
    scheme = match.group(1).lower()
    if scheme == "sqlite":
        rest = unquote(text[match.end() :].split("?", 1)[0])
        if not rest.startswith("/") or rest == "/":
            raise StoreError(f"{text}: write a SQLite URL as sqlite:///FILE (relative) or sqlite:////FILE (absolute).")
        return StoreTarget("sqlite", path=Path(rest[1:]).expanduser())
    if scheme in PG_SCHEMES:
        url = "postgresql://" + text[match.end() :]
        if not urlsplit(url).path.strip("/"):
            raise StoreError(
                f"{StoreTarget('postgresql', url=url).display}: name the database, e.g. postgresql://user@host/db."
            )
        return StoreTarget("postgresql", url=url)
    raise StoreError(
        f"Unknown history location scheme {scheme}://; use a file path, sqlite:///FILE or postgresql://user@host/db."
    )


def default_target() -> StoreTarget:
    """$MI_TRAINER_STORE if set and non-empty, else history.sqlite3 in the user data folder."""
    override = os.environ.get(ENV_VAR, "").strip()
    if override:
        return parse_target(override)
    return StoreTarget("sqlite", path=platformdirs.user_data_path(APP_NAME) / FILE_NAME)


def resolve_target(value: str | Path | None) -> StoreTarget:
    """The location for an explicit `--store` value, or the default one when None."""
    return default_target() if value is None else parse_target(value)
