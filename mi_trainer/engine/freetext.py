"""Free-text turns: code the trainee's own words and continue along the closest scripted response."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from mi_trainer.errors import SessionError
from mi_trainer.model.scenario import Response
from mi_trainer.model.vocab import SKILL_PLAIN, Miti, Skill

if TYPE_CHECKING:
    from mi_trainer.coding import Coding
    from mi_trainer.engine.session import Session, TurnResult

#: The longest own-words response accepted (characters).
MAX_OWN_WORDS = 1000

#: Code families: a free-text turn continues along a scripted response of the same family first.
FAMILY: dict[str, str] = {
    "SR": "reflect",
    "CR": "reflect",
    "Q": "ask",
    "AF": "affirm",
    "SEEK": "partner",
    "EMPH": "partner",
    "GI": "inform",
    "PWP": "inform",
    "PERSUADE": "push",
    "CONFRONT": "push",
}


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_CODE_SKILL: dict[str, Skill] = {
    "SR": Skill.SIMPLE_REFLECTION,
    "CR": Skill.COMPLEX_REFLECTION,
    "AF": Skill.AFFIRMATION,
    "SEEK": Skill.SEEKING_COLLABORATION,
    "EMPH": Skill.EMPHASIZING_AUTONOMY,
    "GI": Skill.GIVING_INFORMATION,
    "PWP": Skill.PERSUADE_WITH_PERMISSION,
    "PERSUADE": Skill.PERSUADE,
    "CONFRONT": Skill.CONFRONT,
}
_WORD = re.compile(r"[a-z0-9']+")
_STOP = _set(
    """
    i me my you your a an the and or but so to of in on at it is are was be that this just
    """
)


def families(codes: tuple[str, ...]) -> frozenset[str]:
    return frozenset(FAMILY[c] for c in codes) or frozenset({"none"})


def _words(text: str) -> set[str]:
    return {w[:6] for w in _WORD.findall(text.lower().replace("\u2019", "'")) if w not in _STOP}


def closeness(coding: Coding, text: str, response: Response) -> tuple[float, float, int]:
    """How close a scripted response is to what the trainee wrote: code families shared (Jaccard), then
    word overlap with its text (Jaccard), then the earlier response in the file (a deterministic tie-break)."""
    mine = families(coding.codes)
    theirs = families(tuple(c.value for c in response.codes))
    family = len(mine & theirs) / len(mine | theirs)
    a, b = _words(text), _words(response.say)
    words = len(a & b) / len(a | b) if a | b else 0.0
    return (family, words, -response.index)


def closest_response(responses: tuple[Response, ...], coding: Coding, text: str) -> Response:
    """The scripted response the client answers when the trainee writes ``text`` (coded as ``coding``)."""
    if not responses:
        raise SessionError("there is no client turn to answer here")
    return max(responses, key=lambda r: closeness(coding, text, r))


def skills_of(coding: Coding) -> tuple[Skill, ...]:
    """The OARS+ skills the coder's codes stand for (no code: Skill.OTHER)."""
    out: list[Skill] = []
    for c in coding.codes:
        if c == "Q":
            skill = Skill.CLOSED_QUESTION if coding.oars == "closed_question" else Skill.OPEN_QUESTION
        elif c in ("SR", "CR") and coding.oars == "summary":
            skill = Skill.SUMMARY
        else:
            skill = _CODE_SKILL[c]
        if skill not in out:
            out.append(skill)
    return tuple(out) or (Skill.OTHER,)


def heard(coding: Coding) -> str:
    """What the coder heard, in plain words."""
    from mi_trainer.coding.types import CODE_PLAIN, OARS_PLAIN

    if not coding.codes:
        return "no MITI behaviour (for example an acknowledgement, a greeting or reassurance)"
    codes = ", ".join(f"{CODE_PLAIN[c]} ({c})" for c in coding.codes)
    if coding.oars in ("open_question", "closed_question", "summary"):
        return f"{codes} — {OARS_PLAIN[coding.oars]}"
    return codes


