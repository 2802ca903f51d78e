"""Drill items built from compiled scenarios: client lines with their talk types, responses with their skills."""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from mi_trainer.errors import MiTrainerError
from mi_trainer.model.scenario import Node, Response, Scenario
from mi_trainer.model.vocab import SKILL_PLAIN, DarnCat, Skill, Talk

#: The six drill kinds; each is also the "skill" a spaced-practice record is kept for.
KINDS: tuple[str, ...] = ("name_skill", "make_open", "reflect", "both_sides", "affirm", "spot_talk")

KIND_TITLES: dict[str, str] = {
    "name_skill": "Name the skill",
    "make_open": "Make it open",
    "reflect": "Reflect this",
    "both_sides": "Both sides",
    "affirm": "Affirm",
    "spot_talk": "Spot the change talk",
}

_ALIASES: dict[str, str] = {
    "name": "name_skill",
    "naming": "name_skill",
    "open": "make_open",
    "open_question": "make_open",
    "reflection": "reflect",
    "reflections": "reflect",
    "double_sided": "both_sides",
    "double_sided_reflection": "both_sides",
    "affirmation": "affirm",
    "affirmations": "affirm",
    "change_talk": "spot_talk",
    "spot": "spot_talk",
    "talk": "spot_talk",
}

#: A client line that holds both sides: "I want to…, but…", "part of me…", "on the other hand".
AMBIVALENT = re.compile(
    r"\b(but|part of me|on the other hand|at the same time|though|and yet|then again|i know\b.*\bi just)\b",
    re.IGNORECASE,
)
#: An answer (or a scripted reflection) that puts two sides together.
TWO_SIDED = re.compile(
    r"\b(on (the )?one hand|on the other|part of you|at the same time|and yet|but also|and also|but|while|"
    r"even though|although|yet|and you also|and still|you also|what you don't want|and you don't want)\b",
    re.IGNORECASE,
)

#: Skills a trainee is most likely to mix up with each skill: the distractors offered first.
CONFUSABLE: dict[Skill, tuple[Skill, ...]] = {
    Skill.OPEN_QUESTION: (Skill.CLOSED_QUESTION, Skill.SEEKING_COLLABORATION, Skill.SIMPLE_REFLECTION),
    Skill.CLOSED_QUESTION: (Skill.OPEN_QUESTION, Skill.CONFRONT, Skill.SEEKING_COLLABORATION),
    Skill.SIMPLE_REFLECTION: (Skill.COMPLEX_REFLECTION, Skill.SUMMARY, Skill.AFFIRMATION),
    Skill.COMPLEX_REFLECTION: (Skill.SIMPLE_REFLECTION, Skill.AFFIRMATION, Skill.SUMMARY),
    Skill.SUMMARY: (Skill.COMPLEX_REFLECTION, Skill.SIMPLE_REFLECTION, Skill.GIVING_INFORMATION),
    Skill.AFFIRMATION: (Skill.COMPLEX_REFLECTION, Skill.OTHER, Skill.EMPHASIZING_AUTONOMY),
    Skill.SEEKING_COLLABORATION: (Skill.OPEN_QUESTION, Skill.EMPHASIZING_AUTONOMY, Skill.PERSUADE_WITH_PERMISSION),
    Skill.EMPHASIZING_AUTONOMY: (Skill.SEEKING_COLLABORATION, Skill.AFFIRMATION, Skill.PERSUADE_WITH_PERMISSION),
    Skill.GIVING_INFORMATION: (Skill.PERSUADE, Skill.PERSUADE_WITH_PERMISSION, Skill.OTHER),
    Skill.PERSUADE_WITH_PERMISSION: (Skill.PERSUADE, Skill.GIVING_INFORMATION, Skill.SEEKING_COLLABORATION),
    Skill.PERSUADE: (Skill.GIVING_INFORMATION, Skill.PERSUADE_WITH_PERMISSION, Skill.CONFRONT),
    Skill.CONFRONT: (Skill.PERSUADE, Skill.CLOSED_QUESTION, Skill.COMPLEX_REFLECTION),
    Skill.OTHER: (Skill.AFFIRMATION, Skill.GIVING_INFORMATION, Skill.SIMPLE_REFLECTION),
}

