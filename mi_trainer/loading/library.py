"""The scenario library (the shipped scenarios plus any packs) and resolving a SCENARIO argument (id or path)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from mi_trainer.errors import ScenarioError, ScenarioNotFoundError
from mi_trainer.loading.packs import Pack, duplicate_problem, empty_pack_problem, pack_of, resolve_packs

if TYPE_CHECKING:  # the compiler (and networkx) load only when a scenario is compiled: `list` never needs them
    from mi_trainer.loading.index import IndexEntry
    from mi_trainer.loading.loader import Compiled

PackArg = Iterable[str | Path] | None


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
    """A scenario as the library lists it: ``pack`` is '' for the shipped library; ``problem`` (one line,
    file:line: CODE) is set when it cannot be offered — it fails to load, or its id is taken."""

    path: Path  # absolute
    compiled: Compiled | None
    problem: str = ""
    pack: str = ""

    @property
    def scenario_id(self) -> str:
        return self.compiled.scenario.id if self.compiled is not None else ""


def _load(path: Path, pack: str) -> LibraryEntry:
    from mi_trainer.loading.loader import load_scenario

    path = path.resolve()
    try:
        return LibraryEntry(path, load_scenario(path), pack=pack)
    except ScenarioError as exc:
        return LibraryEntry(path, None, exc.one_line(), pack)


def load_library(folder: Path | None = None, *, packs: PackArg = None, use_env: bool = True) -> list[LibraryEntry]:
    """Every scenario of the shipped library (or ``folder``) and of the packs (``--pack`` folders, then
    MI_TRAINER_PACKS). A file that fails to load, or whose id an earlier file already uses, becomes an
    entry with a ``problem`` and no scenario; it never stops the others loading. Raises PackError when a
    pack folder does not exist."""
    resolved = resolve_packs(packs, use_env=use_env)
    entries = [_load(p, "") for p in scenario_files(folder)]
    for pack in resolved:
        files = scenario_files(pack.folder)
        if not files:
            entries.append(LibraryEntry(pack.folder, None, empty_pack_problem(pack), pack.name))
        entries.extend(_load(p, pack.name) for p in files)
    entries = _mark_duplicates(entries)
    entries.sort(key=lambda e: (e.compiled is None, _order(e)))
    return entries


class _Entry(Protocol):
    @property
    def path(self) -> Path: ...
    @property
    def scenario_id(self) -> str: ...


E = TypeVar("E", bound=_Entry)


def mark_duplicates(entries: list[E], taken: Callable[[E, str], E]) -> list[E]:
    """The first file with an id keeps it (shipped first, then packs in order); a later one becomes
    ``taken(entry, problem)``: an entry with that problem and no scenario."""
    first: dict[str, Path] = {}
    out = []
    for e in entries:
        sid = e.scenario_id
        if sid and sid in first:
            out.append(taken(e, duplicate_problem(e.path, sid, first[sid])))
            continue
        if sid:
            first[sid] = e.path
        out.append(e)
    return out


def _mark_duplicates(entries: list[LibraryEntry]) -> list[LibraryEntry]:
    return mark_duplicates(entries, lambda e, problem: LibraryEntry(e.path, None, problem, e.pack))


def _order(e: LibraryEntry) -> tuple[str, int, str, str]:
    if e.compiled is None:
        return ("", 0, e.pack, str(e.path))
    s = e.compiled.scenario
    return (s.audience.value, s.difficulty, s.title, e.pack)


def library_problems(entries: Iterable[LibraryEntry]) -> list[str]:
    """The one-line problems of a library, in order (files that were skipped, duplicate ids)."""
    return [e.problem for e in entries if e.problem]


def pack_errors(entries: Iterable[LibraryEntry] | Iterable[IndexEntry]) -> list[str]:
    """The problems of a pack as a whole (an id two files share, a pack with no scenarios): an error for a
    command, unlike a file that does not load, which is listed and skipped."""
    return [e.problem for e in entries if " PK003 " in e.problem or " PK002 " in e.problem]


def find_scenario(name: str, folder: Path | None = None, *, packs: PackArg = None) -> LibraryEntry:
    """A SCENARIO argument is a path to a YAML file or the id of a scenario in the library or a pack.
    Returns the entry with its absolute path and pack; an id two files share is an error naming both."""
    path = Path(name).expanduser()
    if path.suffix in (".yaml", ".yml") or path.exists():
        if not path.is_file():
            raise ScenarioNotFoundError(f"{name}: no such scenario file — check the path")
        from mi_trainer.loading.loader import load_scenario

        resolved: list[Pack] = resolve_packs(packs)
        absolute = path.resolve()
        return LibraryEntry(absolute, load_scenario(absolute), pack=pack_of(absolute, resolved))
    entries = load_library(folder, packs=packs)
    known = [e.scenario_id for e in entries if e.compiled is not None]
    for entry in entries:
        if entry.compiled is not None and entry.scenario_id == name:
            clash = [e.problem for e in entries if f"scenario id '{name}' is also used by" in e.problem]
            if clash:
                raise ScenarioNotFoundError(
                    f"{name}: two scenario files have this id ({entry.path} and {clash[0].split(':', 1)[0]}) — "
                    "give one of them another id, or play the file by its path"
                )
            return entry
    import difflib  # here: only an unknown id needs suggestions

    close = difflib.get_close_matches(name, known, n=1)
    hint = f"did you mean '{close[0]}'?" if close else "run 'mi-trainer list' to see the ids"
    raise ScenarioNotFoundError(f"{name}: no scenario with this id — {hint}")


def resolve_scenario(name: str, folder: Path | None = None, *, packs: PackArg = None) -> Compiled:
    """The compiled scenario a SCENARIO argument names (see find_scenario)."""
    entry = find_scenario(name, folder, packs=packs)
    assert entry.compiled is not None
    return entry.compiled
