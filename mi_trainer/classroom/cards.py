"""Role cards for pair role-plays: a client card and a practitioner card, built from a scenario.

The client card tells the person playing the client who they are, what they say at each point and how
they react to MI-consistent and MI-inconsistent moves; the practitioner card gives the goals and the
skills to practise, without giving away the answers. Rendered as Markdown or as printable HTML.
"""

from __future__ import annotations

import html
from collections import deque
from dataclasses import dataclass

from mi_trainer.model.scenario import Comparison, Node, Response, Scenario, target_ids
from mi_trainer.model.vocab import (
    MI_CONSISTENT_SKILLS,
    MI_NON_ADHERENT,
    PRINCIPLE_PLAIN,
    SKILL_PLAIN,
    STAGE_PLAIN,
    STATE_PLAIN,
    Principle,
    Skill,
    StateVar,
)

_OPS = {"<": "below", "<=": "at most", ">": "above", ">=": "at least", "==": "exactly", "!=": "not"}
_STATE_WORD = {
    StateVar.DISCORD: "your guard",
    StateVar.IMPORTANCE: "how much change matters to you",
    StateVar.CONFIDENCE: "how sure you are you could change",
}

SKILL_TIPS: dict[Skill, str] = {
    Skill.OPEN_QUESTION: "ask what, how or tell me — questions that cannot be answered yes or no",
    Skill.CLOSED_QUESTION: "use yes/no questions sparingly, for facts you really need",
    Skill.SIMPLE_REFLECTION: "say back what you heard, in a statement, not a question",
    Skill.COMPLEX_REFLECTION: "say back the meaning or feeling under the words, or both sides of their mind",
    Skill.SUMMARY: "gather two or three things they said, then ask what they make of it",
    Skill.AFFIRMATION: "name a real strength or effort of theirs, not your approval",
    Skill.SEEKING_COLLABORATION: "ask permission, ask for their ideas, decide together",
    Skill.EMPHASIZING_AUTONOMY: "say out loud that the choice is theirs",
    Skill.GIVING_INFORMATION: "offer facts neutrally, ideally after asking what they already know",
    Skill.PERSUADE_WITH_PERMISSION: "if you advise, ask first and leave the choice with them",
    Skill.PERSUADE: "notice the urge to fix, warn or argue, and reflect instead",
    Skill.CONFRONT: "notice the urge to label or shame, and reflect instead",
    Skill.OTHER: "reassurance and sympathy are kind, but they can skip over what the person feels",
}


PRINCIPLE_TIPS: dict[Principle, str] = {
    Principle.EMPATHY: "show you understand how it is for them, without judging",
    Principle.DISCREPANCY: "help them see the gap between what they do and what matters to them — in their words",
    Principle.RESISTANCE: "when they push back, don't argue: reflect it and go with it",
    Principle.SELF_EFFICACY: "notice what they have already managed; their belief they can change matters",
}


@dataclass(frozen=True, slots=True)
class Turn:
    """One client turn as the client card shows it."""

    number: int
    says: str
    variants: tuple[tuple[str, str], ...]  # (when, in plain words; what the client says then)
    if_mi: tuple[str, ...]  # how the client reacts to MI-consistent moves (next lines)
    if_not: tuple[str, ...]  # … and to MI-inconsistent ones


def condition_words(when: tuple[Comparison, ...]) -> str:
    """``discord >= 8`` → "your guard is at least 8 of 10"."""
    return " and ".join(f"{_STATE_WORD[c.var]} is {_OPS[c.op]} {c.value} of 10" for c in when)


def _consistent(r: Response) -> bool:
    return bool(set(r.skills) & MI_CONSISTENT_SKILLS) and not set(r.codes) & MI_NON_ADHERENT


def _reactions(scenario: Scenario, responses: list[Response]) -> tuple[str, ...]:
    lines: list[str] = []
    for r in responses:
        for target in target_ids(r.next):
            says = scenario.nodes[target].says
            if says not in lines:
                lines.append(says)
    return tuple(lines[:3])


def client_turns(scenario: Scenario) -> list[Turn]:
    """Client turns in the order a conversation meets them (breadth first from the start)."""
    order: list[Node] = []
    seen = {scenario.start}
    queue = deque([scenario.start])
    while queue:
        node = scenario.nodes[queue.popleft()]
        if node.is_ending:
            continue
        order.append(node)
        for r in node.responses:
            for t in target_ids(r.next):
                if t in scenario.nodes and t not in seen:
                    seen.add(t)
                    queue.append(t)
    turns = []
    for i, node in enumerate(order, 1):
        mi = [r for r in node.responses if _consistent(r)]
        not_mi = [r for r in node.responses if not _consistent(r)]
        turns.append(
            Turn(
                i,
                node.says,
                tuple((condition_words(when), says) for when, says in node.variants),
                _reactions(scenario, mi),
                _reactions(scenario, not_mi),
            )
        )
    return turns


def _start_state(scenario: Scenario) -> str:
    s = scenario.client.state
    return (
        f"{STATE_PLAIN[StateVar.DISCORD]}: {s.discord}/10; {STATE_PLAIN[StateVar.IMPORTANCE]}: {s.importance}/10; "
        f"{STATE_PLAIN[StateVar.CONFIDENCE]}: {s.confidence}/10"
    )


