"""Shared fixtures for the TUI tests: a temporary history store for every test and an app factory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mi_trainer.tui.app import MiTrainerApp
from tui.support import SEED


@pytest.fixture(autouse=True)
def store_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own history file (never the user's) and works in tmp_path."""
    path = tmp_path / "history.sqlite3"
    monkeypatch.setenv("MI_TRAINER_STORE", str(path))
    monkeypatch.setenv("MI_TRAINER_SETTINGS", str(tmp_path / "settings.json"))
    monkeypatch.chdir(tmp_path)
    return path


@pytest.fixture
def make_app(store_path: Path, tmp_path: Path) -> Any:
    def make(**kwargs: Any) -> MiTrainerApp:
        kwargs.setdefault("seed", SEED)
        kwargs.setdefault("export_dir", tmp_path)
        kwargs.setdefault("store_path", store_path)
        return MiTrainerApp(**kwargs)

    return make
