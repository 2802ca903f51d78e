"""Safe display of scenario text: control and invisible characters shown as escapes, markup never interpreted."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
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


class Hanging:
    """`label` in a column of its own, the wrapped lines of `text` hanging under the text (a numbered choice, a
    starred title). A plain wrap, several times cheaper to lay out than a two-column rich Table; nothing is
    parsed as markup."""

    __slots__ = ("label", "text", "width")

    def __init__(self, label: str, text: object, width: int) -> None:
        self.label, self.text, self.width = label, Text(clean(text)), width

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(self.width + 2, options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        indent = self.width + 1  # the label's column and one space
        room = max(1, options.max_width - indent)
        first = Segment(self.label[: self.width].ljust(self.width), Style(bold=True))
        pad = Segment(" " * self.width)
        for n, row in enumerate(self.text.wrap(console, room, overflow="fold")):
            yield first if n == 0 else pad
            yield Segment(" ")
            yield from row.render(console)
            yield Segment(" " * (room - row.cell_len))  # the whole width, as a table row would be
            yield Segment.line()


def hanging(label: str, text: object, width: int) -> Hanging:
    """`label` in its own column so wrapped lines of `text` hang under the text; nothing is parsed as markup."""
    return Hanging(label, text, width)
