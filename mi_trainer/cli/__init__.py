"""Command-line front end: argparse subcommands; only ``mi-trainer`` / ``play`` import the TUI."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from mi_trainer import __version__
from mi_trainer.errors import MiTrainerError
from mi_trainer.model.textsafe import one_line, shorten

DISCLAIMER = (
    "mi-trainer is a practice tool for learning Motivational Interviewing, not treatment. "
    "In a crisis, contact your local emergency services."
)


def build_parser() -> argparse.ArgumentParser:
    from mi_trainer.cli import authoring, cards, classroom, coder, drill, play, serve

    parser = argparse.ArgumentParser(
        prog="mi-trainer",
        description="Practise Motivational Interviewing with scripted virtual clients. " + DISCLAIMER,
    )
    parser.add_argument("--version", action="version", version=f"mi-trainer {__version__}")
    parser.add_argument(
        "--store",
        metavar="PATH|URL",
        help="history: a file path, sqlite:///FILE or postgresql://user@host/db "
        "(default: your user data folder; or set MI_TRAINER_STORE)",
    )
    parser.add_argument(
        "--pack",
        metavar="DIR",
        action="append",
        help="a folder of your own scenarios to add to the library (repeatable; or set MI_TRAINER_PACKS)",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="compile every scenario afresh instead of reading the library cache (or set MI_TRAINER_NO_CACHE=1)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    authoring.register(sub)
    play.register(sub)
    classroom.register(sub)
    cards.register(sub)
    coder.register(sub)
    serve.register(sub)
    drill.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from mi_trainer.cli.console import safe_streams

    args_list = list(sys.argv[1:] if argv is None else argv)
    with safe_streams():
        return _run(args_list)


def stopped_note(args: argparse.Namespace) -> str:
    """What Ctrl+C leaves behind, for the command that was stopped."""
    if getattr(args, "no_save", False):
        return "Nothing was saved (--no-save)."
    if args.command in ("run", "resume"):
        return "Your progress so far is saved; 'mi-trainer resume' continues it."
    if args.command == "drill":
        return "Your answers so far are saved; 'mi-trainer drill' starts a new round."
    return ""


def _run(args_list: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(args_list)
    if args.no_cache:  # read by loading/cache.py, also in the TUI and every child process
        os.environ["MI_TRAINER_NO_CACHE"] = "1"
    try:
        if args.command is None:
            from mi_trainer.cli.play import launch_tui

            return launch_tui(args, None)
        result: int = args.func(args)
        return result
    except MiTrainerError as exc:
        for line in [one_line(d) for d in getattr(exc, "diagnostics", ())] or [one_line(exc)]:
            print(f"mi-trainer: {line}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"\nmi-trainer: stopped. {stopped_note(args)}".rstrip(), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # e.g. an output file that cannot be written
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"mi-trainer: {one_line(where)}{one_line(exc.strerror or exc)}", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug: still one line for the user (MI_TRAINER_DEBUG=1 shows the traceback)
        if os.environ.get("MI_TRAINER_DEBUG"):
            raise
        print(
            f"mi-trainer: internal error ({type(exc).__name__}: {shorten(one_line(exc), 300)}) — "
            "nothing you did wrong; please report it (set MI_TRAINER_DEBUG=1 for details)",
            file=sys.stderr,
        )
        return 70
