"""The class report's rules: which sessions count, which attempt is graded, and the figures built from them.

Rules (docs/class-report.md explains them for instructors):
- Only ended sessions are read. A session is *graded work* when it belongs to an assignment (it has an
  assignment id) or was played in assessment mode; everything else is a *practice run*. Practice runs are
  counted and listed apart, never mixed into a figure (`counted="practice"` reports on practice runs
  instead, for a class that only practises).
- With an assignment, only its scenarios count, and only sessions recorded for it (by assignment id; a
  history without ids falls back to the assignment's scenarios played in its mode). Attempts past the
  number the assignment allows are ignored.
- One row per student × scenario: the graded sessions in the order they were started (a retake of an
  assignment is a later attempt);
  first, best and last score; the *graded* attempt is the first, best or last as chosen (default: best,
  the highest score, the earlier one on a tie). Every class figure uses the graded attempt only, so each
  student counts once per scenario.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from mi_trainer.classroom.classdata import OARS_KEYS, Attempt
from mi_trainer.classroom.report_choices import Catalog, NodeStat, choice_stats
from mi_trainer.scoring.miti import PCR_FAIR, PCR_GOOD, RQ_FAIR, RQ_GOOD, band

GRADED_RULES = ("best", "first", "last")
COUNTED_KINDS = ("graded", "practice")
NO_NAME = "(no name given)"


class AssignmentLike(Protocol):
    """What the report needs of an assignment (mi_trainer.classroom.assignments.Assignment has it)."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def scenario_ids(self) -> tuple[str, ...]: ...
    @property
    def mode(self) -> str: ...
    @property
    def attempts(self) -> int: ...
    @property
    def roster(self) -> tuple[tuple[str, str], ...]: ...  # (student id, name)


@dataclass(frozen=True, slots=True)
class StudentRow:
    """One student's graded attempts at one scenario; `assignment_id` lists the assignments they were for."""

    student: str
    student_id: str
    scenario_id: str
    scenario_title: str
    assignment_id: str
    attempts: tuple[Attempt, ...]
    practice_runs: int
    first: float | None
    best: float | None
    last: float | None
    graded: Attempt | None


@dataclass(frozen=True, slots=True)
class ScenarioStat:
    """The graded attempts at one scenario: their spread, and what the class chose at each client turn."""

    scenario_id: str
    title: str
    scores: tuple[float, ...]
    rq: tuple[float, ...]
    pcr: tuple[float, ...]
    technical: tuple[float, ...]
    relational: tuple[float, ...]
    nodes: tuple[NodeStat, ...]
    has_turns: bool
    found: bool


@dataclass(frozen=True, slots=True)
class ClassReport:
    """Everything a class report shows, ready for any output format."""

    title: str
    generated_at: datetime
    source: str
    since: datetime | None
    graded_rule: str
    counted: str
    assignment_id: str
    rows: tuple[StudentRow, ...]
    missing: tuple[tuple[str, str, str], ...]  # (student, student id, scenario id) with no attempt
    scenarios: tuple[ScenarioStat, ...]
    oars: tuple[tuple[str, int], ...]
    miti: dict[str, Any]
    practice_runs: int
    apart: tuple[tuple[str, str, int], ...]  # (student, scenario id, sessions) not counted in any figure
    ignored_attempts: int
    #: (student, drill skill, right, answered) from the history's drill answers (docs/drills.md)
    drills: tuple[tuple[str, str, int, int], ...] = ()

    @property
    def apart_kind(self) -> str:
        """What the sessions kept apart are: practice runs, or (reporting on practice) the graded sessions."""
        return "graded sessions" if self.counted == "practice" else "practice runs"

    def apart_rows(self) -> list[tuple[str, str, int]]:
        """(student, scenario title, sessions) for each group kept apart, the title where the report knows it."""
        titles = {r.scenario_id: r.scenario_title for r in self.rows} | {s.scenario_id: s.title for s in self.scenarios}
        return [(who, titles.get(sid, sid), n) for who, sid, n in self.apart]


def is_graded_work(a: Attempt) -> bool:
    return bool(a.assignment_id) or a.mode == "assessment"


def median(values: Sequence[float]) -> float | None:
    return round(statistics.median(values), 2) if values else None


def _pick_graded(attempts: Sequence[Attempt], rule: str) -> Attempt | None:
    if not attempts:
        return None
    if rule == "first":
        return attempts[0]
    if rule == "last":
        return attempts[-1]
    scored = [(a.score_percent if a.score_percent is not None else -1.0, -i) for i, a in enumerate(attempts)]
    return attempts[-max(scored)[1]]


class _Roster:
    def __init__(self, roster: Sequence[tuple[str, str]]) -> None:
        self.entries = list(roster)
        self.lookup = {}
        for sid, name in roster:
            self.lookup[name.strip().casefold()] = (name, sid)
            self.lookup[sid.strip().casefold()] = (name, sid)

    def who(self, trainee: str) -> tuple[str, str]:
        """(display name, student id) for a recorded trainee name."""
        name = trainee.strip()
        return self.lookup.get(name.casefold(), (name or NO_NAME, ""))


def select(
    attempts: Sequence[Attempt], assignment: AssignmentLike | None, counted: str
) -> tuple[list[Attempt], list[Attempt]]:
    """(counted sessions, the others shown apart), by the module's rules."""
    if assignment is None:
        graded = [a for a in attempts if is_graded_work(a)]
        practice = [a for a in attempts if not is_graded_work(a)]
        return (practice, graded) if counted == "practice" else (graded, practice)
    ids = set(assignment.scenario_ids)
    mine = [a for a in attempts if a.scenario_id in ids]
    if any(a.assignment_id for a in attempts):
        inside = [a for a in mine if a.assignment_id == assignment.id]
    else:  # a history recorded before assignment ids: the assignment's scenarios played in its mode
        inside = [a for a in mine if a.mode == assignment.mode]
    chosen = {a.session_id for a in inside}
    others = [a for a in mine if a.session_id not in chosen]
    return inside, others


