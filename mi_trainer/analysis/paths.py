"""Path analysis by dynamic programming over (node, relevant client state): never path enumeration.

Conditions make a response's target depend on the client's state, so the analysis walks the product
of nodes and the values of the state variables that conditions actually read. With no conditions
this is the dialogue graph itself; with conditions it is at most 11^k times larger (k ≤ 3 variables).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mi_trainer.analysis import layered, loops
from mi_trainer.loading.loader import pause_gc
from mi_trainer.model.scenario import Branch, ClientState, Node, Response, Scenario, Target, resolve
from mi_trainer.model.vocab import StateVar
from mi_trainer.scoring.points import best_response, response_points

#: Walks in a scenario with loops are only followed this many turns deep (when simple routes are too many).
HORIZON = 100
LOOP_RULE_SIMPLE = "each client turn at most once per route"
LOOP_RULE_HORIZON = f"walks of at most {HORIZON} turns"
NEG = float("-inf")

StateKey = tuple[str, int]  # node id, packed state (see _pack)


def condition_vars(scenario: Scenario) -> frozenset[StateVar]:
    """The state variables any conditional ``next`` reads."""
    out: set[StateVar] = set()
    for node in scenario.nodes.values():
        for resp in node.responses:
            stack: list[Target] = [resp.next]
            while stack:
                t = stack.pop()
                if isinstance(t, Branch):
                    out.update(c.var for c in t.when)
                    stack.extend((t.then, t.otherwise))
    return frozenset(out)


def _pack(state: ClientState, keep: frozenset[StateVar]) -> int:
    """The values conditions can read, packed in one int (0..1330), so DP keys hash cheaply.
    Variables no condition reads are forgotten, so equal futures share one DP entry."""
    return (
        (state.discord * 121 if StateVar.DISCORD in keep else 0)
        + (state.importance * 11 if StateVar.IMPORTANCE in keep else 0)
        + (state.confidence if StateVar.CONFIDENCE in keep else 0)
    )


def _unpack(code: int) -> ClientState:
    return ClientState(code // 121, (code // 11) % 11, code % 11)


@dataclass(slots=True)
class Expanded:
    """The reachable (node, state) product graph: successors per response, in topological order."""

    start: StateKey
    succ: dict[StateKey, list[tuple[Response, StateKey]]] = field(default_factory=dict)
    order: list[StateKey] = field(default_factory=list)  # reverse topological (endings first) if acyclic
    cyclic: bool = False


def expand(scenario: Scenario) -> Expanded:
    keep = condition_vars(scenario)
    start = (scenario.start, _pack(scenario.client.state, keep))
    ex = Expanded(start)
    nodes = scenario.nodes
    simple = not keep
    # iterative DFS with colours: post-order gives reverse topological order; a grey hit means a cycle
    colour: dict[StateKey, int] = {start: 1}
    stack: list[tuple[StateKey, int]] = [(start, 0)]
    ex.succ[start] = _successors(nodes[start[0]].responses, start[1], keep, simple)
    while stack:
        key, i = stack[-1]
        succ = ex.succ[key]
        if i < len(succ):
            stack[-1] = (key, i + 1)
            nxt = succ[i][1]
            c = colour.get(nxt, 0)
            if c == 0:
                colour[nxt] = 1
                ex.succ[nxt] = _successors(nodes[nxt[0]].responses, nxt[1], keep, simple)
                stack.append((nxt, 0))
            elif c == 1:
                ex.cyclic = True
        else:
            stack.pop()
            colour[key] = 2
            ex.order.append(key)
    return ex


class RouteValues:
    """The best total still achievable from any (node, state) a session can be in: used to tell the
    trainee which option keeps the conversation on its strongest route, not merely the best-scoring line."""

    def __init__(self, scenario: Scenario, graph: layered.Layered | None = None) -> None:
        """``graph``: the analysis of a loop-free scenario already made (``path_stats`` can share it)."""
        self.keep = condition_vars(scenario)
        self.cyclic = False
        self._cells: dict[str, dict[int, layered.Cell]] | None = None
        self._best: dict[StateKey, int] = {}
        if graph is None:
            topo = layered.topological_order(scenario)
            if topo is not None:
                with pause_gc():
                    graph = layered.analyse(scenario, layered.forward(scenario, self.keep, topo))
        if graph is not None:
            self._cells = graph.cells  # the best totals are the cells' fourth field: no copy
            return
        expanded = expand(scenario)
        self.cyclic = expanded.cyclic
        if not expanded.cyclic:
            for key in expanded.order:
                options = expanded.succ[key]
                self._best[key] = max((response_points(r) + self._best[n] for r, n in options), default=0)

    @property
    def best(self) -> dict[StateKey, int]:
        """The best total from every reachable (node, packed state)."""
        if self._cells is None:
            return self._best
        return {(nid, code): cell[3] for nid, table in self._cells.items() for code, cell in table.items()}

    def _value(self, key: StateKey) -> int | None:
        if self._cells is None:
            return self._best.get(key)
        cell = self._cells.get(key[0], {}).get(key[1])
        return None if cell is None else cell[3]

    def strongest(self, node: Node, state: ClientState) -> Response:
        """The response that keeps the strongest route open from ``node`` in ``state`` (the best total after it;
        on a tie the better line, then the first listed); the best-scoring line where loops leave routes
        unbounded."""
        values = [self.after(node.id, state, r) for r in node.responses]
        if None in values:
            return best_response(node.responses)
        ranked = [(value, response_points(r), -r.index, r) for value, r in zip(values, node.responses, strict=True)]
        return max(ranked, key=lambda t: t[:3])[3]

    def after(self, node_id: str, state: ClientState, response: Response) -> int | None:
        """Points for ``response`` plus the best achievable afterwards (None when loops make it unbounded)."""
        if self.cyclic:
            return None
        after = state.apply(response.effect)
        value = self._value((resolve(response.next, after), _pack(after, self.keep)))
        return None if value is None else response_points(response) + value


def _successors(
    responses: tuple[Response, ...], code: int, keep: frozenset[StateVar], simple: bool
) -> list[tuple[Response, StateKey]]:
    if simple:
        return [(r, (r.next, 0)) for r in responses if isinstance(r.next, str)]
    state = _unpack(code)
    out = []
    for r in responses:
        after = state.apply(r.effect)
        out.append((r, (resolve(r.next, after), _pack(after, keep))))
    return out


@dataclass(frozen=True, slots=True)
class Extreme:
    """The best or worst achievable route: its points and the responses chosen along it."""

    points: int
    steps: tuple[tuple[str, Response], ...]  # (node id, chosen response)
    ending: str


@dataclass(frozen=True, slots=True)
class PathStats:
    paths: int | None  # None: loops make the number unbounded
    shortest: int
    longest: int | None
    ending_paths: dict[str, int]  # ending id → number of routes to it (empty when unbounded)
    reachable_endings: frozenset[str]
    best: Extreme
    worst: Extreme
    expanded_states: int
    cyclic: bool
    loop_rule: str = ""  # with loops: how best and worst were taken (LOOP_RULE_SIMPLE or LOOP_RULE_HORIZON)


def points_table(scenario: Scenario) -> dict[int, int]:
    """Points per response, keyed by object id (hashing a frozen Response would hash all its fields)."""
    return {id(r): response_points(r) for n in scenario.nodes.values() for r in n.responses}


def forward_pass(scenario: Scenario) -> layered.Forward | None:
    """The node-by-node forward pass when the dialogue graph has no loop (else None), to share between
    ``path_stats`` and the condition report."""
    topo = layered.topological_order(scenario)
    if topo is None:
        return None
    with pause_gc():
        return layered.forward(scenario, condition_vars(scenario), topo)


def path_stats(
    scenario: Scenario, fw: layered.Forward | None = None, graph: layered.Layered | None = None
) -> PathStats:
    """Path counts, lengths, endings and the best and worst routes (``fw``, ``graph``: a forward pass and
    its analysis to reuse, from ``forward_pass`` and ``layered.analyse``)."""
    with pause_gc():
        return _path_stats(scenario, fw, graph)


def _path_stats(scenario: Scenario, fw: layered.Forward | None, graph: layered.Layered | None) -> PathStats:
    if fw is None and graph is None:
        fw = forward_pass(scenario)
    if graph is None and fw is not None:
        graph = layered.analyse(scenario, fw)
    if graph is not None:
        return _layered_stats(graph)
    return expanded_stats(scenario)


def expanded_stats(scenario: Scenario) -> PathStats:
    """The general walk over the whole (node, state) graph: any scenario, loops included."""
    ex = expand(scenario)
    pts = points_table(scenario)
    if ex.cyclic:
        return _cyclic_stats(scenario, ex)
    succ, order = ex.succ, ex.order
    ways: dict[StateKey, int] = {}
    lo: dict[StateKey, int] = {}
    hi: dict[StateKey, int] = {}
    best: dict[StateKey, tuple[int, int]] = {}  # points, index into succ
    worst: dict[StateKey, tuple[int, int]] = {}
    for key in order:  # successors are always finished before their predecessors
        options = succ[key]
        if not options:
            ways[key], lo[key], hi[key] = 1, 0, 0
            best[key] = worst[key] = (0, -1)
            continue
        w = 0
        mn, mx = 1 << 60, -1
        b_val, b_i, w_val, w_i = -(1 << 60), -1, 1 << 60, -1
        for i, (resp, nxt) in enumerate(options):
            w += ways[nxt]
            mn = min(mn, lo[nxt])
            mx = max(mx, hi[nxt])
            p = pts[id(resp)]
            if p + best[nxt][0] > b_val:
                b_val, b_i = p + best[nxt][0], i
            if p + worst[nxt][0] < w_val:
                w_val, w_i = p + worst[nxt][0], i
        ways[key], lo[key], hi[key] = w, mn + 1, mx + 1
        best[key], worst[key] = (b_val, b_i), (w_val, w_i)
    # forward counts give the number of routes to each ending
    fwd: dict[StateKey, int] = {ex.start: 1}
    ending_paths: dict[str, int] = {}
    for key in reversed(order):
        n = fwd.get(key, 0)
        if not succ[key]:
            ending_paths[key[0]] = ending_paths.get(key[0], 0) + n
        for _, nxt in succ[key]:
            fwd[nxt] = fwd.get(nxt, 0) + n
    return PathStats(
        paths=ways[ex.start],
        shortest=lo[ex.start],
        longest=hi[ex.start],
        ending_paths=ending_paths,
        reachable_endings=frozenset(ending_paths),
        best=_follow(ex, best),
        worst=_follow(ex, worst),
        expanded_states=len(order),
        cyclic=False,
    )


def _layered_stats(graph: layered.Layered) -> PathStats:
    """The same figures as the general walk, for a loop-free dialogue graph (see ``analysis.layered``)."""
    nid, code = graph.start
    ways, lo, hi = graph.cells[nid][code][:3]
    extremes = []
    for best in (True, False):
        total, route, ending = layered.follow(graph, best)
        extremes.append(Extreme(total, tuple(route), ending))
    return PathStats(
        paths=ways,
        shortest=lo,
        longest=hi,
        ending_paths=graph.ending_paths,
        reachable_endings=frozenset(graph.ending_paths),
        best=extremes[0],
        worst=extremes[1],
        expanded_states=graph.pairs,
        cyclic=False,
    )


def _follow(ex: Expanded, table: dict[StateKey, tuple[int, int]]) -> Extreme:
    key = ex.start
    steps = []
    for _ in range(HORIZON * 10):
        _, i = table[key]
        if i < 0:
            break
        resp, nxt = ex.succ[key][i]
        steps.append((key[0], resp))
        key = nxt
    return Extreme(table[ex.start][0], tuple(steps), key[0])


def _cyclic_stats(scenario: Scenario, ex: Expanded) -> PathStats:
    """With loops: best/worst over simple routes (each client turn at most once, see ``analysis.loops``);
    over walks of at most HORIZON turns when that search is too big."""
    simple = loops.simple_extremes(ex.start, ex.succ.__getitem__, lambda k: k[0], response_points, loops.BUDGET)
    keys = list(ex.succ)
    ends = {k for k in keys if not ex.succ[k]}
    best_layers: list[dict[StateKey, tuple[float, int]]] = [{k: ((0, -1) if k in ends else (NEG, -1)) for k in keys}]
    worst_layers: list[dict[StateKey, tuple[float, int]]] = [{k: ((0, -1) if k in ends else (-NEG, -1)) for k in keys}]
    shortest: dict[StateKey, int] = {k: 0 for k in ends}
    for depth in range(1, HORIZON + 1):
        pb, pw = best_layers[-1], worst_layers[-1]
        nb: dict[StateKey, tuple[float, int]] = {}
        nw: dict[StateKey, tuple[float, int]] = {}
        for k in keys:
            if k in ends:
                nb[k] = nw[k] = (0, -1)
                continue
            bv: tuple[float, int] = (NEG, -1)
            wv: tuple[float, int] = (-NEG, -1)
            for i, (resp, nxt) in enumerate(ex.succ[k]):
                p = response_points(resp)
                if pb[nxt][0] + p > bv[0]:
                    bv = (pb[nxt][0] + p, i)
                if pw[nxt][0] + p < wv[0]:
                    wv = (pw[nxt][0] + p, i)
                if nxt in shortest and k not in shortest:
                    shortest[k] = depth
            nb[k], nw[k] = bv, wv
        best_layers.append(nb)
        worst_layers.append(nw)

    def follow(layers: list[dict[StateKey, tuple[float, int]]]) -> Extreme:
        key, steps, depth = ex.start, [], HORIZON
        total = layers[depth][key][0]
        while depth > 0 and layers[depth][key][1] >= 0:
            resp, nxt = ex.succ[key][layers[depth][key][1]]
            steps.append((key[0], resp))
            key, depth = nxt, depth - 1
        return Extreme(int(total) if total not in (NEG, -NEG) else 0, tuple(steps), key[0])

    if simple is not None:
        best, worst = (Extreme(*route) for route in simple)
        rule = LOOP_RULE_SIMPLE
    else:
        best, worst = follow(best_layers), follow(worst_layers)
        rule = LOOP_RULE_HORIZON
    return PathStats(
        paths=None,
        shortest=shortest.get(ex.start, 0),
        longest=None,
        ending_paths={},
        reachable_endings=frozenset(k[0] for k in ends),
        best=best,
        worst=worst,
        expanded_states=len(keys),
        cyclic=True,
        loop_rule=rule,
    )
