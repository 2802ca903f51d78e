"""The CLI's standard streams made safe: any output encoding (unencodable characters replaced) and no
control or invisible character from data ever reaching the terminal (docs/security.md)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from mi_trainer.model.textsafe import visible


class SafeStream:
    """A text stream that shows control, format and separator characters as escapes before writing.

    The last line of defence: every command also escapes for its medium (JSON, CSV, Markdown) first,
    so on well-behaved output this changes nothing."""

    def __init__(self, raw: TextIO) -> None:
        self._raw = raw

    def write(self, text: str) -> int:
        self._raw.write(visible(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._raw, name)


def _replacing(stream: Any) -> None:
    """Unencodable characters become '?' instead of a UnicodeEncodeError (PYTHONIOENCODING=ascii …)."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        with contextlib.suppress(ValueError, OSError):  # a closed or detached stream
            reconfigure(errors="replace")


@contextmanager
def safe_streams() -> Iterator[None]:
    """For the length of one command: streams that never raise on encoding and never pass an escape
    sequence; the previous streams are restored afterwards."""
    old_out, old_err = sys.stdout, sys.stderr
    for stream in (old_out, old_err, sys.stdin):  # stdin too: a typed character the encoding lacks is no crash
        if stream is not None:
            _replacing(stream)
    if old_out is not None:
        sys.stdout = SafeStream(old_out)
    if old_err is not None:
        sys.stderr = SafeStream(old_err)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = old_out, old_err


@contextmanager
def unguarded() -> Iterator[None]:
    """The raw streams, for the full-screen app only: it draws with escape sequences of its own (and
    renders every piece of data as literal text, mi_trainer/tui/text.py)."""
    out, err = sys.stdout, sys.stderr
    sys.stdout = out._raw if isinstance(out, SafeStream) else out
    sys.stderr = err._raw if isinstance(err, SafeStream) else err
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err
