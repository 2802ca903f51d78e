"""The end-of-session report as one JSON-ready dict (shape documented in docs/report-format.md)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from mi_trainer.analysis.paths import path_stats
from mi_trainer.engine.session import Phase, Session, TurnResult
from mi_trainer.engine.suggestions import suggestions, went_well
from mi_trainer.errors import SessionError
from mi_trainer.model.scenario import ClientState, resolve
from mi_trainer.model.vocab import STATE_PLAIN, Skill, StateVar, Talk
from mi_trainer.scoring.estimates import Choice, global_estimates, principle_profile
from mi_trainer.scoring.miti import MitiCounts

REPORT_SCHEMA_VERSION = 1


def turn_dict(t: TurnResult) -> dict[str, Any]:
    return {
        "turn": t.turn,
        "node": t.node_id,
        "client_said": t.client_line,
        "client_talk": t.client_talk,
        "option": t.option_number,
        "response": t.chosen.say,
        "skill": [s.value for s in t.chosen.skills],
        "miti": [c.value for c in t.chosen.codes],
        "principles": {p.value: v for p, v in t.chosen.principles},
        "trap": t.chosen.trap.value if t.chosen.trap else None,
        "points": t.points,
        "best_points": t.best_points,
        "was_best": t.was_best,
        "better_response": None if t.was_best else t.best.say,
        "feedback": t.chosen.feedback,
        "state_before": t.state_before.as_dict(),
        "state_after": t.state_after.as_dict(),
        "client_reply": t.next_line,
        "client_reply_talk": t.next_talk,
        "own_words": t.own_words,
        "coding": t.coding.to_dict() if t.coding is not None else None,
        "answered_as": t.offered[t.chosen.index].say if t.own_words is not None else None,
    }


#: The tally's keys in order: OARS first, then the other MITI moves, adherent before non-adherent.
TALLY_SKILLS: tuple[tuple[str, Skill], ...] = (
    ("open_questions", Skill.OPEN_QUESTION),
    ("closed_questions", Skill.CLOSED_QUESTION),
    ("affirmations", Skill.AFFIRMATION),
    ("simple_reflections", Skill.SIMPLE_REFLECTION),
    ("complex_reflections", Skill.COMPLEX_REFLECTION),
    ("summaries", Skill.SUMMARY),
    ("seeking_collaboration", Skill.SEEKING_COLLABORATION),
    ("emphasizing_autonomy", Skill.EMPHASIZING_AUTONOMY),
    ("giving_information", Skill.GIVING_INFORMATION),
    ("persuade_with_permission", Skill.PERSUADE_WITH_PERMISSION),
    ("persuade", Skill.PERSUADE),
    ("confront", Skill.CONFRONT),
)


def oars_tally(results: list[TurnResult]) -> dict[str, int]:
    """Each skill counted on its own (adherent, neutral and non-adherent moves apart); "other" is the rest."""
    skills: Counter[Skill] = Counter(s for t in results for s in set(t.chosen.skills))
    tally = {key: skills[skill] for key, skill in TALLY_SKILLS}
    known = {skill for _, skill in TALLY_SKILLS}
    tally["other"] = sum(v for k, v in skills.items() if k not in known)
    return tally


def client_outcome(session: Session) -> dict[str, Any]:
    sc = session.scenario
    start = sc.client.state
    said = [(sc.nodes[sc.start].talk, sc.nodes[sc.start].subtype)]
    said += [(sc.nodes[t.next_node].talk, sc.nodes[t.next_node].subtype) for t in session.results]
    talk = Counter(k for k, _ in said)
    darn = Counter(f"{k.value}:{s.value}" for k, s in said if s is not None)
    ct, st = talk[Talk.CHANGE], talk[Talk.SUSTAIN]
    ending = session.node.ending
    end = session.client
    return {
        "change_talk": ct,
        "sustain_talk": st,
        "discord_lines": talk[Talk.DISCORD],
        "percent_change_talk": round(100 * ct / (ct + st), 1) if ct + st else None,
        "darn_cat": dict(sorted(darn.items())),
        "discord": [start.discord, *(t.state_after.discord for t in session.results)],
        "importance": {"start": start.importance, "end": end.importance},
        "confidence": {"start": start.confidence, "end": end.confidence},
        "ending": session.node_id if ending else None,
        "outcome": ending.outcome if ending else None,
        "valence": ending.valence.value if ending else None,
    }


def forks(session: Session) -> list[dict[str, Any]]:
    """Where the trainee's choice differed from the best: what followed, next to what might have."""
    out = []
    sc = session.scenario
    for t in session.results:
        if t.was_best:
            continue
        alt_state = t.state_before.apply(t.best.effect)
        alt_node = sc.nodes[resolve(t.best.next, alt_state)]
        out.append(
            {
                "turn": t.turn,
                "client_said": t.client_line,
                "chosen": t.chosen.say,
                "chosen_points": t.points,
                "chosen_led_to": t.next_line,
                "best": t.best.say,
                "best_points": t.best_points,
                "best_would_lead_to": alt_node.line_for(alt_state),
                "best_feedback": t.best.feedback,
                # the same reply either way: the difference is in how the client is left (and the points)
                "same_reply": alt_node.line_for(alt_state) == t.next_line,
                "state_difference": state_difference(t.state_after, alt_state),
            }
        )
    return out


def state_difference(chosen: ClientState, stronger: ClientState) -> str:
    """How the client would be left after the stronger answer, against after the one chosen, in plain words
    ("guard 5 instead of 7; how important change feels 6 instead of 5"); '' when the same."""
    parts = []
    for var in StateVar:
        label = "guard" if var is StateVar.DISCORD else STATE_PLAIN[var]
        now, then = getattr(stronger, var.value), getattr(chosen, var.value)
        if now != then:
            parts.append(f"{label} {now} instead of {then}")
    return "; ".join(parts)


def build_report(session: Session, *, trainee: str = "") -> dict[str, Any]:
    if session.phase is not Phase.ENDED:
        raise SessionError("the report is ready when the conversation has ended")
    results = session.results
    counts = MitiCounts.of(t.chosen.codes for t in results)
    choices = [Choice(Talk(t.client_talk), t.offered, t.chosen) for t in results]
    miti = counts.summary() | global_estimates(choices)
    stats = path_stats(session.scenario)
    points = sum(t.points for t in results)
    span = stats.best.points - stats.worst.points
    percent = round(100 * (points - stats.worst.points) / span, 1) if span > 0 else None
    report: dict[str, Any] = {
        "schema_version": REPORT_SCHEMA_VERSION,
        "scenario": {
            "id": session.scenario.id,
            "title": session.scenario.title,
            "audience": session.scenario.audience.value,
            "client": session.scenario.client.name,
        },
        "scenario_id": session.scenario.id,
        "mode": session.state.mode.value,
        "seed": session.state.seed,
        "trainee": trainee,
        "retries": session.state.retries,
        "hints": session.state.hints,
        "turns": [turn_dict(t) for t in results],
        "oars": oars_tally(results),
        "miti": miti,
        "principles": principle_profile(choices),
        "client": client_outcome(session),
        "achievable": {"best": stats.best.points, "worst": stats.worst.points},
        "score": {"points": points, "best": stats.best.points, "worst": stats.worst.points, "percent": percent},
        "forks": forks(session),
    }
    report["suggestions"] = suggestions(report)
    report["went_well"] = went_well(report)
    if session.state.rewrites:
        from mi_trainer.engine.reflect import rewrites

        report["rewrites"] = [r.to_dict() for r in rewrites(session)]
    return report
