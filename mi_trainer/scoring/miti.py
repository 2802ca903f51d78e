"""MITI 4.2.1 behaviour counts and summary scores (R:Q, %CR, adherent, non-adherent) with bands."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from mi_trainer.model.vocab import Miti

#: The manual's thresholds (MITI 4.2.1, "summary scores"): expert opinion, not norms.
RQ_FAIR, RQ_GOOD = 1.0, 2.0
PCR_FAIR, PCR_GOOD = 0.40, 0.50
TECHNICAL_FAIR, TECHNICAL_GOOD = 3.0, 4.0
RELATIONAL_FAIR, RELATIONAL_GOOD = 3.5, 4.0

NA = "n/a"


def band(value: float | None, fair: float, good: float) -> str:
    """'good', 'fair', 'below fair', or 'n/a' when the ratio is undefined."""
    if value is None:
        return NA
    if value >= good - 1e-9:
        return "good"
    if value >= fair - 1e-9:
        return "fair"
    return "below fair"


@dataclass(frozen=True, slots=True)
class MitiCounts:
    """How often each MITI behaviour code occurred."""

    q: int = 0
    sr: int = 0
    cr: int = 0
    af: int = 0
    seek: int = 0
    emph: int = 0
    gi: int = 0
    pwp: int = 0
    persuade: int = 0
    confront: int = 0

    @classmethod
    def of(cls, code_lists: Iterable[Iterable[Miti]]) -> MitiCounts:
        tally = dict.fromkeys(("q", "sr", "cr", "af", "seek", "emph", "gi", "pwp", "persuade", "confront"), 0)
        for codes in code_lists:
            for code in set(codes):  # one of each kind per utterance at most
                tally[code.value.lower()] += 1
        return cls(**tally)

    def __add__(self, other: MitiCounts) -> MitiCounts:
        return MitiCounts(*(a + b for a, b in zip(self.as_tuple(), other.as_tuple(), strict=True)))

    def as_tuple(self) -> tuple[int, ...]:
        return (
            self.q,
            self.sr,
            self.cr,
            self.af,
            self.seek,
            self.emph,
            self.gi,
            self.pwp,
            self.persuade,
            self.confront,
        )

    @property
    def reflections(self) -> int:
        return self.sr + self.cr

    @property
    def reflection_to_question(self) -> float | None:
        """R:Q = (SR + CR) / Q; None when there were no questions."""
        return self.reflections / self.q if self.q else None

    @property
    def percent_complex_reflection(self) -> float | None:
        """%CR = CR / (SR + CR) as a fraction 0..1; None when there were no reflections."""
        return self.cr / self.reflections if self.reflections else None

    @property
    def mi_adherent(self) -> int:
        return self.seek + self.af + self.emph

    @property
    def mi_non_adherent(self) -> int:
        return self.persuade + self.confront

    def summary(self) -> dict[str, Any]:
        rq, pcr = self.reflection_to_question, self.percent_complex_reflection
        return {
            "counts": {
                "Q": self.q,
                "SR": self.sr,
                "CR": self.cr,
                "AF": self.af,
                "SEEK": self.seek,
                "EMPH": self.emph,
                "GI": self.gi,
                "PWP": self.pwp,
                "PERSUADE": self.persuade,
                "CONFRONT": self.confront,
            },
            "reflection_to_question": None if rq is None else round(rq, 2),
            "reflection_to_question_band": band(rq, RQ_FAIR, RQ_GOOD),
            "percent_complex_reflection": None if pcr is None else round(100 * pcr, 1),
            "percent_complex_reflection_band": band(pcr, PCR_FAIR, PCR_GOOD),
            "mi_adherent": self.mi_adherent,
            "mi_non_adherent": self.mi_non_adherent,
        }


def fmt_ratio(value: float | None) -> str:
    return NA if value is None else f"{value:.2f}"


def fmt_percent(value: float | None) -> str:
    return NA if value is None else f"{100 * value:.0f}%"
