"""The Store's drill answers (one committed row per answered item), as a mixin over its transactions."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mi_trainer.errors import StoreError
from mi_trainer.store.backend import Tx
from mi_trainer.store.rows import from_text, now_text, to_text

MAX_DETAIL_BYTES = 64_000


@dataclass(frozen=True, slots=True)
class DrillAnswerRow:
    """One recorded drill answer."""

    round_id: str
    item_no: int
    skill: str
    item_id: str
    scenario_id: str
    trainee: str
    answered_at: datetime
    correct: bool
    detail: Any

    def to_dict(self) -> dict[str, Any]:
        return {
            "round_id": self.round_id,
            "item_no": self.item_no,
            "skill": self.skill,
            "item_id": self.item_id,
            "scenario_id": self.scenario_id,
            "trainee": self.trainee,
            "answered_at": to_text(self.answered_at),
            "correct": self.correct,
            "detail": self.detail,
        }


def _row(r: Mapping[str, Any]) -> DrillAnswerRow:
    try:
        detail = json.loads(r["detail_json"])
    except ValueError:
        detail = r["detail_json"]
    answered = from_text(r["answered_at"])
    assert answered is not None
    return DrillAnswerRow(
        str(r["round_id"]),
        int(r["item_no"]),
        str(r["skill"]),
        str(r["item_id"]),
        str(r["scenario_id"]),
        str(r["trainee"]),
        answered,
        bool(r["correct"]),
        detail,
    )


class DrillMethods:
    """record_drill_answer / drill_answers; the Store provides _run."""

    _run: Callable[..., Any]  # Store._run: one transaction

    def record_drill_answer(
        self,
        *,
        round_id: str,
        item_no: int,
        skill: str,
        item_id: str,
        scenario_id: str,
        trainee: str,
        correct: bool,
        detail: Mapping[str, Any],
    ) -> None:
        """Save one answered drill item in its own committed transaction (recording the same one again is
        a no-op, so a retry never doubles it)."""
        text = json.dumps(dict(detail), ensure_ascii=False)
        if len(text.encode()) > MAX_DETAIL_BYTES:
            raise StoreError(f"A drill answer is larger than {MAX_DETAIL_BYTES:,} bytes; it was not saved.")
        values = (round_id, item_no, skill, item_id, scenario_id, trainee, now_text(), int(bool(correct)), text)

        def body(tx: Tx) -> None:
            found = tx.one("SELECT item_id FROM drill_answers WHERE round_id = ? AND item_no = ?", (round_id, item_no))
            if found is not None:
                if found["item_id"] == item_id:
                    return
                raise StoreError(f"Drill answer {item_no} of round {round_id} is already recorded.")
            tx.run(
                "INSERT INTO drill_answers (round_id, item_no, skill, item_id, scenario_id, trainee, answered_at,"
                " correct, detail_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                values,
            )

        self._run(body, write=True)

    def drill_answers(
        self, *, since: datetime | None = None, skill: str | None = None, trainee: str | None = None
    ) -> list[DrillAnswerRow]:
        """Recorded drill answers, oldest first, optionally from `since` on, for one skill or trainee."""
        clauses: list[str] = []
        params: list[Any] = []
        for clause, value in (
            ("answered_at >= ?", None if since is None else to_text(since)),
            ("skill = ?", skill),
            ("trainee = ?", trainee),
        ):
            if value is not None:
                clauses.append(clause)
                params.append(value)
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        sql = f"SELECT * FROM drill_answers{where} ORDER BY answered_at, round_id, item_no"
        return [_row(r) for r in self._run(lambda tx: tx.rows(sql, params), write=False)]
