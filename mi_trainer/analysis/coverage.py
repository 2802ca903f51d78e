"""What a scenario offers: skills, MITI codes, principles, talk types and DARN-CAT kinds."""

from __future__ import annotations

from collections import Counter
from typing import Any

from mi_trainer.model.scenario import Scenario
from mi_trainer.model.vocab import Principle, Skill, Talk


def coverage(scenario: Scenario) -> dict[str, Any]:
    skills: Counter[str] = Counter()
    principles_up: Counter[str] = Counter()
    talk: Counter[str] = Counter()
    subtypes: Counter[str] = Counter()
    traps: Counter[str] = Counter()
    for node in scenario.nodes.values():
        talk[node.talk.value] += 1
        if node.subtype is not None:
            subtypes[f"{node.talk.value}:{node.subtype.value}"] += 1
        for resp in node.responses:
            for s in resp.skills:
                skills[s.value] += 1
            for p, v in resp.principles:
                if v > 0:
                    principles_up[p.value] += 1
            if resp.trap is not None:
                traps[resp.trap.value] += 1
    return {
        "skills": {s.value: skills.get(s.value, 0) for s in Skill},
        "skills_missing": [s.value for s in Skill if s is not Skill.OTHER and not skills.get(s.value)],
        "principles": {p.value: principles_up.get(p.value, 0) for p in Principle},
        "talk": {t.value: talk.get(t.value, 0) for t in Talk},
        "darn_cat": dict(sorted(subtypes.items())),
        "traps": dict(sorted(traps.items())),
    }