TALK_CHOICES: tuple[str, ...] = (Talk.CHANGE.value, Talk.SUSTAIN.value, Talk.NEUTRAL.value)
DARN_CAT_CHOICES: tuple[str, ...] = tuple(d.value for d in DarnCat)


@dataclass(frozen=True, slots=True)
class Example:
    """A scripted response from the library that shows the skill at this client line."""

    say: str
    skill: str
    feedback: str


@dataclass(frozen=True, slots=True)
class DrillItem:
    """One drill exercise. ``prompts`` has one entry per written part (reflect: simple, then complex);
    ``options`` / ``answer`` are set for the multiple-choice kinds (name_skill, spot_talk)."""

    id: str
    kind: str
    scenario_id: str
    scenario_title: str
    node_id: str
    client_name: str
    client_line: str
    practitioner_line: str = ""
    prompts: tuple[str, ...] = ()
    examples: tuple[Example | None, ...] = ()
    options: tuple[str, ...] = ()
    answer: tuple[str, ...] = ()  # accepted options (name_skill: every skill the response is tagged with)
    subtype_options: tuple[str, ...] = ()
    subtype_answer: str = ""
    why: str = ""

    @property
    def title(self) -> str:
        return KIND_TITLES[self.kind]

    @property
    def written(self) -> bool:
        return not self.options


def parse_skill(text: str) -> str:
    """A SKILL argument (a kind or an alias such as 'open_question', any case, '-' or '_') → a kind."""
    key = text.strip().lower().replace("-", "_").replace(" ", "_")
    key = _ALIASES.get(key, key)
    if key not in KINDS:
        raise MiTrainerError(
            f"drill {text!r}: no such drill; choose one of {', '.join(k.replace('_', '-') for k in KINDS)}"
        )
    return key


def _first(node: Node, *skills: Skill) -> Response | None:
    return next((r for r in node.responses if r.skill in skills), None)


def _scenario_first(s: Scenario, skill: Skill) -> Response | None:
    for node_id in sorted(s.nodes):
        found = _first(s.nodes[node_id], skill)
        if found is not None:
            return found
    return None


def _example(r: Response | None) -> Example | None:
    return None if r is None else Example(r.say, r.skill.value, r.feedback)


def _item(s: Scenario, node: Node, kind: str, tail: str = "", **fields: object) -> DrillItem:
    return DrillItem(
        id=f"{s.id}:{node.id}:{kind}{tail}",
        kind=kind,
        scenario_id=s.id,
        scenario_title=s.title,
        node_id=node.id,
        client_name=s.client.name,
        client_line=node.says,
        **fields,  # type: ignore[arg-type]
    )


def _name_skill(s: Scenario, node: Node, r: Response) -> DrillItem:
    item_id = f"{s.id}:{node.id}:name_skill:{r.index}"
    rng = random.Random(item_id)  # the same options in the same order for this item, every time
    tagged = set(r.skills)
    wrong = [k for k in CONFUSABLE[r.skill] if k not in tagged]
    rest = [k for k in Skill if k not in tagged and k not in wrong]
    rng.shuffle(rest)
    options = [r.skill, *wrong[:3]]
    options += rest[: 4 - len(options)]
    rng.shuffle(options)
    return _item(
        s,
        node,
        "name_skill",
        f":{r.index}",
        practitioner_line=r.say,
        options=tuple(o.value for o in options),
        answer=tuple(k.value for k in r.skills),
        why=r.feedback,
    )


