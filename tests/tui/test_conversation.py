"""Playing whole scenarios by keys, arrows and mouse; feedback, hints, take-backs and modes."""

from __future__ import annotations

from typing import Any

from textual.widgets import ContentSwitcher

from mi_trainer.engine.session import Mode
from mi_trainer.store import open_store
from mi_trainer.tui.screens.briefing import BriefingScreen
from mi_trainer.tui.screens.conversation import ConversationScreen
from mi_trainer.tui.screens.report import ReportScreen
from mi_trainer.tui.widgets.feedback import FeedbackPanel
from tui.support import PORCH, best_plan, number_of, plain, settle

SIZE = (100, 30)


async def test_best_path_by_number_keys_reaches_a_perfect_report(make_app: Any, store_path: Any) -> None:
    app = make_app(scenario="family-sunday-kitchen")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BriefingScreen)
        await pilot.press("s")
        assert isinstance(app.screen, ConversationScreen)
        session = app.practice.session
        for index in best_plan(session):
            await pilot.press(str(number_of(session, index)))
            panel = app.screen.query_one(FeedbackPanel)
            assert "That was the strongest option here." in plain(panel.query_one("#fb-body"))
            await pilot.press("c")
        assert isinstance(app.screen, ReportScreen)
        report = app.last_report
        assert report["score"]["percent"] == 100.0
        assert report["client"]["valence"] == "positive"
        assert report["forks"] == []
        shown = plain(app.screen.query_one("#report-text"))
        assert "You chose the strongest answer at every turn" in shown
        assert "of the way" not in shown and "seed" not in shown  # the plain view (a family scenario)
        assert "You took the strongest option at every turn." in shown
        assert "✔✔ good" in shown or "✔ fair" in shown
    with open_store(store_path) as store:
        (row,) = store.list_sessions()
        assert row.status == "ended" and row.score == 100.0 and row.mode == "practice" and row.seed == 7
        assert row.turn_count == len(report["turns"])


async def test_arrows_enter_and_mouse_pick_the_numbered_option(make_app: Any) -> None:
    app = make_app(scenario=str(PORCH))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s", "down", "enter")
        first = app.practice.session.results[0]
        assert first.option_number == 2
        await pilot.press("r")  # take it back, then click the first option
        assert app.practice.session.results == []
        await pilot.click("#choices", offset=(4, 0))
        await pilot.pause()
        assert app.practice.session.results[0].option_number == 1


async def test_feedback_panel_names_the_skill_principles_reaction_and_a_better_option(make_app: Any) -> None:
    app = make_app(scenario=str(PORCH))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        session = app.practice.session
        push = next(r for r in session.options() if r.skill.value == "persuade")
        await pilot.press(str(number_of(session, push.index)))
        panel = app.screen.query_one(FeedbackPanel)
        badge, body = plain(panel.query_one("#fb-badge")), plain(panel.query_one("#fb-body"))
        assert "advising or warning without asking" in badge and "MITI" not in badge  # plain words for a family
        assert "−2 not arguing back (rolling with resistance)" in body and "−1 understanding first (empathy)" in body
        assert "Pushing now confirms the fear" in body
        assert "How Robin reacted: “Forget it. I'm going inside.”" in body
        assert "guard 5→8" in body
        assert "What might have worked better" in body and "[bold]x[/bold] bottles" in body
        assert "The conversation has ended: Robin goes inside" in body
        assert "(the door is closed" not in body  # the ending line does not repeat its valence
        assert app.screen.query_one("#meter-discord").content.plain.endswith("8/10 ▲3")


async def test_hint_and_take_back_in_practice_mode_are_recorded(make_app: Any, store_path: Any) -> None:
    app = make_app(scenario=str(PORCH))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s", "h")
        hint = app.screen.query_one("#hint")
        assert hint.display and plain(hint).startswith("Hint: Try ")
        await pilot.press("1")
        await pilot.press("r")
        switcher = app.screen.query_one("#work", ContentSwitcher)
        assert switcher.current == "choices"
        state = app.practice.session.state
        assert (state.hints, state.retries, state.choices) == (1, 1, ())
        session_id = app.practice.session_id
    with open_store(store_path) as store:
        assert store.turns(session_id) == []


