"""Safe display of scenario text: control and invisible characters shown as escapes, markup never interpreted."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.content import Content

from mi_trainer.model.textsafe import MAX_TEXT, shorten, visible

#: The most characters any one piece of text is shown with (scenario text is limited far below this).
MAX_SHOWN = 4 * MAX_TEXT


def clean(text: object) -> str:
    """The text with tabs turned into spaces and every control, bidi, zero-width or other invisible
    character shown as an escape (``\\u202e``), the same rule as every other output (docs/security.md)."""
    raw = str(text)
    if len(raw) > MAX_SHOWN:  # e.g. a huge title in an old history file: never a slow screen
        raw = shorten(raw, MAX_SHOWN)
    return visible(raw.replace("\t", " ").replace("\r\n", "\n"))


def lit(text: object, style: str = "") -> Content:
    """Scenario text as literal Content: '[bold]' stays '[bold]'."""
    content = Content(clean(text))
    return content.stylize(style) if style else content


def join(*parts: str | Content | tuple[str, str]) -> Content:
    """Assemble literal pieces: plain strings, (text, style) pairs, or Content; nothing is parsed as markup."""
    safe: list[str | Content | tuple[str, str]] = []
    for part in parts:
        if isinstance(part, tuple):
            safe.append((clean(part[0]), part[1]))
        elif isinstance(part, str):
            safe.append(clean(part))
        else:
            safe.append(part)
    return Content.assemble(*safe)


def lines(*rows: Content | str) -> Content:
    """Several pieces on their own lines."""
    return Content("\n").join(r if isinstance(r, Content) else lit(r) for r in rows)


def hanging(label: str, text: object, width: int) -> Table:
    """`label` in its own column so wrapped lines of `text` hang under the text; nothing is parsed as markup."""
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(width=width, no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(Text(label, style="bold"), Text(clean(text)))
    return grid
