"""The dialogue graph (networkx MultiDiGraph) of a compiled scenario, and the checks run on it."""

from __future__ import annotations

import difflib
from collections.abc import Mapping

import networkx as nx

from mi_trainer.loading.fields import Reader
from mi_trainer.model.scenario import Pos, Scenario, target_ids
from mi_trainer.model.vocab import MI_CONSISTENT_SKILLS, MI_NON_ADHERENT, Skill


def build_graph(scenario: Scenario) -> nx.MultiDiGraph:
    """Client turns and endings are nodes; each (response, possible target) is an edge keyed by the
    response index. A conditional response contributes one edge per target it can lead to."""
    g = nx.MultiDiGraph()
    g.add_nodes_from((nid, {"ending": node.is_ending}) for nid, node in scenario.nodes.items())
    edges = []
    for nid, node in scenario.nodes.items():
        for resp in node.responses:
            for dst in target_ids(resp.next):
                if dst in scenario.nodes:
                    edges.append((nid, dst, resp.index, {"response": resp.index}))
    g.add_edges_from(edges)
    return g


_SUGGEST_BUDGET = 200_000  # node-id comparisons spent on "did you mean" hints per file


def check_graph(r: Reader, scenario: Scenario, g: nx.MultiDiGraph) -> None:
    """Structural errors: start, dangling next, unreachable, no responses, traps (MI031–MI036)."""
    nodes = scenario.nodes
    # each suggestion compares against every node id: cap the total work so a big, broken file stays fast
    suggestions = _SUGGEST_BUDGET // max(1, len(nodes))
    for node in nodes.values():
        if not node.is_ending and not node.responses:
            r.error(
                "MI034",
                f"node '{node.id}' is not an ending and has no responses",
                node.pos,
                "add responses, or make it an ending with 'ending: {outcome: …, valence: …}'",
            )
        for resp in node.responses:
            for dst in target_ids(resp.next):
                if dst and dst not in nodes:
                    suggestions -= 1
                    hint = _suggest(dst, nodes) if suggestions >= 0 else "check the spelling of the node id"
                    r.error(
                        "MI032",
                        f"response {resp.index + 1} of node '{node.id}' leads to '{dst}', which does not exist",
                        resp.next_pos,
                        hint,
                    )
    if not nodes:
        return
    if scenario.start not in nodes:
        if scenario.start:
            r.error(
                "MI031",
                f"the start node '{scenario.start}' does not exist",
                scenario.start_pos,
                _suggest(scenario.start, nodes),
            )
        return
    reachable = nx.descendants(g, scenario.start) | {scenario.start}
    for nid, node in nodes.items():
        if nid not in reachable:
            r.error(
                "MI033",
                f"node '{nid}' cannot be reached from the start node '{scenario.start}'",
                node.pos,
                "point a response's 'next' at it, or remove it",
            )
    can_end = reaches_ending(g)
    for nid in sorted(reachable - can_end, key=lambda n: nodes[n].pos.line):
        r.error(
            "MI036",
            f"from node '{nid}' no path leads to an ending (a dead end or a loop with no exit)",
            nodes[nid].pos,
            "give one of its responses a 'next' that leads towards an ending",
        )


def reaches_ending(g: nx.MultiDiGraph) -> set[str]:
    """Every node from which some path leads to an ending: one backward search from all endings."""
    seen = {n for n, is_end in g.nodes(data="ending") if is_end}
    frontier = list(seen)
    while frontier:
        n = frontier.pop()
        for p in g.pred[n]:
            if p not in seen:
                seen.add(p)
                frontier.append(p)
    return seen


def check_teaching(r: Reader, scenario: Scenario) -> None:
    """Teaching warnings (MI050–MI053): what makes a scenario teach, not just run."""
    offered: set[Skill] = set()
    valences = set()
    for node in scenario.nodes.values():
        if node.is_ending:
            assert node.ending is not None
            valences.add(node.ending.valence)
            continue
        if not node.responses:
            continue
        for resp in node.responses:
            offered.update(resp.skills)
        if not any(
            set(resp.skills) & MI_CONSISTENT_SKILLS and not set(resp.codes) & MI_NON_ADHERENT for resp in node.responses
        ):
            r.warn(
                "MI050",
                f"client turn '{node.id}' offers no MI-consistent response",
                node.pos,
                "add a reflection, open question or affirmation",
            )
        if not any(is_trap(resp.skills, resp.codes, resp.trap is not None) for resp in node.responses):
            r.warn(
                "MI051",
                f"client turn '{node.id}' offers no tempting trap",
                node.pos,
                "add a plausible righting-reflex, advice, labelling or closed-question option",
            )
    endings = [n for n in scenario.nodes.values() if n.is_ending]
    if len(endings) >= 1 and len(valences) == 1:
        (only,) = valences
        r.warn("MI052", f"every ending is {only.value}", Pos(), "add endings of other valences so choices matter")
    for goal in scenario.goals:
        if goal not in offered:
            r.warn(
                "MI053",
                f"the goal skill '{goal.value}' is never offered as a response",
                Pos(),
                "add a response that uses it, or drop it from 'goals'",
            )


def is_trap(skills: tuple[Skill, ...], codes: tuple[object, ...], tagged: bool) -> bool:
    """A response is a trap when tagged as one, non-adherent, or a closed question."""
    return tagged or bool(set(codes) & MI_NON_ADHERENT) or Skill.CLOSED_QUESTION in skills


def _suggest(name: str, nodes: Mapping[str, object]) -> str:
    close = difflib.get_close_matches(name, list(nodes), n=1)
    return f"did you mean '{close[0]}'?" if close else "check the spelling of the node id"
