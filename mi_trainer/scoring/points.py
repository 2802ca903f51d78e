"""A response's points: a weight per OARS+ skill plus the sum of its principle effects."""

from __future__ import annotations

from mi_trainer.model.scenario import Response
from mi_trainer.model.vocab import Skill

#: How much each skill is worth on its own (docs/scoring.md explains the scale).
SKILL_POINTS: dict[Skill, int] = {
    Skill.COMPLEX_REFLECTION: 3,
    Skill.SUMMARY: 3,
    Skill.SIMPLE_REFLECTION: 2,
    Skill.AFFIRMATION: 2,
    Skill.SEEKING_COLLABORATION: 2,
    Skill.EMPHASIZING_AUTONOMY: 2,
    Skill.OPEN_QUESTION: 1,
    Skill.GIVING_INFORMATION: 0,
    Skill.PERSUADE_WITH_PERMISSION: 0,
    Skill.CLOSED_QUESTION: -1,
    Skill.PERSUADE: -3,
    Skill.CONFRONT: -4,
    Skill.OTHER: 0,
}


def skill_points(response: Response) -> int:
    return sum(SKILL_POINTS[s] for s in response.skills)


def principle_points(response: Response) -> int:
    return sum(v for _, v in response.principles)


def response_points(response: Response) -> int:
    """Points for choosing this response: skill weight(s) + principle effects."""
    return skill_points(response) + principle_points(response)


def best_response(responses: tuple[Response, ...]) -> Response:
    """The highest-scoring response at a turn (the first listed on a tie)."""
    return max(responses, key=lambda r: (response_points(r), -r.index))