def build(
    attempts: Sequence[Attempt],
    *,
    catalog: Catalog,
    assignment: AssignmentLike | None = None,
    graded_rule: str = "best",
    counted: str = "graded",
    since: datetime | None = None,
    source: str = "",
    generated_at: datetime,
) -> ClassReport:
    """Apply the rules and compute every figure of the class report."""
    if graded_rule not in GRADED_RULES:
        raise ValueError(graded_rule)
    roster = _Roster(assignment.roster if assignment else ())
    used, apart = select(attempts, assignment, counted)
    groups: dict[tuple[str, str], list[Attempt]] = defaultdict(list)
    names: dict[str, tuple[str, str]] = {}
    for a in used:
        name, sid = roster.who(a.trainee)
        names[name.casefold()] = (name, sid)
        groups[(name.casefold(), a.scenario_id)].append(a)
    apart_count: dict[tuple[str, str], int] = defaultdict(int)
    apart_names: dict[str, str] = {}
    for a in apart:
        name = roster.who(a.trainee)[0]
        apart_names.setdefault(name.casefold(), name)
        apart_count[(name.casefold(), a.scenario_id)] += 1
    limit = assignment.attempts if assignment is not None and assignment.attempts > 0 else 0
    rows, ignored = [], 0
    for (key, scenario_id), group in groups.items():
        ordered = sorted(group, key=lambda a: (a.started_at, a.session_id))
        if limit and len(ordered) > limit:
            ignored += len(ordered) - limit
            ordered = ordered[:limit]
        scores = [a.score_percent for a in ordered if a.score_percent is not None]
        rows.append(
            StudentRow(
                student=names[key][0],
                student_id=names[key][1],
                scenario_id=scenario_id,
                scenario_title=ordered[-1].scenario_title,
                assignment_id=", ".join(sorted({a.assignment_id for a in ordered if a.assignment_id})),
                attempts=tuple(ordered),
                practice_runs=apart_count.get((key, scenario_id), 0),
                first=ordered[0].score_percent,
                best=max(scores) if scores else None,
                last=ordered[-1].score_percent,
                graded=_pick_graded(ordered, graded_rule),
            )
        )
    order = list(assignment.scenario_ids) if assignment else sorted({r.scenario_id for r in rows})
    rank = {s: i for i, s in enumerate(order)}
    rows.sort(key=lambda r: (r.student.casefold(), rank.get(r.scenario_id, len(rank)), r.scenario_id))
    missing = []
    if assignment is not None:
        have = {(r.student.casefold(), r.scenario_id) for r in rows}
        for sid, name in assignment.roster:
            missing += [(name, sid, s) for s in assignment.scenario_ids if (name.casefold(), s) not in have]
    graded = [r.graded for r in rows if r.graded is not None]
    return ClassReport(
        title=assignment.title if assignment else "All sessions",
        generated_at=generated_at,
        source=source,
        since=since,
        graded_rule=graded_rule,
        counted=counted,
        assignment_id=assignment.id if assignment else "",
        rows=tuple(rows),
        missing=tuple(missing),
        scenarios=tuple(_scenario_stats(sid, [g for g in graded if g.scenario_id == sid], catalog) for sid in order),
        oars=tuple((k, sum(dict(g.oars).get(k, 0) for g in graded)) for k in OARS_KEYS),
        miti=pooled_miti(graded),
        practice_runs=len(apart),
        apart=tuple(sorted((apart_names[k], sid, n) for (k, sid), n in apart_count.items())),
        ignored_attempts=ignored,
    )


def _values(attempts: Sequence[Attempt], field: str) -> tuple[float, ...]:
    return tuple(v for a in attempts if (v := getattr(a, field)) is not None)


def _scenario_stats(scenario_id: str, graded: list[Attempt], catalog: Catalog) -> ScenarioStat:
    compiled = catalog.get(scenario_id, graded[0] if graded else None)
    title = compiled.scenario.title if compiled else (graded[-1].scenario_title if graded else scenario_id)
    with_turns = [a for a in graded if a.picks is not None]
    return ScenarioStat(
        scenario_id=scenario_id,
        title=title,
        scores=_values(graded, "score_percent"),
        rq=_values(graded, "rq"),
        pcr=_values(graded, "pcr"),
        technical=_values(graded, "technical"),
        relational=_values(graded, "relational"),
        nodes=choice_stats(compiled, with_turns),
        has_turns=bool(with_turns),
        found=compiled is not None,
    )


def pooled_miti(graded: Sequence[Attempt]) -> dict[str, Any]:
    """The class's MITI behaviour counts pooled over the graded attempts, with R:Q and %CR and their bands."""
    counts: dict[str, int] = defaultdict(int)
    for a in graded:
        for code, n in a.codes:
            counts[code] += n
    q, sr, cr = counts["Q"], counts["SR"], counts["CR"]
    rq = (sr + cr) / q if q else None
    pcr = cr / (sr + cr) if sr + cr else None
    return {
        "counts": dict(counts),
        "reflection_to_question": None if rq is None else round(rq, 2),
        "reflection_to_question_band": band(rq, RQ_FAIR, RQ_GOOD),
        "percent_complex_reflection": None if pcr is None else round(100 * pcr, 1),
        "percent_complex_reflection_band": band(pcr, PCR_FAIR, PCR_GOOD),
        "mi_adherent": counts["SEEK"] + counts["AF"] + counts["EMPH"],
        "mi_non_adherent": counts["PERSUADE"] + counts["CONFRONT"],
    }
