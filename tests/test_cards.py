"""Role cards: a client card (who, what they say, how they react) and a practitioner card (goals, skills)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from helpers import engine_fixture

from mi_trainer.classroom.cards import cards_html, client_card_md, client_turns, practitioner_card_md
from mi_trainer.loading.loader import compile_text


def test_client_card_lists_every_turn_with_reactions_and_variants() -> None:
    scenario = engine_fixture("conditional").scenario
    card = client_card_md(scenario)
    turns = client_turns(scenario)
    non_endings = [n for n in scenario.nodes.values() if not n.is_ending]
    assert len(turns) == len(non_endings)
    assert turns[0].says == scenario.nodes[scenario.start].says
    for node in non_endings:
        assert f"“{node.says}”" in card
        for _, says in node.variants:
            assert says in card
    assert "If they listen well" in card and "If they push, judge or lecture" in card
    assert "## How it can end" in card


def test_practitioner_card_gives_goals_without_the_answers() -> None:
    scenario = engine_fixture("kitchen").scenario
    card = practitioner_card_md(scenario)
    assert "## Skills to practise" in card and scenario.setting in card
    for node in scenario.nodes.values():
        for r in node.responses:
            assert r.say not in card  # no spoilers


def test_html_cards_escape_scenario_text_and_print_one_card_per_page() -> None:
    text = (Path(__file__).parent / "fixtures" / "engine" / "kitchen.yaml").read_text(encoding="utf-8")
    hostile = "\n".join(
        'title: "<script>alert(1)</script> & co"' if line.startswith("title:") else line for line in text.splitlines()
    )
    compiled = compile_text(hostile, "k.yaml")
    assert compiled.ok
    page = cards_html(compiled.scenario)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page
    assert page.count('<section class="card">') == 2 and "page-break-after" in page


def test_cards_command_writes_markdown_and_html(tmp_path: Path) -> None:
    fixture = Path(__file__).parent / "fixtures" / "engine" / "kitchen.yaml"
    for name in ("cards.md", "cards.html"):
        out = tmp_path / name
        done = subprocess.run(
            [sys.executable, "-m", "mi_trainer", "cards", str(fixture), "-o", str(out)], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        body = out.read_text(encoding="utf-8")
        assert ("<!DOCTYPE html>" in body) == name.endswith(".html")
        assert "Client card" in body and "Practitioner card" in body
