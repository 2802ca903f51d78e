"""Scenario packs: folders of an instructor's scenarios, from ``--pack DIR`` and ``MI_TRAINER_PACKS``."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from mi_trainer.errors import PackError

ENV = "MI_TRAINER_PACKS"
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")

#: Codes of the problems a pack can have as a whole (documented in docs/diagnostics.md); a file in a pack
#: that does not load keeps its own MI code.
PACK_CODES: dict[str, str] = {
    "PK001": "pack folder not found",
    "PK002": "pack has no scenario files",
    "PK003": "two scenario files with the same id",
}


@dataclass(frozen=True, slots=True)
class Pack:
    """A folder of scenarios; ``name`` labels its entries in the library (the folder's name)."""

    name: str
    folder: Path  # absolute

    def holds(self, path: Path) -> bool:
        return path.resolve().is_relative_to(self.folder)


def env_packs() -> list[str]:
    """The folders listed in MI_TRAINER_PACKS (os.pathsep-separated; empty parts ignored)."""
    return [p for p in os.environ.get(ENV, "").split(os.pathsep) if p.strip()]


def resolve_packs(given: Iterable[str | Path] | None = None, *, use_env: bool = True) -> list[Pack]:
    """The packs to use: the ``--pack`` folders in order, then MI_TRAINER_PACKS, each folder once.
    A folder that does not exist is a PackError (PK001) naming it."""
    cli = list(given or ())
    names: list[str | Path] = [*cli, *(env_packs() if use_env else ())]
    packs: list[Pack] = []
    seen: set[Path] = set()
    for raw in names:
        folder = Path(raw).expanduser()
        if not folder.is_dir():
            what = "is a file, not a folder" if folder.exists() else "no such folder"
            source = "--pack " if raw in cli else f"{ENV}: "
            raise PackError(f"{source}{raw}: PK001 error: {what} — give the folder that holds the scenario files")
        folder = folder.resolve()
        if folder in seen:
            continue
        seen.add(folder)
        packs.append(Pack(_unique_name(folder, packs), folder))
    return packs


def _unique_name(folder: Path, packs: Sequence[Pack]) -> str:
    """The folder's name; with its parent's in front when another pack already has that name."""
    taken = {p.name for p in packs}
    # a folder name is shown in the terminal and in exports: control characters become visible escapes
    name = _CONTROL.sub(lambda m: ascii(m.group())[1:-1], folder.name or str(folder))[:80]
    if name in taken:
        name = f"{folder.parent.name}/{folder.name}"
    n = 2
    base = name
    while name in taken:
        name, n = f"{base} ({n})", n + 1
    return name


def pack_of(path: Path, packs: Sequence[Pack]) -> str:
    """The name of the pack a file lies in ('' when it is in none of them)."""
    for pack in packs:
        if pack.holds(path):
            return pack.name
    return ""


def id_line(path: Path) -> int:
    """The line of a scenario file's top-level ``id:`` (0 when it cannot be told without parsing)."""
    try:
        with path.open(encoding="utf-8", errors="replace") as f:
            for number, line in enumerate(f, 1):
                if line.startswith("id:") or line.startswith("id :"):
                    return number
                if number > 5000:
                    break
    except OSError:
        return 0
    return 0


def duplicate_problem(path: Path, scenario_id: str, first: Path) -> str:
    """The one line for a second file that uses an id already taken, naming both files."""
    line = id_line(path)
    where = f"{path}:{line}:1" if line else str(path)
    return (
        f"{where}: PK003 error: scenario id '{scenario_id}' is also used by {first} — "
        "give one of the two files another id"
    )


def empty_pack_problem(pack: Pack) -> str:
    return f"{pack.folder}: PK002 error: pack '{pack.name}' has no .yaml scenario files — check the folder"
