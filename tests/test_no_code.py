"""`skill: other` / `miti: []`: talk a MITI coder gives no code (empty reassurance, structuring)."""

from __future__ import annotations

from mi_trainer.engine.report import build_report
from mi_trainer.engine.session import Session
from mi_trainer.loading.loader import compile_text, load_scenario
from mi_trainer.model.vocab import Skill
from mi_trainer.scoring.points import response_points
from tests.helpers import FIXTURES


def test_other_has_no_code_and_scores_only_its_principles() -> None:
    compiled = load_scenario(FIXTURES / "coding" / "no-code.yaml")
    assert compiled.ok and not compiled.warnings
    reassure = compiled.scenario.nodes["opening"].responses[1]
    assert reassure.skills == (Skill.OTHER,)
    assert reassure.codes == ()
    assert response_points(reassure) == -1


def test_a_session_with_an_uncoded_turn_counts_nothing_for_it() -> None:
    compiled = load_scenario(FIXTURES / "coding" / "no-code.yaml")
    session = Session(compiled, shuffle=False)
    session.choose(2)
    report = build_report(session)
    counts = report["miti"]["counts"]
    assert sum(counts.values()) == 0


def test_empty_miti_with_a_coded_skill_is_a_mismatch_warning() -> None:
    text = (FIXTURES / "coding" / "no-code.yaml").read_text(encoding="utf-8")
    text = text.replace("        skill: other\n        miti: []", "        skill: giving_information\n        miti: []")
    compiled = compile_text(text, "x.yaml")
    (warning,) = [d for d in compiled.diagnostics if d.code == "MI054"]
    assert warning.line == text.splitlines().index("        miti: []") + 1
