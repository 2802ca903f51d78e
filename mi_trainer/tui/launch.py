"""Launching the app from the command line: the checks that fail before it opens, and whether there is a
terminal to draw in."""

from __future__ import annotations

import os
from pathlib import Path

NO_TERMINAL = (
    "mi-trainer: the app needs a terminal to draw in (run it in a terminal window, "
    "or use 'mi-trainer run SCENARIO' for a line-by-line session)"
)


def has_terminal() -> bool:
    """True when stdin and stdout are a terminal, or a Textual driver (textual-serve's web driver) is set."""
    import sys

    if os.environ.get("TEXTUAL_DRIVER"):
        return True
    return sys.stdin.isatty() and sys.stdout.isatty()


def run_app(
    store_path: Path | str | None = None,
    scenario: str | None = None,
    *,
    packs: list[str] | None = None,
    assignment: str | None = None,
    mode: str | None = None,
    trainee: str | None = None,
) -> int:
    """Run the app (`mi-trainer`, `mi-trainer play [SCENARIO]`). An unknown scenario, a missing pack or a
    bad assignment fails here, in one line per problem, before the app opens."""
    from mi_trainer.classroom.assignments import load_assignment
    from mi_trainer.classroom.rules import check_scenario, terms_for
    from mi_trainer.loading.library import find_scenario, load_library
    from mi_trainer.loading.packs import resolve_packs

    resolve_packs(packs)  # a pack folder that does not exist is one clear line
    task = None
    if assignment:
        known = [e.scenario_id for e in load_library(packs=packs) if e.compiled is not None]
        task = load_assignment(assignment, known)
        terms_for(task, mode)  # a --mode other than the assignment's is refused
        if trainee:
            trainee = task.trainee_for(trainee)
    compiled = None
    if scenario:
        compiled = find_scenario(scenario, packs=packs).compiled
        if task is not None and compiled is not None:
            check_scenario(task, compiled.scenario.id)
    if not has_terminal():
        import sys

        print(NO_TERMINAL, file=sys.stderr)
        return 2
    from mi_trainer.tui.app import MiTrainerApp

    app = MiTrainerApp(
        store_path=store_path, scenario=compiled, packs=packs, assignment=task, mode=mode, trainee=trainee
    )
    app.run()
    return app.return_code or 0
