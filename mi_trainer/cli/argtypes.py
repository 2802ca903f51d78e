"""Argument types that refuse what no command needs: numbers far too large, or with too many digits."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from mi_trainer.model.textsafe import MAX_DIGITS, shorten

#: Seeds are stored in the history as 64-bit integers.
MAX_SEED = 2**63 - 1


def bounded_int(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to ``high``, refused in one line otherwise
    (checked by its digits before conversion, so a huge argument costs nothing)."""

    def convert(text: str) -> int:
        digits = text.strip().lstrip("+-")
        if not digits.isdigit() or not digits.isascii() or len(digits) > MAX_DIGITS:
            raise argparse.ArgumentTypeError(f"{shorten(text, 30)!r}: give a whole number from {low:,} to {high:,}")
        value = int(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value:,} is outside {low:,} to {high:,}")
        return value

    convert.__name__ = "whole number"
    return convert


def packs_of(args: argparse.Namespace) -> list[str]:
    """The --pack folders given on the command line (MI_TRAINER_PACKS is read where the library loads)."""
    return list(getattr(args, "pack", None) or [])
