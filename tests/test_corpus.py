"""The labelled corpus in data/corpus is clean, large and covers every code; the checker catches each problem."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from mi_trainer.coding import CODES, OARS
from mi_trainer.coding.corpus import check_files, main

CORPUS = Path(__file__).parent.parent / "data" / "corpus"


def test_every_corpus_file_is_clean_and_the_corpus_covers_every_code() -> None:
    paths = sorted(CORPUS.glob("*.jsonl"))
    examples, problems = check_files(paths)
    assert problems == []
    assert len(examples) >= 3000
    codes = Counter(c for e in examples for c in e.codes)
    assert all(codes[c] >= 50 for c in CODES), codes
    assert sum(1 for e in examples if not e.codes) >= 100
    assert sum(1 for e in examples if len(e.codes) > 1) >= 200
    assert {e.oars for e in examples} == set(OARS)
    assert len({e.voice for e in examples}) == 7
    assert all(e.client for e in examples if {"SR", "CR"} & set(e.codes))


GOOD = {"text": "You're tired.", "client": "I'm tired.", "codes": ["SR"], "oars": "simple_reflection", "voice": "peer"}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe{}", "not valid UTF-8"),
        (json.dumps(GOOD | {"codes": ["XX"]}).encode(), "unknown code"),
        (json.dumps(GOOD | {"codes": ["SR", "SR"]}).encode(), "appears twice"),
        (json.dumps(GOOD | {"codes": ["SR", "CR"]}).encode(), "both SR and CR"),
        (json.dumps(GOOD | {"codes": ["CONFRONT", "Q"], "oars": "closed_question"}).encode(), "Confront trumps"),
        (json.dumps(GOOD | {"oars": "affirmation"}).encode(), "does not fit codes"),
        (json.dumps(GOOD | {"client": ""}).encode(), "needs the client line"),
        (json.dumps(GOOD | {"voice": "robot"}).encode(), "unknown voice"),
        (json.dumps(GOOD | {"extra": 1}).encode(), "unknown field"),
        (json.dumps({"text": "Hi"}).encode(), "missing field"),
    ],
)
def test_the_checker_names_file_line_and_problem(tmp_path: Path, line: bytes, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(json.dumps(GOOD).encode() + b"\n" + line + b"\n")
    examples, problems = check_files([path])
    assert len(examples) == 1
    assert len(problems) == 1 and problems[0].startswith("bad.jsonl:2: ") and message in problems[0], problems


def test_duplicates_within_a_file_and_conflicts_across_files(tmp_path: Path) -> None:
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text(json.dumps(GOOD) + "\n" + json.dumps(GOOD) + "\n", encoding="utf-8")
    b.write_text(json.dumps(GOOD) + "\n" + json.dumps(GOOD | {"codes": ["CR"], "oars": "complex_reflection"}), "utf-8")
    examples, problems = check_files([a, b])
    assert len(examples) == 1
    assert problems[0] == "a.jsonl:2: duplicate of line 1"
    assert len(problems) == 2 and problems[1].startswith("b.jsonl:2: labelled ['CR']")


def test_the_checker_command_exits_non_zero_on_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text("[]\n", encoding="utf-8")
    assert main([str(path)]) == 1
    assert "x.jsonl:1: each line must be a JSON object" in capsys.readouterr().out
