"""Spaced practice: Leitner boxes 1–5 per drill skill, derived from the recorded answers (docs/drills.md)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from mi_trainer.drills.items import KINDS

#: Days until a skill in box N is due again.
INTERVALS: dict[int, int] = {1: 1, 2: 2, 3: 4, 4: 8, 5: 16}
TOP_BOX = 5
#: A round passes when at least this share of its items is right (4 of 5, 3 of 3, 1 of 1).
PASS_SHARE = 0.8


@dataclass(frozen=True, slots=True)
class Answer:
    """One recorded drill answer, as the schedule needs it."""

    skill: str
    round_id: str
    day: date
    correct: bool


@dataclass(frozen=True, slots=True)
class SkillStatus:
    """Where a skill stands: its box, when it is next due (None: never practised, due now), its accuracy."""

    skill: str
    box: int
    due: date | None
    last: date | None
    answered: int
    right: int

    @property
    def accuracy(self) -> float | None:
        return None if self.answered == 0 else self.right / self.answered

    def is_due(self, today: date) -> bool:
        return self.due is None or self.due <= today

    def overdue_days(self, today: date) -> int:
        return 0 if self.due is None else (today - self.due).days

    def to_dict(self, today: date) -> dict[str, object]:
        return {
            "skill": self.skill,
            "box": self.box,
            "due": None if self.due is None else self.due.isoformat(),
            "is_due": self.is_due(today),
            "last_practised": None if self.last is None else self.last.isoformat(),
            "answered": self.answered,
            "right": self.right,
            "accuracy": self.accuracy,
        }


def _rounds(answers: Iterable[Answer]) -> list[tuple[date, int, int]]:
    """(day of the round's first answer, right, total) per round, in the order the rounds began."""
    order: dict[str, list[int]] = {}
    first_day: dict[str, date] = {}
    for a in answers:
        tally = order.setdefault(a.round_id, [0, 0])
        first_day.setdefault(a.round_id, a.day)
        tally[0] += int(a.correct)
        tally[1] += 1
    return [(first_day[r], t[0], t[1]) for r, t in order.items()]


def skill_status(skill: str, answers: Sequence[Answer]) -> SkillStatus:
    """Replay a skill's rounds (answers oldest first). A skill never practised is in box 0 and due now;
    its first round puts it in box 1 and then counts like any other. A
    round passed (≥ 80 % right) on or after the due day moves it up one box (at most 5); passed early, it
    stays; failed, it goes back to box 1. Due = the last round's day + INTERVALS[box]."""
    mine = [a for a in answers if a.skill == skill]
    box, due, last = 0, None, None
    for day, right, total in _rounds(mine):
        passed = right >= PASS_SHARE * total
        box = max(box, 1)  # a new skill enters box 1 with its first round
        if not passed:
            box = 1
        elif due is None or day >= due:
            box = min(box + 1, TOP_BOX)
        due = day + timedelta(days=INTERVALS[box])
        last = day
    return SkillStatus(skill, box, due, last, len(mine), sum(a.correct for a in mine))


def statuses(answers: Sequence[Answer]) -> list[SkillStatus]:
    """Every drill skill's status, in KINDS order."""
    return [skill_status(k, answers) for k in KINDS]


def due_skills(answers: Sequence[Answer], today: date) -> list[SkillStatus]:
    """The skills due today, most overdue first, then lowest box, then the order of KINDS; skills never
    practised come after every overdue one (they are due from today)."""
    due = [s for s in statuses(answers) if s.is_due(today)]
    return sorted(due, key=lambda s: (-s.overdue_days(today), s.box, KINDS.index(s.skill)))


def accuracy_by_day(answers: Sequence[Answer], skill: str) -> list[tuple[date, int, int]]:
    """(day, right, answered) for each day the skill was practised, oldest first."""
    days: dict[date, list[int]] = {}
    for a in answers:
        if a.skill == skill:
            t = days.setdefault(a.day, [0, 0])
            t[0] += int(a.correct)
            t[1] += 1
    return [(d, t[0], t[1]) for d, t in sorted(days.items())]
