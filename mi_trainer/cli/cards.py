"""`mi-trainer cards SCENARIO`: role cards for pair role-plays, as Markdown or printable HTML."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser("cards", help="role cards for a pair role-play: a client card and a practitioner card")
    p.add_argument("scenario", metavar="SCENARIO", help="a scenario id or a path to a YAML file")
    p.add_argument("-o", "--output", metavar="FILE", help="write here (.html for a printable page; default: print)")
    p.add_argument("--format", choices=("md", "html"), help="default: from the file name, else Markdown")
    p.set_defaults(func=cmd_cards)


def cmd_cards(args: argparse.Namespace) -> int:
    from mi_trainer.classroom.cards import cards_html, cards_md
    from mi_trainer.loading.library import resolve_scenario

    scenario = resolve_scenario(args.scenario).scenario
    fmt = args.format or ("html" if args.output and Path(args.output).suffix.lower() in (".html", ".htm") else "md")
    text = cards_html(scenario) if fmt == "html" else cards_md(scenario)
    if not args.output:
        print(text, end="")
        return 0
    Path(args.output).write_text(text, encoding="utf-8")
    print(f"Wrote the role cards for '{scenario.id}' to {args.output}")
    return 0
