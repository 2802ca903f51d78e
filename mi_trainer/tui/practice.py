"""One practice session as the app plays it: the engine's Session plus saving every step to the history."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from mi_trainer.engine.report import build_report
from mi_trainer.engine.session import Mode, Phase, Session, SessionState, TurnResult, scenario_digest
from mi_trainer.errors import MiTrainerError
from mi_trainer.loading.library import resolve_scenario
from mi_trainer.loading.loader import Compiled


def new_seed() -> int:
    return random.SystemRandom().randint(0, 999_999)


class Practice:
    """Plays a Session and records it, like `mi-trainer run` does; store problems become a notice, never a crash."""

    def __init__(self, session: Session, store: Any, session_id: str | None, trainee: str = "") -> None:
        self.session = session
        self.store = store
        self.session_id = session_id
        self.trainee = trainee
        self.problem = ""  # set when saving to the history failed; the screen shows it once
        self.report: dict[str, Any] | None = None

    @classmethod
    def start(
        cls, compiled: Compiled, mode: Mode, store: Any, *, seed: int | None = None, trainee: str = ""
    ) -> Practice:
        seed = new_seed() if seed is None else seed
        session = Session(compiled, seed=seed, mode=mode)
        practice = cls(session, store, None, trainee)
        sc = compiled.scenario
        practice.session_id = practice._save(
            "start_session",
            scenario_id=sc.id,
            scenario_title=sc.title,
            audience=sc.audience.value,
            scenario_path=sc.source,
            scenario_digest=scenario_digest(sc),
            seed=seed,
            mode=mode.value,
            trainee=trainee,
            state_json=practice.state_json(),
        )
        return practice

    @classmethod
    def resume(cls, row: Any, store: Any, folder: Path | None = None) -> Practice:
        """Rebuild an interrupted session from its history row (SessionError if the scenario changed)."""
        path = row.scenario_path
        compiled = resolve_scenario(path if path and Path(path).is_file() else row.scenario_id, folder)
        session = Session.restore(compiled, SessionState.from_dict(json.loads(row.state_json)))
        return cls(session, store, row.id, row.trainee)

    # reading ------------------------------------------------------------------------------------
    @property
    def practice_mode(self) -> bool:
        return self.session.state.mode is Mode.PRACTICE

    @property
    def ended(self) -> bool:
        return self.session.phase is Phase.ENDED

    def state_json(self) -> str:
        return json.dumps(self.session.state.to_dict())

    # acting -------------------------------------------------------------------------------------
    def choose(self, option: int) -> TurnResult:
        result = self.session.choose(option)
        if self.session_id:
            self._save(
                "record_turn",
                self.session_id,
                turn=result.turn,
                node_id=result.node_id,
                response_index=result.chosen.index,
                say=result.chosen.say,
                skills=[k.value for k in result.chosen.skills],
                codes=[c.value for c in result.chosen.codes],
                points=result.points,
                state_after=result.state_after.as_dict(),
                state_json=self.state_json(),
            )
        return result

    def retry(self) -> TurnResult:
        undone = self.session.retry()
        if self.session_id:
            self._save("undo_last_turn", self.session_id, self.state_json())
        return undone

    def hint(self) -> str:
        text = self.session.hint()
        if self.session_id:
            self._save("save_state", self.session_id, self.state_json())
        return text

    def finish(self) -> dict[str, Any]:
        """The report (built once); the session is marked ended in the history."""
        if self.report is None:
            self.report = build_report(self.session, trainee=self.trainee)
            if self.session_id:
                r = self.report
                self._save(
                    "finish_session",
                    self.session_id,
                    report=r,
                    score=r["score"]["percent"],
                    ending=r["client"]["ending"],
                    valence=r["client"]["valence"],
                    state_json=self.state_json(),
                )
        return self.report

    def set_aside_if_empty(self) -> None:
        """A session left before its first answer is marked abandoned, so it is not offered for resuming."""
        if self.session_id and not self.session.results and self.report is None:
            self._save("abandon_session", self.session_id)
            self.session_id = None

    def _save(self, method: str, *args: Any, **kwargs: Any) -> Any:
        if self.store is None:
            return None
        try:
            return getattr(self.store, method)(*args, **kwargs)
        except MiTrainerError as exc:
            self.problem = f"Your progress could not be saved to the history: {exc}"
            self.store = None
            return None
