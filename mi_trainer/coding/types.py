"""The coder's value types and vocabulary: MITI 4.2.1 codes, OARS labels and how they fit together."""

from __future__ import annotations

from dataclasses import dataclass

#: MITI 4.2.1 behaviour codes, in the order the coder lists them (reflections and statements first,
#: a question last: "You're tired. What's keeping you up?" → SR, Q).
CODES: tuple[str, ...] = ("SR", "CR", "AF", "EMPH", "SEEK", "GI", "PWP", "PERSUADE", "CONFRONT", "Q")

#: OARS labels: which move carries the utterance.
OARS: tuple[str, ...] = (
    "open_question",
    "closed_question",
    "simple_reflection",
    "complex_reflection",
    "affirmation",
    "summary",
    "other",
)

CODE_PLAIN: dict[str, str] = {
    "Q": "a question",
    "SR": "a simple reflection",
    "CR": "a complex reflection",
    "AF": "an affirmation",
    "SEEK": "seeking collaboration",
    "EMPH": "emphasising autonomy",
    "GI": "giving information",
    "PWP": "persuading with permission",
    "PERSUADE": "persuading (advice or warning without permission)",
    "CONFRONT": "confronting (judging, labelling or arguing)",
}

OARS_PLAIN: dict[str, str] = {
    "open_question": "an open question",
    "closed_question": "a closed question",
    "simple_reflection": "a simple reflection",
    "complex_reflection": "a complex reflection",
    "affirmation": "an affirmation",
    "summary": "a summary",
    "other": "not a question, reflection or affirmation",
}

QUESTION_OARS = frozenset({"open_question", "closed_question"})
REFLECTION_OARS = frozenset({"simple_reflection", "complex_reflection", "summary"})


@dataclass(frozen=True, slots=True)
class Coding:
    """What the coder heard in one utterance: MITI codes, the OARS move, how sure it is and why."""

    codes: tuple[str, ...]
    oars: str
    confidence: float
    reasons: tuple[str, ...]
    #: What in the words led there, as everyday phrases without codes ("starts with 'what'", "says 'you feel'
    #: …"), each once, in the order of the reasons: what the plain view shows. Empty in codings saved before it.
    cues: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "codes": list(self.codes),
            "oars": self.oars,
            "confidence": self.confidence,
            "reasons": list(self.reasons),
        }
        if self.cues:
            out["cues"] = list(self.cues)
        return out

    @classmethod
    def from_dict(cls, data: object) -> Coding:
        """Rebuild a Coding saved with :meth:`to_dict` (raises ValueError when it is not one)."""
        if not isinstance(data, dict):
            raise ValueError("a coding must be a JSON object")
        codes = data.get("codes")
        oars = data.get("oars")
        confidence = data.get("confidence")
        reasons = data.get("reasons")
        if not isinstance(codes, list) or not all(isinstance(c, str) and c in CODES for c in codes):
            raise ValueError("a coding's codes must be a list of MITI codes")
        if not isinstance(oars, str) or oars not in OARS:
            raise ValueError("a coding's oars must be an OARS label")
        if not isinstance(confidence, int | float) or isinstance(confidence, bool):
            raise ValueError("a coding's confidence must be a number")
        if not isinstance(reasons, list) or not all(isinstance(r, str) for r in reasons):
            raise ValueError("a coding's reasons must be a list of strings")
        cues = data.get("cues", [])
        if not isinstance(cues, list) or not all(isinstance(c, str) for c in cues):
            raise ValueError("a coding's cues must be a list of strings")
        return cls(tuple(codes), oars, float(confidence), tuple(reasons), tuple(cues))


def oars_allowed(codes: tuple[str, ...] | frozenset[str], oars: str) -> bool:
    """Whether an OARS label is consistent with a set of MITI codes (the labelling guide's rules)."""
    has = set(codes)
    if oars == "simple_reflection":
        return "SR" in has
    if oars == "complex_reflection":
        return "CR" in has
    if oars == "summary":
        return bool(has & {"SR", "CR"})
    if oars == "affirmation":
        return "AF" in has
    if oars in QUESTION_OARS:
        # a question, or a move phrased as one (a permission question, a leading or judging question)
        return bool(has & {"Q", "SEEK", "PERSUADE", "CONFRONT", "PWP", "GI", "EMPH"}) and not has & {"SR", "CR"}
    # "other": nothing that a question, reflection or affirmation label should carry
    return not has & {"SR", "CR", "AF"}
