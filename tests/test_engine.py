"""The session engine on scripted paths: phases, feedback, conditions, exact reports, save/restore."""

from __future__ import annotations

import json

import pytest
from helpers import engine_fixture

from mi_trainer.engine.report import build_report
from mi_trainer.engine.session import Mode, Phase, Session, SessionState
from mi_trainer.errors import SessionError
from mi_trainer.model.scenario import ClientState
from mi_trainer.model.vocab import Miti


def play(session: Session, choices: list[int]) -> Session:
    for c in choices:
        session.choose(c)
    return session


def kitchen(**kw: object) -> Session:
    return Session(engine_fixture("kitchen"), shuffle=False, **kw)  # type: ignore[arg-type]


# Best route through the kitchen scenario, hand-scored (skill weight + principle effects):
# opening 1 CR (3 + emp 2 + res 2) = 7, discord 6→4; guard-down 1 CR (3 + 2 + 2) = 7, importance 4→6,
# discord 4→3; values 2 CR (3 + 2 + 3) = 8, importance 6→8; discord 3 ≤ 4 → strengths; strengths 1 AF
# (2 + 3 + 1) = 6, confidence 3→6; summary 1 summary+open Q (3 + 1 + 2 + 1 + 2) = 9, confidence 6→7,
# importance 8→9; plan 1 CR (3 + 2 + 1) = 6, confidence 7→8 → engaged.  Total 43.
BEST = [1, 1, 2, 1, 1, 1]


def test_best_route_exact_report() -> None:
    s = play(kitchen(), BEST)
    assert s.phase is Phase.ENDED and s.node_id == "engaged"
    r = build_report(s)
    assert [t["points"] for t in r["turns"]] == [7, 7, 8, 6, 9, 6]
    assert r["score"] == {"points": 43, "best": 43, "worst": -11, "percent": 100.0}
    m = r["miti"]
    assert m["counts"]["CR"] == 5 and m["counts"]["Q"] == 1 and m["counts"]["AF"] == 1
    assert m["reflection_to_question"] == 5.0 and m["percent_complex_reflection"] == 100.0
    assert m["mi_adherent"] == 1 and m["mi_non_adherent"] == 0
    assert r["oars"]["summaries"] == 1 and r["oars"]["open_questions"] == 1
    c = r["client"]
    assert c["discord"] == [6, 4, 3, 3, 3, 3, 3]
    assert c["importance"] == {"start": 4, "end": 9} and c["confidence"] == {"start": 3, "end": 8}
    assert (c["ending"], c["valence"]) == ("engaged", "positive")
    assert c["change_talk"] == 6 and c["sustain_talk"] == 0  # guard-down … plan + engaged
    assert r["forks"] == []
    assert all(t["was_best"] for t in r["turns"])
    assert m["technical"] is not None and m["technical"] >= 4 and m["relational"] >= 4


def test_worst_route_confrontation_walks_out() -> None:
    # opening 4 closed Q (−1 −1 = −2), discord 6→7 → defensive; 2 confront (−4 −3 −2 = −9), 7→10 ≥ 8 → walks-out
    s = play(kitchen(), [4, 2])
    r = build_report(s)
    assert r["score"]["points"] == -11 and r["score"]["percent"] == 0.0
    assert r["client"]["valence"] == "negative"
    assert r["miti"]["reflection_to_question"] == 0.0 and r["miti"]["percent_complex_reflection"] is None
    assert len(r["forks"]) == 2
    assert r["forks"][1]["best"].startswith("From where you sit")
    assert any("confronted" in text for text in r["suggestions"])


def test_turn_result_names_skill_state_and_better_option() -> None:
    s = kitchen()
    t = s.choose(3)  # "Your head hurts." simple reflection
    assert t.chosen.codes == (Miti.SR,) and t.points == 3
    assert (t.state_before.discord, t.state_after.discord) == (6, 5)
    assert t.next_node == "guard-down" and t.next_talk == "change" and t.next_subtype == "reasons"
    assert t.better is not None and t.better.say.startswith("You're expecting another lecture")
    assert "It scores 7 here against 3" in t.why_better()


def test_conditional_edge_reads_state_after_effect() -> None:
    s = Session(engine_fixture("conditional"), shuffle=False)
    t = s.choose(1)  # push: discord 5 → 8, condition discord >= 8 holds
    assert t.next_node == "end-neg" and s.phase is Phase.ENDED