def _node_items(s: Scenario, node: Node) -> Iterable[DrillItem]:
    for r in node.responses:
        yield _name_skill(s, node, r)
        if r.skill is Skill.CLOSED_QUESTION:
            # an open question at this client line, else the scenario's first one (an example, not a key)
            example = _first(node, Skill.OPEN_QUESTION) or _scenario_first(s, Skill.OPEN_QUESTION)
            if example is not None:
                yield _item(
                    s,
                    node,
                    "make_open",
                    f":{r.index}",
                    practitioner_line=r.say,
                    prompts=("Ask the same thing as an open question:",),
                    examples=(_example(example),),
                )
    simple = _first(node, Skill.SIMPLE_REFLECTION)
    complex_ = _first(node, Skill.COMPLEX_REFLECTION)
    if simple is not None or complex_ is not None:
        yield _item(
            s,
            node,
            "reflect",
            prompts=(
                "Write a simple reflection (say back what you heard):",
                "Now a complex reflection (add the meaning or feeling):",
            ),
            examples=(_example(simple), _example(complex_)),
        )
    if node.talk in (Talk.CHANGE, Talk.SUSTAIN) and AMBIVALENT.search(node.says) and complex_ is not None:
        two = next(
            (r for r in node.responses if r.skill is Skill.COMPLEX_REFLECTION and TWO_SIDED.search(r.say)), complex_
        )
        yield _item(
            s,
            node,
            "both_sides",
            prompts=("Write a double-sided reflection (both sides of what they feel):",),
            examples=(_example(two),),
        )
    affirmation = next((r for r in node.responses if Skill.AFFIRMATION in r.skills), None)
    if affirmation is not None:
        yield _item(
            s,
            node,
            "affirm",
            prompts=("Write an affirmation (name a strength or effort you heard):",),
            examples=(_example(affirmation),),
        )
    if node.talk is not Talk.DISCORD:
        subtypes = DARN_CAT_CHOICES if node.talk is not Talk.NEUTRAL and node.subtype is not None else ()
        yield _item(
            s,
            node,
            "spot_talk",
            options=TALK_CHOICES,
            answer=(node.talk.value,),
            subtype_options=subtypes,
            subtype_answer=node.subtype.value if subtypes and node.subtype is not None else "",
            why=talk_why(node),
        )


DARN_CAT_PLAIN: dict[str, str] = {
    "desire": "wanting (desire: 'I want…', 'I wish…')",
    "ability": "being able (ability: 'I could…', 'I can…')",
    "reasons": "a reason (reasons: 'it would…', 'because…')",
    "need": "needing (need: 'I have to…', 'I've got to…')",
    "commitment": "a promise or intention (commitment: 'I will…', 'I'm going to…')",
    "activation": "getting ready (activation: 'I'm willing to…', 'I'm ready…')",
    "taking_steps": "something already done (taking steps: 'I went…', 'this week I…')",
}


def talk_why(node: Node) -> str:
    """Why a client line is the talk type it is tagged with, in plain words."""
    if node.talk is Talk.NEUTRAL:
        return "Neutral: it is about the situation, not for or against changing."
    side = "for" if node.talk is Talk.CHANGE else "against"
    kind = f" — {DARN_CAT_PLAIN[node.subtype.value]}" if node.subtype is not None else ""
    return f"{node.talk.value.capitalize()} talk: the person's own words {side} changing{kind}."


def build_items(scenarios: Iterable[Scenario]) -> list[DrillItem]:
    """Every drill item the scenarios offer, in a stable order (scenario id, node id, kind)."""
    items: list[DrillItem] = []
    for s in sorted(scenarios, key=lambda x: x.id):
        for node_id in sorted(s.nodes):
            node = s.nodes[node_id]
            if not node.is_ending and node.responses:
                items.extend(_node_items(s, node))
    return items


def choose_items(items: Sequence[DrillItem], kind: str, count: int, seed: int) -> list[DrillItem]:
    """``count`` items of one kind for a seed: the same seed always gives the same items, spread over the
    scenarios (one per scenario before a second from any)."""
    pool = [i for i in items if i.kind == kind]
    rng = random.Random(seed)
    rng.shuffle(pool)
    seen: dict[str, int] = {}
    ranked: list[tuple[int, int, DrillItem]] = []
    for item in pool:
        seen[item.scenario_id] = seen.get(item.scenario_id, 0) + 1
        ranked.append((seen[item.scenario_id], len(ranked), item))
    ranked.sort(key=lambda t: (t[0], t[1]))
    return [item for _, _, item in ranked[: max(count, 0)]]


def skill_label(value: str) -> str:
    """A skill as a drill shows it: plain words first, the MI term after them when the words differ
    ("asking to work on it together (seeking collaboration)"); never an id with underscores."""
    try:
        plain = SKILL_PLAIN[Skill(value)]
    except ValueError:
        return value.replace("_", " ")
    term = value.replace("_", " ")
    return plain if plain.startswith(term) or term == "other" else f"{plain} ({term})"


def talk_label(value: str) -> str:
    """A kind of client talk as a drill shows it ("change talk", "sustain talk", "neutral")."""
    return {"change": "change talk", "sustain": "sustain talk"}.get(value, value.replace("_", " "))
