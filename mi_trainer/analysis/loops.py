"""Best and worst routes when the dialogue has loops: each client turn counts at most once per route.

Going round a loop again and again would let a route collect points without end (or lose them), which
says nothing about a conversation. So with loops the extremes are taken over *simple* routes: routes that
visit each dialogue node at most once (the client's state still decides where conditional responses
lead). Finding them is a depth-first search over the reachable (node, state) graph; it is exact, and it
gives up after BUDGET steps, when the caller falls back to walks of a bounded number of turns.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

from mi_trainer.model.scenario import Response

BUDGET = 500_000
K = TypeVar("K", bound=Hashable)

Route = tuple[int, tuple[tuple[str, Response], ...], str]  # points, (node id, response) steps, ending id


def simple_extremes(
    start: K,
    succ: Callable[[K], Sequence[tuple[Response, K]]],
    node_of: Callable[[K], str],
    points: Callable[[Response], int],
    budget: int = BUDGET,
) -> tuple[Route, Route] | None:
    """The best and worst simple routes from ``start`` to an ending (ties: the first found, i.e. the lowest
    response index first). None when there is no simple route or the search needs more than ``budget`` steps."""
    best: Route | None = None
    worst: Route | None = None
    visited = {node_of(start)}
    route: list[tuple[str, Response]] = []
    totals = [0]
    # each frame: the key and the index of the next option to try
    stack: list[tuple[K, int]] = [(start, 0)]
    steps = 0
    while stack:
        key, i = stack[-1]
        options = succ(key)
        if not options:  # an ending: a complete route
            total = totals[-1]
            if best is None or total > best[0]:
                best = (total, tuple(route), node_of(key))
            if worst is None or total < worst[0]:
                worst = (total, tuple(route), node_of(key))
        if i >= len(options):
            stack.pop()
            visited.discard(node_of(key))
            totals.pop()
            if route:
                route.pop()
            continue
        stack[-1] = (key, i + 1)
        resp, nxt = options[i]
        node = node_of(nxt)
        if node in visited:
            continue
        steps += 1
        if steps > budget:
            return None
        visited.add(node)
        route.append((node_of(key), resp))
        totals.append(totals[-1] + points(resp))
        stack.append((nxt, 0))
    if best is None or worst is None:
        return None
    return best, worst
