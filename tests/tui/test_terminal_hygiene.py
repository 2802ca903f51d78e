"""SIGTERM/SIGHUP restore the terminal and keep the turns; no terminal, one line (issue 12, item 11)."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mi_trainer.store import open_store


def read_until(fd: int, want: bytes, seconds: float) -> bytes:
    out = b""
    end = time.monotonic() + seconds
    while time.monotonic() < end and want not in out:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
    return out


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_restores_the_terminal_and_keeps_every_saved_turn(tmp_path: Path, sig: int) -> None:
    store = tmp_path / "history.sqlite3"
    env = os.environ | {"MI_TRAINER_STORE": str(store), "MI_TRAINER_SETTINGS": str(tmp_path / "s.json")}
    env.pop("TEXTUAL_DRIVER", None)
    env |= {"TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
    pid, fd = pty.fork()
    if pid == 0:  # the child: the app in a real pseudo-terminal
        os.execvpe(sys.executable, [sys.executable, "-m", "mi_trainer", "play", "family-sunday-kitchen"], env)
    try:
        assert b"Briefing" in read_until(fd, b"Briefing", 30)
        os.write(fd, b"s")
        read_until(fd, b"Talking with", 15)
        os.write(fd, b"1")
        read_until(fd, b"points", 15)
        time.sleep(0.5)
        os.kill(pid, sig)
        tail = read_until(fd, b"\x1b[?1049l", 15)
        tail += read_until(fd, b"\x1b[?25h", 5)
        _, status = os.waitpid(pid, 0)
    finally:
        os.close(fd)
    assert b"\x1b[?1049l" in tail  # left the alternate screen
    assert b"\x1b[?25h" in tail  # the cursor is shown again
    assert b"\x1b[?1000l" in tail  # mouse tracking is off
    assert os.WIFEXITED(status)  # ended the normal way, not killed
    with open_store(store) as s:
        (row,) = s.list_sessions()
        assert row.turn_count == 1


def test_without_a_terminal_the_app_exits_with_one_line(tmp_path: Path) -> None:
    env = os.environ | {"MI_TRAINER_STORE": str(tmp_path / "h.sqlite3")}
    env.pop("TEXTUAL_DRIVER", None)
    r = subprocess.run(
        [sys.executable, "-m", "mi_trainer", "play", "family-sunday-kitchen"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert r.returncode == 2
    assert r.stdout == "" and len(r.stderr.strip().splitlines()) == 1
    assert "needs a terminal" in r.stderr
