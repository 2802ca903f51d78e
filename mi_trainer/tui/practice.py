"""One practice session as the app plays it: the engine's Session plus saving every step to the history."""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from mi_trainer.engine.report import build_report
from mi_trainer.engine.session import Mode, Phase, Policy, Session, TurnResult
from mi_trainer.errors import SessionError
from mi_trainer.loading.loader import Compiled
from mi_trainer.store import Store, recording
from mi_trainer.store.lease import LeaseKeeper
from mi_trainer.store.saver import SAVED, SAVING, UNSAVED, Saver

STATUS_WORDS = {"ended": "finished", "abandoned": "set aside", "set_aside": "set aside"}


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
        self.lease: LeaseKeeper | None = None  # held while this session is live here (one live copy anywhere)
        self.saver = Saver(store)  # writes in order; held and retried while the history cannot be reached

    @classmethod
    def start(
        cls,
        compiled: Compiled,
        mode: Mode,
        store: Any,
        *,
        seed: int | None = None,
        trainee: str = "",
        policy: Policy | None = None,
        pack: str = "",
        assignment_id: str = "",
        attempt: int = 0,
    ) -> Practice:
        seed = new_seed() if seed is None else seed
        session = Session(compiled, seed=seed, mode=mode, policy=policy)
        practice = cls(session, store, None, trainee)
        if store is not None:
            # the id is chosen here, so a start held while the history is locked or unreachable is retried as is
            sid = uuid.uuid4().hex
            practice.session_id = sid
            practice._save(
                lambda st: recording.start(
                    st, session, trainee, session_id=sid, pack=pack, assignment_id=assignment_id, attempt=attempt
                )
            )
            practice._save(practice._hold_lease, sid)
            if practice.saver.failed:
                practice.session_id = None
        return practice

    @classmethod
    def resume(
        cls, row: Any, store: Any, folder: Path | None = None, packs: Iterable[str | Path] | None = None
    ) -> Practice:
        """Rebuild an interrupted session from its history row, from any folder (SessionError says why not:
        the scenario is gone or changed; SessionInUseError if it is live in another window or tab)."""
        if store is None:
            return cls(recording.restore(row, folder, packs=packs), None, row.id, row.trainee)
        keeper = LeaseKeeper(store, row.id)
        keeper.acquire()
        try:
            fresh = store.get_session(row.id)  # under the lease: the row on screen may be out of date
            if fresh.status != "active":
                raise SessionError(f"This session is {STATUS_WORDS.get(fresh.status, fresh.status)}; see History.")
            practice = cls(recording.restore(fresh, folder, packs=packs), store, fresh.id, fresh.trainee)
        except BaseException:
            keeper.release()
            raise
        practice.lease = keeper
        return practice

    def _hold_lease(self, store: Any, session_id: str) -> None:
        keeper = LeaseKeeper(store, session_id)
        keeper.acquire()
        self.lease = keeper

    # reading ------------------------------------------------------------------------------------
    @property
    def practice_mode(self) -> bool:
        return self.session.state.mode is Mode.PRACTICE

    @property
    def policy(self) -> Policy:
        """What the engine lets the trainee see and do in this session."""
        return self.session.policy

    @property
    def ended(self) -> bool:
        return self.session.phase is Phase.ENDED

    def state_json(self) -> str:
        return recording.state_json(self.session)

    # acting -------------------------------------------------------------------------------------
    def choose(self, option: int) -> TurnResult:
        result = self.session.choose(option)
        if self.session_id:
            self._save(recording.record, self.session_id, self.session, result)
        if self.lease is not None and self.lease.lost and not self.problem:
            self.problem = f"Keeping this session to this window failed: {self.lease.problem}"
        return result

    def write(self, text: str) -> TurnResult:
        """A turn in the trainee's own words (engine/freetext.py): coded, continued, saved with its coding."""
        from mi_trainer.engine import freetext

        result = freetext.write(self.session, text)
        if self.session_id:
            coding = freetext.coding_json(result.coding)

            def save(store: Any, session_id: str) -> None:
                recording.record(
                    store, session_id, self.session, result, own_words=result.own_words, coding_json=coding
                )

            self._save(save, self.session_id)
        return result

    def rewrite(self, turn: int, text: str) -> Any:
        """Reflect and compare: code a rewrite of one of the weakest turns and keep it with the session."""
        from mi_trainer.engine.reflect import rewrite

        result = rewrite(self.session, turn, text)
        if self.session_id:
            self._save(Store.save_state, self.session_id, self.state_json())
        return result

    def retry(self) -> TurnResult:
        undone = self.session.retry()
        if self.session_id:
            self._save(Store.undo_last_turn, self.session_id, self.state_json())
        return undone

    def hint(self) -> str:
        text = self.session.hint()
        if self.session_id:
            self._save(Store.save_state, self.session_id, self.state_json())
        return text

    def finish(self) -> dict[str, Any]:
        """The report (built once); the session is marked ended in the history."""
        if self.report is None:
            self.report = build_report(self.session, trainee=self.trainee)
            if self.session_id:
                self._save(recording.finish, self.session_id, self.session, self.report)
        return self.report

    def close(self) -> None:
        """Leaving the conversation: a session that reached its ending is recorded as finished (even if the
        report was never opened), and the lease is given up so it can be resumed elsewhere. Safe twice."""
        if self.ended and self.report is None:
            self.finish()
        if self.saver.pending:
            self.retry_saving()
        if self.lease is not None:
            self.lease.release()
            self.lease = None

    def set_aside_if_empty(self) -> None:
        """A session left before its first answer is marked abandoned, so it is not offered for resuming."""
        if self.session_id and not self.session.results and self.report is None:
            self._save(Store.abandon_session, self.session_id)
            self.session_id = None

    def _save(self, call: Callable[..., Any], *args: Any) -> Any:
        """Write through the Saver: held and retried while the history is unreachable, or (a full disk, a
        read-only file) the session goes on unsaved; either way the screen is told once."""
        before = (self.saver.state, self.saver.note)
        result = self.saver.write(call, *args)
        self._noticed(before)
        return result

    def retry_saving(self) -> None:
        """Try the held writes again (from a background thread while the screen shows 'saving…')."""
        before = (self.saver.state, self.saver.note)
        self.saver.flush()
        self._noticed(before)

    def _noticed(self, before: tuple[str, str]) -> None:
        if (self.saver.state, self.saver.note) != before and self.saver.state != SAVED:
            self.problem = self.saver.note
        if self.saver.state == UNSAVED:
            self.store = None
        elif before[0] == SAVING and self.saver.state == SAVED:
            self.problem = "Saved: the history is back and every answer so far is recorded."
