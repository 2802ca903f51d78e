"""`mi-trainer serve`: the trainer in the browser for a class; imports the server (aiohttp) only when run."""

from __future__ import annotations

import argparse
import os
from typing import Any

DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 8000


def register(sub: Any) -> None:
    p = sub.add_parser(
        "serve",
        help="serve the trainer to browsers (each tab is its own session; results go to this machine's history)",
        description="Serve the trainer to browsers. Binds 127.0.0.1:8000 unless told otherwise; any other address "
        "needs an access code that students type before a session starts.",
    )
    p.add_argument("--host", default=DEFAULT_HOST, help=f"address to listen on (default {DEFAULT_HOST}; 0.0.0.0 = all)")
    p.add_argument("--port", type=_port, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    p.add_argument(
        "--access-code",
        default=None,
        help="the code students type before they can start (or set MI_TRAINER_ACCESS_CODE); required off loopback",
    )
    p.add_argument("--assignment", metavar="FILE", help="an assignment YAML: its scenarios, mode and class list")
    p.add_argument(
        "--pack", dest="serve_packs", action="append", metavar="DIR", help="a folder of your own scenarios (repeatable)"
    )
    p.add_argument("--store", dest="serve_store", metavar="PATH", help="history database for the class's results")
    p.set_defaults(func=cmd_serve)


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: give a port number such as 8000") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port}: a port is between 1 and 65535")
    return port


def cmd_serve(args: argparse.Namespace) -> int:
    from mi_trainer.serve.settings import settings_from

    settings = settings_from(
        host=args.host,
        port=args.port,
        access_code=args.access_code if args.access_code is not None else os.environ.get("MI_TRAINER_ACCESS_CODE"),
        store=args.serve_store or getattr(args, "store", None) or os.environ.get("MI_TRAINER_STORE"),
        packs=[*(getattr(args, "pack", None) or []), *(args.serve_packs or [])],
        assignment=args.assignment,
    )
    from mi_trainer.serve.server import run_server

    return run_server(settings)
