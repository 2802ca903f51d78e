"""Helpers for the browser tests and the serve bench: a real `mi-trainer serve`, Debian's chromium, screen text."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")  # never fetch a browser: use the system's

CHROMIUM = os.environ.get("MI_TRAINER_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]
_ESCAPES = re.compile(
    r"\x1b\[[0-9;?<=>]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78MDE]"
)


def browser_missing() -> str:
    """Why the browser tests cannot run here ('' when they can)."""
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        return f"no chromium at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "Python playwright is not installed (pip install '.[test]')"
    return ""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Served:
    """A running `mi-trainer serve` subprocess."""

    process: subprocess.Popen[str]
    port: int
    store: Path
    lines: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def stop(self, timeout: float = 30.0) -> int:
        """Ctrl+C, as an instructor would press it; returns the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise

    def output(self) -> str:
        out, err = self.process.communicate(timeout=5) if self.process.poll() is not None else ("", "")
        return (out or "") + (err or "")


@contextmanager
def served(store: Path, *args: str, env: dict[str, str] | None = None, port: int | None = None) -> Iterator[Served]:
    """Start `python -m mi_trainer serve --store STORE ARGS…` on a free loopback port; Ctrl+C it at the end."""
    port = port or free_port()
    full_env = {**os.environ, **(env or {})}
    full_env.pop("MI_TRAINER_TRAINEE", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "mi_trainer", "serve", "--port", str(port), "--store", str(store), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=full_env,
    )
    server = Served(process, port, store)
    try:
        wait_listening(process, port)
        yield server
    finally:
        if process.poll() is None:
            server.stop()


def wait_listening(process: subprocess.Popen[str], port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"serve exited with {process.returncode}: {process.communicate()[1]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"serve did not listen on {port}")


class ScreenText:
    """Everything a tab's app has drawn so far, read from the websocket frames, escape sequences removed."""

    def __init__(self) -> None:
        self.raw = bytearray()
        self.frames: list[tuple[float, bytes]] = []
        self.sockets: list[str] = []

    def attach(self, page: Any) -> ScreenText:
        page.on("websocket", self._on_socket)
        return self

    def _on_socket(self, ws: Any) -> None:
        self.sockets.append(ws.url)
        ws.on("framereceived", self._on_frame)

    def _on_frame(self, payload: Any) -> None:
        data = payload if isinstance(payload, bytes | bytearray) else b""
        if data:
            self.frames.append((time.monotonic(), bytes(data)))
            self.raw += data

    @property
    def text(self) -> str:
        return plain(bytes(self.raw))

    def mark(self) -> int:
        return len(self.raw)

    def since(self, mark: int) -> str:
        return plain(bytes(self.raw[mark:]))


def plain(data: bytes) -> str:
    return _ESCAPES.sub("", data.decode("utf-8", "replace"))


def chromium_available_or_skip() -> None:
    """Skip with the reason where there is no browser; under CI=true a missing browser is a failure."""
    import pytest

    reason = browser_missing()
    if not reason:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true and the browser tests cannot run: {reason}")
    pytest.skip(reason)
