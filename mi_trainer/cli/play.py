"""Playing commands: run (headless), play (TUI), history, resume, export."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    return None


def launch_tui(args: argparse.Namespace, scenario: str | None) -> int:
    from mi_trainer.tui.app import run_app

    return run_app(args, scenario)
