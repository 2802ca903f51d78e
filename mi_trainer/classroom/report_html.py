"""The class report as one self-contained HTML page: inline CSS and SVG, no script, nothing fetched."""

from __future__ import annotations

from collections.abc import Iterable

from mi_trainer.classroom.escaping import esc
from mi_trainer.classroom.report_choices import NodeStat, trouble_spots
from mi_trainer.classroom.report_css import CSS
from mi_trainer.classroom.report_model import ClassReport, ScenarioStat, StudentRow, median
from mi_trainer.classroom.report_svg import inline_bar, share_bars, strip_rows

RULE_WORDS = {
    "best": "the best attempt (highest score; the earlier one on a tie)",
    "first": "the first attempt",
    "last": "the last attempt",
}
OARS_WORDS = {
    "open_questions": "Open questions",
    "closed_questions": "Yes/no questions",
    "affirmations": "Affirmations",
    "simple_reflections": "Simple reflections",
    "complex_reflections": "Complex reflections",
    "summaries": "Summaries",
    "other": "Other (advice, information, …)",
}
TERMS = (
    (
        "Score",
        "Points for the conversation as a share of what the scenario allows: 0% is its weakest route, "
        "100% its strongest (docs/scoring.md).",
    ),
    (
        "R:Q (reflections to questions)",
        "How many reflections for each question. MITI 4.2.1 thresholds: 1 is fair, 2 is good.",
    ),
    (
        "Complex reflections (%CR)",
        "The share of reflections that add meaning or feeling rather than repeat words. 40% is fair, 50% is good.",
    ),
    (
        "Technical",
        "Estimated MITI global (1–5): cultivating change talk and softening sustain talk, judged from "
        "how each choice ranks among the options offered. 3 is fair, 4 is good.",
    ),
    (
        "Relational",
        "Estimated MITI global (1–5): partnership and empathy, judged the same way. 3.5 is fair, 4 is good.",
    ),
    (
        "MI-adherent / non-adherent",
        "Counts of responses that affirm, seek collaboration or emphasise autonomy, "
        "against those that persuade without permission or confront.",
    ),
    (
        "Bands",
        "good / fair / below fair follow the MITI 4.2.1 manual's thresholds; they are expert opinion, not "
        "norms. n/a means the figure is undefined (e.g. no questions asked).",
    ),
    ("Strongest response", "The option worth the most points at that client turn."),
)


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}%"


