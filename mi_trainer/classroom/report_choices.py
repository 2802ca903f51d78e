"""Choice statistics per client turn: which responses a class picked at each node, and the strongest one.

Texts come from the scenario file (found by id, or by the recorded path); a scenario that cannot be found
or has changed since degrades to the response texts recorded with each turn.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mi_trainer.classroom.classdata import Attempt
from mi_trainer.errors import MiTrainerError
from mi_trainer.loading.loader import Compiled
from mi_trainer.model.vocab import SKILL_PLAIN
from mi_trainer.scoring.points import best_response, response_points


@dataclass(frozen=True, slots=True)
class OptionStat:
    """One response at a client turn: how many of the class picked it."""

    say: str
    skill: str
    points: int | None
    count: int
    share: float
    strongest: bool
    own_words: int = 0  # of `count`, answers written in the trainee's own words and matched to this line


@dataclass(frozen=True, slots=True)
class NodeStat:
    """One client turn: what the client said, how often the class reached it, and what they answered."""

    node_id: str
    client_said: str
    visits: int
    options: tuple[OptionStat, ...]
    from_file: bool

    @property
    def strongest_share(self) -> float | None:
        """The share of visits that picked the strongest response (None when no option is marked)."""
        marked = [o for o in self.options if o.strongest]
        return sum(o.share for o in marked) if marked else None

    @property
    def most_picked(self) -> OptionStat | None:
        return max(self.options, key=lambda o: o.count) if self.options else None


class Catalog:
    """Scenario files by id, loaded once per report (None when a scenario cannot be found)."""

    def __init__(self) -> None:
        self._cache: dict[str, Compiled | None] = {}

    def get(self, scenario_id: str, sample: Attempt | None = None) -> Compiled | None:
        if scenario_id not in self._cache:
            self._cache[scenario_id] = self._load(scenario_id, sample)
        return self._cache[scenario_id]

    @staticmethod
    def _load(scenario_id: str, sample: Attempt | None) -> Compiled | None:
        from mi_trainer.loading.library import resolve_scenario
        from mi_trainer.loading.loader import load_scenario

        candidates: list[str] = []
        if sample is not None and sample.scenario_path and Path(sample.scenario_path).is_file():
            candidates.append(sample.scenario_path)
        candidates.append(scenario_id)
        for name in candidates:
            try:
                compiled = load_scenario(Path(name)) if name != scenario_id else resolve_scenario(name)
            except (MiTrainerError, OSError, ValueError):
                continue
            if compiled.ok and compiled.scenario.id == scenario_id:
                return compiled
        return None


def choice_stats(compiled: Compiled | None, attempts: Sequence[Attempt]) -> tuple[NodeStat, ...]:
    """Per client turn reached by these attempts (in scenario order): every option with its count and share.

    A pick counts against the file's option when the recorded text matches it; otherwise (the scenario
    changed, or it cannot be found) the recorded text is its own option. The strongest option is the one
    the trainer named best when the class played that turn — what each trainee's feedback said, looking
    ahead along the routes the scenario allows; where that depends on the client's state, the one it named
    most often. Without that record: the option with the most points there, the first listed on a tie."""
    picks: Counter[tuple[str, str]] = Counter()
    own: Counter[tuple[str, str]] = Counter()
    named: dict[str, Counter[str]] = {}
    said: dict[str, str] = {}
    points: dict[tuple[str, str], int] = {}
    order: list[str] = []
    for attempt in attempts:
        for p in attempt.picks or ():
            picks[(p.node_id, p.say)] += 1
            own[(p.node_id, p.say)] += p.own_words
            points[(p.node_id, p.say)] = p.points
            if p.best_say:
                named.setdefault(p.node_id, Counter())[p.best_say] += 1
            if p.node_id not in said:
                said[p.node_id] = p.client_said
                order.append(p.node_id)
    nodes = compiled.scenario.nodes if compiled else {}
    rank = {node_id: i for i, node_id in enumerate(nodes)}
    seen = {node_id: i for i, node_id in enumerate(order)}
    order.sort(key=lambda n: (rank.get(n, len(rank)), seen[n]))
    out = []
    for node_id in order:
        visits = sum(n for (nid, _), n in picks.items() if nid == node_id)
        node = nodes.get(node_id)
        options: list[OptionStat] = []
        known: set[str] = set()
        strongest = named[node_id].most_common(1)[0][0] if node_id in named else None
        if node is not None and node.responses:
            if strongest is None or strongest not in {r.say for r in node.responses}:
                strongest = best_response(node.responses).say
            for r in node.responses:
                known.add(r.say)
                n = picks[(node_id, r.say)]
                options.append(
                    OptionStat(
                        r.say,
                        SKILL_PLAIN[r.skill],
                        response_points(r),
                        n,
                        n / visits,
                        r.say == strongest,
                        own[(node_id, r.say)],
                    )
                )
        recorded = [(say, n) for (nid, say), n in picks.items() if nid == node_id and say not in known]
        if strongest is None and recorded:
            strongest = max(recorded, key=lambda sn: points[(node_id, sn[0])])[0]
        for say, n in sorted(recorded, key=lambda sn: -sn[1]):
            options.append(
                OptionStat(say, "", points[(node_id, say)], n, n / visits, say == strongest, own[(node_id, say)])
            )
        if strongest is not None and not any(o.strongest for o in options):  # named best, never picked
            options.append(OptionStat(strongest, "", None, 0, 0.0, True))
        out.append(
            NodeStat(
                node_id=node_id,
                client_said=node.says if node is not None else said[node_id],
                visits=visits,
                options=tuple(options),
                from_file=node is not None,
            )
        )
    return tuple(out)


def trouble_spots(scenarios: Sequence[tuple[str, Sequence[NodeStat]]], limit: int = 5) -> list[tuple[str, NodeStat]]:
    """The client turns where most of the class missed the strongest response: the most misses first, then
    the smallest share that found it; turns everyone handled well are left out."""
    spots = [
        (title, n)
        for title, nodes in scenarios
        for n in nodes
        if n.strongest_share is not None and n.strongest_share < 1 - 1e-9
    ]
    spots.sort(
        key=lambda tn: (-round(tn[1].visits * (1 - (tn[1].strongest_share or 0.0))), tn[1].strongest_share or 0.0)
    )
    return spots[:limit]
