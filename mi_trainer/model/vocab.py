"""MI vocabulary: OARS+ skills, MITI 4.2.1 behaviour codes, principles, talk types, stages, state."""

from __future__ import annotations

from enum import StrEnum


class Skill(StrEnum):
    """What a trainee's response does, in OARS+ terms (the unit authors tag responses with)."""

    OPEN_QUESTION = "open_question"
    CLOSED_QUESTION = "closed_question"
    SIMPLE_REFLECTION = "simple_reflection"
    COMPLEX_REFLECTION = "complex_reflection"
    SUMMARY = "summary"
    AFFIRMATION = "affirmation"
    SEEKING_COLLABORATION = "seeking_collaboration"
    EMPHASIZING_AUTONOMY = "emphasizing_autonomy"
    GIVING_INFORMATION = "giving_information"
    PERSUADE_WITH_PERMISSION = "persuade_with_permission"
    PERSUADE = "persuade"
    CONFRONT = "confront"
    #: talk with no MITI code: structuring, sympathy, empty reassurance ("Don't worry, it'll be fine")
    OTHER = "other"


class Miti(StrEnum):
    """MITI 4.2.1 behaviour codes."""

    Q = "Q"
    SR = "SR"
    CR = "CR"
    AF = "AF"
    SEEK = "SEEK"
    EMPH = "EMPH"
    GI = "GI"
    PWP = "PWP"
    PERSUADE = "PERSUADE"
    CONFRONT = "CONFRONT"


class Principle(StrEnum):
    """The four MI principles named in the seed article."""

    EMPATHY = "empathy"
    DISCREPANCY = "discrepancy"
    RESISTANCE = "resistance"
    SELF_EFFICACY = "self_efficacy"


class Talk(StrEnum):
    """What kind of language a client line is."""

    CHANGE = "change"
    SUSTAIN = "sustain"
    NEUTRAL = "neutral"
    DISCORD = "discord"


class DarnCat(StrEnum):
    """DARN-CAT subtypes of change or sustain talk."""

    DESIRE = "desire"
    ABILITY = "ability"
    REASONS = "reasons"
    NEED = "need"
    COMMITMENT = "commitment"
    ACTIVATION = "activation"
    TAKING_STEPS = "taking_steps"


class Stage(StrEnum):
    """Stages of change (transtheoretical model), with relapse treated as part of the cycle."""

    PRECONTEMPLATION = "precontemplation"
    CONTEMPLATION = "contemplation"
    PREPARATION = "preparation"
    ACTION = "action"
    MAINTENANCE = "maintenance"
    RELAPSE = "relapse"


class Audience(StrEnum):
    """Who a scenario is written for."""

    FAMILY = "family"
    PEER = "peer"
    COMMUNITY = "community"
    SELF = "self"
    CLASSROOM = "classroom"


class Valence(StrEnum):
    """How an ending went for the client and the relationship."""

    POSITIVE = "positive"
    MIXED = "mixed"
    NEGATIVE = "negative"


class StateVar(StrEnum):
    """The client's inner state, each on a 0..10 scale."""

    DISCORD = "discord"
    IMPORTANCE = "importance"
    CONFIDENCE = "confidence"


class Trap(StrEnum):
    """The tempting non-MI moves a scenario offers on purpose."""

    RIGHTING_REFLEX = "righting_reflex"
    CLOSED_QUESTION_CHAIN = "closed_question_chain"
    PREMATURE_ADVICE = "premature_advice"
    LABELLING = "labelling"
    TAKING_SIDES = "taking_sides"
    REASSURANCE = "reassurance"


STATE_MIN = 0
STATE_MAX = 10
PRINCIPLE_MIN = -3
PRINCIPLE_MAX = 3
EFFECT_MIN = -5
EFFECT_MAX = 5

