"""Demonstration mode: the strongest route, each step with why it works; `run --demo`; nothing saved."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from helpers import engine_fixture

from mi_trainer.analysis.paths import path_stats
from mi_trainer.engine.demo import demonstration


def test_the_demonstration_follows_the_best_route_and_says_why() -> None:
    compiled = engine_fixture("kitchen")
    steps = demonstration(compiled)
    best = path_stats(compiled.scenario).best
    assert [s.response for s in steps] == [r.say for _, r in best.steps]
    assert all(s.why == r.feedback for s, (_, r) in zip(steps, best.steps, strict=True))
    assert steps[-1].ending and not any(s.ending for s in steps[:-1])
    assert steps[0].client_line == compiled.scenario.nodes[compiled.scenario.start].says


def test_the_demonstration_of_a_loop_stops() -> None:
    steps = demonstration(engine_fixture("loop"))
    assert 1 <= len(steps) <= 60


def test_run_demo_prints_the_steps_and_saves_nothing(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = tmp_path / "history.sqlite3"
    env = {**os.environ, "MI_TRAINER_STORE": str(store)}
    fixture = str(engine_fixture("kitchen").scenario.source or "")
    path = fixture or "tests/fixtures/engine/kitchen.yaml"
    out = subprocess.run(
        [sys.executable, "-m", "mi_trainer", "run", path, "--demo"], capture_output=True, text=True, env=env, timeout=60
    )
    assert out.returncode == 0, out.stderr
    steps = demonstration(engine_fixture("kitchen"))
    assert "Why it works" in out.stdout and "How it ends" in out.stdout
    assert " ".join(steps[0].response.split()[:3]) in out.stdout
    assert not store.exists()
    js = subprocess.run(
        [sys.executable, "-m", "mi_trainer", "run", path, "--demo", "--json"], capture_output=True, text=True, env=env
    )
    assert [s["response"] for s in json.loads(js.stdout)["steps"]] == [s.response for s in steps]
