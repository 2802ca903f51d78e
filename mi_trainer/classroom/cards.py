"""Role cards for pair role-plays: a client card and a practitioner card, built from a scenario.

The client card tells the person playing the client who they are, what they say at each point and how
they react to MI-consistent and MI-inconsistent moves; the practitioner card gives the goals and the
skills to practise, without giving away the answers. Rendered as Markdown or as printable HTML.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from mi_trainer.model.scenario import Comparison, Node, Response, Scenario, target_ids
from mi_trainer.model.textsafe import for_html, for_markdown
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
    in_sentence,
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


# A card is a list of blocks: (kind, segments); a segment is (text, style) with style "", "b" or "i".
# Both renderers escape every segment for their medium, so no scenario text becomes markup.
Segment = tuple[str, str]
Block = tuple[str, list[Segment]]  # kind: h1, h2, p, li, sub (an indented bullet), hr


def _quoted(lines: tuple[str, ...]) -> str:
    return " / ".join(f"“{s}”" for s in lines)


def client_card(scenario: Scenario) -> list[Block]:
    c = scenario.client
    age = f", {c.age}" if c.age is not None else ""
    out: list[Block] = [
        ("h1", [(f"Client card: {c.name}{age}", "")]),
        (
            "p",
            [
                (scenario.title, "i"),
                (
                    " — keep this card to yourself. Play the person, not the script: use these lines as a guide "
                    "and answer in your own words.",
                    "",
                ),
            ],
        ),
        ("h2", [("Who you are", "")]),
        ("li", [("Where you are with change: ", "b"), (STAGE_PLAIN[c.stage], "")]),
    ]
    if c.substance:
        out.append(("li", [("What you use: ", "b"), (c.substance, "")]))
    if c.background:
        # the scenario tells the story in the third person ("Sam is…"), so the card names the person too
        out.append(("li", [(f"The story of {in_sentence(c.name)}: ", "b"), (" ".join(c.background.split()), "")]))
    if c.values:
        out.append(("li", [(f"What matters to {in_sentence(c.name)}: ", "b"), ("; ".join(c.values), "")]))
    out += [
        ("li", [("The setting: ", "b"), (scenario.setting, "")]),
        ("li", [("How you start: ", "b"), (_start_state(scenario), "")]),
        ("h2", [("How you react", "")]),
        (
            "p",
            [
                (
                    "When the other person listens — reflects what you said, asks openly, notices your strengths, "
                    "leaves the choice with you — let your guard come down a little and say more about what matters "
                    "to you. When they lecture, warn, label, argue or fire yes/no questions, defend yourself, go "
                    "quiet or push back.",
                    "",
                )
            ],
        ),
        ("h2", [("What you say at each point", "")]),
    ]
    for t in client_turns(scenario):
        out.append(("p", [(f"{t.number}. ", "b"), (f"“{t.says}”", "")]))
        out += [("sub", [(f"If {when}: ", "i"), (f"“{says}”", "")]) for when, says in t.variants]
        if t.if_mi:
            out.append(("sub", [("If they listen well, you might go on: ", "i"), (_quoted(t.if_mi), "")]))
        if t.if_not:
            out.append(("sub", [("If they push, judge or lecture: ", "i"), (_quoted(t.if_not), "")]))
    out.append(("h2", [("How it can end", "")]))
    out += [
        ("li", [(f"{n.ending.outcome} ({n.ending.valence.value})", "")])
        for n in scenario.nodes.values()
        if n.ending is not None
    ]
    return out


def practitioner_card(scenario: Scenario) -> list[Block]:
    c = scenario.client
    out: list[Block] = [
        ("h1", [(f"Practitioner card: {scenario.title}", "")]),
        ("p", [("The setting: ", "b"), (scenario.setting, "")]),
    ]
    if scenario.you:
        out.append(("p", [("Who you are: ", "b"), (scenario.you, "")]))
    out += [
        ("p", [("Who you are talking with: ", "b"), (f"{c.name}, {STAGE_PLAIN[c.stage]}.", "")]),
        ("p", [("The situation: ", "b"), (" ".join(scenario.summary.split()), "")]),
        ("h2", [("Skills to practise", "")]),
        *(("li", [(SKILL_PLAIN[g], "b"), (f" — {SKILL_TIPS[g]}", "")]) for g in scenario.goals),
        ("h2", [("Keep in mind", "")]),
        *(("li", [(PRINCIPLE_PLAIN[p], "b"), (f" — {PRINCIPLE_TIPS[p]}", "")]) for p in PRINCIPLE_PLAIN),
        (
            "li",
            [("Aim for at least two reflections for every question, and more complex reflections than simple.", "")],
        ),
        ("li", [("Let them argue for change; when you feel the urge to fix, warn or persuade, reflect instead.", "")]),
        ("p", [("mi-trainer is a practice tool for learning Motivational Interviewing, not treatment.", "i")]),
    ]
    return out


def _cards(scenario: Scenario) -> list[Block]:
    """Both cards, the practitioner card first."""
    return [*practitioner_card(scenario), ("hr", []), *client_card(scenario)]


def _md_segments(segments: list[Segment]) -> str:
    marks = {"": "", "b": "**", "i": "*"}
    out = []
    for text, style in segments:
        core = text.rstrip()  # emphasis must close against text: "**Who: **" is not bold in CommonMark
        out.append(
            f"{marks[style]}{for_markdown(core)}{marks[style]}{text[len(core) :]}" if style else for_markdown(text)
        )
    return "".join(out)


def _markdown(blocks: list[Block]) -> str:
    out: list[str] = []
    for kind, segments in blocks:
        text = _md_segments(segments)
        if kind in ("h1", "h2"):
            out += ([""] if out else []) + [("# " if kind == "h1" else "## ") + text, ""]
        elif kind == "li":
            out.append(f"- {text}")
        elif kind == "sub":
            out.append(f"   - {text}")
        elif kind == "hr":
            out += ["", "---"]
        else:
            out += ["", text] if out and out[-1] != "" else [text]
    return "\n".join(out).strip() + "\n"


def client_card_md(scenario: Scenario) -> str:
    return _markdown(client_card(scenario))


def practitioner_card_md(scenario: Scenario) -> str:
    return _markdown(practitioner_card(scenario))


def cards_md(scenario: Scenario) -> str:
    """Both cards as one Markdown document (the practitioner card first)."""
    return _markdown(_cards(scenario))


_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 46rem; margin: 2rem auto;
       padding: 0 1rem; line-height: 1.45; color: #1d1d1f; }
section.card { border: 2px solid #445; border-radius: 10px; padding: 1rem 1.5rem; margin-bottom: 2rem; }
h1 { font-size: 1.4rem; margin-top: 0; } h2 { font-size: 1.1rem; border-bottom: 1px solid #ccd; }
ul.sub { margin: .1rem 0 .6rem 1.2rem; }
@media print { body { margin: 0; max-width: none; } section.card { page-break-after: always; border: 1px solid #000; } }
"""


def _html_segments(segments: list[Segment]) -> str:
    tags = {"": ("", ""), "b": ("<strong>", "</strong>"), "i": ("<em>", "</em>")}
    return "".join(f"{tags[style][0]}{for_html(text)}{tags[style][1]}" for text, style in segments)


def cards_html(scenario: Scenario) -> str:
    """Both cards as one printable, self-contained HTML page (one card per printed page)."""
    body: list[str] = ['<section class="card">']
    open_list = ""
    for kind, segments in _cards(scenario):
        want = "ul" if kind == "li" else "ul.sub" if kind == "sub" else ""
        if open_list and want != open_list:
            body.append("</ul>")
            open_list = ""
        if want and not open_list:
            body.append('<ul class="sub">' if want == "ul.sub" else "<ul>")
            open_list = want
        text = _html_segments(segments)
        if kind in ("h1", "h2", "p"):
            body.append(f"<{kind}>{text}</{kind}>")
        elif kind in ("li", "sub"):
            body.append(f"<li>{text}</li>")
        elif kind == "hr":
            body.append('</section><section class="card">')
    if open_list:
        body.append("</ul>")
    body.append("</section>")
    title = for_html(f"Role cards: {scenario.title}")
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f"<style>{_CSS}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n"
    )
