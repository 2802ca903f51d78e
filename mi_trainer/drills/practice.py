"""A drill round as the CLI and the TUI run it: pick the skill and items, grade, save each answer at once."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from mi_trainer.drills.items import DrillItem, build_items, choose_items
from mi_trainer.drills.schedule import Answer, SkillStatus, due_skills, skill_status, statuses

if TYPE_CHECKING:  # grading loads the coder: only when an answer is graded (the library's "due" count must not)
    from mi_trainer.drills.grading import ItemResult

DEFAULT_ITEMS = 5
MAX_ITEMS = 50


def library_items(packs: list[str] | None = None) -> list[DrillItem]:
    """Every item the installed scenario library offers, with these packs' (``--pack``) and MI_TRAINER_PACKS'
    scenarios bringing their own."""
    from mi_trainer.loading.library import load_library

    return build_items(e.compiled.scenario for e in load_library(packs=packs) if e.compiled is not None)


def answers_from_rows(rows: Sequence[Any]) -> list[Answer]:
    """Store rows (DrillAnswerRow) → schedule answers, each dated by the local calendar day it was given."""
    return [Answer(r.skill, r.round_id, r.answered_at.astimezone().date(), r.correct) for r in rows]


def pick_skill(answers: Sequence[Answer], today: date) -> tuple[str, str]:
    """The skill to practise when none was named, and why: the most overdue (lowest box first); when
    nothing is due, the one due soonest."""
    due = due_skills(answers, today)
    if due:
        s = due[0]
        why = "never practised" if s.due is None else f"due since {s.due.isoformat()} (box {s.box})"
        return s.skill, why
    soonest = min(statuses(answers), key=lambda s: (s.due or today, s.box))
    return soonest.skill, f"nothing is due; next due {soonest.due.isoformat() if soonest.due else 'now'}"


@dataclass
class DrillRound:
    """One round of drills of one skill; ``answer`` grades an item and saves it before returning."""

    skill: str
    items: list[DrillItem]
    store: Any = None  # a Store, or None for --no-save
    trainee: str = ""
    round_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    results: list[ItemResult] = field(default_factory=list)

    @classmethod
    def start(
        cls, skill: str, count: int, seed: int, *, items: Sequence[DrillItem], store: Any = None, trainee: str = ""
    ) -> DrillRound:
        chosen = choose_items(items, skill, min(max(count, 1), MAX_ITEMS), seed)
        return cls(skill, chosen, store, trainee)

    @property
    def done(self) -> bool:
        return len(self.results) >= len(self.items)

    @property
    def current(self) -> DrillItem | None:
        return None if self.done else self.items[len(self.results)]

    def answer(self, answers: Sequence[str]) -> ItemResult:
        from mi_trainer.drills.grading import grade

        item = self.current
        if item is None:
            raise IndexError("the round is over")
        result = grade(item, answers)
        if self.store is not None:
            self.store.record_drill_answer(
                round_id=self.round_id,
                item_no=len(self.results) + 1,
                skill=self.skill,
                item_id=item.id,
                scenario_id=item.scenario_id,
                trainee=self.trainee,
                correct=result.correct,
                detail=result.to_dict(),
            )
        self.results.append(result)
        return result

    @property
    def right(self) -> int:
        return sum(r.correct for r in self.results)

    def status_after(self, earlier: Sequence[Answer], today: date) -> SkillStatus:
        """The skill's box and due day once this round counts (earlier = answers recorded before it)."""
        mine = [Answer(self.skill, self.round_id, today, r.correct) for r in self.results]
        return skill_status(self.skill, [*earlier, *mine])
