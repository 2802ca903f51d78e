"""A small class played through the real engine into a real store, for the class report and gradebook tests.

Scenarios (points per response, docs/scoring.md):
  test-diamond  a: a1 +4, a2 −3 · b: b1 +1, b2 +2, b3 −6 · c: c1 +2, c2 −1   (best route 8, worst −3)
                a1 b2 c1 = 100%, a1 b1 = a1 b2 c2 = 72.7%, a1 b3 = 9.1%, a2 = 0%
  test-pair     q: q1 +3, q2 −1 · r: r1 +3, r2 0                             (best 6, worst −1)
                q1 r1 = 100%, q1 r2 = 57.1%, q2 r1 = 42.9%, q2 r2 = 0%

Who played what, in this order (option numbers in file order):
  Ana    diamond practice a2 (0) · diamond assessment a1 b1 (72.7) then a1 b2 c1 (100) · pair assessment q1 r1 (100)
  Ben    diamond assessment a1 b3 (9.1) · pair assessment q2 r2 (0), q1 r2 (57.1), q2 r1 (42.9)
  CLEO   (a hostile name) diamond assessment a1 b2 c2 (72.7) · pair practice q1 r1 (100)
  DAN    (a hostile name) diamond assessment a2 (0) · pair assessment q1 r1 (100) · pair practice q2 r2 (0)
  and one diamond assessment left unfinished by Ana (never counted).
"""

from __future__ import annotations

from pathlib import Path

from mi_trainer.engine.report import build_report
from mi_trainer.engine.session import Mode, Session
from mi_trainer.loading.loader import Compiled, load_scenario
from mi_trainer.store import Store, open_store, recording

FIXTURES = Path(__file__).parent / "fixtures"
CLEO = '<script>alert("cleo")</script>'
DAN = '"onload=alert(1) x="Dan'

PLAYS: tuple[tuple[str, str, str, tuple[int, ...]], ...] = (
    ("Ana", "diamond", "practice", (2,)),
    ("Ana", "diamond", "assessment", (1, 1)),
    ("Ana", "diamond", "assessment", (1, 2, 1)),
    ("Ana", "pair", "assessment", (1, 1)),
    ("Ben", "diamond", "assessment", (1, 3)),
    ("Ben", "pair", "assessment", (2, 2)),
    ("Ben", "pair", "assessment", (1, 2)),
    ("Ben", "pair", "assessment", (2, 1)),
    (CLEO, "diamond", "assessment", (1, 2, 2)),
    (CLEO, "pair", "practice", (1, 1)),
    (DAN, "diamond", "assessment", (2,)),
    (DAN, "pair", "assessment", (1, 1)),
    (DAN, "pair", "practice", (2, 2)),
)


def scenarios() -> dict[str, Compiled]:
    return {
        "diamond": load_scenario(FIXTURES / "engine" / "diamond.yaml"),
        "pair": load_scenario(FIXTURES / "classroom" / "pair.yaml"),
    }


def play(
    store: Store,
    compiled: Compiled,
    trainee: str,
    mode: str,
    choices: tuple[int, ...],
    finish: bool = True,
    assignment_id: str = "",
    attempt: int = 0,
) -> str:
    session = Session(compiled, seed=0, mode=Mode(mode), shuffle=False)
    session_id = recording.start(store, session, trainee, assignment_id=assignment_id, attempt=attempt)
    for option in choices:
        recording.record(store, session_id, session, session.choose(option))
    if finish:
        recording.finish(store, session_id, session, build_report(session, trainee=trainee))
    return session_id


def build_class(path: Path) -> Path:
    """Play PLAYS (and one unfinished session) into a new store at `path`."""
    compiled = scenarios()
    with open_store(path) as store:
        for trainee, name, mode, choices in PLAYS:
            play(store, compiled[name], trainee, mode, choices)
        play(store, compiled["diamond"], "Ana", "assessment", (1,), finish=False)
    return path