def test_client_remembers_variant_line() -> None:
    calm = Session(engine_fixture("conditional"), shuffle=False)
    calm.choose(2)  # reflect: discord 4 → b says its plain line
    assert calm.client_line() == "B"
    # the same node after friction: a client who arrives more guarded hears the variant line
    hot = Session(engine_fixture("conditional"), shuffle=False)
    hot.client = ClientState(discord=8, importance=5, confidence=5)
    hot.choose(2)  # reflect: discord 8 − 1 = 7 ≥ 6 → guarded variant
    assert hot.client_line() == "B-guarded"


def test_wrong_phase_raises_session_error() -> None:
    s = play(kitchen(), [4, 2])
    with pytest.raises(SessionError):
        s.choose(1)
    with pytest.raises(SessionError):
        s.hint()
    fresh = kitchen()
    with pytest.raises(SessionError):
        build_report(fresh)
    with pytest.raises(SessionError):
        fresh.choose(9)
    with pytest.raises(SessionError):
        fresh.retry()


def test_assessment_mode_has_no_hints_or_retries() -> None:
    s = kitchen(mode=Mode.ASSESSMENT)
    with pytest.raises(SessionError):
        s.hint()
    s.choose(1)
    with pytest.raises(SessionError):
        s.retry()


def test_practice_retry_takes_back_a_turn() -> None:
    s = kitchen()
    s.choose(2)
    undone = s.retry()
    assert undone.chosen.say.startswith("We need to talk")
    assert s.node_id == "opening" and s.client.discord == 6 and s.turn == 1
    s.choose(1)
    assert s.state.retries == 1 and s.state.choices == (("opening", 0),)


def test_hint_names_the_skill_not_the_option() -> None:
    s = kitchen()
    assert "complex reflection" in s.hint()
    assert s.state.hints == 1


def test_one_hint_per_turn_is_counted_and_survives_a_restore() -> None:
    c = engine_fixture("kitchen")
    s = Session(c, seed=5)
    first = s.hint()
    assert s.hint() == first and s.hint() == first  # pressing h again shows the same hint
    assert s.state.hints == 1 and s.state.hint_turns == (1,) and s.hint_asked()
    s.choose(1)
    assert not s.hint_asked()  # a new turn: no hint until asked
    s.hint()
    s.retry()  # back at turn 1, where a hint was asked: shown again, not counted again
    assert s.hint_asked() and s.hint() == first and s.state.hints == 2
    state = SessionState.from_dict(json.loads(json.dumps(s.state.to_dict())))
    restored = Session.restore(c, state)
    assert restored.hint_asked() and restored.hint_text() == first
    assert restored.state.hints == 2 and restored.state.hint_turns == (1, 2)
    old = {k: v for k, v in s.state.to_dict().items() if k != "hint_turns"}  # saved before this field existed
    assert SessionState.from_dict(old).hint_turns == () and SessionState.from_dict(old).hints == 2


def test_shuffled_order_is_seeded_and_recorded() -> None:
    c = engine_fixture("kitchen")
    a, b = Session(c, seed=7), Session(c, seed=7)
    assert [r.index for r in a.options()] == [r.index for r in b.options()]
    orders = {tuple(r.index for r in Session(c, seed=s).options()) for s in range(20)}
    assert len(orders) > 1


def test_save_restore_round_trip_reproduces_the_session() -> None:
    c = engine_fixture("kitchen")
    s = Session(c, seed=42)
    play(s, [3, 1])
    state = SessionState.from_dict(json.loads(json.dumps(s.state.to_dict())))
    restored = Session.restore(c, state)
    assert restored.node_id == s.node_id and restored.client == s.client
    assert [r.index for r in restored.options()] == [r.index for r in s.options()]
    while s.phase is Phase.AWAITING_CHOICE:
        s.choose(1)
        restored.choose(1)
    assert build_report(restored) == build_report(s)


def test_restore_refuses_a_changed_scenario_or_damaged_state() -> None:
    c = engine_fixture("kitchen")
    s = Session(c, seed=1)
    s.choose(1)
    data = s.state.to_dict()
    with pytest.raises(SessionError, match="changed"):
        Session.restore(c, SessionState.from_dict(data | {"scenario_digest": "0" * 16}))
    with pytest.raises(SessionError, match="damaged"):
        SessionState.from_dict({"version": 1})
    with pytest.raises(SessionError, match="newer"):
        SessionState.from_dict(data | {"version": 99})
    with pytest.raises(SessionError, match="do not fit"):
        Session.restore(c, SessionState.from_dict(data | {"choices": [["opening", 7]]}))


