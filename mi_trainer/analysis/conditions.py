"""Which state-dependent lines and branches can actually happen: variants never shown, branches that
always go the same way. Computed over the reachable (node, state) graph, never by enumerating paths."""

from __future__ import annotations

from typing import Any

from mi_trainer.analysis import layered
from mi_trainer.analysis.paths import condition_vars
from mi_trainer.model.scenario import Branch, ClientState, Comparison, Scenario, resolve
from mi_trainer.model.vocab import StateVar

#: Above this many (node, state) pairs the check stops and says it was not completed.
MAX_STATES = 2_000_000


def _vars(scenario: Scenario) -> frozenset[StateVar]:
    """Variables read by branches (as the path analysis tracks them) and by variant lines."""
    variant_vars = {c.var for node in scenario.nodes.values() for when, _ in node.variants for c in when}
    return condition_vars(scenario) | variant_vars


def _project(s: ClientState, keep: frozenset[StateVar]) -> ClientState:
    return ClientState(
        s.discord if StateVar.DISCORD in keep else 0,
        s.importance if StateVar.IMPORTANCE in keep else 0,
        s.confidence if StateVar.CONFIDENCE in keep else 0,
    )


def condition_report(scenario: Scenario, fw: layered.Forward | None = None) -> dict[str, Any]:
    """``{"complete": bool, "issues": [...]}``; each issue names the node, what never happens, and its line."""
    keep = _vars(scenario)
    if not keep:
        return {"complete": True, "issues": []}
    if fw is None or fw.keep != keep:
        topo = layered.topological_order(scenario)
        fw = None if topo is None else layered.forward(scenario, keep, topo)
    if fw is not None:
        shown, taken = _layered_walk(scenario, fw)
    else:
        walked = _walk(scenario, keep)
        if walked is None:
            return {"complete": False, "issues": []}
        shown, taken = walked
    return {"complete": True, "issues": _issues(scenario, shown, taken)}


Shown = dict[str, set[int]]  # node id → indexes of lines shown (-1 = the plain 'says')
Taken = dict[tuple[str, int], set[bool]]  # (node, response) → outcomes of its top-level branch


def _variant_index(variants: tuple[tuple[tuple[Comparison, ...], str], ...], state: ClientState) -> int:
    return next((i for i, (when, _) in enumerate(variants) if all(c.holds(state) for c in when)), -1)


def _layered_walk(scenario: Scenario, fw: layered.Forward) -> tuple[Shown, Taken]:
    """The same facts from the node-by-node forward pass (loop-free dialogue graphs)."""
    steps, reached = fw.steps, fw.reached
    shown: Shown = {}
    taken: Taken = {}
    for node_id, codes in reached.items():
        node = scenario.nodes[node_id]
        if node.variants:
            tests = [layered.compile_when(when) for when, _ in node.variants]
            shown[node_id] = {next((i for i, t in enumerate(tests) if t(code)), -1) for code in codes}
        for r, _ in steps[node_id]:
            if isinstance(r.next, Branch):
                after = fw.moves.after_memo(r)  # filled by the forward pass for every reached state
                afters = {after[code] for code in codes}
                holds = layered.compile_when(r.next.when)
                taken[(node_id, r.index)] = {holds(a) for a in afters}
    return shown, taken


def _walk(scenario: Scenario, keep: frozenset[StateVar]) -> tuple[Shown, Taken] | None:
    """Depth-first over the reachable (node, state) graph; None when it exceeds MAX_STATES."""
    shown: Shown = {}
    taken: Taken = {}
    start = (scenario.start, _project(scenario.client.state, keep))
    seen = {start}
    stack = [start]
    while stack:
        if len(seen) > MAX_STATES:
            return None
        node_id, state = stack.pop()
        node = scenario.nodes[node_id]
        if node.variants:
            shown.setdefault(node_id, set()).add(_variant_index(node.variants, state))
        for r in node.responses:
            after = state.apply(r.effect)
            if isinstance(r.next, Branch):
                taken.setdefault((node_id, r.index), set()).add(r.next.holds(after))
            key = (resolve(r.next, after), _project(after, keep))
            if key not in seen:
                seen.add(key)
                stack.append(key)
    return shown, taken


def _issues(scenario: Scenario, shown: Shown, taken: Taken) -> list[dict[str, Any]]:
    issues = []
    for node_id, indexes in shown.items():
        node = scenario.nodes[node_id]
        for i, (when, _) in enumerate(node.variants):
            if i not in indexes:
                cond = " and ".join(str(c) for c in when)
                issues.append(
                    {
                        "node": node_id,
                        "line": node.pos.line,
                        "kind": "variant",
                        "message": f"the variant line for '{cond}' can never be shown",
                    }
                )
        if -1 not in indexes:
            issues.append(
                {
                    "node": node_id,
                    "line": node.pos.line,
                    "kind": "variant",
                    "message": "the plain 'says' line can never be shown (a variant always applies)",
                }
            )
    for (node_id, index), outcomes in taken.items():
        if len(outcomes) == 1:
            resp = scenario.nodes[node_id].responses[index]
            assert isinstance(resp.next, Branch)
            way = "'then'" if True in outcomes else "'else'"
            issues.append(
                {
                    "node": node_id,
                    "line": resp.next_pos.line,
                    "kind": "branch",
                    "message": f"response {index + 1}: '{resp.next.condition_text()}' always takes {way}",
                }
            )
    issues.sort(key=lambda i: (i["line"], i["message"]))
    return issues
