"""Analysis on small graphs whose counts and extremes are worked out by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import engine_fixture

from mi_trainer.analysis.paths import LOOP_RULE_HORIZON, LOOP_RULE_SIMPLE, path_stats
from mi_trainer.analysis.summary import analyze
from mi_trainer.loading.loader import compile_text


def says(steps: tuple) -> list[str]:  # type: ignore[type-arg]
    return [r.say for _, r in steps]


def test_diamond_counts_and_extremes() -> None:
    # points: a1 CR+empathy1 = 4, a2 persuade = -3, b1 open Q = 1, b2 SR = 2, b3 confront-2 = -6,
    # c1 AF = 2, c2 closed Q = -1.  Routes: a2 | a1 b1 | a1 b3 | a1 b2 c1 | a1 b2 c2  → 5.
    stats = path_stats(engine_fixture("diamond").scenario)
    assert stats.paths == 5
    assert (stats.shortest, stats.longest) == (1, 3)
    assert stats.ending_paths == {"end-pos": 2, "end-neg": 2, "end-mixed": 1}
    assert stats.best.points == 8 and says(stats.best.steps) == ["a1", "b2", "c1"]
    assert stats.best.ending == "end-pos"
    assert stats.worst.points == -3 and says(stats.worst.steps) == ["a2"]


def test_diamond_analyze_json_shape() -> None:
    a = analyze(engine_fixture("diamond"), runs=50, seed=1)
    assert a["paths"] == 5 and a["counts"] == {"nodes": 6, "client_turns": 3, "endings": 3, "responses": 7}
    best = a["best"]
    assert best["score"] == 8
    assert best["miti"]["reflection_to_question"] is None  # no questions on the best path
    assert best["miti"]["percent_complex_reflection"] == 50.0  # CR 1 of SR 1 + CR 1
    assert a["worst"]["miti"]["mi_non_adherent"] == 1
    assert sum(a["playthroughs"]["endings"].values()) == 50
    assert analyze(engine_fixture("diamond"), runs=50, seed=1)["playthroughs"] == a["playthroughs"]


def test_conditions_are_followed_with_state() -> None:
    # discord starts at 5.  push (+3 → 8) ends at once; reflect (−1 → 4) reaches b, where ask → end-pos and
    # warn (+2 → 6) → end-neg because 6 > 5.  end-mixed is in the graph but no state can reach it.
    stats = path_stats(engine_fixture("conditional").scenario)
    assert stats.paths == 3
    assert stats.ending_paths == {"end-neg": 2, "end-pos": 1}
    assert "end-mixed" not in stats.reachable_endings
    assert stats.best.points == 4 and says(stats.best.steps) == ["reflect", "ask"]
    assert stats.worst.points == -3 and says(stats.worst.steps) == ["push"]
    a = analyze(engine_fixture("conditional"), runs=0)
    assert {e["id"]: e["reachable"] for e in a["endings"]}["end-mixed"] is False


def test_loop_is_unbounded_and_extremes_count_each_turn_once() -> None:
    stats = path_stats(engine_fixture("loop").scenario)
    assert stats.paths is None and stats.cyclic
    assert stats.shortest == 1
    # going round a→b→a would net +1 each time (SR 2, closed Q −1); each turn counts once: a→b (SR 2), finish (Q 1)
    assert stats.best.points == 2 + 1
    assert says(stats.best.steps) == ["again", "finish"] and stats.best.ending == "end"
    assert stats.worst.points == -3 and says(stats.worst.steps) == ["leave"]
    assert stats.loop_rule == LOOP_RULE_SIMPLE


def test_loop_extremes_fall_back_to_the_horizon_when_the_search_is_too_big(monkeypatch: pytest.MonkeyPatch) -> None:
    from mi_trainer.analysis import loops

    monkeypatch.setattr(loops, "BUDGET", 1)
    stats = path_stats(engine_fixture("loop").scenario)
    # each a→b→a round trip nets +1 (SR 2, closed Q −1); 100 turns = 49 round trips + a→b + b→end
    assert stats.best.points == 49 + 2 + 1 and len(stats.best.steps) == 100
    assert stats.loop_rule == LOOP_RULE_HORIZON


def chain_of_diamonds(k: int) -> str:
    nodes = []
    for i in range(k):
        nxt = f"n{i + 1}" if i + 1 < k else "end"
        nodes.append(
            f'  n{i}:\n    says: "turn {i}"\n    talk: neutral\n    responses:\n'
            f'      - {{say: "x", skill: complex_reflection, feedback: "f", next: {nxt}}}\n'
            f'      - {{say: "y", skill: persuade, feedback: "f", next: {nxt}}}\n'
        )
    return (
        "id: chain\ntitle: Chain\naudience: classroom\nsetting: s\ndifficulty: 1\nsummary: s\n"
        "client: {name: C, stage: contemplation}\nstart: n0\nnodes:\n"
        + "".join(nodes)
        + '  end: {says: "e", talk: neutral, ending: {outcome: o, valence: mixed}}\n'
    )


def test_path_count_is_an_exact_big_integer() -> None:
    compiled = compile_text(chain_of_diamonds(120))
    assert compiled.ok
    stats = path_stats(compiled.scenario)
    assert stats.paths == 2**120
    assert stats.best.points == 3 * 120 and stats.worst.points == -3 * 120
    assert stats.expanded_states == 121


def test_analysis_scales_with_graph_not_paths(tmp_path: Path) -> None:
    # 2**2000 routes; enumerating them would never finish, DP is linear.
    stats = path_stats(compile_text(chain_of_diamonds(2000)).scenario)
    assert stats.paths == 2**2000


def test_dead_conditions_are_reported() -> None:
    from mi_trainer.analysis.conditions import condition_report

    # From discord 5: push (+3) always reaches 8, so its branch always takes 'then'; reflect (−1) is the only
    # way to b, so b is always reached at discord 4: its 'discord >= 6' variant never shows, 'ask' (no effect,
    # 4 ≥ 8?) always takes 'else', and 'warn' (+2 → 6 ≤ 5?) always takes 'else'.
    report = condition_report(engine_fixture("conditional").scenario)
    assert report["complete"]
    found = {(i["node"], i["kind"], i["message"]) for i in report["issues"]}
    assert found == {
        ("a", "branch", "response 1: 'discord >= 8' always takes 'then'"),
        ("b", "variant", "the variant line for 'discord >= 6' can never be shown"),
        ("b", "branch", "response 1: 'discord >= 8' always takes 'else'"),
        ("b", "branch", "response 2: 'discord <= 5' always takes 'else'"),
    }
    assert condition_report(engine_fixture("diamond").scenario) == {"complete": True, "issues": []}


def test_forgiveness_on_the_diamond_by_hand() -> None:
    from mi_trainer.analysis.forgiveness import forgiveness

    scenario = engine_fixture("diamond").scenario
    f = forgiveness(scenario, path_stats(scenario))
    # best a1 (3+1) → b2 (2) → c1 (2) = 8 in 3 turns; the shortest route a2 → end-neg is 1 turn
    assert (f.best_turns, f.shortest) == (3, 1)
    # the weakest at turn 1 is a2 (persuade −3): the talk ends after 1 turn, with no repair
    assert (f.after_mistakes, f.repair) == (1, False)
    assert len(f.problems()) == 4
    a = analyze(engine_fixture("diamond"), runs=0)
    assert a["forgiveness"]["problems"] == f.problems()


def test_forgiveness_walks_on_after_the_mistakes_and_sees_a_repair() -> None:
    from mi_trainer.analysis.forgiveness import forgiveness

    scenario = engine_fixture("conditional").scenario
    f = forgiveness(scenario, path_stats(scenario))
    assert f.after_mistakes >= 1 and f.best_turns == len(path_stats(scenario).best.steps)
