"""Demonstration mode: the strongest route played turn by turn, each step saying why the response works.

A demonstration is a Session driven by the engine's own look-ahead (the response that keeps the
conversation on its strongest route), so it shows exactly what the trainee would get by always choosing
the best option. Nothing is saved: it is a model to watch, not a practice attempt.
"""

from __future__ import annotations

from dataclasses import dataclass

from mi_trainer.engine.render import principle_effects, skill_label, state_change
from mi_trainer.engine.session import Phase, Session, TurnResult
from mi_trainer.loading.loader import Compiled

#: a demonstration never runs longer than this (a scenario with loops could otherwise go round)
MAX_STEPS = 60


@dataclass(frozen=True, slots=True)
class DemoStep:
    """One turn of the demonstration: what the client said, what the practitioner said and why."""

    number: int
    client_line: str
    response: str
    skill: str  # plain words for the skill(s)
    why: str  # the scenario's feedback for this response
    principles: str  # e.g. "express empathy +2, roll with resistance +2"
    client_change: str  # e.g. "guard up (discord) 6→4"
    reply: str  # what the client says next
    ending: str  # how the conversation ends, on the last step ('' before)

    @classmethod
    def of(cls, t: TurnResult, ending: str = "") -> DemoStep:
        return cls(
            number=t.turn,
            client_line=t.client_line,
            response=t.chosen.say,
            skill=skill_label(t.chosen.skills),
            why=t.chosen.feedback,
            principles=principle_effects(t.chosen.principles),
            client_change=state_change(t),
            reply=t.next_line,
            ending=ending,
        )


def demonstration(compiled: Compiled) -> list[DemoStep]:
    """The strongest route through the scenario, as steps to show one at a time."""
    session = Session(compiled, shuffle=False)
    steps: list[DemoStep] = []
    while session.phase is Phase.AWAITING_CHOICE and len(steps) < MAX_STEPS:
        best = session.best_option()
        option = next(i for i, r in enumerate(session.options(), 1) if r.index == best.index)
        result = session.choose(option)
        ending = compiled.scenario.nodes[result.next_node].ending
        steps.append(DemoStep.of(result, ending.outcome if ending else ""))
    return steps
