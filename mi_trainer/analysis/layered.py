"""Exact path analysis for scenarios whose dialogue graph has no loop, one node at a time in topological order.

The general analysis (``paths.expand``) builds the whole node × state product graph as objects before
walking it. When the dialogue graph itself is acyclic, every (node, state) pair can instead be visited
node by node: a forward pass finds the reachable client states of each node (and counts the routes to
them), a backward pass computes path counts, lengths and best/worst totals per state. States are packed
ints, effects and branches are memoised per packed state, and each node's forward counts are dropped as
soon as they are used, so memory and time stay linear in the number of reachable pairs with a small
constant. Results are identical to the general analysis, tie-breaks included (lowest response index).
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass

from mi_trainer.model.scenario import ClientState, Comparison, Response, Scenario, Target, target_ids
from mi_trainer.model.vocab import StateVar
from mi_trainer.scoring.points import response_points

Step = Callable[[int], tuple[int, str]]
Steps = dict[str, list[tuple[Response, Step]]]

#: per (node, state): path count, shortest, longest, best points, best option, worst points, worst option
Cell = tuple[int, int, int, int, int, int, int]


def topological_order(scenario: Scenario) -> list[str] | None:
    """Node ids so that every response leads forward; None when the dialogue graph has a loop."""
    nodes = scenario.nodes
    succ = {nid: {t for r in node.responses for t in target_ids(r.next)} for nid, node in nodes.items()}
    indegree = dict.fromkeys(nodes, 0)
    for targets in succ.values():
        for t in targets:
            if t in indegree:
                indegree[t] += 1
    ready = [nid for nid in nodes if indegree[nid] == 0]
    order: list[str] = []
    while ready:
        nid = ready.pop()
        order.append(nid)
        for t in sorted(succ[nid]):
            if t in indegree:
                indegree[t] -= 1
                if indegree[t] == 0:
                    ready.append(t)
    return order if len(order) == len(nodes) else None


class _Moves:
    """Memoised transitions on packed states: the state after a response and the node it leads to."""

    def __init__(self, keep: frozenset[StateVar]) -> None:
        self.keep = keep
        self._after: dict[tuple[tuple[StateVar, int], ...], dict[int, int]] = {}
        self._target: dict[int, dict[int, str]] = {}

    def pack(self, state: ClientState) -> int:
        keep = self.keep
        return (
            (state.discord * 121 if StateVar.DISCORD in keep else 0)
            + (state.importance * 11 if StateVar.IMPORTANCE in keep else 0)
            + (state.confidence if StateVar.CONFIDENCE in keep else 0)
        )

    def after_memo(self, response: Response) -> dict[int, int]:
        """packed state before → after ``response``, for every state a step has been asked for."""
        return self._after.setdefault(response.effect, {})

    def step(self, response: Response) -> Step:
        """A function: packed state before ``response`` → (packed state after, node id it leads to)."""
        if not self.keep:  # nothing is ever read: one state per node
            target = response.next
            assert isinstance(target, str)
            return lambda code: (0, target)
        after = self._after.setdefault(response.effect, {})
        effect = response.effect
        nxt = response.next
        pack = self.pack
        if isinstance(nxt, str):

            def plain(code: int) -> tuple[int, str]:
                a = after.get(code)
                if a is None:
                    a = after[code] = pack(unpack(code).apply(effect))
                return a, nxt

            return plain
        targets = self._target.setdefault(id(response), {})
        resolve = compile_target(nxt)

        def conditional(code: int) -> tuple[int, str]:
            a = after.get(code)
            if a is None:
                a = after[code] = pack(unpack(code).apply(effect))
            t = targets.get(a)
            if t is None:
                t = targets[a] = resolve(a)
            return a, t

        return conditional


def unpack(code: int) -> ClientState:
    """The client state a packed int stands for (variables not tracked are 0)."""
    return ClientState(code // 121, (code // 11) % 11, code % 11)


_OPS: dict[str, Callable[[int, int], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}
_READ: dict[StateVar, Callable[[int], int]] = {
    StateVar.DISCORD: lambda code: code // 121,
    StateVar.IMPORTANCE: lambda code: (code // 11) % 11,
    StateVar.CONFIDENCE: lambda code: code % 11,
}


def compile_when(when: tuple[Comparison, ...]) -> Callable[[int], bool]:
    """Comparisons as a test of the packed state (all must hold)."""
    tests = [(_READ[c.var], _OPS[c.op], c.value) for c in when]
    return lambda code: all(op(read(code), value) for read, op, value in tests)


def compile_target(target: Target) -> Callable[[int], str]:
    """A target as a function of the packed state (comparisons read the packed int directly)."""
    if isinstance(target, str):
        return lambda code: target
    tests = [(_READ[c.var], _OPS[c.op], c.value) for c in target.when]
    then, otherwise = compile_target(target.then), compile_target(target.otherwise)

    def choose(code: int) -> str:
        for read, op, value in tests:
            if not op(read(code), value):
                return otherwise(code)
        return then(code)

    return choose


@dataclass(slots=True)
class Layered:
    """The analysed product graph: one table of cells per node, keyed by packed state."""

    start: tuple[str, int]
    cells: dict[str, dict[int, Cell]]
    ending_paths: dict[str, int]
    pairs: int
    steps: Steps


@dataclass(frozen=True, slots=True)
class Forward:
    """The forward pass: transitions per response, reachable packed states per node, routes per ending."""

    keep: frozenset[StateVar]
    order: list[str]
    moves: _Moves
    steps: Steps
    reached: dict[str, list[int]]
    ending_paths: dict[str, int]


def forward(scenario: Scenario, keep: frozenset[StateVar], order: list[str]) -> Forward:
    """Reachable packed states per node (in first-reached order) and the number of routes to each ending."""
    moves = _Moves(keep)
    nodes = scenario.nodes
    steps = {nid: [(r, moves.step(r)) for r in nodes[nid].responses] for nid in order}
    fwd: dict[str, dict[int, int]] = {scenario.start: {moves.pack(scenario.client.state): 1}}
    reached: dict[str, list[int]] = {}
    ending_paths: dict[str, int] = {}
    for nid in order:
        counts = fwd.pop(nid, None)
        if counts is None:
            continue
        reached[nid] = list(counts)
        if not steps[nid]:
            ending_paths[nid] = sum(counts.values())
            continue
        for _, step in steps[nid]:
            for code, n in counts.items():
                a, t = step(code)
                into = fwd.get(t)
                if into is None:
                    fwd[t] = {a: n}
                else:
                    into[a] = into.get(a, 0) + n
    return Forward(keep, order, moves, steps, reached, ending_paths)


def analyse(scenario: Scenario, fw: Forward) -> Layered:
    """The backward DP over a forward pass, node by node: path counts, lengths, best and worst totals."""
    moves, steps, reached, ending_paths, order = fw.moves, fw.steps, fw.reached, fw.ending_paths, fw.order
    start = (scenario.start, moves.pack(scenario.client.state))
    cells: dict[str, dict[int, Cell]] = {}
    points = {id(r): response_points(r) for nid in order for r, _ in steps[nid]}
    for nid in reversed(order):
        states = reached.get(nid)
        if states is None:
            continue
        table: dict[int, Cell] = {}
        options = steps[nid]
        if not options:
            for code in states:
                table[code] = (1, 0, 0, 0, -1, 0, -1)
            cells[nid] = table
            continue
        # the forward pass filled every memo these states need: read them directly (no call per step)
        opts = [_fast(moves, resp, points[id(resp)], cells) for resp, _ in options]
        for code in states:
            w = 0
            mn, mx = 1 << 60, -1
            b_val, b_i, w_val, w_i = -(1 << 60), -1, 1 << 60, -1
            for i, (p, after, fixed, targets) in enumerate(opts):
                a = 0 if after is None else after[code]
                c = (fixed if fixed is not None else cells[targets[a]])[a]
                w += c[0]
                if c[1] < mn:
                    mn = c[1]
                if c[2] > mx:
                    mx = c[2]
                if p + c[3] > b_val:
                    b_val, b_i = p + c[3], i
                if p + c[5] < w_val:
                    w_val, w_i = p + c[5], i
            table[code] = (w, mn + 1, mx + 1, b_val, b_i, w_val, w_i)
        cells[nid] = table
    pairs = sum(len(v) for v in reached.values())
    return Layered(start, cells, ending_paths, pairs, steps)


FastStep = tuple[int, dict[int, int] | None, dict[int, Cell] | None, dict[int, str]]


def _fast(moves: _Moves, resp: Response, points: int, cells: dict[str, dict[int, Cell]]) -> FastStep:
    """A response for the backward pass: its points, the state-after memo (None: nothing is tracked), the
    cells of its fixed target (None when conditional) and the target memo (empty when fixed)."""
    if not moves.keep:
        assert isinstance(resp.next, str)
        return points, None, cells[resp.next], {}
    after = moves.after_memo(resp)
    if isinstance(resp.next, str):
        return points, after, cells[resp.next], {}
    return points, after, None, moves._target[id(resp)]


def follow(graph: Layered, best: bool) -> tuple[int, list[tuple[str, Response]], str]:
    """The best (or worst) route from the start: its total, its (node, response) steps and its ending."""
    nid, code = graph.start
    total = graph.cells[nid][code][3 if best else 5]
    route: list[tuple[str, Response]] = []
    while True:
        i = graph.cells[nid][code][4 if best else 6]
        if i < 0:
            return total, route, nid
        resp, step = graph.steps[nid][i]
        route.append((nid, resp))
        code, nid = step(code)
