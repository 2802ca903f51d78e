"""Recording a live engine Session in the history: the one mapping used by the CLI player and the TUI."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from mi_trainer.engine.session import Session, TurnResult, scenario_digest
from mi_trainer.model.textsafe import clean_name
from mi_trainer.store.rows import SessionRow
from mi_trainer.store.store import Store


def state_json(session: Session) -> str:
    return json.dumps(session.state.to_dict())


def absolute_source(source: str) -> str:
    """The scenario's file as an absolute path when it is one (an id or '<text>' stays as it is)."""
    if not source or source.startswith("<"):
        return source
    path = Path(source)
    return str(path.absolute()) if path.is_file() else source


def start(
    store: Store,
    session: Session,
    trainee: str,
    *,
    pack: str = "",
    assignment_id: str = "",
    attempt: int = 0,
    session_id: str | None = None,
) -> str:
    """Open a history row for a new session; returns its id (`session_id` if given). The name is cleaned
    here too (defence in depth: every edge cleans it already, docs/security.md)."""
    sc = session.scenario
    return store.start_session(
        scenario_id=sc.id,
        scenario_title=sc.title,
        audience=sc.audience.value,
        scenario_path=absolute_source(sc.source),
        scenario_digest=scenario_digest(sc),
        seed=session.state.seed,
        mode=session.state.mode.value,
        trainee=clean_name(trainee),
        state_json=state_json(session),
        pack=pack,
        assignment_id=assignment_id,
        attempt=attempt,
        session_id=session_id,
    )


def record(
    store: Store,
    session_id: str,
    session: Session,
    result: TurnResult,
    *,
    own_words: str | None = None,
    coding_json: str | None = None,
) -> None:
    """Commit one turn (and the state to resume from) as soon as it is played; `own_words` for free text."""
    store.record_turn(
        session_id,
        turn=result.turn,
        node_id=result.node_id,
        response_index=result.chosen.index,
        say=result.chosen.say,
        skills=[k.value for k in result.chosen.skills],
        codes=[c.value for c in result.chosen.codes],
        points=result.points,
        state_after=result.state_after.as_dict(),
        state_json=state_json(session),
        own_words=own_words,
        coding_json=coding_json,
    )


def finish(store: Store, session_id: str, session: Session, report: dict[str, Any]) -> None:
    store.finish_session(
        session_id,
        report=report,
        score=report["score"]["percent"],
        ending=report["client"]["ending"],
        valence=report["client"]["valence"],
        state_json=state_json(session),
    )


def restore(row: SessionRow, folder: Path | None = None, *, packs: Iterable[str | Path] | None = None) -> Session:
    """Rebuild an interrupted session from its history row, from any folder (SessionError says why not:
    its scenario is gone, no longer loads, or has changed)."""
    from mi_trainer.engine.resuming import restore_session

    return restore_session(row.scenario_path, row.scenario_id, row.state_json, packs=packs, folder=folder)
