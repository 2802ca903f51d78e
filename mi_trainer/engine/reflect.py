"""Reflect and compare: at the end, rewrite the weakest turns in your own words and see them beside the expert's."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from mi_trainer.engine.freetext import check_text, coding_json, heard
from mi_trainer.errors import SessionError

if TYPE_CHECKING:
    from mi_trainer.engine.session import Session, TurnResult

#: How many of the weakest turns are offered for a rewrite.
MAX_REWRITES = 3


@dataclass(frozen=True, slots=True)
class Rewrite:
    """One rewritten turn: what the trainee said then, what they would say now (coded), and the expert's line."""

    turn: int
    client_said: str
    you_said: str
    rewrite: str
    coding: Any  # mi_trainer.coding.Coding
    expert: str
    expert_codes: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "turn": self.turn,
            "client_said": self.client_said,
            "you_said": self.you_said,
            "rewrite": self.rewrite,
            "coding": self.coding.to_dict(),
            "heard": heard(self.coding),
            "expert": self.expert,
            "expert_miti": list(self.expert_codes),
        }


def weakest_turns(session: Session, limit: int = MAX_REWRITES) -> list[TurnResult]:
    """The turns that fell furthest short of the strongest option (biggest gap first, then the earlier turn)."""
    short = [t for t in session.results if t.points < t.best_points]
    short.sort(key=lambda t: (t.points - t.best_points, t.turn))
    return short[:limit]


def rewrite(session: Session, turn: int, text: str) -> Rewrite:
    """Code a rewrite of one of the weakest turns and keep it with the session (replacing an earlier rewrite)."""
    from mi_trainer.coding import code
    from mi_trainer.engine.session import Phase

    if session.phase is not Phase.ENDED:
        raise SessionError("rewriting turns comes after the conversation has ended")
    target = next((t for t in weakest_turns(session) if t.turn == turn), None)
    if target is None:
        raise SessionError(f"turn {turn} is not one of the turns offered for a rewrite")
    clean = check_text(text)
    coding = code(clean, target.client_line)
    kept = tuple(r for r in session.state.rewrites if r[0] != turn)
    session.state = replace(session.state, rewrites=(*kept, (turn, clean, coding_json(coding))))
    return _build(target, clean, coding)


def _build(t: TurnResult, text: str, coding: Any) -> Rewrite:
    return Rewrite(t.turn, t.client_line, t.chosen.say, text, coding, t.best.say, tuple(c.value for c in t.best.codes))


def rewrites(session: Session) -> list[Rewrite]:
    """The session's saved rewrites, in turn order."""
    from mi_trainer.coding import Coding

    by_turn = {t.turn: t for t in session.results}
    out = []
    for turn, text, saved in sorted(session.state.rewrites):
        if turn in by_turn:
            try:
                coding = Coding.from_dict(json.loads(saved))
            except (ValueError, TypeError):
                continue
            out.append(_build(by_turn[turn], text, coding))
    return out


def compare_text(r: Rewrite) -> str:
    """A rewrite beside the expert's response, for the terminal."""
    lines = [
        f"  Turn {r.turn}. The client said: “{r.client_said}”",
        f"    Then you said:   “{r.you_said}”",
        f"    Now you'd say:   “{r.rewrite}”  — the coder heard {heard(r.coding)}",
        *[f"      - {reason}" for reason in r.coding.reasons],
        f"    The expert said: “{r.expert}” [{'/'.join(r.expert_codes) or 'no code'}]",
    ]
    return "\n".join(lines)