def coder_note(coding: Coding, matched: Response, client_name: str, *, plain: bool = False) -> str:
    """What the coder heard in the trainee's words and how the client takes them. ``plain``: everyday words,
    no MITI codes (the family view); otherwise the codes and the coder's full reasons."""
    sure = f"{round(coding.confidence * 100)}% sure"
    if plain:
        what = " and ".join(SKILL_PLAIN[s] for s in skills_of(coding))  # each MI term glossed in everyday words
        cues = coding.cues[:4]  # what in the words led there, without codes (none in codings saved before cues)
        note = f"The coder heard: {what} — {sure}" + (f", because it {'; '.join(cues)}." if cues else ".")
    else:
        note = f"The coder heard {heard(coding)} ({sure}): {'; '.join(coding.reasons)}."
    note += f" {client_name} hears this like: “{matched.say}”"
    if set(coding.codes) == {c.value for c in matched.codes}:  # the reply's own note fits only the same move
        note += f" — about that reply: {matched.feedback}"
    return note


def own_response(matched: Response, coding: Coding, text: str, client_name: str) -> Response:
    """The trainee's words as the response the engine scores: the coder's codes and skills, the matched scripted
    response's path (effect, next) and, when it is the same kind of move, its principle effects."""
    same_kind = families(coding.codes) == families(tuple(c.value for c in matched.codes))
    feedback = coder_note(coding, matched, client_name)
    return replace(
        matched,
        say=text,
        skills=skills_of(coding),
        codes=tuple(Miti(c) for c in coding.codes),
        principles=matched.principles if same_kind else (),
        feedback=feedback,
        trap=matched.trap if same_kind else None,
    )


def check_text(text: str) -> str:
    """The trainee's text, trimmed; SessionError when it is empty or too long."""
    clean = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    if not clean:
        raise SessionError("write a response first (or pick one of the options)")
    if len(clean) > MAX_OWN_WORDS:
        raise SessionError(f"keep your response under {MAX_OWN_WORDS} characters")
    return clean


def write(session: Session, text: str) -> TurnResult:
    """Play one turn in the trainee's own words: code it, continue along the closest scripted response."""
    from mi_trainer.coding import code

    clean = check_text(text)
    coding = code(clean, session.client_line())
    matched = closest_response(session.node.responses, coding, clean)
    return session.apply_own_words(matched, clean, coding)


def replay(session: Session, index: int, text: str, coding_json: str) -> TurnResult:
    """Replay a saved free-text turn exactly: the saved coding and the scripted response it continued along."""
    from mi_trainer.coding import Coding

    if not 0 <= index < len(session.node.responses):
        raise SessionError("the saved choices do not fit the scenario; start it again")
    try:
        coding = Coding.from_dict(json.loads(coding_json))
    except (ValueError, TypeError) as exc:
        raise SessionError(f"a saved free-text turn is damaged ({exc}); start the scenario again") from None
    return session.apply_own_words(session.node.responses[index], text, coding)


def coding_json(coding: Any) -> str:
    return json.dumps(coding.to_dict(), ensure_ascii=False, sort_keys=True)


def own_words_feedback_text(t: TurnResult, *, expert: bool = True, client: str = "The client") -> str:
    """Terminal feedback for a free-text turn; ``expert=False`` (assessment mode) leaves the expert's line out."""
    from mi_trainer.engine.render import principle_effects, skill_label, state_change

    coding = t.coding
    matched = t.offered[t.chosen.index]
    lines = [
        f"  In your own words: {skill_label(t.chosen.skills)} [{'/'.join(coding.codes) or 'no MITI code'}] — "
        f"{t.points:+d} points",
        f"  The coder heard {heard(coding)} ({round(coding.confidence * 100)}% sure):",
        *[f"    - {r}" for r in coding.reasons],
        f"  {client} hears this like: “{matched.say}”",
        f"  Principles: {principle_effects(t.chosen.principles)}",
        f"  Client: {state_change(t)}",
    ]
    if expert:
        lines.append(f"  An experienced practitioner might say: “{t.best.say}” ({skill_label(t.best.skills)})")
    return "\n".join(lines)
