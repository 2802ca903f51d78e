"""80×24 first-class: keyboard scrolling, the 'more below' mark, notifications clear of the options, the tally."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable, OptionList, Select
from textual.widgets._select import SelectOverlay
from textual.widgets._toast import Toast

from mi_trainer.engine.report import oars_tally
from mi_trainer.engine.session import Mode
from mi_trainer.loading.library import resolve_scenario
from mi_trainer.store import open_store
from mi_trainer.tui.practice import Practice
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


async def test_library_titles_wrap_in_full_at_80x24(make_app: Any) -> None:
    """Every title of the shipped library can be read to its last word in the narrow list (none cut short)."""
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        listing = app.screen.query_one("#scenarios", OptionList)
        rows: dict[int, str] = {}
        while True:
            top = round(listing.scroll_y)
            for y in range(listing.scrollable_content_region.height):
                rows[top + y] = listing.render_line(y).text
            if listing.scroll_y >= listing.max_scroll_y:
                break
            listing.scroll_page_down(animate=False)
            await pilot.pause()
        text = " ".join(" ".join(row[4:].split()) for _, row in sorted(rows.items()))
        titles = [app.screen.entries[i].compiled.scenario.title for i in app.screen.shown]
        assert len(titles) >= 20
        cut = [t for t in titles if " ".join(t.split()) not in text]
        assert not cut, cut


async def test_history_shows_trainee_and_the_whole_title_wrapped(make_app: Any, store_path: Any) -> None:
    """The History table at 80×24: who practised, the full scenario title (wrapped, not cut), date, mode, result;
    a wider window lays the title out again."""
    compiled = resolve_scenario("classroom-importance-confidence-rulers")
    with open_store(store_path) as store:
        practice = Practice.start(compiled, Mode.PRACTICE, store, seed=1, trainee="Maria Lopez")
        practice.choose(1)
    app = make_app(offer_resume=False)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await pilot.pause()
        table = app.screen.query_one("#sessions", DataTable)
        assert [c.label.plain for c in table.ordered_columns] == ["Started", "Trainee", "Scenario", "Mode", "Result"]
        narrow = table.ordered_columns[2].width
        shown = [table.render_line(y).text for y in range(table.size.height)]
        text = " ".join(" ".join(line.split()) for line in shown)
        assert "Maria Lopez" in text and "practice" in text and "unfinished" in text and "1 turn" in text
        words = compiled.scenario.title.split()
        column = " ".join(line[27 : 27 + narrow].strip() for line in shown[1:])
        assert " ".join(words) in " ".join(column.split())
        assert table.region.right <= SMALL[0]
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        assert table.ordered_columns[2].width > narrow


async def test_library_filters_show_whole_values_when_open_and_an_ellipsis_when_closed(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        skill = app.screen.query_one("#skill", Select)
        skill.focus()
        await pilot.press("enter")
        await pilot.pause()
        overlay = skill.query_one(SelectOverlay)
        widest = max(len(str(o.prompt)) for o in overlay.options)
        assert widest > skill.size.width  # the values are longer than the closed box…
        assert overlay.size.width >= widest and overlay.region.right <= SMALL[0]  # …and shown whole, on screen
        rows = [overlay.render_line(y).text.strip() for y in range(overlay.size.height)]
        assert "complex reflection (saying back the meaning or feeling)" in rows
        await pilot.press("escape")
        audience = app.screen.query_one("#audience", Select)
        audience.value = "peer"
        await pilot.pause()
        shown = audience.query_one("SelectCurrent Static#label").render_line(0).text.strip()  # type: ignore[attr-defined]
        assert shown.endswith("…") and "Peer recovery coaching".startswith(shown[:-1])
