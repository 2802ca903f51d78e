"""Writing a response in your own words in the TUI: 'w', type, Enter → coded feedback, saved, resumed."""

from __future__ import annotations

from typing import Any

from mi_trainer.store import Store, recording
from mi_trainer.tui.screens.conversation import ConversationScreen
from mi_trainer.tui.screens.write import WriteScreen
from mi_trainer.tui.widgets.feedback import FeedbackPanel
from tui.support import plain, settle

SIZE = (100, 30)
WORDS = "You're dreading another lecture and your head is pounding."


async def test_writing_a_response_codes_it_plays_it_and_saves_it(make_app: Any, store_path: Any) -> None:
    app = make_app(scenario="family-sunday-kitchen")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        assert isinstance(app.screen, ConversationScreen)
        conversation = app.screen
        await pilot.press("w")
        assert isinstance(app.screen, WriteScreen)
        await pilot.press("escape")  # back to the options, nothing played
        assert app.screen is conversation and conversation.practice.session.results == []
        await pilot.press("w")
        await pilot.press("enter")  # empty: refused, the modal stays
        assert isinstance(app.screen, WriteScreen)
        for ch in WORDS:
            await pilot.press("space" if ch == " " else ch)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is conversation
        session = conversation.practice.session
        assert len(session.results) == 1 and session.results[0].own_words == WORDS
        assert "CR" in session.results[0].coding.codes
        body = plain(conversation.query_one("#fb-body"))
        assert "The coder heard" in body and "Sam hears this like" in body
        # a family scenario speaks plain words: the skill glossed, the coder's cues, no MITI code anywhere
        assert "saying back the meaning or feeling" in body and "because it" in body
        assert "(CR)" not in body and "CR (" not in body and "MITI" not in body
        assert conversation.query_one(FeedbackPanel).display
        session_id = conversation.practice.session_id
    with Store(store_path) as store:
        rows = store.turns(session_id)
        assert rows[0].own_words == WORDS and rows[0].coding_json
        again = recording.restore(store.get_session(session_id))
        assert again.results[0].own_words == WORDS and again.results[0].coding == session.results[0].coding


async def test_reflect_and_compare_before_the_report(make_app: Any, store_path: Any) -> None:
    from mi_trainer.tui.screens.reflect import ReflectScreen
    from mi_trainer.tui.screens.report import ReportScreen

    app = make_app(scenario="family-sunday-kitchen")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        conversation = app.screen
        session = conversation.practice.session
        while not conversation.practice.ended:
            shown = session.options()
            worst = min(range(len(shown)), key=lambda i: (shown[i].skill.value != "persuade", i))
            await pilot.press(str(worst + 1))
            if not conversation.practice.ended:
                await pilot.press("c")
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, ReflectScreen)
        reflect_screen = app.screen
        first = reflect_screen.turns[0]
        for ch in "You feel awful":
            await pilot.press("space" if ch == " " else ch)
        await pilot.press("enter")
        await pilot.pause()
        out = plain(reflect_screen.query_one(f"#rw-out-{first.turn}"))
        assert "The coder heard" in out and first.best.say in out
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
        assert app.last_report["rewrites"][0]["rewrite"] == "You feel awful"
        session_id = conversation.practice.session_id
    with Store(store_path) as store:
        row = store.get_session(session_id)
        assert row.status == "ended" and row.report["rewrites"][0]["turn"] == first.turn