def num(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def band_tag(band: str) -> str:
    slug = band.replace(" ", "-").replace("/", "-")
    return f'<span class="band band-{esc(slug)}">{esc(band)}</span>'


def _table(head: Iterable[str], rows: Iterable[str], numeric: frozenset[int] = frozenset()) -> str:
    cells = "".join(f'<th{" class=num" if i in numeric else ""} scope="col">{h}</th>' for i, h in enumerate(head))
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _student_rows(report: ClassReport) -> str:
    out, previous = [], None
    for r in report.rows:
        first = r.student.casefold() != previous
        previous = r.student.casefold()
        g = r.graded
        who = esc(r.student) + (f' <span class="muted">({esc(r.student_id)})</span>' if r.student_id else "")
        out.append(
            f'<tr class="{"student-first" if first else ""}"><td>{who if first else ""}</td>'
            f'<td class="scn">{esc(r.scenario_title)}</td><td class=num>{_attempts(r)}</td>'
            f'<td class="num fbl">{pct(r.first)} · {pct(r.best)} · {pct(r.last)}</td>'
            f"<td class=num><b>{pct(g.score_percent if g else None)}</b></td>"
            f"<td class=num>{_fig(g, 'rq', 'rq_band')}</td><td class=num>{_fig(g, 'pcr', 'pcr_band', '%')}</td>"
            f"<td class=num>{_fig(g, 'technical', 'technical_band')}</td>"
            f"<td class=num>{_fig(g, 'relational', 'relational_band')}</td>"
            f"<td class=num>{_count(g.adherent if g else None)} / {_count(g.non_adherent if g else None)}</td>"
            f"<td class=num>{r.practice_runs or ''}</td></tr>"
        )
    for name, sid, scenario_id in report.missing:
        out.append(
            f'<tr class="missing"><td>{esc(name)} <span class="muted">({esc(sid)})</span></td><td>{esc(scenario_id)}'
            '</td><td class=num>0</td><td colspan="8">no attempt yet</td></tr>'
        )
    return "".join(out)


def _attempts(r: StudentRow) -> str:
    """The attempt count, opening (no script: a details element) to each attempt's date, mode and score."""
    items = "".join(
        f"<li>{a.started_at.astimezone():%d %b %H:%M} · {esc(a.mode)} · {pct(a.score_percent)}"
        f"{' · graded' if a is r.graded else ''}</li>"
        for a in r.attempts
    )
    return f'<details><summary>{len(r.attempts)}</summary><ol class="tries">{items}</ol></details>'


def _fig(attempt: object, field: str, band_field: str, unit: str = "") -> str:
    if attempt is None:
        return "—"
    value = getattr(attempt, field)
    if value is None:
        return band_tag(getattr(attempt, band_field))
    text = f"{value:.0f}{unit}" if unit else f"{value:.2f}"
    return f"{text}<br>{band_tag(getattr(attempt, band_field))}"


def _count(value: int | None) -> str:
    return "—" if value is None else str(value)


def students_section(report: ClassReport) -> str:
    head = [
        "Student", "Scenario", "Attempts", "First · best · last", f"Graded ({esc(report.graded_rule)})", "R:Q",
        "Complex reflections", "Technical", "Relational", "Adherent / non-adherent", "Practice runs (apart)",
    ]  # fmt: skip
    body = _student_rows(report) or '<tr><td colspan="11">No graded sessions match.</td></tr>'
    return (
        '<section id="students"><h2>Students</h2><p class="note">One row per student and scenario. '
        f"The MITI figures are those of the graded attempt: {RULE_WORDS[report.graded_rule]}.</p>"
        + '<div class="wide students">'
        + _table(head, [body], frozenset(range(2, 11)))
        + "</div></section>"
    )


def _spread(values: tuple[float, ...], unit: str = "", digits: int = 1) -> str:
    if not values:
        return "—"
    return f"{median(values):.{digits}f}{unit} ({min(values):.{digits}f}–{max(values):.{digits}f})"


def scenario_section(s: ScenarioStat) -> str:
    chart = strip_rows(
        [
            ("Score", s.scores, 0, 100, "%"),
            ("Complex reflections", s.pcr, 0, 100, "%"),
            ("R:Q (up to 4)", tuple(min(v, 4.0) for v in s.rq), 0, 4, ""),
            ("Technical", s.technical, 1, 5, ""),
            ("Relational", s.relational, 1, 5, ""),
        ],
        f"Spread of the class's graded results in {s.title}",
    )
    figures = _table(
        ["Figure", "Median (lowest–highest)"],
        [
            f"<tr><td>Score</td><td class=num>{_spread(s.scores, '%', 0)}</td></tr>",
            f"<tr><td>R:Q</td><td class=num>{_spread(s.rq, '', 2)}</td></tr>",
            f"<tr><td>Complex reflections</td><td class=num>{_spread(s.pcr, '%', 0)}</td></tr>",
            f"<tr><td>Technical</td><td class=num>{_spread(s.technical, '', 2)}</td></tr>",
            f"<tr><td>Relational</td><td class=num>{_spread(s.relational, '', 2)}</td></tr>",
        ],
        frozenset({1}),
    )
    note = (
        ""
        if s.found
        else (
            '<p class="note">This scenario file was not found here, so the texts below are those recorded with '
            "each turn, and options nobody picked are not listed.</p>"
        )
    )
    if not s.has_turns:
        turns = '<p class="note">Per-turn choices are not in CSV exports; use --store or a JSON export.</p>'
    else:
        turns = "".join(node_block(n) for n in s.nodes)
    return (
        f'<section class="scenario"><h3>{esc(s.title)} <span class="muted">({esc(s.scenario_id)}) · '
        f"{len(s.scores)} graded</span></h3>"
        f'<p class="note">Each dot is one student; the box spans the middle half of the class and the dark bar '
        f'is the median.</p>{chart}<div class="figures">{figures}</div>'
        f"<h4>What the class chose at each client turn</h4>{note}{turns}</section>"
    )


def node_block(n: NodeStat) -> str:
    rows = []
    for o in n.options:
        tag = ' <span class="tag">★ strongest</span>' if o.strongest else ""
        rows.append(
            f'<tr class="{"strongest" if o.strongest else ""}"><td>{esc(o.say)}{tag}</td><td>{esc(o.skill)}</td>'
            f"<td class=num>{'' if o.points is None else o.points}</td><td class=num>{o.count}{_own(o.own_words)}</td>"
            f"<td class=num>{inline_bar(o.share, o.strongest)}{o.share:.0%}</td></tr>"
        )
    return (
        f'<div class="client"><span class="who">Client:</span> “{esc(n.client_said)}” '
        f'<span class="muted">— reached {n.visits} time{"s" if n.visits != 1 else ""}</span></div>'
        + '<div class="choices">'
        + _table(["Response", "Skill", "Points", "Picked", "Share"], rows, frozenset({2, 3, 4}))
        + "</div>"
    )


def _own(n: int) -> str:
    return f'<br><span class="muted">{n} in own words</span>' if n else ""


def spots_section(report: ClassReport) -> str:
    spots = trouble_spots([(s.title, s.nodes) for s in report.scenarios])
    if not spots:
        return ""
    items = []
    for title, n in spots:
        strongest = next(o for o in n.options if o.strongest)
        top = n.most_picked
        instead = ""
        if top is not None and not top.strongest and top.count:
            instead = f"<br>Most picked instead: “{esc(top.say)}” — {top.count} of {n.visits}."
        items.append(
            f"<li><b>{esc(title)}</b> — client: “{esc(n.client_said)}”<br>Strongest response: “{esc(strongest.say)}”"
            f" — picked by {strongest.count} of {n.visits} ({strongest.share:.0%}).{instead}</li>"
        )
    return (
        '<section id="spots"><h2>Turns to talk through first</h2><p class="note">The client turns where the most '
        f'students missed the strongest response.</p><ol class="spots">{"".join(items)}</ol></section>'
    )


def skills_section(report: ClassReport) -> str:
    total = sum(n for _, n in report.oars)
    bars = share_bars(
        [
            (OARS_WORDS[k], n / total if total else 0.0, f"{n} ({n / total:.0%})" if total else "0")
            for k, n in report.oars
        ],
        "The class's responses by skill",
    )
    m = report.miti
    return (
        '<section id="skills"><h2>The class’s skill profile</h2><p class="note">Every response in the graded '
        f"attempts ({total} in all), by OARS skill.</p>{bars}<p>Pooled over the class: R:Q "
        f"<b>{num(m['reflection_to_question'])}</b> {band_tag(m['reflection_to_question_band'])} · complex "
        f"reflections <b>{pct(m['percent_complex_reflection'])}</b> {band_tag(m['percent_complex_reflection_band'])}"
        f" · MI-adherent {m['mi_adherent']} · non-adherent {m['mi_non_adherent']}</p></section>"
    )


def practice_section(report: ClassReport) -> str:
    if not report.apart:
        return ""
    kind = report.apart_kind
    rows = [
        f"<tr><td>{esc(who)}</td><td>{esc(title)}</td><td class=num>{n}</td></tr>"
        for who, title, n in report.apart_rows()
    ]
    return (
        f'<section id="apart"><h2>Shown apart: {kind}</h2><p class="note">{report.practice_runs} {kind} are not '
        "in any figure above.</p>" + _table(["Student", "Scenario", "Sessions"], rows, frozenset({2})) + "</section>"
    )


def drills_section(report: ClassReport) -> str:
    """Drill answers per student and skill (a small table; none when nobody drilled)."""
    if not report.drills:
        return ""
    rows = [
        f"<tr><td>{esc(who)}</td><td>{esc(skill)}</td><td class=num>{right}</td><td class=num>{n}</td>"
        f"<td class=num>{pct(100 * right / n if n else None)}</td></tr>"
        for who, skill, right, n in report.drills
    ]
    head = ["Student", "Drill", "Right", "Answered", "Accuracy"]
    return (
        '<section id="drills"><h2>Drills</h2><p class="note">Short single-skill drills (mi-trainer drill), '
        "graded by the offline coder or the scenarios' tags.</p>"
        + _table(head, rows, frozenset({2, 3, 4}))
        + "</section>"
    )


def render_html(report: ClassReport) -> str:
    """The whole page."""
    graded = [r.graded.score_percent for r in report.rows if r.graded and r.graded.score_percent is not None]
    students = len({r.student.casefold() for r in report.rows})
    since = f" · sessions started on or after {report.since:%Y-%m-%d}" if report.since else ""
    counted = "practice runs" if report.counted == "practice" else "graded work (assignment or assessment mode)"
    if report.assignment_id:
        counted = f"the sessions of assignment “{esc(report.assignment_id)}”"
    cards = "".join(
        f'<div class="card"><b>{v}</b>{label}</div>'
        for v, label in (
            (students, "students"),
            (len(graded), "graded results"),
            (pct(median(graded)), "median score"),
            (report.practice_runs, "sessions shown apart"),
        )
    )
    terms = "".join(f"<dt>{esc(t)}</dt><dd>{esc(d)}</dd>" for t, d in TERMS)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        'img-src data:">'
        f"<title>Class report — {esc(report.title)}</title><style>{CSS}</style></head><body>"
        f"<header><h1>Class report — {esc(report.title)}</h1><p class=meta>Made {report.generated_at:%Y-%m-%d %H:%M}"
        f" from {esc(report.source)}{since}. Counted: {counted}; graded attempt per student and scenario: "
        f"{RULE_WORDS[report.graded_rule]}.</p><div class=cards>{cards}</div></header>"
        + spots_section(report)
        + students_section(report)
        + '<section id="scenarios"><h2>Scenarios</h2>'
        + "".join(scenario_section(s) for s in report.scenarios)
        + "</section>"
        + skills_section(report)
        + practice_section(report)
        + drills_section(report)
        + f'<section id="terms"><h2>What the numbers mean</h2><dl class="terms">{terms}</dl></section>'
        + '<p class="disclaimer">mi-trainer is a practice tool for learning Motivational Interviewing, not '
        "treatment. The MITI figures are estimates from scripted choices, not a coded recording.</p></body></html>\n"
    )
