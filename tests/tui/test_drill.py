"""The Drill screen through Pilot: a drill of each kind answered, reached by 'd' and the palette, 80x24."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mi_trainer.store import Store
from mi_trainer.tui.screens.drill import DrillScreen
from tui.support import plain, screen_text, settle

DRILLS = Path(__file__).parent.parent / "fixtures" / "drills"

WRITTEN = {
    "make_open": ["What worries you most about the weekend?"],
    "reflect": ["The weekend is when you drank.", "Part of you is proud of this week, and the weekend scares you."],
    "both_sides": ["You want to keep going, and at the same time the weekend feels like a risk."],
    "affirm": ["You worked hard for that week — pouring it away took real courage."],
}


async def ready(pilot: Any) -> None:
    """settle(), with a longer wait for the library (drill items come from it; the machine may be busy)."""
    for _ in range(600):
        if pilot.app.loaded:
            break
        await pilot.pause(0.1)
    await settle(pilot)


async def pick(pilot: Any, value: str) -> None:
    screen = pilot.app.screen
    options = screen.query_one("#drill-options")
    index = next(i for i in range(options.option_count) if options.get_option_at_index(i).id == value)
    options.highlighted = index
    await pilot.press("enter")
    await pilot.pause()


@pytest.mark.parametrize("kind", ["name_skill", "make_open", "reflect", "both_sides", "affirm", "spot_talk"])
async def test_answer_a_drill_of_each_kind(make_app: Any, store_path: Path, kind: str) -> None:
    app = make_app(library_folder=DRILLS)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        app.push_screen(DrillScreen(app.store, app.drill_items(), skill=kind, seed=1))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DrillScreen) and screen.round is not None
        answered = 0
        while (item := screen.round.current) is not None:
            if kind in WRITTEN:
                for line in WRITTEN[kind]:
                    await pilot.press(*line)
                    await pilot.press("enter")
                    await pilot.pause()
            elif kind == "name_skill":
                await pick(pilot, item.answer[0])
            else:
                await pick(pilot, item.answer[0])
                if item.subtype_answer:
                    await pick(pilot, item.subtype_answer)
            answered += 1
            assert screen.stage == "feedback"
            assert "✓ right" in screen_text(app), screen_text(app)
            await pilot.press("n")
            await pilot.pause()
        summary = plain(screen.query_one("#drill-text"))
        assert screen.stage == "done" and "right. Box 2" in summary, summary
    with Store(store_path) as store:
        rows = store.drill_answers()
    assert len(rows) == answered and all(r.correct and r.skill == kind for r in rows)


async def test_drill_from_the_library_key_and_the_palette(make_app: Any) -> None:
    app = make_app(library_folder=DRILLS)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert app.screen.sub_title == "Drills due: 6 (d)"
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DrillScreen)
        assert app.screen.round is not None and app.screen.round.skill == "name_skill"  # never practised, first
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Drill")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DrillScreen)


async def settle_drill(pilot: Any) -> None:
    await ready(pilot)
    app = pilot.app
    app.push_screen(DrillScreen(app.store, app.drill_items(), skill="reflect", seed=1))
    await pilot.pause()


def test_drill_80x24(snap_compare: Any, make_app: Any) -> None:
    assert snap_compare(make_app(library_folder=DRILLS), terminal_size=(80, 24), run_before=settle_drill)


async def test_history_shows_drill_accuracy(make_app: Any, store_path: Path) -> None:
    from mi_trainer.drills.items import build_items
    from mi_trainer.drills.practice import DrillRound
    from mi_trainer.loading.loader import load_scenario

    items = build_items([load_scenario(DRILLS / "drill-kinds.yaml").scenario])
    with Store(store_path) as store:
        drill = DrillRound("spot_talk", [i for i in items if i.kind == "spot_talk"], store)
        drill.answer(["change", "desire"])
        drill.answer(["sustain"])
    app = make_app(library_folder=DRILLS)
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        await pilot.press("h")
        await pilot.pause()
        stats = app.screen.query_one("#drill-stats")
        assert stats.display
        assert app.screen.query_one("#drill-trend-spot_talk").data == [50.0]
        last = app.screen.query_one("#drill-last-spot_talk")
        assert "50%" in str(last.render())


async def test_number_keys_answer_a_drill_and_next_waits_for_an_answer(make_app: Any) -> None:
    """As in a conversation, 1-9 pick an option; "n Next item" is offered only once the item is answered, and
    the options read in plain words (QA: only arrows + Enter worked, ids with underscores were shown)."""
    app = make_app(library_folder=DRILLS)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        app.push_screen(DrillScreen(app.store, app.drill_items(), skill="name_skill", seed=1))
        await pilot.pause()
        screen = app.screen
        keys = [k.description for k in screen.query("FooterKey")]
        assert "Answer" in keys and "Next item" not in keys, keys
        shown = screen_text(app)
        assert "persuade_with_permission" not in shown and "closed_question" not in shown
        await pilot.press("1")
        await pilot.pause()
        assert screen.stage == "feedback" and "you chose" in screen_text(app)
        keys = [k.description for k in screen.query("FooterKey")]
        assert "Next item" in keys and "Answer" not in keys, keys
