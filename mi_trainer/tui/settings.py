"""Remembered settings (theme, plain words or MITI first, save folder) in the platformdirs config folder."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import platformdirs

ENV_VAR = "MI_TRAINER_SETTINGS"  # a settings file to use instead of the config folder's (tests, a class machine)
APP_NAME = "mi-trainer"
FILE_NAME = "settings.json"
MAX_BYTES = 64_000

THEMES = ("textual-dark", "textual-light")
#: "auto": plain words first for family and self-talk scenarios, MITI first for coach trainees and classes.
TERMS = ("auto", "plain", "miti")


def settings_path() -> Path:
    override = os.environ.get(ENV_VAR, "").strip()
    if override:
        return Path(override).expanduser()
    return platformdirs.user_config_path(APP_NAME) / FILE_NAME


def default_save_folder() -> Path:
    """The user's Documents/mi-trainer (platformdirs knows where Documents is on each system)."""
    return platformdirs.user_documents_path() / APP_NAME


@dataclass(frozen=True, slots=True)
class Settings:
    theme: str = THEMES[0]
    terms: str = "auto"
    save_folder: str = ""  # empty: default_save_folder()

    @property
    def folder(self) -> Path:
        return Path(self.save_folder).expanduser() if self.save_folder else default_save_folder()

    def with_(self, **changes: str) -> Settings:
        return replace(self, **changes)


def _parse(data: object) -> Settings:
    if not isinstance(data, dict):
        raise ValueError("it does not hold a set of named settings")
    out = Settings()
    theme, terms, folder = data.get("theme", out.theme), data.get("terms", out.terms), data.get("save_folder", "")
    if theme not in THEMES:
        raise ValueError(f"the theme must be one of {', '.join(THEMES)}")
    if terms not in TERMS:
        raise ValueError(f"'terms' must be one of {', '.join(TERMS)}")
    if not isinstance(folder, str) or len(folder) > 4096 or any(ord(c) < 32 for c in folder):
        raise ValueError("the save folder is not a usable folder name")
    return Settings(theme=theme, terms=terms, save_folder=folder)


def load_settings(path: Path | None = None) -> tuple[Settings, str]:
    """The remembered settings and a notice ("" when all is well). A missing file gives the defaults; a
    damaged one is reported, kept beside as settings.json.damaged, and replaced by the defaults; never raises."""
    path = path or settings_path()
    try:
        if not path.exists():
            return Settings(), ""
        raw = path.read_bytes()[: MAX_BYTES + 1]
        if len(raw) > MAX_BYTES:
            raise ValueError("it is too large")
        return _parse(json.loads(raw.decode("utf-8"))), ""
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc).split("\n")[0][:120]
        kept = ""
        try:
            if path.is_file():
                damaged = path.with_name(path.name + ".damaged")
                os.replace(path, damaged)
                kept = f" (the old file is kept as {damaged.name})"
                save_settings(Settings(), path)
        except OSError:
            pass
        return Settings(), f"Your settings file {path} could not be read ({reason}); using the defaults{kept}."


def save_settings(settings: Settings, path: Path | None = None) -> str:
    """Write the settings atomically; returns "" or a one-line reason it failed (never raises)."""
    path = path or settings_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(asdict(settings), indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        return f"Your settings could not be saved to {path}: {exc.strerror or exc}."
    return ""


#: Audiences whose users want the MITI terms in front (coach trainees, community workers, classes).
MITI_AUDIENCES = frozenset({"peer", "community", "classroom"})


def miti_first(terms: str, audience: str) -> bool:
    """Whether to put MITI terms first: the setting, or by audience when it is "auto"."""
    if terms in ("plain", "miti"):
        return terms == "miti"
    return audience in MITI_AUDIENCES


def terms_first(app: object, audience: object) -> bool:
    """MITI first for this audience (an Audience or its value): the app's remembered setting, else by audience."""
    value = str(getattr(audience, "value", audience))
    choose = getattr(app, "miti_first", None)
    return bool(choose(value)) if callable(choose) else miti_first("auto", value)
