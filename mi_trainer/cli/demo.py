"""`mi-trainer run --demo`: watch the strongest route of a scenario, one step at a time, in the terminal."""

from __future__ import annotations

import argparse
import shutil
import sys
import textwrap

from mi_trainer.engine.demo import demonstration


def _wrap(text: str, indent: str = "") -> str:
    width = max(40, min(100, shutil.get_terminal_size((80, 24)).columns) - 2)
    return textwrap.fill(" ".join(text.split()), width, initial_indent=indent, subsequent_indent=indent)


def run_demo(args: argparse.Namespace) -> int:
    """Print the demonstration; between steps wait for Enter when a person is at the keyboard."""
    from mi_trainer.loading.library import resolve_scenario

    compiled = resolve_scenario(args.scenario, packs=getattr(args, "pack", None))
    scenario = compiled.scenario
    name = scenario.client.name
    steps = demonstration(compiled)
    interactive = sys.stdin.isatty() and sys.stdout.isatty() and not args.json
    if args.json:
        from dataclasses import asdict

        from mi_trainer.model.textsafe import json_text

        print(json_text({"scenario": scenario.id, "steps": [asdict(s) for s in steps]}))
        return 0
    print(_wrap(f"Demonstration: {scenario.title}"))
    print(_wrap(scenario.setting))
    print(
        _wrap(
            f"Watch an experienced conversation with {name}: the strongest response at each turn, and why it works. "
            "Nothing is saved."
        )
    )
    for step in steps:
        print()
        print(_wrap(f"{name}: “{step.client_line}”"))
        print(_wrap(f"Practitioner: “{step.response}”", "  "))
        print(_wrap(f"What it is: {step.skill}. Principles: {step.principles}.", "    "))
        print(_wrap(f"Why it works: {step.why}", "    "))
        print(_wrap(f"What it did: {step.client_change}.", "    "))
        if step.ending:
            print()
            print(_wrap(f"{name}: “{step.reply}”"))
            print(_wrap(f"How it ends: {step.ending}"))
        elif interactive:
            try:
                input("  (Enter for the next turn, Ctrl+C to stop) ")
            except EOFError:
                interactive = False
    return 0
