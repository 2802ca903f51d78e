"""The access check without a browser: codes, tickets, names, class lists, settings and each tab's argv."""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from mi_trainer.serve.access import COOKIE, Tickets, clean_name, code_matches, identify, match_roster
from mi_trainer.serve.server import addresses, banner
from mi_trainer.serve.settings import ServeError, ServeSettings, is_loopback, settings_from
from mi_trainer.serve.tabs import tab_argv
from mi_trainer.serve.web import make_app

CODE = "tulip-42"
ROSTER = (("S001", "Ana Lima"), ("S002", "Ben Okafor"), ("S003", "Ana Lima"))


def settings(**kw: Any) -> ServeSettings:
    base: dict[str, Any] = {"host": "127.0.0.1", "port": 8000, "access_code": CODE, "store": "/tmp/x.sqlite3"}
    return ServeSettings(**(base | kw))


def test_codes_compare_whole_and_exact() -> None:
    assert code_matches("tulip-42", CODE) and code_matches("  tulip-42 ", CODE)
    assert not code_matches("tulip-4", CODE) and not code_matches("TULIP-42", CODE) and not code_matches("", CODE)
    assert not code_matches("tulip-42x", CODE)


def test_tickets_are_signed_and_expire() -> None:
    tickets = Tickets(secret=b"k" * 32, hours=1)
    value = tickets.issue("Ana Lima")
    assert tickets.check(value).trainee == "Ana Lima"  # type: ignore[union-attr]
    payload, signature = value.split(".")
    assert tickets.check(f"{payload}.{'0' * len(signature)}") is None
    assert tickets.check(f"{payload[:-2]}AA.{signature}") is None
    assert Tickets(secret=b"j" * 32).check(value) is None  # another server's (or a restarted server's) ticket
    assert tickets.check(None) is None and tickets.check("") is None and tickets.check("a.b.c") is None
    old = Tickets(secret=b"k" * 32, hours=-1)
    assert old.check(old.issue("Ana")) is None


def test_names_are_cleaned_of_controls_escapes_and_bidi() -> None:
    assert clean_name("  Ana   Lima \n") == "Ana Lima"
    shown = clean_name("Ana\x1b[31mRED\x07")  # the escape goes (with or without its parameters): no command left
    assert "\x1b" not in shown and "\x07" not in shown and shown.startswith("Ana") and shown.endswith("RED")
    assert clean_name("Ana\u202egnp.exe") == "Anagnp.exe"
    assert clean_name("=cmd|' /C calc'!A0") == "=cmd|' /C calc'!A0"  # kept literally; CSV export quotes it
    assert len(clean_name("x" * 500)) <= 80
    assert clean_name("\x00\x01\u200b") == ""


def test_class_list_matches_ids_and_unique_names() -> None:
    assert match_roster("s002", ROSTER) == "S002"
    assert match_roster("ben okafor", ROSTER) == "S002"
    assert match_roster("Ana Lima", ROSTER) is None  # two students share the name: type the ID
    assert match_roster("S999", ROSTER) is None
    assert identify("Ben Okafor", settings(roster=ROSTER)) == "S002"
    assert identify("Anyone", settings()) == "Anyone"


def test_each_tab_runs_an_argv_list_with_only_its_own_name() -> None:
    s = settings(packs=("/packs/week 3",), assignment="/class/week3.yaml")
    name = "Ana; rm -rf ~ $(whoami) `id` 'x'"
    argv = tab_argv(s, name)
    assert argv[:3] == [sys.executable, "-m", "mi_trainer"]
    assert argv[3:] == [
        "--store",
        "/tmp/x.sqlite3",
        "--pack",
        "/packs/week 3",
        "play",
        "--assignment",
        "/class/week3.yaml",
        "--trainee",
        name,
    ]
    assert tab_argv(settings(store=None), "Ben")[3:] == ["play", "--trainee", "Ben"]


