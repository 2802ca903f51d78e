"""Estimated MITI globals and the principle profile, from what was chosen against what was available.

A human MITI coder rates four globals 1–5 over a whole session. A scripted trainer cannot listen, so
it estimates each from how the trainee's choice at every turn ranks among the options offered there:
rank = (chosen − lowest) / (highest − lowest) on a per-global value; estimate = 1 + 4 × mean rank.
Turns where every option has the same value say nothing and are skipped. docs/scoring.md has details.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from mi_trainer.model.scenario import Response
from mi_trainer.model.vocab import Miti, Principle, Talk
from mi_trainer.scoring.miti import RELATIONAL_FAIR, RELATIONAL_GOOD, TECHNICAL_FAIR, TECHNICAL_GOOD, band


@dataclass(frozen=True, slots=True)
class Choice:
    """One turn as scoring sees it: what the client said, what was offered, what was chosen."""

    client_talk: Talk
    offered: tuple[Response, ...]
    chosen: Response


PARTNERSHIP_VALUE: dict[Miti, int] = {
    Miti.SEEK: 2,
    Miti.EMPH: 2,
    Miti.AF: 1,
    Miti.SR: 1,
    Miti.CR: 1,
    Miti.Q: 0,
    Miti.GI: 0,
    Miti.PWP: 0,
    Miti.PERSUADE: -2,
    Miti.CONFRONT: -2,
}


def partnership(r: Response) -> int:
    return sum(PARTNERSHIP_VALUE[c] for c in r.codes)


def cultivating(r: Response) -> int:
    return r.principle(Principle.DISCREPANCY) + r.principle(Principle.SELF_EFFICACY)


def softening(r: Response) -> int:
    return r.principle(Principle.RESISTANCE)


def empathy(r: Response) -> int:
    return r.principle(Principle.EMPATHY)


def mean_rank(choices: Sequence[Choice], value: Callable[[Response], int]) -> float | None:
    ranks = []
    for c in choices:
        values = [value(r) for r in c.offered]
        lo, hi = min(values), max(values)
        if hi > lo:
            ranks.append((value(c.chosen) - lo) / (hi - lo))
    return sum(ranks) / len(ranks) if ranks else None


def _estimate(rank: float | None) -> float | None:
    return None if rank is None else round(1 + 4 * rank, 2)


def _mean(a: float | None, b: float | None) -> float | None:
    if a is None or b is None:
        return a if b is None else b
    return round((a + b) / 2, 2)


def global_estimates(choices: Sequence[Choice]) -> dict[str, Any]:
    resisting = [c for c in choices if c.client_talk in (Talk.SUSTAIN, Talk.DISCORD)]
    cct = _estimate(mean_rank(choices, cultivating))
    sst = _estimate(mean_rank(resisting or choices, softening))
    part = _estimate(mean_rank(choices, partnership))
    emp = _estimate(mean_rank(choices, empathy))
    technical, relational = _mean(cct, sst), _mean(part, emp)
    return {
        "estimated": True,
        "cultivating_change_talk": cct,
        "softening_sustain_talk": sst,
        "partnership": part,
        "empathy": emp,
        "technical": technical,
        "technical_band": band(technical, TECHNICAL_FAIR, TECHNICAL_GOOD),
        "relational": relational,
        "relational_band": band(relational, RELATIONAL_FAIR, RELATIONAL_GOOD),
    }


def principle_profile(choices: Sequence[Choice]) -> dict[str, dict[str, Any]]:
    """Per principle: the effects summed, and how often the trainee took the best option for it."""
    out: dict[str, dict[str, Any]] = {}
    for p in Principle:
        total, best, considered = 0, 0, 0
        for c in choices:
            total += c.chosen.principle(p)
            values = [r.principle(p) for r in c.offered]
            if max(values) > min(values):
                considered += 1
                best += c.chosen.principle(p) == max(values)
        out[p.value] = {
            "total": total,
            "best_choices": best,
            "turns": considered,
            "best_rate": round(best / considered, 3) if considered else None,
        }
    return out
