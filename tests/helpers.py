"""Shared helpers for the tests: fixture paths and compiling a fixture by name."""

from __future__ import annotations

from pathlib import Path

from mi_trainer.loading.loader import Compiled, load_scenario

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent


def engine_fixture(name: str) -> Compiled:
    return load_scenario(FIXTURES / "engine" / f"{name}.yaml")