def test_settings_refuse_an_open_address_without_a_code(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MI_TRAINER_PACKS", raising=False)
    common: dict[str, Any] = {"port": 8000, "store": None, "packs": [], "assignment": None}
    with pytest.raises(ServeError, match="--access-code"):
        settings_from(host="0.0.0.0", access_code=None, **common)
    with pytest.raises(ServeError, match="at least 4"):
        settings_from(host="0.0.0.0", access_code="abc", **common)
    assert settings_from(host="127.0.0.1", access_code=None, **common).access_code is None
    s = settings_from(host="0.0.0.0", access_code=CODE, **common)
    assert CODE not in repr(s)
    assert is_loopback("localhost") and is_loopback("::1") and is_loopback("127.0.0.2")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.10") and not is_loopback("example.org")


def test_a_broken_pack_is_one_line_per_problem_and_no_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MI_TRAINER_PACKS", raising=False)
    pack = tmp_path / "week3"
    pack.mkdir()
    (pack / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    common: dict[str, Any] = {"host": "127.0.0.1", "port": 8000, "access_code": None, "store": None}
    with pytest.raises(ServeError) as info:
        settings_from(packs=[str(pack)], assignment=None, **common)
    lines = str(info.value).splitlines()
    assert re.match(rf"{re.escape(str(pack / 'broken.yaml'))}:\d+(:\d+)?: \w+", lines[0]), lines
    assert lines[-1] == "the server did not start: fix the pack(s) above"
    with pytest.raises(ServeError, match="no such folder"):
        settings_from(packs=[str(tmp_path / "missing")], assignment=None, **common)
    with pytest.raises(ServeError, match="no such assignment file"):
        settings_from(packs=[], assignment=str(tmp_path / "nope.yaml"), **common)


async def client(s: ServeSettings) -> TestClient[Any, Any]:
    c = TestClient(TestServer(make_app(s)))
    await c.start_server()
    return c


async def test_the_pages_check_the_code_before_any_app_starts() -> None:
    c = await client(settings(roster=ROSTER))
    try:
        page = await c.get("/")
        html = await page.text()
        assert page.status == 200 and 'name="code"' in html and "Your student ID" in html
        assert "default-src 'self'" in page.headers["Content-Security-Policy"]
        assert not re.search(r"(src|href)=\"(https?:)?//", html), "the page links something off this machine"
        assert (await c.get("/ws")).status == 403  # no ticket: no websocket, no process
        t0 = time.monotonic()
        wrong = await c.post("/enter", data={"code": "tulip-41", "name": "S001"}, allow_redirects=False)
        assert wrong.status == 403 and "access code is not right" in await wrong.text()
        assert time.monotonic() - t0 >= 0.25 and COOKIE not in wrong.cookies
        unknown = await c.post("/enter", data={"code": CODE, "name": "S999"}, allow_redirects=False)
        assert unknown.status == 400 and "not on this class" in await unknown.text()
        empty = await c.post("/enter", data={"code": CODE, "name": "\x1b\x07 "}, allow_redirects=False)
        assert empty.status == 400
        cross = await c.post("/enter", data={"code": CODE, "name": "S001"}, headers={"Origin": "http://evil.example"})
        assert cross.status == 403
        ok = await c.post("/enter", data={"code": CODE, "name": "ben okafor"}, allow_redirects=False)
        assert ok.status == 303 and ok.cookies[COOKIE]["httponly"] and ok.cookies[COOKIE]["samesite"] == "Strict"
        app_page = await c.get("/")
        html = await app_page.text()
        assert 'id="terminal"' in html and "S002" in html and "/static/js/textual.js" in html
        assert (await c.get("/ws", headers={"Origin": "http://evil.example"})).status == 403
        assert (await c.get("/static/js/textual.js")).status == 200
        assert (await c.get("/mi/favicon.svg")).status == 200
        assert (await c.get("/static/")).status in (403, 404)  # no folder listings
    finally:
        await c.close()


async def test_guessing_is_limited_per_address(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("mi_trainer.serve.web.WRONG_CODE_DELAY", 0.01)
    c = await client(settings())
    try:
        statuses = []
        for _ in range(21):
            r = await c.post("/enter", data={"code": "guess", "name": "x"}, allow_redirects=False)
            statuses.append(r.status)
        assert statuses[:20] == [403] * 20 and statuses[20] == 429
        # even the right code waits now: the limit is on the address, not on the code
        r = await c.post("/enter", data={"code": CODE, "name": "x"}, allow_redirects=False)
        assert r.status == 429
    finally:
        await c.close()


def test_the_banner_lists_where_to_open_and_never_the_code() -> None:
    wide = addresses("0.0.0.0")
    assert wide[-1] == "127.0.0.1" and len(set(wide)) == len(wide)
    assert addresses("192.168.1.23") == ["192.168.1.23"]
    text = banner(settings(host="0.0.0.0", port=8123))
    assert "http://127.0.0.1:8123/" in text and CODE not in text and "Ctrl+C" in text
    assert "http://[::1]:8000/" in banner(settings(host="::1", access_code=None))


async def test_one_trainee_cannot_fill_the_machine_with_tabs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("mi_trainer.serve.web.MAX_TABS_EACH", 0)
    c = await client(settings(access_code=None))
    try:
        ok = await c.post("/enter", data={"name": "Ana"}, allow_redirects=False)
        assert ok.status == 303
        assert (await c.get("/ws")).status == 429  # refused before any process starts
    finally:
        await c.close()


def test_a_tab_never_inherits_the_code_or_someone_elses_name(monkeypatch: pytest.MonkeyPatch) -> None:
    from textual_serve.download_manager import DownloadManager

    from mi_trainer.serve.tabs import TabApp

    monkeypatch.setenv("MI_TRAINER_ACCESS_CODE", CODE)
    monkeypatch.setenv("MI_TRAINER_TRAINEE", "Instructor")

    async def nothing(*_: Any) -> None:
        return None

    tab = TabApp(["x"], write_bytes=nothing, write_str=nothing, close=nothing, download_manager=DownloadManager())
    env = tab._build_environment(100, 30)
    assert "MI_TRAINER_ACCESS_CODE" not in env and "MI_TRAINER_TRAINEE" not in env
    assert env["TEXTUAL_DRIVER"].endswith("WebDriver") and env["COLUMNS"] == "100"


def test_under_ci_a_missing_browser_fails_instead_of_skipping(monkeypatch: pytest.MonkeyPatch) -> None:
    from serve import support

    monkeypatch.setattr(support, "CHROMIUM", "/nonexistent/chromium")
    assert "no chromium" in support.browser_missing()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        support.chromium_available_or_skip()
    monkeypatch.setenv("CI", "")
    with pytest.raises(pytest.skip.Exception):
        support.chromium_available_or_skip()
