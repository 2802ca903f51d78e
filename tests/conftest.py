"""Shared pytest configuration: Hypothesis profiles and fixtures for the loader tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Hypothesis profiles: "dev" (default) for a quick local run, "ci" for the thorough one.
# Pick one with HYPOTHESIS_PROFILE=ci. Tests size their max_examples from the loaded profile.
settings.register_profile(
    "ci",
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "dev",
    max_examples=200,
    deadline=2000,  # generous: a single example taking seconds means a hang, not a slow machine
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

TESTS = Path(__file__).parent
FIXTURES_DIR = TESTS / "fixtures"


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """tests/fixtures."""
    return FIXTURES_DIR


@pytest.fixture(scope="session")
def minimal_path() -> Path:
    """A small scenario that validates with zero errors and zero warnings."""
    return FIXTURES_DIR / "valid" / "minimal.yaml"


@pytest.fixture(scope="session")
def minimal_text(minimal_path: Path) -> str:
    return minimal_path.read_text(encoding="utf-8")
