"""Inline SVG charts for the class report: a box-and-dots strip per figure, and horizontal share bars."""

from __future__ import annotations

import statistics
from collections.abc import Sequence

from mi_trainer.classroom.escaping import esc

WIDTH = 760
LABEL_W = 170
ROW_H = 40


def _x(value: float, lo: float, hi: float) -> float:
    span = hi - lo or 1.0
    return LABEL_W + (min(max(value, lo), hi) - lo) / span * (WIDTH - LABEL_W - 20)


def _quartiles(values: Sequence[float]) -> tuple[float, float, float]:
    if len(values) < 2:
        v = values[0]
        return v, v, v
    q1, q2, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, q2, q3


def strip_rows(rows: Sequence[tuple[str, Sequence[float], float, float, str]], title: str) -> str:
    """One SVG with a row per figure: (label, values, low end, high end, unit). Each row shows the scale,
    a box from the lower to the upper quartile with the median as a bar, and every student as a dot."""
    height = ROW_H * len(rows) + 12
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}"'
        f' xmlns="http://www.w3.org/2000/svg"><title>{esc(title)}</title>'
    ]
    for i, (label, values, lo, hi, unit) in enumerate(rows):
        y = 10 + i * ROW_H
        mid = y + 11
        parts.append(f'<text x="0" y="{mid + 4}" class="lbl">{esc(label)}</text>')
        parts.append(f'<line x1="{_x(lo, lo, hi):.1f}" x2="{_x(hi, lo, hi):.1f}" y1="{mid}" y2="{mid}" class="axis"/>')
        for tick in (lo, (lo + hi) / 2, hi):
            tx = _x(tick, lo, hi)
            parts.append(
                f'<text x="{tx:.1f}" y="{y + 31}" class="tick" text-anchor="middle">{tick:g}{esc(unit)}</text>'
            )
        if not values:
            parts.append(f'<text x="{_x((lo + hi) / 2, lo, hi):.1f}" y="{mid - 4}" class="tick">no data</text>')
            continue
        q1, q2, q3 = _quartiles(values)
        x1, x3 = _x(q1, lo, hi), _x(q3, lo, hi)
        parts.append(f'<rect x="{x1:.1f}" y="{y + 3}" width="{max(x3 - x1, 1):.1f}" height="16" class="box"/>')
        parts.append(
            f'<line x1="{_x(q2, lo, hi):.1f}" x2="{_x(q2, lo, hi):.1f}" y1="{y + 1}" y2="{y + 21}" class="med"/>'
        )
        for j, v in enumerate(sorted(values)):
            jitter = (j % 3 - 1) * 4
            cx = _x(v, lo, hi)
            parts.append(
                f'<circle cx="{cx:.1f}" cy="{mid + jitter}" r="3.5" class="dot">'
                f"<title>{v:g}{esc(unit)}</title></circle>"
            )
    parts.append("</svg>")
    return "".join(parts)


def share_bars(rows: Sequence[tuple[str, float, str]], title: str) -> str:
    """Horizontal bars: (label, share 0..1, text shown after the bar)."""
    height = 24 * len(rows) + 8
    width = WIDTH + 60
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}"'
        f' xmlns="http://www.w3.org/2000/svg"><title>{esc(title)}</title>'
    ]
    full = WIDTH - LABEL_W - 40
    for i, (label, share, note) in enumerate(rows):
        y = 4 + i * 24
        w = max(0.0, min(1.0, share)) * full
        parts.append(f'<text x="0" y="{y + 14}" class="lbl">{esc(label)}</text>')
        parts.append(f'<rect x="{LABEL_W}" y="{y + 2}" width="{full}" height="16" class="track"/>')
        parts.append(f'<rect x="{LABEL_W}" y="{y + 2}" width="{w:.1f}" height="16" class="bar"/>')
        parts.append(f'<text x="{LABEL_W + full + 8}" y="{y + 14}" class="tick">{esc(note)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def inline_bar(share: float, strongest: bool) -> str:
    """A small bar for a table cell (share 0..1); the strongest option's bar is drawn in the 'good' colour."""
    w = max(0.0, min(1.0, share)) * 120
    cls = "bar good" if strongest else "bar"
    return (
        '<svg class="mini" viewBox="0 0 120 12" width="120" height="12" xmlns="http://www.w3.org/2000/svg"'
        ' aria-hidden="true"><rect x="0" y="0" width="120" height="12" class="track"/>'
        f'<rect x="0" y="0" width="{w:.1f}" height="12" class="{cls}"/></svg>'
    )
