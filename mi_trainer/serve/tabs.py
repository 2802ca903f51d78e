"""One app process per browser tab: the C4 command as an argv list (no shell), and a stop that leaves no orphan."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
from typing import Any

from textual_serve.app_service import AppService

from mi_trainer.serve.settings import ServeSettings

log = logging.getLogger("mi_trainer.serve")

QUIT_GRACE = 4.0  # seconds a tab's app has to finish after it is asked to quit, before SIGTERM
TERM_GRACE = 3.0  # ... and after SIGTERM, before SIGKILL
_PRIVATE_ENV = ("MI_TRAINER_ACCESS_CODE", "MI_TRAINER_TRAINEE")


def tab_argv(settings: ServeSettings, trainee: str) -> list[str]:
    """C4: `python -m mi_trainer [--store S] [--pack P]... play [--assignment A] --trainee NAME`."""
    argv = [sys.executable, "-m", "mi_trainer"]
    if settings.store:
        argv += ["--store", settings.store]
    for pack in settings.packs:
        argv += ["--pack", pack]
    argv.append("play")
    if settings.assignment:
        argv += ["--assignment", settings.assignment]
    return [*argv, "--trainee", trainee]


class TabApp(AppService):
    """textual-serve's AppService, started from an argv list in its own session, and stopped for sure."""

    def __init__(self, argv: list[str], **kwargs: Any) -> None:
        super().__init__(" ".join(argv), **kwargs)  # the string is only a label; the argv list is what runs
        self.argv = argv

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        env = super()._build_environment(width, height)
        for name in _PRIVATE_ENV:
            env.pop(name, None)
        return env

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Any:
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=self._build_environment(width=width, height=height),
            start_new_session=True,  # Ctrl+C reaches the server, which then stops each tab in order
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def stop(self) -> None:
        """Ask the app to quit (it saves as it goes), then SIGTERM, then SIGKILL; always reap the process."""
        process = self._process
        task = self._task
        if process is None:
            return
        if task is not None and process.returncode is None:
            with contextlib.suppress(Exception):
                await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
            with contextlib.suppress(Exception):
                await self.send_meta({"type": "quit"})
        for grace, signal_it in ((QUIT_GRACE, process.terminate), (TERM_GRACE, process.kill)):
            try:
                await asyncio.wait_for(process.wait(), grace)
                break
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    signal_it()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(process.wait(), TERM_GRACE)
        if task is not None:
            self._task = None
            with contextlib.suppress(Exception):
                await asyncio.wait_for(task, 2.0)
        if process.returncode not in (0, None):
            log.info("a tab's app ended with code %s", process.returncode)

    async def on_data(self, payload: bytes) -> None:
        with contextlib.suppress(ConnectionResetError, RuntimeError):
            await self.remote_write_bytes(payload)
