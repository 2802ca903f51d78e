"""The class report end to end: read the sessions, apply the rules, render HTML, CSV, JSON or Markdown."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from mi_trainer.classroom import classdata
from mi_trainer.classroom.classdata import Attempt, HistoryReader
from mi_trainer.classroom.report_choices import Catalog
from mi_trainer.classroom.report_model import AssignmentLike, ClassReport, build, is_graded_work

FORMATS = ("html", "csv", "json", "md")


def read_store(
    store: HistoryReader,
    since: datetime | None = None,
    assignment: AssignmentLike | None = None,
    counted: str = "graded",
) -> list[Attempt]:
    """The sessions a report needs from a store: an assignment's scenarios only, and the turns only of the
    sessions that can be counted (the ones shown apart are only counted)."""
    if assignment is not None:
        return classdata.from_store(store, since, scenario_ids=set(assignment.scenario_ids))
    practice = counted == "practice"
    return classdata.from_store(store, since, turns_for=lambda a: is_graded_work(a) != practice)


def make_report(
    attempts: Sequence[Attempt],
    *,
    assignment: AssignmentLike | None = None,
    graded_rule: str = "best",
    counted: str = "graded",
    since: datetime | None = None,
    source: str = "",
    catalog: Catalog | None = None,
) -> ClassReport:
    """The report's figures for these sessions (already read with classdata)."""
    return build(
        [a for a in attempts if since is None or a.started_at >= since],
        catalog=catalog or Catalog(),
        assignment=assignment,
        graded_rule=graded_rule,
        counted=counted,
        since=since,
        source=source,
        generated_at=datetime.now(UTC).astimezone(),
    )


def render(report: ClassReport, fmt: str) -> str:
    """The report as text in one of FORMATS."""
    if fmt == "html":
        from mi_trainer.classroom.report_html import render_html

        return render_html(report)
    from mi_trainer.classroom.report_text import render_csv, render_md, report_data

    if fmt == "csv":
        return render_csv(report)
    if fmt == "json":
        from mi_trainer.classroom.escaping import json_dump

        return json_dump(report_data(report)) + "\n"
    if fmt == "md":
        return render_md(report)
    raise ValueError(fmt)