async def test_assessment_mode_offers_no_hint_and_no_take_back(make_app: Any) -> None:
    app = make_app(scenario=str(PORCH))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a", "s")
        assert app.practice.session.state.mode is Mode.ASSESSMENT
        await pilot.press("h")
        assert not app.screen.query_one("#hint").display
        await pilot.press("1", "r")
        assert len(app.practice.session.results) == 1
        assert app.practice.session.state.retries == 0
        keys = {b.binding.action for b in app.screen.active_bindings.values()}
        assert "hint" not in keys and "retry" not in keys


async def test_leaving_keeps_the_session_and_the_terms_key_puts_miti_first(make_app: Any, store_path: Any) -> None:
    app = make_app(scenario=str(PORCH))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s", "1", "m")
        badge = plain(app.screen.query_one("#fb-badge"))
        assert "You used: CR Complex Reflection" in badge or "You used: " in badge
        await pilot.press("escape")
        assert not isinstance(app.screen, ConversationScreen)
    with open_store(store_path) as store:
        (row,) = store.active_sessions()
        assert row.turn_count == 1


async def test_a_whole_conversation_works_at_80x24(make_app: Any) -> None:
    app = make_app(scenario="family-sunday-kitchen")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        while True:
            await pilot.press("1")
            await pilot.pause()
            keys = [k.description for k in app.screen.query("FooterKey")]
            if app.practice.ended:  # the key bar says where c goes, as the focused button does
                assert "Report" in keys and "Continue" not in keys, keys
                break
            assert "Continue" in keys and "Report" not in keys, keys
            await pilot.press("c")
        await pilot.press("c")
        assert isinstance(app.screen, ReportScreen)
        assert app.last_report["client"]["ending"] is not None


async def test_leaving_before_the_first_answer_is_not_offered_for_resuming(make_app: Any, store_path: Any) -> None:
    app = make_app(scenario=str(PORCH))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s", "escape")
    with open_store(store_path) as store:
        assert store.active_sessions() == []
        assert [r.status for r in store.list_sessions()] == ["abandoned"]


async def test_optional_name_on_the_briefing_is_kept_with_the_session(make_app: Any, store_path: Any) -> None:
    app = make_app(scenario="family-sunday-kitchen")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BriefingScreen)
        await pilot.press("n")
        await pilot.press(*"Ana [b]")  # typed text, markup included, is kept literally
        await pilot.press("enter")
        assert isinstance(app.screen, ConversationScreen)
        await pilot.press("1")
    with open_store(store_path) as store:
        (row,) = store.list_sessions()
    assert row.trainee == "Ana [b]" and row.turn_count == 1


async def test_the_briefing_scrolls_from_the_keyboard_at_80x24(make_app: Any) -> None:
    from textual.containers import VerticalScroll

    app = make_app(scenario="family-sunday-kitchen")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        scroller = app.screen.query_one("#briefing", VerticalScroll)
        assert scroller.max_scroll_y > 0 and scroller.scroll_y == 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert scroller.scroll_y > 0


async def test_a_name_with_escape_sequences_is_cleaned_on_the_briefing(make_app: Any, store_path: Any) -> None:
    from textual.widgets import Input

    app = make_app(scenario="family-sunday-kitchen")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        app.screen.query_one("#trainee", Input).value = "\x1b]52;c;aGk=\x07An\u200ba\u202e \x9b31m Lee"
        await pilot.press("enter")
        assert isinstance(app.screen, ConversationScreen)
        await pilot.press("1")
    with open_store(store_path) as store:
        (row,) = store.list_sessions()
    assert row.trainee == "Ana Lee"


async def test_the_key_bar_is_rebuilt_only_when_its_keys_change(make_app: Any) -> None:
    """Moving through the options keeps the same keys (no rebuild); answering changes them (one rebuild)."""
    from mi_trainer.tui.widgets.footer import KeyBar

    app = make_app(scenario=str(PORCH))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        rebuilds = 0
        original = bar.recompose

        async def counting() -> None:
            nonlocal rebuilds
            rebuilds += 1
            await original()

        bar.recompose = counting  # type: ignore[method-assign]
        for key in ("down", "down", "up", "tab", "shift+tab"):
            await pilot.press(key)
            await pilot.pause()
        assert rebuilds == 0
        await pilot.press("1")
        await pilot.pause(0.1)
        assert rebuilds >= 1
        keys = [k.description for k in bar.query("FooterKey")]
        assert "Continue" in keys and "Answer" not in keys
