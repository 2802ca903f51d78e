"""Writing a report to a Markdown or JSON file the trainee can find: the current folder, else home."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mi_trainer.engine.render import report_markdown
from mi_trainer.model.textsafe import json_text


def export_folder(preferred: Path | None = None) -> Path:
    """The given folder, else the current folder if writable, else the home folder."""
    if preferred is not None:
        return preferred
    cwd = Path.cwd()
    return cwd if os.access(cwd, os.W_OK) else Path.home()


def save_report(report: dict[str, Any], kind: str, *, folder: Path | None = None, tag: str = "") -> Path:
    """Write the report as 'md' or 'json'; returns the path written (never overwrites: adds -2, -3 …)."""
    base = export_folder(folder)
    stem = f"mi-report-{report['scenario_id']}" + (f"-{tag}" if tag else "")
    path = base / f"{stem}.{kind}"
    n = 2
    while path.exists():
        path = base / f"{stem}-{n}.{kind}"
        n += 1
    text = report_markdown(report) if kind == "md" else json_text(report) + "\n"
    path.write_text(text, encoding="utf-8")
    return path
