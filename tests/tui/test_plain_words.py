"""Plain words for family and self-talk, MITI first for coach trainees, and the remembered setting (issue 12)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from mi_trainer.tui.screens.briefing import BriefingScreen
from mi_trainer.tui.screens.report import MITI_ROWS, ReportScreen
from mi_trainer.tui.settings import load_settings
from mi_trainer.tui.widgets.feedback import FeedbackPanel
from tui.support import LIBRARY, PORCH, number_of, plain, settle

VAN = LIBRARY / "peer" / "van.yaml"
SIZE = (100, 30)
GLOSSARY = (Path(__file__).parents[2] / "mi_trainer" / "tui" / "glossary.md").read_text(encoding="utf-8")


async def play_weak_then_report(app: Any, pilot: Any) -> str:
    await settle(pilot)
    await pilot.press("s")
    session = app.practice.session
    weak = next(r for r in session.options() if r.skill.value == "closed_question")
    await pilot.press(str(number_of(session, weak.index)), "c")
    while not app.practice.ended:
        await pilot.press("1", "c")
    if not isinstance(app.screen, ReportScreen):
        await pilot.press("c")
    assert isinstance(app.screen, ReportScreen)
    return plain(app.screen.query_one("#report-text"))


async def test_a_family_report_opens_with_what_went_well_suggestions_and_forks_then_the_numbers(
    make_app: Any,
) -> None:
    app = make_app(scenario=str(PORCH))
    async with app.run_test(size=SIZE) as pilot:
        text = await play_weak_then_report(app, pilot)
    order = [
        "How you did: You chose the strongest answer at ",
        "What went well",
        "To try next time",
        "Where a different answer might have led",
        "The numbers behind this (MITI 4.2.1)",
        "For tracking your progress",
    ]
    places = [text.index(part) for part in order]
    assert places == sorted(places)
    assert re.search(r"strongest answer at \d+ of \d+ turns", text)
    assert "seed" not in text.lower() and "of the way" not in text
    assert "AF+SEEK+EMPH" not in text and "Moves that fit MI" in text


async def test_a_coach_trainee_report_keeps_miti_first_with_the_seed(make_app: Any) -> None:
    app = make_app(scenario=str(VAN))
    async with app.run_test(size=SIZE) as pilot:
        text = await play_weak_then_report(app, pilot)
        assert text.index("MITI 4.2.1 summary") < text.index("What went well")
        assert "seed 7" in text and "of the way from the weakest path" in text
        await pilot.press("m")  # anyone can switch the report to plain words
        text = plain(app.screen.query_one("#report-text"))
        assert text.index("What went well") < text.index("The numbers behind this")


async def test_family_feedback_has_no_miti_codes_and_m_remembers_miti_first(make_app: Any, tmp_path: Path) -> None:
    app = make_app(scenario=str(PORCH))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        briefing = plain(app.screen.query_one("#briefing-text"))
        assert isinstance(app.screen, BriefingScreen) and "MITI" not in briefing
        assert "what went well, what to try next time" in briefing
        await pilot.press("s", "1")
        panel = app.screen.query_one(FeedbackPanel)
        shown = plain(panel.query_one("#fb-badge")) + plain(panel.query_one("#fb-body"))
        assert "MITI" not in shown and "sustain talk" not in shown
        await pilot.press("m")
        assert "CR Complex Reflection" in plain(panel.query_one("#fb-badge"))
    saved = json.loads((tmp_path / "settings.json").read_text(encoding="utf-8"))
    assert saved["terms"] == "miti"
    again = make_app(scenario=str(PORCH))
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")  # "not now" to resuming the session the first run left after one answer
        assert "MITI 4.2.1" in plain(again.screen.query_one("#briefing-text"))  # remembered across runs


def test_the_glossary_covers_every_term_the_report_uses() -> None:
    terms = [term.split(",")[0] for _, _, term, _, _ in MITI_ROWS] + [name for _, name, _, _, _ in MITI_ROWS]
    terms += [
        "MI-adherent",
        "MI-non-adherent",
        "change talk",
        "sustain talk",
        "discord",
        "complex reflection",
        "simple reflection",
        "seed",
        "take back",
        "hint",
        "assessment mode",
        "practice mode",
        "strongest answer",
        "Where a different answer might have led",
        "express empathy",
        "develop discrepancy",
        "roll with resistance",
        "self-efficacy",
        "confidence",
        "important",
        "below fair",
        "n/a",
        "MITI 4.2.1",
        "estimate",
    ]
    missing = [t for t in terms if t.lower() not in GLOSSARY.lower()]
    assert missing == []


async def test_a_damaged_settings_file_is_reported_and_replaced_by_defaults(make_app: Any, tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"theme": "textual-light", "terms": ', encoding="utf-8")
    app = make_app(scenario=str(PORCH))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        notes = [n.message for n in app._notifications]
        assert any("settings file" in n and "using the defaults" in n for n in notes)
        assert app.theme == "textual-dark"
    assert (tmp_path / "settings.json.damaged").read_text(encoding="utf-8").startswith('{"theme"')
    assert load_settings(path) == (load_settings(path)[0], "")  # the replacement reads cleanly


def test_wrong_values_in_settings_are_reported_not_used(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"theme": "\x1b[31mred", "terms": "plain"}), encoding="utf-8")
    settings, notice = load_settings(path)
    assert settings.theme == "textual-dark" and "theme" in notice
