"""The node-by-node analysis of loop-free scenarios gives exactly the general walk's figures."""

from __future__ import annotations

import random

import pytest

from mi_trainer.analysis import layered
from mi_trainer.analysis.conditions import _vars, condition_report
from mi_trainer.analysis.paths import RouteValues, _pack, condition_vars, expand, expanded_stats, path_stats
from mi_trainer.loading.library import load_library
from mi_trainer.loading.loader import compile_text
from mi_trainer.model.scenario import ClientState, Scenario, resolve
from mi_trainer.scoring.points import response_points
from tests.helpers import FIXTURES

EFFECTS = ["{discord: -2, importance: 1}", "{discord: 2, confidence: -1}", "{importance: 2, confidence: 1}", "{}"]
SKILLS = [
    ("complex_reflection", "{empathy: 2}"),
    ("open_question", "{discrepancy: 1}"),
    ("persuade", "{resistance: -2}"),
]
CONDITIONS = ["discord >= 6", "importance <= 4", "confidence > 5", "discord < 7 and confidence >= 4", "importance == 5"]


def random_scenario(seed: int, layers: int = 6, width: int = 4) -> str:
    rng = random.Random(seed)
    out = [
        f"id: layered-{seed}\ntitle: Layered {seed}\naudience: classroom\nsetting: generated\ndifficulty: 2\n"
        "summary: generated\nclient:\n  name: Gen\n  stage: contemplation\n"
        "  state: {discord: 5, importance: 5, confidence: 5}\nstart: n0-0\nnodes:\n"
    ]
    sizes = [1, 3] + [width] * (layers - 2)
    for layer, size in enumerate(sizes):
        nxt = sizes[layer + 1] if layer + 1 < len(sizes) else 0
        for i in range(size):
            out.append(f'  n{layer}-{i}:\n    says: "Line {layer}.{i}"\n    talk: neutral\n    responses:\n')
            for k, (skill, principles) in enumerate(SKILLS):
                if nxt:
                    a = 3 * i + k if 3 * i + k < nxt else rng.randrange(nxt)
                    target = f"n{layer + 1}-{a}"
                    if rng.random() < 0.4:
                        other = f"n{layer + 1}-{rng.randrange(nxt)}"
                        target = f'{{if: "{rng.choice(CONDITIONS)}", then: {other}, else: {target}}}'
                    if rng.random() < 0.1:
                        target = f'{{if: "{rng.choice(CONDITIONS)}", then: end-neg, else: {target}}}'
                else:
                    target = rng.choice(["end-pos", "end-neg"])
                out.append(
                    f'      - say: "Answer {layer}.{i}.{k}"\n        skill: {skill}\n        principles: {principles}\n'
                    f'        effect: {rng.choice(EFFECTS)}\n        feedback: "Why."\n        next: {target}\n'
                )
    out.append(
        '  end-pos: {says: "Thanks.", talk: change, ending: {outcome: engaged, valence: positive}}\n'
        '  end-neg: {says: "Bye.", talk: discord, ending: {outcome: closed, valence: negative}}\n'
    )
    return "".join(out)


def _same(scenario: Scenario) -> None:
    fast, general = path_stats(scenario), expanded_stats(scenario)
    assert layered.topological_order(scenario) is not None
    assert fast.paths == general.paths
    assert (fast.shortest, fast.longest) == (general.shortest, general.longest)
    assert fast.ending_paths == general.ending_paths
    assert fast.expanded_states == general.expanded_states
    for a, b in ((fast.best, general.best), (fast.worst, general.worst)):
        assert a.points == b.points
        assert [(n, r.index) for n, r in a.steps] == [(n, r.index) for n, r in b.steps]
        assert a.ending == b.ending


@pytest.mark.parametrize("seed", range(25))
def test_layered_matches_general_walk_on_random_conditional_scenarios(seed: int) -> None:
    compiled = compile_text(random_scenario(seed), f"layered-{seed}.yaml")
    assert compiled.ok, compiled.errors[:2]
    _same(compiled.scenario)


def test_layered_matches_general_walk_on_the_shipped_library() -> None:
    for entry in load_library():
        assert entry.compiled is not None
        if layered.topological_order(entry.compiled.scenario) is not None:
            _same(entry.compiled.scenario)


@pytest.mark.parametrize("seed", range(8))
def test_route_values_match_the_general_walk(seed: int) -> None:
    scenario = compile_text(random_scenario(seed), "r.yaml").scenario
    fast = RouteValues(scenario)
    ex = expand(scenario)
    best: dict[tuple[str, int], int] = {}
    for key in ex.order:
        best[key] = max((response_points(r) + best[n] for r, n in ex.succ[key]), default=0)
    assert fast.best == best
    node = scenario.nodes[scenario.start]
    keep = condition_vars(scenario)
    state = ClientState(5, 5, 5)
    for r in node.responses:
        after = state.apply(r.effect)
        expected = response_points(r) + best[(resolve(r.next, after), _pack(after, keep))]
        assert fast.after(node.id, state, r) == expected


@pytest.mark.parametrize("seed", range(10))
def test_condition_report_same_either_way(seed: int) -> None:
    scenario = compile_text(random_scenario(seed), "c.yaml").scenario
    keep = _vars(scenario)
    topo = layered.topological_order(scenario)
    assert topo is not None
    fw = layered.forward(scenario, keep, topo)
    assert condition_report(scenario, fw) == condition_report(scenario)


def test_a_loop_in_the_dialogue_graph_uses_the_general_walk() -> None:
    loop = (FIXTURES / "engine" / "loop.yaml").read_text(encoding="utf-8")
    scenario = compile_text(loop, "loop.yaml").scenario
    assert layered.topological_order(scenario) is None
    assert path_stats(scenario).cyclic
