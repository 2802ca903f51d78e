"""How long and how forgiving a scenario is: room to make a mistake and repair it (docs/writing-scenarios.md §2).

Three measures, each checked by the library's tests on every shipped scenario:
- the strongest route has at least BEST_TURNS client turns;
- no route reaches an ending before the EARLIEST_ENDING-th client turn;
- after two early mistakes (the lowest-scoring option at turns 1 and 2, the first listed on a tie) the
  strongest way on still gives at least AFTER_MISTAKES client turns in all, and on it some response lowers
  the client's discord (a chance to repair).
"""

from __future__ import annotations

from dataclasses import dataclass

from mi_trainer.analysis.paths import PathStats, RouteValues
from mi_trainer.model.scenario import Scenario, resolve
from mi_trainer.model.vocab import StateVar
from mi_trainer.scoring.points import response_points

BEST_TURNS = 10
EARLIEST_ENDING = 4
AFTER_MISTAKES = 8
_MAX_TURNS = 200


@dataclass(frozen=True, slots=True)
class Forgiveness:
    best_turns: int
    shortest: int  # the fewest client turns any route has before its ending
    after_mistakes: int  # client turns in all after two early mistakes and the strongest way on
    repair: bool  # on that way, some response lowers discord

    def problems(self) -> list[str]:
        out = []
        if self.best_turns < BEST_TURNS:
            out.append(f"the strongest route has {self.best_turns} client turns (aim for {BEST_TURNS} or more)")
        if self.shortest < EARLIEST_ENDING:
            out.append(f"a route ends after {self.shortest} client turns (no ending before turn {EARLIEST_ENDING})")
        if self.after_mistakes < AFTER_MISTAKES:
            out.append(
                f"after two early mistakes the talk ends after {self.after_mistakes} client turns "
                f"(aim for {AFTER_MISTAKES} or more)"
            )
        if not self.repair:
            out.append("after two early mistakes no response on the strongest way on lowers discord (no repair)")
        return out


def forgiveness(scenario: Scenario, stats: PathStats, routes: RouteValues | None = None) -> Forgiveness:
    """``routes``: the look-ahead values, when already computed (``analyze`` shares one analysis)."""
    routes = routes if routes is not None else RouteValues(scenario)
    node, state, turns, repaired = scenario.nodes[scenario.start], scenario.client.state, 0, False
    while not node.is_ending and turns < _MAX_TURNS:
        if turns < 2:
            pick = min(node.responses, key=lambda r: (response_points(r), r.index))
        else:
            pick = max(node.responses, key=lambda r: (_value(routes.after(node.id, state, r)), -r.index))
            repaired = repaired or dict(pick.effect).get(StateVar.DISCORD, 0) < 0
        state = state.apply(pick.effect)
        node = scenario.nodes[resolve(pick.next, state)]
        turns += 1
    return Forgiveness(len(stats.best.steps), stats.shortest, turns, repaired)


def _value(v: int | None) -> int:
    return -(10**9) if v is None else v
