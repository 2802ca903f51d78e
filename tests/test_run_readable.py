"""`mi-trainer run` for people without the TUI: briefing first, word wrapping, a readable report (issue 12)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from mi_trainer.engine.render import report_text, wrap_text
from mi_trainer.engine.report import build_report
from mi_trainer.engine.session import Session
from mi_trainer.loading.library import resolve_scenario


def run(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mi_trainer", "run", *args, "--no-save"],
        capture_output=True,
        text=True,
        timeout=120,
        env={"MI_TRAINER_STORE": str(tmp_path / "h.sqlite3"), "PATH": "/usr/bin:/bin"},
    )


def test_run_prints_the_briefing_before_the_first_line(tmp_path: Path) -> None:
    r = run("family-sunday-kitchen", "--strategy", "best", tmp_path=tmp_path)
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert out.index("Who you are talking with: Sam") < out.index("Sam: ") < out.index("  1. ")
    assert "practice tool" in out.split("Sam: ")[0]


def test_wrapping_keeps_words_whole_and_hangs_numbered_lines() -> None:
    text = "  2. We need to talk about your drinking, Sam. This can't go on, and I'm not going to pretend it can."
    wrapped = wrap_text(text, 40).split("\n")
    assert all(len(line) <= 40 for line in wrapped) and len(wrapped) > 1
    assert wrapped[1].startswith("     ") and " ".join(w.strip() for w in wrapped) == text.strip()


def test_the_terminal_report_opens_with_what_went_well_and_has_no_markdown() -> None:
    session = Session(resolve_scenario("family-sunday-kitchen"), seed=1)
    while not session.node.is_ending:
        session.choose(1)
    text = report_text(build_report(session))
    assert text.index("What went well") < text.index("To try next time") < text.index("The numbers behind this")
    assert "How you did: You chose the strongest answer at" in text
    assert "|" not in text and "**" not in text and "##" not in text


def test_wrapped_options_hang_under_their_text_whatever_their_number() -> None:
    from mi_trainer.engine.render import wrap_text

    for marker in ("4.", "9.", "12.", "-"):
        out = wrap_text(
            f"  {marker} So the twenty was for drink after all. I did wonder when you said the electric.", 40
        )
        _, *rest = out.split("\n")
        assert rest and all(line.startswith(" " * (3 + len(marker))) for line in rest), out
