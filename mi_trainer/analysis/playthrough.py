"""Seeded random playthroughs: the distribution of endings a trainee picking at random would reach."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass

from mi_trainer.model.scenario import Scenario, resolve
from mi_trainer.scoring.points import response_points

MAX_TURNS = 500


@dataclass(frozen=True, slots=True)
class Playthroughs:
    runs: int
    seed: int
    endings: dict[str, int]
    mean_points: float
    unfinished: int  # walks that hit MAX_TURNS inside a loop


def random_playthroughs(scenario: Scenario, runs: int, seed: int) -> Playthroughs:
    rng = random.Random(seed)
    endings: Counter[str] = Counter()
    total = 0
    unfinished = 0
    for _ in range(runs):
        node_id, state, points = scenario.start, scenario.client.state, 0
        for _turn in range(MAX_TURNS):
            node = scenario.nodes[node_id]
            if node.is_ending:
                endings[node_id] += 1
                break
            resp = rng.choice(node.responses)
            points += response_points(resp)
            state = state.apply(resp.effect)
            node_id = resolve(resp.next, state)
        else:
            unfinished += 1
        total += points
    return Playthroughs(runs, seed, dict(endings.most_common()), total / runs if runs else 0.0, unfinished)