def test_what_went_well_names_only_turns_that_were_good_moves() -> None:
    """A turn counts as 'went well' when it was the strongest option and earned points: where every option at
    a turn loses points, the least bad one is not praised."""
    from mi_trainer.engine.suggestions import went_well

    def turn(n: int, points: int, best: bool, trap: str | None = None) -> dict[str, object]:
        return {"turn": n, "response": f"line {n}", "feedback": "why", "points": points, "was_best": best, "trap": trap}

    state = {"start": 5, "end": 5}
    report = {
        "scenario": {"client": "Sam"},
        "turns": [turn(1, -2, True), turn(2, 3, True, "reassurance"), turn(3, 7, True), turn(4, 5, False)],
        "client": {"discord": [5, 5], "importance": state, "confidence": state, "change_talk": 0},
    }
    assert went_well(report) == ["Turn 3: “line 3” why"]


TIE = """
id: tie
title: "Two equal answers"
audience: peer
setting: "Anywhere"
difficulty: 1
summary: "Two options keep equally strong routes open."
client: {name: Alex, stage: contemplation}
start: opening
nodes:
  opening:
    says: "I'm only here because I was sent."
    talk: discord
    responses:
      - say: "Being sent here wasn't your choice."
        skill: simple_reflection
        principles: {empathy: 1, resistance: 1}
        feedback: "A simple reflection."
        next: good
      - say: "Coming was your decision, and what we talk about is up to you."
        skill: emphasizing_autonomy
        principles: {resistance: 2}
        feedback: "Leaving the choice with him."
        next: good
      - say: "You'd better take this seriously."
        skill: persuade
        feedback: "A warning."
        next: bad
  good:
    says: "Fine. What now?"
    talk: neutral
    ending: {outcome: "Alex stays.", valence: positive}
  bad:
    says: "Whatever."
    talk: discord
    ending: {outcome: "Alex leaves.", valence: negative}
"""


def test_an_option_as_strong_as_the_best_counts_as_the_strongest() -> None:
    """A tie (the same total along the strongest route) is not 'a weaker choice' (QA: "It scores 7 here
    against 7 for your choice")."""
    from mi_trainer.loading.loader import compile_text
    from mi_trainer.scoring.points import response_points

    compiled = compile_text(TIE, "tie.yaml")
    first, second, _ = compiled.scenario.nodes["opening"].responses
    assert response_points(first) == response_points(second)
    for index in (first.index, second.index):
        session = Session(compiled, seed=1, shuffle=False)
        t = session.choose(index + 1)
        assert t.was_best and t.better is None and t.why_better() == ""
    weak = Session(compiled, seed=1, shuffle=False).choose(3)
    assert not weak.was_best and weak.better is not None


def test_a_self_talk_client_reads_right_inside_a_sentence() -> None:
    """QA: "How Your inner voice reacted", "For Your inner voice, how important change feels rose"."""
    from mi_trainer.engine.suggestions import went_well
    from mi_trainer.model.vocab import in_sentence

    assert in_sentence("Your inner voice") == "your inner voice" and in_sentence("Sam") == "Sam"
    report = {
        "scenario": {"client": "Your inner voice"},
        "turns": [],
        "client": {
            "discord": [3, 3],
            "importance": {"start": 4, "end": 6},
            "confidence": {"start": 3, "end": 3},
            "change_talk": 0,
        },
    }
    assert went_well(report)[0] == "For your inner voice, how important change feels rose from 4 to 6 out of 10."


def test_a_fork_that_leads_to_the_same_reply_says_how_the_client_would_be_left() -> None:
    """QA: "Where a different answer might have led" showed the same reply twice; now it names the difference."""
    from mi_trainer.engine.render import fork_led
    from mi_trainer.engine.report import state_difference

    chosen, stronger = ClientState(7, 5, 4), ClientState(5, 6, 4)
    diff = state_difference(chosen, stronger)
    assert diff == "guard 5 instead of 7; how important change feels 6 instead of 5"
    fork = {"best_would_lead_to": "Fine.", "same_reply": True, "state_difference": diff}
    assert fork_led(fork) == f"the same reply, with {diff}"
    assert fork_led({**fork, "same_reply": False}) == "“Fine.”"
    assert fork_led({"best_would_lead_to": "Fine."}) == "“Fine.”"  # a report saved before the field
