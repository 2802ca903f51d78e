"""Coding lints (catalogued warnings): a response's wording that contradicts its skill, and endless loops.

These catch the mistakes an independent MITI coder flags most: a "reflection" that is really a question,
an "open question" that can be answered yes or no (or the reverse), and a loop in the dialogue that a
trainee could go round for ever.
"""

from __future__ import annotations

import re

import networkx as nx

from mi_trainer.loading.fields import Reader
from mi_trainer.model.scenario import Response, Scenario
from mi_trainer.model.vocab import Skill

REFLECTIONS = frozenset({Skill.SIMPLE_REFLECTION, Skill.COMPLEX_REFLECTION, Skill.SUMMARY})
QUESTIONS = frozenset({Skill.OPEN_QUESTION, Skill.CLOSED_QUESTION})

#: words a closed (yes/no) question starts with, once fillers like "So," or "And" are set aside
_AUXILIARY_WORDS = (
    "do does did is are was were am can could will would have has had should shall may might must "
    "don't doesn't didn't isn't aren't wasn't weren't can't couldn't won't wouldn't haven't hasn't shouldn't"
)
_FILLER_WORDS = "so and but okay ok well then now right alright yeah um hmm"
_AUXILIARIES = frozenset(_AUXILIARY_WORDS.split())
_FILLERS = frozenset(_FILLER_WORDS.split())
#: "Would you be willing to tell me …", "Can you say more …": invitations, coded as open questions
_INVITATION = re.compile(r"\b(tell me|talk (?:me )?(?:about|through)|say (?:a bit )?more|share|describe|walk me)\b")
#: closed-looking openings that still ask for a fact, not an open answer ("How many", "What time")
_NARROW = re.compile(r"^(how (?:many|much|often|long|old|far|soon)|what (?:time|day|date|year|number))\b")
_OPEN_START = re.compile(r"^(what|how|why|tell me|in what way)\b")
_SENTENCE = re.compile(r"[^.!?]*[.!?]+|[^.!?]+$")


def _question(text: str) -> str:
    """The last sentence that ends with a question mark, lower case, without leading fillers ('' if none)."""
    asked = [s.strip() for s in _SENTENCE.findall(text) if s.strip().endswith("?")]
    if not asked:
        return ""
    words = re.findall(r"[\w']+", asked[-1].lower().replace("’", "'"))
    while words and words[0] in _FILLERS:
        words.pop(0)
    return " ".join(words)


def grammatically_closed(text: str) -> bool:
    """True when the response's question can be answered yes or no (invitations to talk excepted)."""
    q = _question(text)
    return bool(q) and q.split()[0] in _AUXILIARIES and not _INVITATION.search(q)


def grammatically_open(text: str) -> bool:
    """True when the response's question invites a wide answer (what, how, why, tell me …)."""
    q = _question(text)
    return bool(q) and bool(_OPEN_START.match(q)) and not _NARROW.match(q)


def check_wording(r: Reader, scenario: Scenario) -> None:
    """MI060–MI062: reflections that end with a question mark; open/closed questions of the other kind."""
    for node in scenario.nodes.values():
        for resp in node.responses:
            _check_response(r, node.id, resp)


def _check_response(r: Reader, node_id: str, resp: Response) -> None:
    skills = set(resp.skills)
    what = f"response {resp.index + 1} of node '{node_id}'"
    pos = resp.pos
    if skills & REFLECTIONS and not skills & QUESTIONS and resp.say.rstrip().endswith("?"):
        r.warn(
            "MI060",
            f"{what} is coded as a reflection but ends with a question mark",
            pos,
            "a reflection is a statement: end it with a full stop, or add the question skill it also uses",
        )
    if Skill.OPEN_QUESTION in skills and Skill.CLOSED_QUESTION not in skills and grammatically_closed(resp.say):
        r.warn(
            "MI061",
            f"{what} is coded open_question but can be answered yes or no",
            pos,
            "reword it to start with what, how or tell me — or code it closed_question",
        )
    if Skill.CLOSED_QUESTION in skills and Skill.OPEN_QUESTION not in skills and grammatically_open(resp.say):
        r.warn(
            "MI062",
            f"{what} is coded closed_question but asks an open question",
            pos,
            "code it open_question, or ask for a yes/no or a specific fact",
        )


def check_loops(r: Reader, scenario: Scenario, g: nx.MultiDiGraph) -> None:
    """MI063: a loop whose every step is unconditional can be gone round without end."""
    unconditional = nx.DiGraph()
    unconditional.add_nodes_from(g.nodes)
    for node in scenario.nodes.values():
        for resp in node.responses:
            if isinstance(resp.next, str) and resp.next in scenario.nodes:
                unconditional.add_edge(node.id, resp.next)
    for component in nx.strongly_connected_components(unconditional):
        looped = len(component) > 1 or any(unconditional.has_edge(n, n) for n in component)
        if not looped:
            continue
        first = min(component, key=lambda n: (scenario.nodes[n].pos.line, n))
        names = ", ".join(sorted(component)[:5]) + (" …" if len(component) > 5 else "")
        r.warn(
            "MI063",
            f"a trainee can go round the loop {names} without end",
            scenario.nodes[first].pos,
            "let a condition on the client's state lead out of the loop, or point one response forward",
        )