def client_card_md(scenario: Scenario) -> str:
    c = scenario.client
    age = f", {c.age}" if c.age is not None else ""
    out = [
        f"# Client card: {c.name}{age}",
        "",
        f"*{scenario.title}* — keep this card to yourself. Play the person, not the script: use these lines as a "
        "guide and answer in your own words.",
        "",
        "## Who you are",
        "",
        f"- **Where you are with change:** {STAGE_PLAIN[c.stage]}",
    ]
    if c.substance:
        out.append(f"- **What you use:** {c.substance}")
    if c.background:
        out.append(f"- **Your story:** {' '.join(c.background.split())}")
    if c.values:
        out.append(f"- **What matters to you:** {'; '.join(c.values)}")
    out += [f"- **The setting:** {scenario.setting}", f"- **How you start:** {_start_state(scenario)}", ""]
    out += [
        "## How you react",
        "",
        "When the other person listens — reflects what you said, asks openly, notices your strengths, leaves the "
        "choice with you — let your guard come down a little and say more about what matters to you. When they "
        "lecture, warn, label, argue or fire yes/no questions, defend yourself, go quiet or push back.",
        "",
        "## What you say at each point",
        "",
    ]
    for t in client_turns(scenario):
        out.append(f"**{t.number}.** “{t.says}”")
        for when, says in t.variants:
            out.append(f"   - *If {when}:* “{says}”")
        if t.if_mi:
            out.append(f"   - *If they listen well, you might go on:* {' / '.join(f'“{s}”' for s in t.if_mi)}")
        if t.if_not:
            out.append(f"   - *If they push, judge or lecture:* {' / '.join(f'“{s}”' for s in t.if_not)}")
        out.append("")
    endings = [n for n in scenario.nodes.values() if n.ending is not None]
    out += ["## How it can end", ""]
    out += [f"- {n.ending.outcome} ({n.ending.valence.value})" for n in endings if n.ending is not None]
    return "\n".join(out) + "\n"


def practitioner_card_md(scenario: Scenario) -> str:
    c = scenario.client
    out = [
        f"# Practitioner card: {scenario.title}",
        "",
        f"**The setting:** {scenario.setting}",
        "",
    ]
    if scenario.you:
        out += [f"**Who you are:** {scenario.you}", ""]
    out += [
        f"**Who you are talking with:** {c.name}, {STAGE_PLAIN[c.stage]}.",
        "",
        f"**The situation:** {' '.join(scenario.summary.split())}",
        "",
        "## Skills to practise",
        "",
    ]
    out += [f"- **{SKILL_PLAIN[g]}** — {SKILL_TIPS[g]}" for g in scenario.goals]
    out += [
        "",
        "## Keep in mind",
        "",
        *(f"- **{PRINCIPLE_PLAIN[p]}** — {PRINCIPLE_TIPS[p]}" for p in PRINCIPLE_PLAIN),
        "- Aim for at least two reflections for every question, and more complex reflections than simple ones.",
        "- Let them argue for change; when you feel the urge to fix, warn or persuade, reflect instead.",
        "",
        "*mi-trainer is a practice tool for learning Motivational Interviewing, not treatment.*",
    ]
    return "\n".join(out) + "\n"


def cards_md(scenario: Scenario) -> str:
    """Both cards as one Markdown document (the practitioner card first)."""
    return practitioner_card_md(scenario) + "\n---\n\n" + client_card_md(scenario)


_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 46rem; margin: 2rem auto;
       padding: 0 1rem; line-height: 1.45; color: #1d1d1f; }
section.card { border: 2px solid #445; border-radius: 10px; padding: 1rem 1.5rem; margin-bottom: 2rem; }
h1 { font-size: 1.4rem; margin-top: 0; } h2 { font-size: 1.1rem; border-bottom: 1px solid #ccd; }
.turn { margin: .6rem 0; } .turn ul { margin: .2rem 0 .2rem 1.2rem; }
@media print { body { margin: 0; max-width: none; } section.card { page-break-after: always; border: 1px solid #000; } }
"""


def _md_to_html(md: str) -> str:
    """The small Markdown subset the cards use (headings, bullets, bold, italics), escaped first."""
    import re

    out: list[str] = []
    in_list = False
    for raw in md.splitlines():
        line = html.escape(raw.strip())
        line = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", line)
        line = re.sub(r"\*(.+?)\*", r"<em>\1</em>", line)
        is_item = line.startswith("- ")
        if in_list and not is_item:
            out.append("</ul>")
            in_list = False
        if line.startswith("# "):
            out.append(f"<h1>{line[2:]}</h1>")
        elif line.startswith("## "):
            out.append(f"<h2>{line[3:]}</h2>")
        elif is_item:
            if not in_list:
                out.append("<ul>")
                in_list = True
            out.append(f"<li>{line[2:]}</li>")
        elif line == "---":
            out.append('</section><section class="card">')
        elif line:
            out.append(f"<p>{line}</p>")
    if in_list:
        out.append("</ul>")
    return "\n".join(out)


def cards_html(scenario: Scenario) -> str:
    """Both cards as one printable, self-contained HTML page (one card per printed page)."""
    title = html.escape(f"Role cards: {scenario.title}")
    body = _md_to_html(cards_md(scenario))
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f'<style>{_CSS}</style></head><body>\n<section class="card">\n{body}\n</section>\n</body></html>\n'
    )
