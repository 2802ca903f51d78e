"""Reflect and compare: the weakest turns are offered, each rewrite is coded, kept with the session and reported."""

from __future__ import annotations

import json

import pytest

from mi_trainer.engine import reflect
from mi_trainer.engine.render import report_markdown
from mi_trainer.engine.report import build_report
from mi_trainer.engine.session import Phase, Session, SessionState
from mi_trainer.errors import SessionError
from mi_trainer.loading.library import resolve_scenario


def worst_session() -> Session:
    s = Session(resolve_scenario("family-sunday-kitchen"), seed=1, shuffle=False)
    while s.phase is Phase.AWAITING_CHOICE:
        s.choose(min(range(1, len(s.options()) + 1), key=lambda n: s.options()[n - 1].skill.value != "persuade"))
    return s


def test_weakest_turns_are_the_biggest_gaps_first() -> None:
    s = worst_session()
    weak = reflect.weakest_turns(s)
    assert 1 <= len(weak) <= 3
    gaps = [t.points - t.best_points for t in weak]
    assert gaps == sorted(gaps) and all(g < 0 for g in gaps)


def test_a_rewrite_is_coded_saved_restored_and_reported() -> None:
    s = worst_session()
    turn = reflect.weakest_turns(s)[0]
    with pytest.raises(SessionError):
        reflect.rewrite(s, 99, "You're upset.")
    r = reflect.rewrite(s, turn.turn, "You feel awful that Mia saw you like that.")
    assert r.expert == turn.best.say and r.you_said == turn.chosen.say
    assert "CR" in r.coding.codes or "SR" in r.coding.codes
    reflect.rewrite(s, turn.turn, "You're ashamed, and you love her.")  # a second go replaces the first
    assert len(s.state.rewrites) == 1
    again = Session.restore(s.compiled, SessionState.from_dict(json.loads(json.dumps(s.state.to_dict()))))
    assert reflect.rewrites(again) == reflect.rewrites(s)
    report = build_report(s)
    assert report["rewrites"][0]["rewrite"] == "You're ashamed, and you love her."
    assert report["rewrites"][0]["expert"] == turn.best.say
    md = report_markdown(report)
    assert "## Reflect and compare" in md and "You're ashamed, and you love her." in md


def test_rewriting_waits_for_the_end() -> None:
    s = Session(resolve_scenario("family-sunday-kitchen"), seed=1)
    with pytest.raises(SessionError):
        reflect.rewrite(s, 1, "You're tired.")
