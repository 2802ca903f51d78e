"""Text bars: the length and a number carry the meaning, colour only adds to it."""

from __future__ import annotations

from textual.content import Content

from mi_trainer.tui.text import join

FULL, EMPTY = "█", "░"


def bar(value: float, maximum: float, width: int = 10) -> str:
    """A bar `width` cells wide, filled in proportion to value/maximum (clamped)."""
    if maximum <= 0:
        return EMPTY * width
    filled = round(width * max(0.0, min(1.0, value / maximum)))
    return FULL * filled + EMPTY * (width - filled)


def signed_bar(value: int, limit: int, width: int = 8) -> Content:
    """A bar either side of a centre line: minus grows left, plus grows right, with the number after."""
    limit = max(limit, abs(value), 1)
    cells = round(width * abs(value) / limit)
    left = " " * (width - cells) + ("▓" * cells if value < 0 else "")
    if value >= 0:
        left = " " * width
    right = ("█" * cells if value > 0 else "").ljust(width)
    return join((left, "$error"), "│", (right, "$success"), f" {value:+3d}")
