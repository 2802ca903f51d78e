"""Writing a report to a Markdown or JSON file the trainee can find (the folder they chose; by default
Documents/mi-trainer). One file per session and kind: saving again replaces it, never a -2 copy."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mi_trainer.engine.render import report_markdown
from mi_trainer.model.textsafe import json_text


def export_folder(preferred: Path | None = None) -> Path:
    """The given folder, else the user's Documents/mi-trainer."""
    from mi_trainer.tui.settings import default_save_folder

    return preferred if preferred is not None else default_save_folder()


def report_file_name(report: dict[str, Any], kind: str, tag: str = "") -> str:
    return f"mi-report-{report['scenario_id']}" + (f"-{tag}" if tag else "") + f".{kind}"


def report_file_text(report: dict[str, Any], kind: str) -> str:
    """The text of a saved report: Markdown ('md') or JSON ('json')."""
    return report_markdown(report) if kind == "md" else json_text(report) + "\n"


def save_report(report: dict[str, Any], kind: str, *, folder: Path | None = None, tag: str = "") -> Path:
    """Write the report as 'md' or 'json' into ``folder`` (created if needed); returns the path written. The
    name is the scenario and the session, so saving the same report again replaces its own file."""
    base = export_folder(folder)
    base.mkdir(parents=True, exist_ok=True)
    path = base / report_file_name(report, kind, tag)
    text = report_file_text(report, kind)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return path
