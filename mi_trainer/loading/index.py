"""The library's index: every scenario's metadata, from the cache (loading/cache.py) when unchanged.

This is what `mi-trainer list` and the first fill of the TUI's library read. It compiles only files that
changed since they were last seen, and imports neither the compiler nor networkx when nothing changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from mi_trainer.loading import cache
from mi_trainer.loading.library import PackArg, mark_duplicates, scenario_files
from mi_trainer.loading.packs import empty_pack_problem, resolve_packs
from mi_trainer.model.scenario import Scenario

if TYPE_CHECKING:
    from mi_trainer.loading.library import LibraryEntry
    from mi_trainer.loading.loader import Compiled


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """A scenario as the library lists it, before it is opened: ``scenario`` has its metadata and no
    nodes (open it with ``load_scenario(path)``); ``problem`` is set when it cannot be offered."""

    path: Path  # absolute
    scenario: Scenario | None
    problem: str = ""
    pack: str = ""

    @property
    def scenario_id(self) -> str:
        return self.scenario.id if self.scenario is not None else ""


class _NotCached(Exception):
    """A file the cache does not hold, met by ``cached_index`` (which then gives up)."""


def _entry(path: Path, pack: str, compile: bool = True) -> IndexEntry:
    path = path.resolve()
    meta = cache.metadata(path, compile=compile)
    if meta is None:
        raise _NotCached(str(path))
    return IndexEntry(path, meta.scenario, meta.problem, pack)


def library_index(
    folder: Path | None = None, *, packs: PackArg = None, use_env: bool = True, compile: bool = True
) -> list[IndexEntry]:
    """The same entries, in the same order and with the same problems, as ``library.load_library``."""
    entries = [_entry(p, "", compile) for p in scenario_files(folder)]
    for pack in resolve_packs(packs, use_env=use_env):
        files = scenario_files(pack.folder)
        if not files:
            entries.append(IndexEntry(pack.folder, None, empty_pack_problem(pack), pack.name))
        entries.extend(_entry(p, pack.name, compile) for p in files)
    marked = mark_duplicates(entries, lambda e, problem: IndexEntry(e.path, None, problem, e.pack))
    marked.sort(key=_order)
    return marked


def cached_index(folder: Path | None = None, *, packs: PackArg = None) -> list[IndexEntry] | None:
    """``library_index`` when every file is in the cache (a few milliseconds: nothing is compiled), else
    None — so a screen can list the library in its first frame and leave a cold cache to a thread."""
    try:
        return library_index(folder, packs=packs, compile=False)
    except _NotCached:
        return None


def _order(e: IndexEntry) -> tuple[bool, str, int, str, str]:
    if e.scenario is None:
        return (True, "", 0, e.pack, str(e.path))
    s = e.scenario
    return (False, s.audience.value, s.difficulty, s.title, e.pack)


def listing(entries: list[IndexEntry]) -> list[LibraryEntry]:
    """Index entries as library entries for a screen that lists them: each ``compiled`` is *shallow* (the
    metadata, no nodes, no graph) until ``complete`` loads it — so the list fills without compiling."""
    from mi_trainer.loading.compiled import Compiled
    from mi_trainer.loading.library import LibraryEntry

    out = []
    for e in entries:
        shallow = None if e.scenario is None else Compiled(e.scenario, cast(Any, None), ())
        out.append(LibraryEntry(e.path, shallow, e.problem, e.pack))
    return out


def complete(compiled: Compiled) -> Compiled:
    """The full compiled scenario for a shallow one (from ``listing``); a full one is returned as it is."""
    if compiled.scenario.nodes:
        return compiled
    from mi_trainer.loading.loader import load_scenario

    return load_scenario(Path(compiled.scenario.source))
