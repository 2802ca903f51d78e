"""Where the history file lives: --store path, else $MI_TRAINER_STORE, else the user data folder."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from mi_trainer.errors import StoreError

ENV_VAR = "MI_TRAINER_STORE"
APP_NAME = "mi-trainer"
FILE_NAME = "history.sqlite3"


def default_store_path() -> Path:
    """The history file to use when no explicit path is given ($MI_TRAINER_STORE wins if set and non-empty)."""
    override = os.environ.get(ENV_VAR, "").strip()
    if override:
        return Path(override).expanduser()
    return platformdirs.user_data_path(APP_NAME) / FILE_NAME


def prepare_location(path: Path) -> Path:
    """Create the parent folders of `path` and return it; StoreError if that is impossible."""
    if path.is_dir():
        raise StoreError(f"Cannot use {path} as the history file: it is a folder.")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise StoreError(f"Cannot create the folder for the history file {path}: {reason}.") from None
    return path
