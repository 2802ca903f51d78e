"""Free-text turns: the coder's codes drive score and MITI counts, the closest scripted branch continues the
conversation, and a session with own-words turns is saved, resumed and reported exactly."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from mi_trainer.cli.player import Player
from mi_trainer.coding import Coding
from mi_trainer.engine import freetext
from mi_trainer.engine.render import report_markdown, turn_feedback_text
from mi_trainer.engine.report import build_report
from mi_trainer.engine.session import Mode, Phase, Session, SessionState
from mi_trainer.errors import SessionError
from mi_trainer.loading.library import resolve_scenario
from mi_trainer.store import Store, recording

# a frozen copy of the kitchen scenario (the shipped one is rewritten as its coding improves)
KITCHEN = str(Path(__file__).parent / "fixtures" / "engine" / "kitchen.yaml")


@pytest.fixture
def session() -> Session:
    return Session(resolve_scenario(KITCHEN), seed=7)


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("You're dreading a telling-off and you feel rough.", "complex_reflection"),
        ("Your head is killing you.", "simple_reflection"),
        ("Did you go out drinking again?", "closed_question"),
        ("You need to sort your drinking out, this can't go on.", "persuade"),
    ],
)
def test_own_words_continue_along_the_closest_scripted_response(session: Session, text: str, skill: str) -> None:
    t = freetext.write(session, text)
    assert t.offered[t.chosen.index].skill.value == skill
    assert t.own_words == text and t.chosen.say == text
    assert tuple(c.value for c in t.chosen.codes) == t.coding.codes  # MITI counts use the coder's codes


def test_same_code_family_beats_word_overlap(session: Session) -> None:
    responses = session.node.responses
    persuade = next(r for r in responses if r.skill.value == "persuade")
    # the words of the persuade option, said as a reflection of the client's own wish
    coding = Coding(("SR",), "simple_reflection", 0.9, ("test",))
    got = freetext.closest_response(responses, coding, persuade.say)
    assert {c.value for c in got.codes} & {"SR", "CR"}
    # no code at all: the closest words decide, and ties go to the earlier response
    none = Coding((), "other", 0.9, ("test",))
    assert freetext.closest_response(responses, none, persuade.say) == persuade
    assert freetext.closest_response(responses, none, "zzz qqq") == responses[0]


def test_points_and_skills_come_from_the_coder(session: Session) -> None:
    t = freetext.write(session, "You should stop drinking before you lose Mia.")
    assert "PERSUADE" in t.coding.codes
    assert t.chosen.skills[0].value == "persuade"
    assert t.points < 0
    assert not t.was_best and t.better is not None
    text = turn_feedback_text(t, client="Sam")
    assert "The coder heard" in text and "Sam hears this like: “" in text
    assert f"An experienced practitioner might say: “{t.best.say}”" in text
    assert "experienced practitioner" not in turn_feedback_text(t, expert=False)


def test_empty_and_over_long_own_words_are_refused(session: Session) -> None:
    with pytest.raises(SessionError):
        freetext.write(session, "   ")
    with pytest.raises(SessionError):
        freetext.write(session, "x" * (freetext.MAX_OWN_WORDS + 1))
    assert session.results == []


def play_mixed(s: Session) -> None:
    freetext.write(s, "You're expecting a lecture and you're not up for it.")
    s.choose(1)
    if s.phase is Phase.AWAITING_CHOICE:
        freetext.write(s, "What would you like things to be like with Mia?")


def test_resume_with_free_text_turns_is_exact(session: Session) -> None:
    play_mixed(session)
    state = SessionState.from_dict(json.loads(json.dumps(session.state.to_dict())))
    again = Session.restore(session.compiled, state)
    assert [(t.node_id, t.chosen, t.own_words, t.coding, t.points) for t in again.results] == [
        (t.node_id, t.chosen, t.own_words, t.coding, t.points) for t in session.results
    ]
    assert (again.node_id, again.client) == (session.node_id, session.client)
    assert again.state == session.state


def test_a_damaged_saved_coding_is_one_clear_error(session: Session) -> None:
    freetext.write(session, "You're tired.")
    data = session.state.to_dict()
    data["own_words"] = [[0, "You're tired.", "{not json"]]
    with pytest.raises(SessionError, match="damaged"):
        Session.restore(session.compiled, SessionState.from_dict(data))


def test_taking_back_a_free_text_turn_forgets_its_words(session: Session) -> None:
    freetext.write(session, "You're tired.")
    session.retry()
    assert session.state.own_words == () and session.results == []
    session.choose(1)
    assert Session.restore(session.compiled, session.state).results[0].own_words is None


def test_report_marks_own_words_and_counts_the_coders_codes(session: Session) -> None:
    freetext.write(session, "You're expecting a lecture and you're not up for it.")
    while session.phase is Phase.AWAITING_CHOICE:
        session.choose(1)
    report = build_report(session)
    first = report["turns"][0]
    assert first["own_words"] == "You're expecting a lecture and you're not up for it."
    assert first["coding"]["codes"] == first["miti"]
    assert first["answered_as"] in {r.say for r in session.scenario.node(first["node"]).responses}
    assert report["turns"][1]["own_words"] is None
    counted = sum(report["miti"]["counts"].values())
    assert counted == sum(len(t["miti"]) for t in report["turns"])
    md = report_markdown(report)
    assert "*in your own words*" in md and "*Answered as:*" in md


def test_store_keeps_own_words_and_resumes_them(tmp_path: Path, session: Session) -> None:
    with Store(tmp_path / "h.sqlite3") as store:
        sid = recording.start(store, session, "")
        t = freetext.write(session, "You're expecting a lecture and you're not up for it.")
        recording.record(store, sid, session, t, own_words=t.own_words, coding_json=freetext.coding_json(t.coding))
        t2 = session.choose(1)
        recording.record(store, sid, session, t2)
        rows = store.turns(sid)
        assert rows[0].own_words == t.own_words and Coding.from_dict(json.loads(rows[0].coding_json or "")) == t.coding
        assert rows[1].own_words is None and rows[1].coding_json is None
        again = recording.restore(store.get_session(sid))
        assert [r.chosen for r in again.results] == [r.chosen for r in session.results]


def test_run_accepts_w_and_own_words(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    s = Session(resolve_scenario(KITCHEN), seed=3, mode=Mode.PRACTICE)
    answers = iter(["w", "You're bracing for a lecture and you feel awful.", "q"])
    monkeypatch.setattr("builtins.input", lambda _prompt="": next(answers))
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    args = argparse.Namespace(json=False, markdown=False, choices=None, strategy=None, trainee="")
    assert Player(args, s, None, None).play() == 3
    out = capsys.readouterr().out
    assert "You (in your own words): You're bracing for a lecture and you feel awful." in out
    assert "The coder heard" in out and "Sam hears this like" in out
    assert s.results[0].own_words is not None


def test_export_carries_own_words_and_coding(tmp_path: Path, session: Session) -> None:
    from mi_trainer.store.export import session_document

    with Store(tmp_path / "h.sqlite3") as store:
        sid = recording.start(store, session, "")
        t = freetext.write(session, "You're tired of being lectured.")
        recording.record(store, sid, session, t, own_words=t.own_words, coding_json=freetext.coding_json(t.coding))
        doc = session_document(store.get_session(sid), store.turns(sid))
    assert doc["turns"][0]["own_words"] == "You're tired of being lectured."
    assert doc["turns"][0]["coding"] == t.coding.to_dict()
    assert doc["state"]["own_words"][0][1] == "You're tired of being lectured."


def test_control_characters_never_reach_the_transcript(session: Session) -> None:
    t = freetext.write(session, "You're\x1b[31m tired\x07 of\nit.")
    assert t.own_words == "You're [31m tired of it."
    assert all(ch.isprintable() for ch in t.chosen.say)


def test_the_replys_own_note_is_added_only_for_the_same_move(session: Session) -> None:
    """Heard as a complex reflection but continued along a simple one: the simple one's note ("A simple
    reflection…") would contradict the coder, so it is left out; for the same codes it is added."""
    responses = session.node.responses
    simple = next(r for r in responses if [c.value for c in r.codes] == ["SR"])  # the frozen kitchen fixture has one
    complex_ = Coding(("CR",), "complex_reflection", 0.8, ("CR (a complex reflection): test",), ("adds a feeling",))
    assert "about that reply" not in freetext.coder_note(complex_, simple, "Sam")
    same = Coding(("SR",), "simple_reflection", 0.8, ("SR (a simple reflection): test",), ("repeats",))
    assert f"about that reply: {simple.feedback}" in freetext.coder_note(same, simple, "Sam")
