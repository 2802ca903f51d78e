"""The shipped scenario library (inside the wheel) and resolving a SCENARIO argument (id or path)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from mi_trainer.errors import ScenarioError, ScenarioNotFoundError
from mi_trainer.loading.loader import Compiled, load_scenario


def library_dir() -> Path:
    """Where the shipped scenarios are: inside the installed package, or the checkout's scenarios/."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / "scenarios"
    if packaged.is_dir():
        return packaged
    return here.parent / "scenarios"


def scenario_files(folder: Path | None = None) -> list[Path]:
    root = folder or library_dir()
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


@dataclass(frozen=True, slots=True)
class LibraryEntry:
    """A shipped scenario as the library lists it; ``problem`` is set when it fails to load."""

    path: Path
    compiled: Compiled | None
    problem: str = ""


def load_library(folder: Path | None = None) -> list[LibraryEntry]:
    entries = []
    for path in scenario_files(folder):
        try:
            entries.append(LibraryEntry(path, load_scenario(path)))
        except ScenarioError as exc:
            entries.append(LibraryEntry(path, None, exc.one_line()))
    entries.sort(key=lambda e: (e.compiled is None, _order(e)))
    return entries


def _order(e: LibraryEntry) -> tuple[str, int, str]:
    if e.compiled is None:
        return ("", 0, str(e.path))
    s = e.compiled.scenario
    return (s.audience.value, s.difficulty, s.title)


def resolve_scenario(name: str, folder: Path | None = None) -> Compiled:
    """A SCENARIO argument is a path to a YAML file or the id of a shipped scenario."""
    path = Path(name)
    if path.suffix in (".yaml", ".yml") or path.exists():
        if not path.is_file():
            raise ScenarioNotFoundError(f"{name}: no such scenario file — check the path")
        return load_scenario(path)
    known = []
    for entry in load_library(folder):
        if entry.compiled is not None:
            known.append(entry.compiled.scenario.id)
            if entry.compiled.scenario.id == name:
                return entry.compiled
    close = difflib.get_close_matches(name, known, n=1)
    hint = f"did you mean '{close[0]}'?" if close else "run 'mi-trainer list' to see the ids"
    raise ScenarioNotFoundError(f"{name}: no scenario with this id — {hint}")
