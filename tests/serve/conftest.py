"""Fixtures for the browser tests: Debian's chromium through Python Playwright (never a browser download)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from serve.support import CHROMIUM, FLAGS, chromium_available_or_skip


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium_available_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return tmp_path / "class.sqlite3"
