"""A real assessment mode: the engine keeps better options, hints and take-backs for the report; the terminal
player renders only what the engine allows; assignments narrow practice the same way."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import FIXTURES, ROOT, engine_fixture

from mi_trainer.engine.render import turn_feedback_text
from mi_trainer.engine.report import build_report
from mi_trainer.engine.session import Feedback, Mode, Phase, Policy, Session, SessionState
from mi_trainer.errors import SessionError

KITCHEN = str(FIXTURES / "engine" / "kitchen.yaml")


def weak_turn(session: Session) -> int:
    """The on-screen number of an option that is not the best one."""
    best = session.best_option()
    return next(n for n, r in enumerate(session.options(), 1) if r.index != best.index)


def test_assessment_keeps_better_options_hints_and_retries_for_the_report() -> None:
    s = Session(engine_fixture("kitchen"), seed=2, mode=Mode.ASSESSMENT)
    assert s.policy == Policy(Mode.ASSESSMENT, Feedback.END, False, False)
    with pytest.raises(SessionError, match="assessment"):
        s.hint()
    t = s.choose(weak_turn(s))
    assert not t.was_best  # the engine knows…
    assert t.better is None and t.verdict is None and t.why_better() == ""  # …but does not tell yet
    assert t.why == "" and t.chosen.feedback  # the teaching note often names the better move: kept too
    assert "stronger option" not in turn_feedback_text(t) and t.chosen.feedback not in turn_feedback_text(t)
    with pytest.raises(SessionError, match="assessment"):
        s.retry()
    while s.phase is Phase.AWAITING_CHOICE:
        s.choose(1)
    report = build_report(s)
    assert report["forks"] and report["forks"][0]["turn"] == 1  # the report shows every fork
    assert report["turns"][0]["better_response"] is not None


def test_practice_shows_the_better_option_at_once() -> None:
    s = Session(engine_fixture("kitchen"), seed=2)
    t = s.choose(weak_turn(s))
    assert t.verdict is False and t.better is not None and "stronger option" in turn_feedback_text(t)
    assert t.why == t.chosen.feedback and t.why in turn_feedback_text(t)


def test_an_assignment_policy_narrows_practice_and_survives_a_resume() -> None:
    policy = Policy.of(Mode.PRACTICE, feedback="end", hints=True, retries=False)
    s = Session(engine_fixture("kitchen"), seed=2, policy=policy)
    assert s.hint().startswith("Try")
    t = s.choose(weak_turn(s))
    assert t.better is None and t.verdict is None
    with pytest.raises(SessionError, match="assignment"):
        s.retry()
    state = SessionState.from_dict(json.loads(json.dumps(s.state.to_dict())))
    again = Session.restore(engine_fixture("kitchen"), state)
    assert again.policy == policy and again.results[0].better is None


def test_assessment_cannot_be_loosened_by_a_policy() -> None:
    loose = Policy.of(Mode.PRACTICE)
    s = Session(engine_fixture("kitchen"), mode=Mode.ASSESSMENT, policy=loose)
    assert s.policy.hints is False and s.policy.shows_better is False


def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("MI_TRAINER_PACKS", "MI_TRAINER_TRAINEE")}
    return subprocess.run(
        [sys.executable, "-m", "mi_trainer", *args],
        capture_output=True, text=True, cwd=cwd, env=env, timeout=60, stdin=subprocess.DEVNULL,
    )  # fmt: skip


def test_run_mode_assessment_hides_better_options_until_the_report() -> None:
    choices = "2,1,1,1,1,1"  # the first answer is the persuading one: weaker than the reflection
    practice = cli("run", KITCHEN, "--in-order", "--choices", choices, "--no-save")
    assessment = cli("run", KITCHEN, "--in-order", "--choices", choices, "--no-save", "--mode", "assessment")
    assert practice.returncode == assessment.returncode == 0, assessment.stderr
    assert "A stronger option" in practice.stdout
    feedback, _, report = assessment.stdout.partition("# MI practice report")
    assert "A stronger option" not in feedback and "better options are shown in the report" in feedback
    assert "Where a different answer might have led" in report and "Stronger:" in report


def test_no_demonstration_of_the_strongest_route_in_an_assessment() -> None:
    r = cli("run", KITCHEN, "--demo", "--mode", "assessment")
    assert r.returncode == 1 and "not available for an assessment" in r.stderr
