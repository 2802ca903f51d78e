"""What a `serve` run was asked for, checked before anything listens: address, access code, packs, assignment."""

from __future__ import annotations

import importlib
import ipaddress
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mi_trainer.errors import MiTrainerError

MIN_CODE = 4


class ServeError(MiTrainerError):
    """`serve` cannot start as asked (an address without a code, a bad pack or assignment, a busy port)."""


@dataclass(frozen=True, slots=True)
class ServeSettings:
    host: str
    port: int
    access_code: str | None  # None: nobody types a code (loopback only)
    store: str | None  # passed on to every tab; None = the default history of the account running serve
    packs: tuple[str, ...] = ()
    assignment: str | None = None
    assignment_title: str = ""
    roster: tuple[tuple[str, str], ...] = ()  # (student_id, name) from the assignment's class list
    assignment_obj: Any = field(default=None, compare=False)  # the classroom layer's Assignment, when given

    def __repr__(self) -> str:  # never print the code, even in a traceback
        return f"ServeSettings(host={self.host!r}, port={self.port}, access_code={'***' if self.access_code else None})"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def settings_from(
    *,
    host: str,
    port: int,
    access_code: str | None,
    store: str | None,
    packs: list[str],
    assignment: str | None,
) -> ServeSettings:
    """Check everything a class would trip over later, and refuse with one line per problem."""
    code = access_code or None
    if code is not None and (len(code) < MIN_CODE or not code.isprintable() or code != code.strip()):
        raise ServeError(f"the access code must be at least {MIN_CODE} printable characters, without spaces around it")
    if code is None and not is_loopback(host):
        raise ServeError(
            f"--host {host} lets other machines connect: give --access-code CODE (or set MI_TRAINER_ACCESS_CODE) "
            "so only your class can start a session"
        )
    env_packs = [p for p in os.environ.get("MI_TRAINER_PACKS", "").split(os.pathsep) if p]
    pack_dirs = tuple(str(Path(p).expanduser().resolve()) for p in [*packs])
    check_packs([*pack_dirs, *env_packs])
    task: Any = None
    assignment_path = None
    if assignment:
        assignment_path = str(Path(assignment).expanduser().resolve())
        task = read_assignment(assignment_path, pack_dirs)
    if store and "://" not in store:
        store = str(Path(store).expanduser().resolve())
    roster = tuple((str(sid), str(name)) for sid, name in getattr(task, "roster", ()) or ())
    title = str(getattr(task, "title", "") or "")
    return ServeSettings(host, port, code, store, pack_dirs, assignment_path, title, roster, task)


def check_packs(dirs: list[str]) -> None:
    """Every scenario in every pack must load: a class should not find a broken file halfway through."""
    from mi_trainer.errors import ScenarioError
    from mi_trainer.loading.library import scenario_files
    from mi_trainer.loading.loader import compile_file, parse_error_as_diagnostic
    from mi_trainer.model.diagnostics import Severity

    problems: list[str] = []
    for d in dirs:
        if not Path(d).is_dir():
            problems.append(f"{d}: no such folder (a pack is a folder of scenario YAML files)")
            continue
        for path in scenario_files(Path(d)):
            try:
                diags = compile_file(path).diagnostics
            except ScenarioError as exc:
                diags = (parse_error_as_diagnostic(exc),)
            problems.extend(x.format() for x in diags if x.severity is Severity.ERROR)
    if not problems and dirs:
        library: Any = importlib.import_module("mi_trainer.loading.library")
        if hasattr(library, "pack_errors"):  # C2: an id that two files share, a pack with no scenario
            problems = list(library.pack_errors(library.load_library(packs=dirs)))
    if problems:
        raise ServeError("\n".join([*problems, "the server did not start: fix the pack(s) above"]))


def read_assignment(path: str, packs: tuple[str, ...] = ()) -> Any:
    """The assignment, through the classroom layer (C3), its scenario ids checked against the library with
    the packs; its problems are one line each and stop the start."""
    if not Path(path).is_file():
        raise ServeError(f"{path}: no such assignment file")
    try:
        from mi_trainer.classroom.assignments import load_assignment
    except ImportError:  # the classroom layer is not in this build
        raise ServeError("--assignment needs the classroom module, which this build does not have") from None
    return load_assignment(path, _library_ids(packs))


def _library_ids(packs: tuple[str, ...]) -> list[str]:
    """Every scenario id the tabs will offer: the shipped library plus the packs (and MI_TRAINER_PACKS)."""
    library: Any = importlib.import_module("mi_trainer.loading.library")  # C2's load_library(packs=...)
    return [e.scenario_id for e in library.load_library(packs=list(packs)) if e.compiled is not None]
