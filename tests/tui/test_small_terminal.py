"""80×24 first-class: keyboard scrolling, the 'more below' mark, notifications clear of the options, the tally."""

from __future__ import annotations

from typing import Any

from textual.widgets._toast import Toast

from mi_trainer.engine.report import oars_tally
from mi_trainer.tui.widgets.choices import ChoiceList
from mi_trainer.tui.widgets.feedback import FeedbackPanel
from mi_trainer.tui.widgets.oars import OarsTally
from mi_trainer.tui.widgets.transcript import Transcript
from tui.support import PORCH, number_of, plain, settle

SMALL = (80, 24)


async def test_the_transcript_scrolls_from_the_keyboard_and_feedback_says_there_is_more(make_app: Any) -> None:
    app = make_app(scenario="family-sunday-kitchen")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("s")
        for _ in range(3):
            await pilot.press("1", "c")
        await pilot.pause()
        transcript = app.screen.query_one(Transcript)
        assert transcript.max_scroll_y > 0 and transcript.scroll_y == transcript.max_scroll_y
        await pilot.press("home")
        assert transcript.scroll_y == 0
        await pilot.press("pagedown")
        assert transcript.scroll_y > 0
        await pilot.press("end")
        assert transcript.scroll_y == transcript.max_scroll_y
        await pilot.press("1")
        await pilot.pause()
        work = app.screen.query_one("#work")
        panel = app.screen.query_one(FeedbackPanel)
        if panel.max_scroll_y > 0:  # the feedback does not fit: the screen says so and the arrows reach it
            assert "more below" in str(work.border_title)
            await pilot.press("down", "down")
            assert panel.scroll_y > 0
        await pilot.press("c")
        await pilot.pause()
        assert not work.border_title


async def test_notifications_never_cover_the_answer_options(make_app: Any) -> None:
    app = make_app(scenario=str(PORCH))
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("s")
        app.notify("A fairly long notice that would have sat over the options at the bottom right.")
        await pilot.pause(0.3)
        choices = app.screen.query_one(ChoiceList).region
        toasts = list(app.screen.query(Toast))
        assert toasts
        for toast in toasts:
            assert toast.region.bottom <= choices.y or not toast.region.overlaps(choices)


async def test_the_tally_counts_adherent_and_non_adherent_moves_apart(make_app: Any) -> None:
    app = make_app(scenario=str(PORCH))
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("s")
        session = app.practice.session
        push = next(r for r in session.options() if r.skill.value == "persuade")
        await pilot.press(str(number_of(session, push.index)))
        tally = plain(app.screen.query_one(OarsTally))
        assert "✘ Advice, unasked     1" in tally and "✔ Affirmations        0" in tally
        counts = oars_tally(session.results)
        assert counts["persuade"] == 1 and counts["confront"] == 0 and counts["other"] == 0
