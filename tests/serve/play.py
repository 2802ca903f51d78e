"""Driving the served app by keys in a real page: sign in, open a scenario, answer until the report."""

from __future__ import annotations

import time
from typing import Any

from serve.support import ScreenText

VIEWPORT = {"width": 1100, "height": 720}
FEEDBACK = "You used:"  # the first line of the feedback panel after every answer (both modes)
REPORT = "MITI 4.2.1 summary"  # the report screen


class Tab:
    """One browser tab on the served trainer, with what its app has drawn."""

    def __init__(self, context: Any, url: str) -> None:
        self.page = context.new_page()
        self.url = url
        self.screen = ScreenText().attach(self.page)
        self.after_continue = -1  # where the last Continue's frames start
        self.requests: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("websocket", lambda ws: self.requests.append(ws.url))

    def sign_in(self, name: str, code: str | None = None) -> Any:
        self.page.goto(self.url)
        if code is not None:
            self.page.fill("#code", code)
        self.page.fill("#name", name)
        with self.page.expect_navigation():
            self.page.click("button[type=submit]")
        return self.page

    def wait_for(self, text: str, mark: int = 0, timeout: float = 20.0) -> float:
        """Seconds until `text` is drawn after `mark`; AssertionError with the screen text on a timeout."""
        start = time.monotonic()
        self.wait_any((text,), mark, timeout)
        return time.monotonic() - start

    def wait_any(self, texts: tuple[str, ...], mark: int = 0, timeout: float = 20.0) -> str:
        """The first of `texts` drawn after `mark`."""
        start = time.monotonic()
        while True:
            shown = self.screen.since(mark)
            for text in texts:
                if text in shown:
                    return text
            if time.monotonic() - start > timeout:
                raise AssertionError(f"{texts!r} never appeared; the app drew: {shown[-2000:]!r}")
            self.page.wait_for_timeout(20)

    def press(self, key: str, then: str | None = None, timeout: float = 20.0) -> float:
        mark = self.screen.mark()
        self.page.keyboard.press(key)
        return self.wait_for(then, mark, timeout) if then else 0.0

    def open_first_scenario(self) -> None:
        """The library lists the classroom drills first; Enter opens the briefing, s starts."""
        self.wait_for("Classroom drills")
        self.page.click("#terminal")
        self.press("Enter", then="Start (s)")
        self.press("s", then="1-9")

    def answer(self) -> bool:
        """Pick option 1 and wait for its feedback; False when the report was on screen instead."""
        mark = self.screen.mark()
        self.page.keyboard.press("1")
        start = time.monotonic()
        while FEEDBACK not in self.screen.since(mark):
            if self.after_continue >= 0 and REPORT in self.screen.since(self.after_continue):
                return False  # the last Continue had opened the report after all (see carry_on)
            if time.monotonic() - start > 20:
                raise AssertionError(f"no feedback; the app drew: {self.screen.since(mark)[-2000:]!r}")
            self.page.wait_for_timeout(20)
        return True

    def carry_on(self) -> bool:
        """Continue after the feedback; True when that opened the report (the conversation had ended).

        The footer's "1-9" of the next options can flash up before the report too, so "1-9" is only
        believed once the app has been quiet without drawing the report; on a slow machine the next
        answer() looks for the report once more."""
        mark = self.screen.mark()
        self.page.keyboard.press("c")
        if self.wait_any((REPORT, "1-9"), mark) == REPORT:
            return True
        self.settle(quiet=0.5)
        self.after_continue = mark
        return REPORT in self.screen.since(mark)

    def settle(self, quiet: float = 0.25, timeout: float = 10.0) -> None:
        """Wait until the app has drawn nothing new for `quiet` seconds."""
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            last = self.screen.frames[-1][0] if self.screen.frames else start
            if time.monotonic() - last >= quiet:
                return
            self.page.wait_for_timeout(30)

    def play_to_report(self, max_turns: int = 30) -> int:
        """Answer and continue until the report; the number of answers given."""
        for turn in range(1, max_turns + 1):
            if not self.answer():
                return turn - 1
            if self.carry_on():
                return turn
        raise AssertionError("the conversation never ended")
