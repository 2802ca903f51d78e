"""A `mi-trainer run` killed with SIGKILL between turns loses nothing and can be resumed."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import FIXTURES, ROOT

KITCHEN = str(FIXTURES / "engine" / "kitchen.yaml")
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal and SIGKILL")


def read_until(fd: int, marker: bytes, count: int, timeout: float = 20) -> bytes:
    buf = b""
    deadline = time.monotonic() + timeout
    while buf.count(marker) < count:
        left = deadline - time.monotonic()
        assert left > 0, f"timed out waiting for {marker!r}; got {buf[-400:]!r}"
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            buf += chunk
    return buf


def test_sigkill_between_turns_then_resume(tmp_path: Path) -> None:
    import pty

    store = tmp_path / "history.sqlite3"
    env = os.environ | {"MI_TRAINER_STORE": str(store)}
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "mi_trainer", "run", KITCHEN, "--in-order", "--seed", "1"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=ROOT,
        env=env,
        close_fds=True,
    )
    os.close(slave)
    try:
        read_until(master, b"Your choice", 1)
        os.write(master, b"1\n")  # opening → complex reflection
        read_until(master, b"Your choice", 1)
        os.write(master, b"1\n")  # guard-down → complex reflection
        read_until(master, b"Your choice", 1)  # turn 3 is on screen: both turns are committed
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    assert proc.returncode == -signal.SIGKILL

    hist = subprocess.run(
        [sys.executable, "-m", "mi_trainer", "history", "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=30,
    )
    (row,) = json.loads(hist.stdout)
    assert row["status"] == "active" and row["turns"] == 2

    done = subprocess.run(
        [sys.executable, "-m", "mi_trainer", "resume", "--choices", "2,1,1,1", "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=30,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert [t["node"] for t in report["turns"]] == ["opening", "guard-down", "values", "strengths", "summary", "plan"]
    assert report["score"]["points"] == 43 and report["client"]["ending"] == "engaged"
    hist = json.loads(
        subprocess.run(
            [sys.executable, "-m", "mi_trainer", "history", "--json"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            timeout=30,
        ).stdout
    )
    assert hist[0]["status"] == "ended" and hist[0]["turns"] == 6
