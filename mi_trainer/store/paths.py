"""Where the history file lives: --store path, else $MI_TRAINER_STORE, else the user data folder."""

from __future__ import annotations

import stat
from pathlib import Path

import platformdirs

from mi_trainer.errors import StoreError
from mi_trainer.store.target import APP_NAME, ENV_VAR, FILE_NAME, default_target

__all__ = ["APP_NAME", "ENV_VAR", "FILE_NAME", "default_store_path", "prepare_location"]


def default_store_path() -> Path:
    """The history file to use when no explicit path is given ($MI_TRAINER_STORE wins if it names a file)."""
    target = default_target()
    return target.path if target.path is not None else platformdirs.user_data_path(APP_NAME) / FILE_NAME


def check_regular(path: Path) -> None:
    """Refuse a location that exists but is not a regular file (a folder, /dev/null, a pipe, a socket)."""
    try:
        mode = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return
    except OSError as exc:
        raise StoreError(f"Cannot use {path} as the history file: {exc.strerror or exc}.") from None
    if stat.S_ISDIR(mode):
        raise StoreError(f"Cannot use {path} as the history file: it is a folder.")
    if not stat.S_ISREG(mode):
        raise StoreError(f"Cannot use {path} as the history file: it is not a regular file; give a file path.")


def prepare_location(path: Path, *, create: bool = True) -> Path:
    """Check `path` and create its parent folders (unless `create` is False); StoreError if impossible."""
    check_regular(path)
    if not create:
        if not path.exists():
            raise StoreError(f"There is no history file at {path}; check the --store path.")
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise StoreError(f"Cannot create the folder for the history file {path}: {reason}.") from None
    return path
