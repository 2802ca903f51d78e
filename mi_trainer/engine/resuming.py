"""Finding a saved session's scenario again (by its absolute path, else by id in the library and packs) and
replaying it — or saying, in one line, why it cannot be resumed."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from mi_trainer.engine.session import Session, SessionState
from mi_trainer.errors import MiTrainerError, ScenarioError, SessionError
from mi_trainer.loading.fingerprint import matches
from mi_trainer.loading.library import load_library
from mi_trainer.loading.loader import Compiled, load_scenario


def _candidates(
    path_text: str, scenario_id: str, packs: Iterable[str | Path] | None, folder: Path | None
) -> tuple[list[Compiled], list[str]]:
    """Scenarios that could be this session's, best first, and why others were passed over."""
    found: list[Compiled] = []
    notes: list[str] = []
    if path_text:
        path = Path(path_text).expanduser()
        if path.is_file():
            try:
                found.append(load_scenario(path))
            except ScenarioError as exc:
                notes.append(f"its scenario file no longer loads ({exc.one_line()})")
        else:
            notes.append(f"its scenario file {path_text} is gone (moved or deleted)")
    try:
        entries = load_library(folder, packs=packs)
    except MiTrainerError as exc:
        notes.append(str(exc))
        entries = []
    sources = {c.scenario.source for c in found}
    for entry in entries:
        if (
            entry.compiled is not None
            and entry.scenario_id == scenario_id
            and entry.compiled.scenario.source not in sources
        ):
            found.append(entry.compiled)
    return found, notes


def restore_session(
    scenario_path: str,
    scenario_id: str,
    state_json: str,
    *,
    packs: Iterable[str | Path] | None = None,
    folder: Path | None = None,
) -> Session:
    """Rebuild a saved session exactly, from any folder: its scenario is looked for at its saved absolute
    path, then by id in the library and packs, and the one whose content fingerprint matches is replayed.
    SessionError says why when none can be (gone, no longer loads, changed, or a damaged state)."""
    try:
        state = SessionState.from_dict(json.loads(state_json))
    except ValueError:
        raise SessionError("the saved session state is damaged (not JSON); it cannot be resumed") from None
    packs = list(packs or ())
    if scenario_path and Path(scenario_path).expanduser().is_file():  # the usual case: no library to read
        try:
            compiled = load_scenario(Path(scenario_path).expanduser())
        except ScenarioError:
            pass
        else:
            if compiled.scenario.id == state.scenario_id and matches(state.scenario_digest, compiled.scenario):
                return Session.restore(compiled, state)
    found, notes = _candidates(scenario_path, scenario_id, packs, folder)
    same_id = [c for c in found if c.scenario.id == state.scenario_id]
    for compiled in same_id:
        if matches(state.scenario_digest, compiled.scenario):
            return Session.restore(compiled, state)
    if same_id:
        raise SessionError(
            f"the scenario '{state.scenario_id}' has changed since this session was saved (its content "
            "differs), so the conversation cannot be replayed exactly"
        )
    if found:
        raise SessionError(f"the file {scenario_path} now holds scenario '{found[0].scenario.id}', not '{scenario_id}'")
    if not notes or scenario_path == "":
        notes.append(f"no scenario '{scenario_id}' is in the library or packs")
    elif "gone" in notes[0]:
        notes[0] += f", and no scenario in the library or packs has the id '{scenario_id}'"
    raise SessionError(notes[0])


def resume_problem(
    scenario_path: str,
    scenario_id: str,
    state_json: str,
    *,
    packs: Iterable[str | Path] | None = None,
    folder: Path | None = None,
) -> str:
    """'' when the session can be resumed, else the one-line reason."""
    try:
        restore_session(scenario_path, scenario_id, state_json, packs=packs, folder=folder)
    except SessionError as exc:
        return str(exc)
    return ""
