"""Plain-language labels for what the engine returns (wording only; no MI logic lives here)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from mi_trainer.model.vocab import (
    PRINCIPLE_PLAIN,
    SKILL_PLAIN,
    Audience,
    Miti,
    Principle,
    Skill,
    Valence,
)

MITI_NAMES: dict[Miti, str] = {
    Miti.Q: "Question",
    Miti.SR: "Simple Reflection",
    Miti.CR: "Complex Reflection",
    Miti.AF: "Affirm",
    Miti.SEEK: "Seeking Collaboration",
    Miti.EMPH: "Emphasizing Autonomy",
    Miti.GI: "Giving Information",
    Miti.PWP: "Persuade with Permission",
    Miti.PERSUADE: "Persuade",
    Miti.CONFRONT: "Confront",
}

AUDIENCE_PLAIN: dict[str, str] = {
    Audience.FAMILY.value: "Family and friends",
    Audience.PEER.value: "Peer recovery coaching",
    Audience.COMMUNITY.value: "Community and outreach",
    Audience.SELF.value: "Talking with yourself",
    Audience.CLASSROOM.value: "Classroom drills",
}


TALK_PLAIN: dict[str, str] = {
    "change": "change talk: leaning towards change",
    "sustain": "sustain talk: arguing for things as they are",
    "discord": "discord: friction between you",
    "neutral": "neutral",
}

#: What the client's reply leaned towards, in everyday words only (plain view: no MI terms to gloss).
TALK_EVERYDAY: dict[str, str] = {
    "change": "leaning towards change",
    "sustain": "arguing for things as they are",
    "discord": "friction between you",
    "neutral": "",
}

#: The four principles in everyday words first, the MI term in brackets (the plain view).
PRINCIPLE_GLOSSED: dict[Principle, str] = {
    Principle.EMPATHY: "understanding first (empathy)",
    Principle.DISCREPANCY: "the gap with what matters to them (discrepancy)",
    Principle.RESISTANCE: "not arguing back (rolling with resistance)",
    Principle.SELF_EFFICACY: "building their confidence (self-efficacy)",
}

VALENCE_PLAIN: dict[str, str] = {
    Valence.POSITIVE.value: "a hopeful ending",
    Valence.MIXED.value: "the door is left open",
    Valence.NEGATIVE.value: "the door is closed, for today",
}

DIFFICULTY_PLAIN = {1: "gentle", 2: "moderate", 3: "challenging"}

BAND_MARK = {"good": "✔✔ good", "fair": "✔ fair", "below fair": "✘ below fair", "n/a": "– n/a"}

#: The running tally: key, plain label, shown even at 0 (the four OARS skills), and a mark that is
#: not colour alone: ✔ fits MI, ✘ does not (MITI adherent / non-adherent), blank for neutral moves.
OARS_ROWS = (
    ("open_questions", "Open questions", True, " "),
    ("closed_questions", "Yes/no questions", False, " "),
    ("affirmations", "Affirmations", True, "✔"),
    ("simple_reflections", "Simple reflections", True, " "),
    ("complex_reflections", "Complex reflections", True, " "),
    ("summaries", "Summaries", True, " "),
    ("seeking_collaboration", "Working together", False, "✔"),
    ("emphasizing_autonomy", "Their choice", False, "✔"),
    ("giving_information", "Information", False, " "),
    ("persuade_with_permission", "Advice, asked", False, " "),
    ("persuade", "Advice, unasked", False, "✘"),
    ("confront", "Confronting", False, "✘"),
    ("other", "Other", False, " "),
)


def audience(value: str) -> str:
    return AUDIENCE_PLAIN.get(value, value.replace("_", " ").capitalize())


def difficulty(level: int) -> str:
    stars = "★" * level + "☆" * max(0, 3 - level)
    return f"{stars} {DIFFICULTY_PLAIN.get(level, str(level))}"


def skill(s: Skill, miti_first: bool = False, plain: bool = False) -> str:
    """One skill: plain words with the MI term beside them, or the MITI code first for coach trainees;
    ``plain`` leaves the MITI code out altogether (family and self-talk)."""
    from mi_trainer.model.vocab import SKILL_TO_MITI

    if plain:
        return SKILL_PLAIN[s]
    code = SKILL_TO_MITI.get(s)
    if code is None:
        return f"no MITI code · {SKILL_PLAIN[s]}" if miti_first else f"{SKILL_PLAIN[s]} · no MITI code"
    if miti_first:
        return f"{code.value} {MITI_NAMES[code]} · {SKILL_PLAIN[s]}"
    return f"{SKILL_PLAIN[s]} · MITI {code.value}"


def skills(items: Iterable[Skill], miti_first: bool = False, plain: bool = False) -> str:
    return " + ".join(skill(s, miti_first, plain) for s in items)


def goal(s: Skill) -> str:
    return SKILL_PLAIN[s]


def principle(p: Principle, plain: bool = False) -> str:
    return PRINCIPLE_GLOSSED[p] if plain else PRINCIPLE_PLAIN[p]


def principle_effects(items: Iterable[tuple[Principle, int]], plain: bool = False) -> list[tuple[str, int]]:
    """(label, value) pairs with the sign spelled out in the label, e.g. ('+2 express empathy', 2)."""
    return [(f"{'+' if v > 0 else '−' if v < 0 else '±'}{abs(v)} {principle(p, plain)}", v) for p, v in items]


def band(value: str) -> str:
    return BAND_MARK.get(value, value)


def number(value: float | int | None, suffix: str = "") -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value}{suffix}"


def reading(measure: str, miti: dict[str, Any]) -> str:
    """A sentence that reads one MITI summary number in plain words."""
    value = miti.get(measure)
    bands = str(miti.get(f"{measure}_band", ""))
    if measure == "reflection_to_question":
        if value is None:
            return "You asked no questions, so there is no ratio to show."
        per = "reflection" if value == 1 else "reflections"
        base = f"You offered {number(value)} {per} for every question you asked."
        tips = {
            "good": " That is the balance skilled listeners aim for.",
            "fair": " A good start; two reflections per question is the next step.",
            "below fair": " Questions outnumbered reflections: try saying back what you heard first.",
        }
        return base + tips.get(bands, "")
    if measure == "percent_complex_reflection":
        if value is None:
            return "You made no reflections this time, so there is nothing to measure yet."
        return f"{number(value)}% of your reflections went past the words to meaning or feeling."
    if measure == "technical":
        return "How well you drew out and strengthened talk about change (an estimate from your choices)."
    if measure == "relational":
        return "How much partnership and empathy came through (an estimate from your choices)."
    return ""
