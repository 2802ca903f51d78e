"""How an assignment governs a new session: which scenarios, which mode, who, and which attempt it is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mi_trainer.classroom.assignments import Assignment
from mi_trainer.engine.session import Mode, Policy
from mi_trainer.errors import AssignmentError


@dataclass(frozen=True, slots=True)
class Terms:
    """The mode and rules a session is played under, and the assignment it counts for ('' = none)."""

    mode: Mode
    policy: Policy
    assignment_id: str = ""

    @classmethod
    def free(cls, mode: Mode | str | None = None) -> Terms:
        m = Mode(mode or Mode.PRACTICE)
        return cls(m, Policy.of(m))

    @classmethod
    def of(cls, assignment: Assignment) -> Terms:
        return cls(assignment.mode, assignment.policy, assignment.id)


def terms_for(assignment: Assignment | None, requested_mode: str | None) -> Terms:
    """The terms of a session: the assignment's (a different --mode is refused), else the mode asked for."""
    if assignment is None:
        return Terms.free(requested_mode)
    if requested_mode and Mode(requested_mode) is not assignment.mode:
        raise AssignmentError(
            f"assignment '{assignment.id}' is played in {assignment.mode.value} mode; "
            f"--mode {requested_mode} is not allowed with it"
        )
    return Terms.of(assignment)


def check_scenario(assignment: Assignment, scenario_id: str) -> None:
    if scenario_id not in assignment.scenario_ids:
        raise AssignmentError(
            f"'{scenario_id}' is not part of assignment '{assignment.id}'; it has: {', '.join(assignment.scenario_ids)}"
        )


def next_attempt(store: Any, assignment: Assignment, trainee: str, scenario_id: str) -> int:
    """The 1-based number of this trainee's next attempt at a scenario of the assignment; AssignmentError
    when every allowed attempt is used (an unfinished one counts: it can be resumed instead)."""
    check_scenario(assignment, scenario_id)
    used = int(store.attempts_used(trainee, assignment.id, scenario_id))
    if used >= assignment.attempts:
        allowed = "1 attempt" if assignment.attempts == 1 else f"{assignment.attempts} attempts"
        unfinished = [
            r
            for r in store.resumable_sessions()
            if getattr(r, "assignment_id", "") == assignment.id
            and r.scenario_id == scenario_id
            and r.trainee == trainee
        ]
        tail = (
            f"; your unfinished attempt can be resumed ('mi-trainer resume {unfinished[0].id[:8]}')"
            if unfinished
            else " — ask your instructor if you need another"
        )
        raise AssignmentError(
            f"'{trainee}' has used all {allowed} allowed at '{scenario_id}' in assignment '{assignment.id}'{tail}"
        )
    return used + 1
