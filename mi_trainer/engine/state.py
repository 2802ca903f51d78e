"""What a session saves and what it may show: the mode, the feedback policy and the state a session is rebuilt
from (exact replay of its choices), with its schema version."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from mi_trainer.errors import SessionError

#: 2 adds the feedback policy (feedback, allow_hints, allow_retries) and the content fingerprint; 1 still loads.
STATE_SCHEMA_VERSION = 2


class Mode(StrEnum):
    PRACTICE = "practice"  # hints and retries allowed
    ASSESSMENT = "assessment"  # neither: for class use


class Feedback(StrEnum):
    TURN = "turn"  # the better option is shown after every turn
    END = "end"  # nothing about better options until the report


@dataclass(frozen=True, slots=True)
class Policy:
    """What the trainee may see and do during a conversation: the mode, narrowed by an assignment's rules.
    The engine enforces it; the screens render only what it allows."""

    mode: Mode = Mode.PRACTICE
    feedback: Feedback = Feedback.TURN
    hints: bool = True
    retries: bool = True

    @classmethod
    def of(
        cls, mode: Mode, *, feedback: Feedback | str = Feedback.TURN, hints: bool = True, retries: bool = True
    ) -> Policy:
        """Assessment mode allows no hint, no take-back and no better option until the report, whatever
        else is asked; practice allows what the assignment (if any) allows."""
        if mode is Mode.ASSESSMENT:
            return cls(mode, Feedback.END, False, False)
        return cls(mode, Feedback(feedback), hints, retries)

    @property
    def shows_better(self) -> bool:
        return self.feedback is Feedback.TURN

    def as_dict(self) -> dict[str, object]:
        return {"feedback": self.feedback.value, "hints": self.hints, "retries": self.retries}


@dataclass(frozen=True, slots=True)
class SessionState:
    """Everything needed to rebuild a session: the scenario's identity, the seed and the choices."""

    scenario_id: str
    scenario_digest: str
    seed: int
    mode: Mode
    shuffle: bool = True
    choices: tuple[tuple[str, int], ...] = ()  # (node id, response index) per turn
    retries: int = 0
    hints: int = 0
    version: int = STATE_SCHEMA_VERSION
    #: The turns (1-based) at which a hint was asked: one hint counted per turn, and shown again on resume.
    hint_turns: tuple[int, ...] = ()
    #: Free-text turns: (position in choices, the trainee's words, the coder's JSON) — see engine/freetext.py.
    own_words: tuple[tuple[int, str, str], ...] = ()
    #: Reflect-and-compare rewrites after the end: (turn number, the rewrite, the coder's JSON) — engine/reflect.py.
    rewrites: tuple[tuple[int, str, str], ...] = ()
    feedback: Feedback = Feedback.TURN
    allow_hints: bool = True
    allow_retries: bool = True

    @property
    def policy(self) -> Policy:
        return Policy.of(self.mode, feedback=self.feedback, hints=self.allow_hints, retries=self.allow_retries)

    def to_dict(self) -> dict[str, object]:
        return (
            {
                "version": self.version,
                "scenario_id": self.scenario_id,
                "scenario_digest": self.scenario_digest,
                "seed": self.seed,
                "mode": self.mode.value,
                "shuffle": self.shuffle,
                "choices": [[n, i] for n, i in self.choices],
                "retries": self.retries,
                "hints": self.hints,
                "feedback": self.feedback.value,
                "allow_hints": self.allow_hints,
                "allow_retries": self.allow_retries,
            }
            | ({"own_words": [list(w) for w in self.own_words]} if self.own_words else {})
            | ({"rewrites": [list(w) for w in self.rewrites]} if self.rewrites else {})
            | ({"hint_turns": list(self.hint_turns)} if self.hint_turns else {})
        )

    @classmethod
    def from_dict(cls, data: object) -> SessionState:
        try:
            assert isinstance(data, dict)
            version = int(data["version"])
            if version > STATE_SCHEMA_VERSION:
                raise SessionError(
                    f"this session was saved by a newer mi-trainer (state version {version}); "
                    "upgrade mi-trainer to resume it"
                )
            return cls(
                scenario_id=str(data["scenario_id"]),
                scenario_digest=str(data["scenario_digest"]),
                seed=int(data["seed"]),
                mode=Mode(data["mode"]),
                shuffle=bool(data.get("shuffle", True)),
                choices=tuple((str(n), int(i)) for n, i in data["choices"]),
                retries=int(data.get("retries", 0)),
                hints=int(data.get("hints", 0)),
                version=STATE_SCHEMA_VERSION,
                own_words=tuple((int(k), str(t), str(c)) for k, t, c in data.get("own_words", ())),
                rewrites=tuple((int(k), str(t), str(c)) for k, t, c in data.get("rewrites", ())),
                feedback=Feedback(data.get("feedback", Feedback.TURN.value)),
                allow_hints=bool(data.get("allow_hints", True)),
                allow_retries=bool(data.get("allow_retries", True)),
                hint_turns=tuple(sorted({int(n) for n in data.get("hint_turns", ())})),
            )
        except (AssertionError, KeyError, TypeError, ValueError) as exc:
            raise SessionError(
                f"the saved session state is damaged ({exc.__class__.__name__}); start the scenario again"
            ) from None
