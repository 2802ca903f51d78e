"""Checks that need the routes through a scenario: MI064, a trap the look-ahead would call the strongest answer.

The app calls an option "the strongest" when it keeps the best total open from there (``RouteValues``). If a
response that loses points now leads to a repair path worth more than any direct route, that harmful move
becomes "the strongest answer": the feedback would criticise it while the verdict praises it, and the demo
would play it. ``validate`` reports such a response so the author can make the direct route worth more.
"""

from __future__ import annotations

from mi_trainer.analysis.layered import unpack
from mi_trainer.analysis.paths import RouteValues
from mi_trainer.loading.compiled import Compiled
from mi_trainer.model.diagnostics import Diagnostic, Severity
from mi_trainer.scoring.points import response_points

#: Scenarios with more client turns than this are not route-checked by ``validate`` (``analyze`` can still
#: walk them): the check builds the whole node × state analysis, seconds at thousands of turns.
MAX_ROUTE_CHECK_NODES = 400


def route_diagnostics(compiled: Compiled) -> list[Diagnostic]:
    """MI064 once per response that is the strongest option in some reachable state while it loses points and
    another option at that turn earns some. Loops (no bounded routes) and very large scenarios are skipped."""
    sc = compiled.scenario
    if not compiled.ok or len(sc.nodes) > MAX_ROUTE_CHECK_NODES:
        return []
    routes = RouteValues(sc)
    if routes.cyclic:
        return []
    found: dict[tuple[str, int], Diagnostic] = {}
    for node_id, code in sorted(routes.best):
        node = sc.nodes.get(node_id)
        if node is None or not node.responses:
            continue
        earns = max(response_points(r) for r in node.responses)
        if earns <= 0:
            continue
        strongest = routes.strongest(node, unpack(code))
        loses = response_points(strongest)
        if loses >= 0 or (node_id, strongest.index) in found:
            continue
        found[(node_id, strongest.index)] = Diagnostic(
            "MI064",
            Severity.WARNING,
            f"at '{node_id}', option {strongest.index + 1} ({loses:+d} points) is the strongest route although "
            f"another option earns {earns:+d}: the repair after it scores more than not causing the harm",
            str(sc.source),
            strongest.pos.line,
            strongest.pos.column,
            "make the direct route worth more than the repair (fewer or smaller rewards after the trap, or "
            "send the trap towards an earlier ending)",
        )
    return sorted(found.values(), key=lambda d: (d.line, d.column))


def all_diagnostics(compiled: Compiled) -> list[Diagnostic]:
    """Everything ``validate`` reports for a compiled file: the loader's diagnostics, then the route checks."""
    return [*compiled.diagnostics, *route_diagnostics(compiled)]