#: The MITI code a skill maps onto (DESIGN.md §4). A summary is a reflection; complex by default.
#: ``other`` has no entry: MITI gives sympathy, structuring and empty reassurance no code.
SKILL_TO_MITI: dict[Skill, Miti] = {
    Skill.OPEN_QUESTION: Miti.Q,
    Skill.CLOSED_QUESTION: Miti.Q,
    Skill.SIMPLE_REFLECTION: Miti.SR,
    Skill.COMPLEX_REFLECTION: Miti.CR,
    Skill.SUMMARY: Miti.CR,
    Skill.AFFIRMATION: Miti.AF,
    Skill.SEEKING_COLLABORATION: Miti.SEEK,
    Skill.EMPHASIZING_AUTONOMY: Miti.EMPH,
    Skill.GIVING_INFORMATION: Miti.GI,
    Skill.PERSUADE_WITH_PERMISSION: Miti.PWP,
    Skill.PERSUADE: Miti.PERSUADE,
    Skill.CONFRONT: Miti.CONFRONT,
}

MI_ADHERENT = frozenset({Miti.AF, Miti.SEEK, Miti.EMPH})
MI_NON_ADHERENT = frozenset({Miti.PERSUADE, Miti.CONFRONT})
REFLECTIONS = frozenset({Miti.SR, Miti.CR})
#: Skills a MITI coder would call MI-consistent at a client turn (used by the teaching warnings).
MI_CONSISTENT_SKILLS = frozenset(
    {
        Skill.OPEN_QUESTION,
        Skill.SIMPLE_REFLECTION,
        Skill.COMPLEX_REFLECTION,
        Skill.SUMMARY,
        Skill.AFFIRMATION,
        Skill.SEEKING_COLLABORATION,
        Skill.EMPHASIZING_AUTONOMY,
    }
)

#: Plain-language names, for family members who never asked for jargon.
SKILL_PLAIN: dict[Skill, str] = {
    Skill.OPEN_QUESTION: "open question",
    Skill.CLOSED_QUESTION: "yes/no question",
    Skill.SIMPLE_REFLECTION: "simple reflection (saying back what you heard)",
    Skill.COMPLEX_REFLECTION: "complex reflection (saying back the meaning or feeling)",
    Skill.SUMMARY: "summary (gathering what was said)",
    Skill.AFFIRMATION: "affirmation (naming a strength)",
    Skill.SEEKING_COLLABORATION: "asking to work on it together",
    Skill.EMPHASIZING_AUTONOMY: "respecting their choice",
    Skill.GIVING_INFORMATION: "giving information",
    Skill.PERSUADE_WITH_PERMISSION: "advice after asking permission",
    Skill.PERSUADE: "advising or warning without asking",
    Skill.CONFRONT: "confronting or labelling",
    Skill.OTHER: "other talk (no MI skill, e.g. reassurance)",
}


def miti_codes(skills: tuple[Skill, ...] | list[Skill]) -> tuple[Miti, ...]:
    """The MITI codes skills map onto, in order, without repeats (``other`` adds none)."""
    return tuple(dict.fromkeys(SKILL_TO_MITI[s] for s in skills if s in SKILL_TO_MITI))


PRINCIPLE_PLAIN: dict[Principle, str] = {
    Principle.EMPATHY: "express empathy",
    Principle.DISCREPANCY: "develop discrepancy",
    Principle.RESISTANCE: "roll with resistance",
    Principle.SELF_EFFICACY: "support self-efficacy",
}

#: Stages of change in everyday words, with the term in brackets.
STAGE_PLAIN: dict[Stage, str] = {
    Stage.PRECONTEMPLATION: "not yet thinking about change (precontemplation)",
    Stage.CONTEMPLATION: "in two minds about change (contemplation)",
    Stage.PREPARATION: "getting ready to change (preparation)",
    Stage.ACTION: "making changes now (action)",
    Stage.MAINTENANCE: "keeping changes going (maintenance)",
    Stage.RELAPSE: "after a return to use (relapse)",
}

STATE_PLAIN: dict[StateVar, str] = {
    StateVar.DISCORD: "guard up (discord)",
    StateVar.IMPORTANCE: "how important change feels",
    StateVar.CONFIDENCE: "how possible change feels",
}


def plural(n: int, word: str, many: str = "") -> str:
    """``plural(1, "question")`` → "1 question"; ``plural(3, "question")`` → "3 questions"."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def in_sentence(name: str) -> str:
    """A client's name as it reads inside a sentence: a self-talk client called "Your inner voice" becomes
    "your inner voice" ("How your inner voice reacted"); a person's name is left as it is."""
    first, sep, rest = name.partition(" ")
    return first.lower() + sep + rest if sep and first in ("Your", "The") else name
