"""Grading a drill answer: multiple choice against the library's tags, written parts through the coder."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mi_trainer.coding import code
from mi_trainer.coding.types import CODE_PLAIN, OARS_PLAIN, Coding
from mi_trainer.drills.items import TWO_SIDED, DrillItem, Example, skill_label, talk_label

MAX_ANSWER_CHARS = 2_000

#: What each written part needs to hear from the coder (a MITI code, or an OARS label).
_WANTED: dict[tuple[str, int], tuple[str, str]] = {
    ("make_open", 0): ("oars", "open_question"),
    ("reflect", 0): ("code", "SR"),
    ("reflect", 1): ("code", "CR"),
    # a reflection (SR or CR) that holds both sides: the coder often calls a two-sided reflection built from
    # the client's own words simple; holding both sides is checked on the words (TWO_SIDED)
    ("both_sides", 0): ("reflection", "CR"),
    ("affirm", 0): ("code", "AF"),
}
_NON_ADHERENT = frozenset({"PERSUADE", "CONFRONT"})


@dataclass(frozen=True, slots=True)
class PartResult:
    """One answered part: what was asked and written, whether it is right, what the coder heard and why."""

    prompt: str
    answer: str
    correct: bool
    heard: str
    reasons: tuple[str, ...]
    example: Example | None
    coding: Coding | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "prompt": self.prompt,
            "answer": self.answer,
            "correct": self.correct,
            "heard": self.heard,
            "reasons": list(self.reasons),
            "example": None if self.example is None else self.example.say,
            "coding": None if self.coding is None else self.coding.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class ItemResult:
    """A graded item: right only when every part is right."""

    item: DrillItem
    parts: tuple[PartResult, ...]

    @property
    def correct(self) -> bool:
        return all(p.correct for p in self.parts)

    def to_dict(self) -> dict[str, object]:
        return {
            "item": self.item.id,
            "kind": self.item.kind,
            "scenario_id": self.item.scenario_id,
            "correct": self.correct,
            "parts": [p.to_dict() for p in self.parts],
        }


def _heard(coding: Coding) -> str:
    if not coding.codes:
        return f"no MITI code ({OARS_PLAIN[coding.oars]})"
    return f"{OARS_PLAIN[coding.oars]}; codes {', '.join(coding.codes)}"


def grade_written(item: DrillItem, part: int, answer: str) -> PartResult:
    """Code a written answer and say whether it is the move the part asks for (and no Persuade/Confront)."""
    text = " ".join(answer.split())[:MAX_ANSWER_CHARS]
    prompt = item.prompts[part]
    example = item.examples[part] if part < len(item.examples) else None
    if not text:
        return PartResult(prompt, "", False, "nothing written", ("write a line to have it coded",), example)
    coding = code(text, client_line=item.client_line)
    how, wanted = _WANTED[(item.kind, part)]
    if how == "reflection":
        ok = bool({"SR", "CR"} & set(coding.codes))
    else:
        ok = coding.oars == wanted if how == "oars" else wanted in coding.codes
    notes: list[str] = []
    if set(coding.codes) & _NON_ADHERENT:
        ok = False
        notes.append("it carries advice or judgement without permission, which MI avoids here")
    if item.kind == "both_sides" and ok and not TWO_SIDED.search(text):
        ok = False
        notes.append("a double-sided reflection holds both sides, e.g. '…, and at the same time…'")
    if not ok and not notes:
        target = OARS_PLAIN.get(wanted) or CODE_PLAIN.get(wanted, wanted)
        notes.append(f"the coder did not hear {target}")
    return PartResult(prompt, text, ok, _heard(coding), (*coding.reasons, *notes), example, coding)


def grade_choice(item: DrillItem, choice: str, subtype: str = "") -> PartResult:
    """Grade a multiple-choice answer (spot_talk also needs the DARN-CAT kind when the line has one)."""
    ok = choice in item.answer
    label = talk_label if item.kind == "spot_talk" else skill_label
    chose = label(choice) + (f" ({subtype})" if subtype else "")
    right = " or ".join(label(a) for a in item.answer)
    if item.kind == "spot_talk" and item.subtype_answer:
        ok = ok and subtype == item.subtype_answer
        right += f" ({item.subtype_answer})"
    reasons = [f"you chose {chose}; the scenario's author marked it {right}"]
    if item.why:
        reasons.append(item.why)
    given = f"{choice} ({subtype})" if subtype else choice
    return PartResult("", given, ok, "", tuple(reasons), None)


def grade(item: DrillItem, answers: Sequence[str]) -> ItemResult:
    """Grade a whole item. Written kinds: one answer per prompt. Choice kinds: the option, then (spot_talk
    with a DARN-CAT kind) the subtype."""
    if item.written:
        parts = tuple(grade_written(item, i, answers[i] if i < len(answers) else "") for i in range(len(item.prompts)))
    else:
        first = answers[0] if answers else ""
        second = answers[1] if len(answers) > 1 else ""
        parts = (grade_choice(item, first, second),)
    return ItemResult(item, parts)
