"""MITI 4.2.1 arithmetic against hand-computed examples, including the undefined cases."""

from __future__ import annotations

import pytest

from mi_trainer.model.vocab import Miti
from mi_trainer.scoring.miti import MitiCounts, band, fmt_percent, fmt_ratio

Q, SR, CR, AF, SEEK, EMPH, GI, PWP, PER, CON = (
    Miti.Q,
    Miti.SR,
    Miti.CR,
    Miti.AF,
    Miti.SEEK,
    Miti.EMPH,
    Miti.GI,
    Miti.PWP,
    Miti.PERSUADE,
    Miti.CONFRONT,
)


def test_typical_session_by_hand() -> None:
    # 4 questions, 3 simple and 5 complex reflections, 2 affirmations, 1 autonomy, 1 persuade
    utterances = [[Q]] * 4 + [[SR]] * 3 + [[CR]] * 5 + [[AF]] * 2 + [[EMPH], [PER]]
    m = MitiCounts.of(utterances)
    assert (m.q, m.sr, m.cr, m.af, m.emph, m.persuade) == (4, 3, 5, 2, 1, 1)
    assert m.reflection_to_question == 2.0  # (3 + 5) / 4
    assert m.percent_complex_reflection == 0.625  # 5 / 8
    assert m.mi_adherent == 3  # AF 2 + EMPH 1 + SEEK 0
    assert m.mi_non_adherent == 1
    s = m.summary()
    assert s["reflection_to_question"] == 2.0 and s["reflection_to_question_band"] == "good"
    assert s["percent_complex_reflection"] == 62.5 and s["percent_complex_reflection_band"] == "good"


def test_zero_questions_gives_na_not_infinity() -> None:
    m = MitiCounts.of([[SR], [CR], [CR]])
    assert m.reflection_to_question is None
    assert m.summary()["reflection_to_question_band"] == "n/a"
    assert fmt_ratio(m.reflection_to_question) == "n/a"
    assert m.percent_complex_reflection == pytest.approx(2 / 3)


def test_zero_reflections_gives_na() -> None:
    m = MitiCounts.of([[Q], [Q], [GI]])
    assert m.reflection_to_question == 0.0
    assert m.summary()["reflection_to_question_band"] == "below fair"
    assert m.percent_complex_reflection is None
    assert fmt_percent(m.percent_complex_reflection) == "n/a"


def test_all_non_adherent() -> None:
    m = MitiCounts.of([[PER], [CON], [PER], [CON], [CON]])
    s = m.summary()
    assert (s["mi_adherent"], s["mi_non_adherent"]) == (0, 5)
    assert s["reflection_to_question"] is None and s["percent_complex_reflection"] is None


def test_empty_session() -> None:
    s = MitiCounts.of([]).summary()
    assert s["reflection_to_question"] is None and s["percent_complex_reflection"] is None
    assert s["mi_adherent"] == 0


def test_each_code_counted_once_per_utterance() -> None:
    m = MitiCounts.of([[CR, Q], [Q, Q], [SEEK, EMPH]])
    assert (m.q, m.cr, m.seek, m.emph) == (2, 1, 1, 1)
    assert m.reflection_to_question == 0.5


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, "n/a"), (0.99, "below fair"), (1.0, "fair"), (1.99, "fair"), (2.0, "good"), (7.5, "good")],
)
def test_rq_bands_at_the_thresholds(value: float | None, expected: str) -> None:
    assert band(value, 1.0, 2.0) == expected


@pytest.mark.parametrize(("value", "expected"), [(0.399, "below fair"), (0.4, "fair"), (0.5, "good")])
def test_pcr_bands_at_the_thresholds(value: float, expected: str) -> None:
    assert band(value, 0.40, 0.50) == expected


def test_counts_add() -> None:
    a = MitiCounts.of([[Q], [SR]])
    b = MitiCounts.of([[CR], [Q]])
    assert (a + b).as_tuple() == MitiCounts.of([[Q], [SR], [CR], [Q]]).as_tuple()
