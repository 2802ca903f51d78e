"""The app for a class: packs labelled in the library and palette, an assignment's restricted library and
locked mode, assessment hiding better options and hints, and a session that cannot be resumed set aside."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, RadioSet

from mi_trainer.classroom.assignments import load_assignment
from mi_trainer.engine.session import Mode
from mi_trainer.errors import AssignmentError
from mi_trainer.loading.loader import load_scenario
from mi_trainer.store import open_store
from mi_trainer.tui.launch import run_app
from mi_trainer.tui.practice import Practice
from mi_trainer.tui.screens.briefing import BriefingScreen
from mi_trainer.tui.screens.conversation import ConversationScreen
from mi_trainer.tui.screens.library import LibraryScreen
from mi_trainer.tui.screens.resume import ResumeModal
from mi_trainer.tui.widgets.feedback import FeedbackPanel
from tui.support import LIBRARY, PORCH, best_plan, number_of, plain, screen_text, settle
from tui.test_screens import listed

SIZE = (100, 30)
KITCHEN = Path(__file__).parent.parent / "fixtures" / "engine" / "kitchen.yaml"


@pytest.fixture
def assignment(tmp_path: Path) -> Any:
    path = tmp_path / "week3.yaml"
    path.write_text(
        "title: Week 3 porch drill\nscenarios: [fixture-porch]\nmode: assessment\nattempts: 1\n", encoding="utf-8"
    )
    return load_assignment(path, ["fixture-porch", "fixture-van"])


def weak_number(session: Any) -> int:
    best = session.best_option()
    return next(n for n, r in enumerate(session.options(), 1) if r.index != best.index)


async def test_a_pack_is_labelled_in_the_library_briefing_and_palette(make_app: Any, tmp_path: Path) -> None:
    pack = tmp_path / "week3"
    pack.mkdir()
    shutil.copy(KITCHEN, pack / "kitchen.yaml")
    (pack / "broken.yaml").write_text('id: x\ntitle: "never closed\n', encoding="utf-8")
    app = make_app(library_folder=LIBRARY, packs=[str(pack)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows = listed(app)
        # the bad file is listed, short, with its first diagnostic; the rest of the library is there
        assert any(r.startswith("⚠ could not load: week3/broken.yaml:2:") and "MI003" in r for r in rows), rows
        assert any("Sunday morning" in r and "[week3]" in r for r in rows)
        assert not any("porch" in r.lower() and "[week3]" in r for r in rows)  # the shipped ones carry no label
        assert {e.pack for e in app.library} == {"", "week3"}
        kitchen = next(e for e in app.library if e.pack == "week3").compiled
        app.open_briefing(kitchen)
        await pilot.pause()
        assert "pack week3" in plain(app.screen.query_one("#briefing-text"))
        await pilot.press("escape", "ctrl+p")
        await pilot.press(*"Sunday")
        await pilot.pause(0.3)
        assert "pack week3" in screen_text(app)


async def test_an_assignment_opens_a_restricted_library_and_locks_the_mode(
    make_app: Any, assignment: Any, store_path: Path
) -> None:
    app = make_app(library_folder=LIBRARY, assignment=assignment, trainee="Robin Student")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert app.screen.sub_title == "Assignment: Week 3 porch drill"
        assert [e.scenario_id for e in app.library] == ["fixture-porch"]  # not the van
        assert not any("van" in r.lower() for r in listed(app))
        await pilot.press("enter")
        assert isinstance(app.screen, BriefingScreen)
        assert not app.screen.query(RadioSet)  # no mode to choose
        assert plain(app.screen.query_one("#mode-locked")) == "Assessment mode"
        text = plain(app.screen.query_one("#briefing-text"))
        assert "Assignment: Week 3 porch drill" in text and "set by your instructor" in text
        assert app.screen.query_one("#trainee", Input).disabled  # the name given on the command line stays
        await pilot.press("p", "d")  # neither the practice key nor a demonstration of the strongest route
        assert isinstance(app.screen, BriefingScreen) and app.screen.mode is Mode.ASSESSMENT
        await pilot.press("s")
        assert isinstance(app.screen, ConversationScreen)
        session = app.practice.session
        assert session.state.mode is Mode.ASSESSMENT and app.practice.trainee == "Robin Student"
        await pilot.press("h")  # no hint in an assessment
        assert not app.screen.query_one("#hint").display
        assert "Hint" not in screen_text(app).split("Answer")[-1]  # and none offered in the footer
        await pilot.press(str(weak_number(session)))
        body = plain(app.screen.query_one(FeedbackPanel).query_one("#fb-body"))
        assert "What might have worked better" not in body and "strongest option" not in body
        assert "kept for your report at the end" in body and "Why it matters" not in body


async def test_play_mode_assessment_hides_better_options_in_the_app(make_app: Any) -> None:
    app = make_app(scenario=str(PORCH), mode="assessment")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not app.screen.query(RadioSet)
        await pilot.press("s")
        session = app.practice.session
        await pilot.press(str(weak_number(session)))
        assert "What might have worked better" not in plain(app.screen.query_one("#fb-body"))
        await pilot.press("c", "r")  # no take-back either
        assert len(session.results) == 1
    practice = make_app(scenario=str(PORCH))
    async with practice.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await pilot.press(str(weak_number(practice.practice.session)))
        assert "What might have worked better" in plain(practice.screen.query_one("#fb-body"))


def test_run_app_refuses_a_student_not_on_the_roster_before_opening(tmp_path: Path) -> None:
    (tmp_path / "roster.csv").write_text("S1,Ada\n", encoding="utf-8")
    (tmp_path / "a.yaml").write_text(
        "title: t\nscenarios: [family-sunday-kitchen]\nroster: roster.csv\n", encoding="utf-8"
    )
    with pytest.raises(AssignmentError, match="not on the roster"):
        run_app(assignment=str(tmp_path / "a.yaml"), trainee="Mallory")
    with pytest.raises(AssignmentError, match="--mode practice is not allowed"):
        run_app(assignment=str(tmp_path / "a.yaml"), mode="practice")


async def test_a_session_whose_scenario_changed_says_why_and_can_be_set_aside(
    make_app: Any, store_path: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "kitchen.yaml"  # a scenario the library does not also hold
    shutil.copy(KITCHEN, copy)
    with open_store(store_path) as store:
        practice = Practice.start(load_scenario(copy), Mode.PRACTICE, store, seed=3)
        practice.choose(number_of(practice.session, best_plan(practice.session)[0]))
    text = copy.read_text(encoding="utf-8")
    copy.write_text(text.replace("My head is killing me.", "My head hurts."), encoding="utf-8")
    app = make_app(library_folder=LIBRARY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ResumeModal)
        shown = plain(app.screen.query_one("#resume-text"))
        assert "It cannot be resumed: the scenario 'test-kitchen' has changed" in shown
        assert not app.screen.query("#resume")  # nothing to resume: only set aside or not now
        await pilot.press("r")
        assert isinstance(app.screen, ResumeModal)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
    with open_store(store_path) as store:
        assert store.get_session(practice.session_id).status == "set_aside"
        assert store.resumable_sessions() == []
    again = make_app(library_folder=LIBRARY)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(again.screen, LibraryScreen)  # never asked again


async def test_the_app_refuses_an_attempt_over_the_limit(make_app: Any, assignment: Any, store_path: Path) -> None:
    with open_store(store_path) as store:  # Robin has used the one attempt already
        done = Practice.start(
            load_scenario(PORCH), Mode.ASSESSMENT, store, trainee="Robin", assignment_id=assignment.id, attempt=1
        )
        for index in best_plan(done.session):
            done.choose(number_of(done.session, index))
        done.finish()
        done.close()
    app = make_app(library_folder=LIBRARY, assignment=assignment, trainee="Robin")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "s")
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)  # not started
        notes = [n.message for n in app._notifications]
        assert any("'Robin' has used all 1 attempt allowed at 'fixture-porch'" in n for n in notes), notes
    other = make_app(library_folder=LIBRARY, assignment=assignment, trainee="Sam")
    async with other.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "s")
        assert isinstance(other.screen, ConversationScreen)
        assert (other.practice.session.state.mode, other.practice.trainee) == (Mode.ASSESSMENT, "Sam")
        sam = other.practice.session_id
        with open_store(store_path) as store:
            row = store.get_session(sam)
            assert (row.assignment_id, row.attempt, row.trainee) == (assignment.id, 1, "Sam")
    with open_store(store_path) as store:  # left before the first answer: it does not use up the attempt
        assert store.get_session(sam).status == "abandoned"
        assert store.attempts_used("Sam", assignment.id, "fixture-porch") == 0


async def test_a_fixed_name_sees_only_its_own_history(make_app: Any, store_path: Path) -> None:
    from textual.widgets import DataTable

    from mi_trainer.tui.screens.history import HistoryScreen

    with open_store(store_path) as store:
        for name in ("Robin", "Sam"):
            p = Practice.start(load_scenario(PORCH), Mode.PRACTICE, store, trainee=name)
            for index in best_plan(p.session):
                p.choose(number_of(p.session, index))
            p.finish()
            p.close()
    app = make_app(library_folder=LIBRARY, trainee="Sam")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("h")
        assert isinstance(app.screen, HistoryScreen)
        assert [r.trainee for r in app.screen.rows] == ["Sam"]
        assert app.screen.query_one(DataTable).row_count == 1
        assert not app.screen.query_one("#trends").display


async def test_an_assignment_without_a_given_name_asks_for_one(make_app: Any, assignment: Any) -> None:
    app = make_app(library_folder=LIBRARY, assignment=assignment, trainee=None)
    app.trainee = ""  # not even MI_TRAINER_TRAINEE
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "s")
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        assert any("needs your name or student ID" in n.message for n in app._notifications)
        name = app.screen.query_one("#trainee", Input)
        assert not name.disabled
        await pilot.press("n", *"Kim", "enter")
        assert isinstance(app.screen, ConversationScreen)
        assert app.practice.trainee == "Kim"
