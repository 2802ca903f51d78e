"""The aiohttp application: access page, app page, the tab websocket, textual-serve's static files, downloads."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from pathlib import Path
from typing import Any

import jinja2
import textual_serve
from aiohttp import WSMsgType, web
from textual_serve.download_manager import DownloadManager

from mi_trainer.serve.access import COOKIE, MAX_NAME, Attempts, Tickets, clean_name, code_matches, identify
from mi_trainer.serve.settings import ServeSettings
from mi_trainer.serve.tabs import TabApp, tab_argv

log = logging.getLogger("mi_trainer.serve")

HERE = Path(__file__).resolve().parent
TEXTUAL_STATIC = Path(textual_serve.__file__).resolve().parent / "static"
WRONG_CODE_DELAY = 0.3  # seconds
MAX_TABS = 100  # live app processes at once; a 101st tab is told to try again
MAX_TABS_EACH = 4  # live tabs of one trainee (a stuck key or a script cannot fill the machine)
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
SETTINGS: web.AppKey[ServeSettings] = web.AppKey("settings", ServeSettings)
STATE: web.AppKey[ServeState] = web.AppKey("state", object)  # type: ignore[arg-type]


class ServeState:
    """What the running server holds: the ticket signer, wrong-code counts, and every live tab."""

    def __init__(self) -> None:
        self.tickets = Tickets()
        self.attempts = Attempts(limit=20, window=60.0)
        self.tabs: set[TabApp] = set()
        self.tabs_of: dict[str, int] = {}
        self.sockets: set[web.WebSocketResponse] = set()
        self.downloads = DownloadManager()
        self.closing = False


_templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True, undefined=jinja2.StrictUndefined
)


def render(template: str, status: int = 200, **context: Any) -> web.Response:
    html = _templates.get_template(template).render(**context)
    return web.Response(text=html, status=status, content_type="text/html", charset="utf-8")


def see_other(where: str) -> web.Response:
    return web.Response(status=303, headers={"Location": where})


def denied(message: str, status: int = 403) -> web.Response:
    return render("denied.html", status=status, message=message)


@web.middleware
async def security_headers(request: web.Request, handler: Any) -> web.StreamResponse:
    response: web.StreamResponse = await handler(request)
    if not response.prepared:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if response.content_type == "text/html":
            response.headers.setdefault("Cache-Control", "no-store")
    return response


def make_app(settings: ServeSettings) -> web.Application:
    app = web.Application(middlewares=[security_headers], client_max_size=64 * 1024)
    app[SETTINGS] = settings
    app[STATE] = ServeState()
    app.add_routes(
        [
            web.get("/", index),
            web.post("/enter", enter),
            web.post("/leave", leave),
            web.get("/ws", websocket),
            web.get("/download/{key}", download),
            web.static("/static", TEXTUAL_STATIC, show_index=False),
            web.static("/mi", HERE / "static", show_index=False),
            web.get("/favicon.ico", favicon),
        ]
    )
    app.on_shutdown.append(stop_all_tabs)
    return app


async def favicon(_request: web.Request) -> web.StreamResponse:
    return web.FileResponse(HERE / "static" / "favicon.svg", headers={"Content-Type": "image/svg+xml"})


def ticket_of(request: web.Request) -> Any:
    return request.app[STATE].tickets.check(request.cookies.get(COOKIE))


def access_page(request: web.Request, *, status: int = 200, error: str = "", name: str = "") -> web.Response:
    s = request.app[SETTINGS]
    return render(
        "access.html",
        status=status,
        need_code=s.access_code is not None,
        roster=bool(s.roster),
        assignment_title=s.assignment_title,
        error=error,
        name=name,
        max_name=MAX_NAME,
    )


async def index(request: web.Request) -> web.Response:
    ticket = ticket_of(request)
    if ticket is None:
        return access_page(request)
    return render("play.html", trainee=ticket.trainee, font_size=_font_size(request))


async def enter(request: web.Request) -> web.StreamResponse:
    """The access form: code first (constant time, never logged), then the name or student ID."""
    s, state = request.app[SETTINGS], request.app[STATE]
    if not _same_origin(request):
        return denied("This form can only be sent from the trainer's own page.")
    who = request.remote or "?"
    if state.attempts.blocked(who):
        return denied("Too many wrong access codes from this computer. Wait a minute and try again.", 429)
    form = await request.post()
    typed_name = clean_name(str(form.get("name", "")))
    if s.access_code is not None and not code_matches(str(form.get("code", "")), s.access_code):
        state.attempts.failed(who)
        await asyncio.sleep(WRONG_CODE_DELAY)  # a wrong code costs time: guessing is slow
        return denied("That access code is not right. Ask your instructor for the code and try again.")
    if not typed_name:
        return access_page(request, status=400, error="Please type your name or student ID.")
    trainee = identify(typed_name, s)
    if trainee is None:
        error = "That ID is not on this class's list. Check it, or ask your instructor."
        return access_page(request, status=400, error=error, name=typed_name)
    response = see_other("/")
    response.set_cookie(
        COOKIE,
        state.tickets.issue(trainee),
        httponly=True,
        samesite="Strict",
        path="/",
        secure=request.headers.get("X-Forwarded-Proto", request.scheme) == "https",
    )
    log.info("a trainee entered from %s", who)
    return response


async def leave(request: web.Request) -> web.StreamResponse:
    response = see_other("/")
    if _same_origin(request):
        response.del_cookie(COOKIE, path="/")
    return response


async def websocket(request: web.Request) -> web.StreamResponse:
    """One tab: checked before anything starts, then its own app process until the tab or the server closes."""
    s, state = request.app[SETTINGS], request.app[STATE]
    ticket = ticket_of(request)
    if ticket is None or not _same_origin(request):
        return denied("Start from the trainer's page and type the access code first.")
    if state.closing:
        return denied("The trainer is shutting down.", 503)
    if len(state.tabs) >= MAX_TABS:
        return denied("The trainer is full right now. Try again in a minute.", 503)
    if state.tabs_of.get(ticket.trainee, 0) >= MAX_TABS_EACH:
        return denied("You have the trainer open in several tabs already: close one and try again.", 429)
    ws = web.WebSocketResponse(heartbeat=15, max_msg_size=256 * 1024)
    await ws.prepare(request)
    tab = TabApp(
        tab_argv(s, ticket.trainee),
        write_bytes=ws.send_bytes,
        write_str=ws.send_str,
        close=ws.close,
        download_manager=state.downloads,
    )
    state.tabs.add(tab)
    state.tabs_of[ticket.trainee] = state.tabs_of.get(ticket.trainee, 0) + 1
    state.sockets.add(ws)
    try:
        await tab.start(_size(request, "width", 80), _size(request, "height", 24))
        await _relay(ws, tab)
    except asyncio.CancelledError:
        pass
    except Exception:  # one broken tab never stops the server
        log.exception("a tab stopped with an error")
    finally:
        await tab.stop()
        state.tabs.discard(tab)
        state.tabs_of[ticket.trainee] -= 1
        if not state.tabs_of[ticket.trainee]:
            del state.tabs_of[ticket.trainee]
        state.sockets.discard(ws)
        with contextlib.suppress(Exception):
            await ws.close()
    return ws


async def _relay(ws: web.WebSocketResponse, tab: TabApp) -> None:
    """The browser's messages to the app: keys (stdin), size, focus; anything malformed is ignored."""
    async for message in ws:
        if message.type != WSMsgType.TEXT:
            continue
        try:
            envelope = json.loads(message.data)
            kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
        except (ValueError, TypeError, IndexError, KeyError):
            continue
        if kind == "stdin" and isinstance(data, str):
            await tab.send_bytes(data.encode("utf-8"))
        elif kind == "resize" and isinstance(data, dict):
            width, height = data.get("width"), data.get("height")
            if isinstance(width, int) and isinstance(height, int) and 1 <= width <= 1000 and 1 <= height <= 500:
                await tab.set_terminal_size(width, height)
        elif kind == "ping":
            await ws.send_json(["pong", data])
        elif kind == "blur":
            await tab.blur()
        elif kind == "focus":
            await tab.focus()


async def download(request: web.Request) -> web.StreamResponse:
    """A file the app hands to the browser (textual's deliver_file), for a ticket holder only."""
    if ticket_of(request) is None:
        return denied("Start from the trainer's page first.")
    manager = request.app[STATE].downloads
    key = request.match_info["key"]
    try:
        meta = await manager.get_download_metadata(key)
    except KeyError:
        raise web.HTTPNotFound(text="no such download") from None
    response = web.StreamResponse()
    response.content_type = meta.mime_type
    if meta.encoding:
        response.charset = meta.encoding
    disposition = "inline" if meta.open_method == "browser" else "attachment"
    safe_name = "".join(ch for ch in meta.file_name if ch.isalnum() or ch in "._- ") or "download"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{safe_name}"'
    await response.prepare(request)
    async for chunk in manager.download(key):
        await response.write(chunk)
    await response.write_eof()
    return response


async def stop_all_tabs(app: web.Application) -> None:
    """Server shutdown: every tab's app is asked to quit (saved turns stay saved), then reaped."""
    state = app[STATE]
    state.closing = True
    await asyncio.gather(*(tab.stop() for tab in list(state.tabs)), return_exceptions=True)
    for ws in list(state.sockets):
        with contextlib.suppress(Exception):
            await ws.close(code=1001, message=b"server shutting down")


def _same_origin(request: web.Request) -> bool:
    """A browser sends Origin on POSTs and websockets; it must be this server (or a proxy in front of it)."""
    origin = request.headers.get("Origin")
    if origin is None:
        return True  # not a browser's cross-site request (curl, a test client)
    host = request.headers.get("X-Forwarded-Host", request.host)
    return origin.split("://", 1)[-1].rstrip("/") == host


def _size(request: web.Request, name: str, default: int) -> int:
    try:
        return max(1, min(int(request.query.get(name, default)), 1000))
    except ValueError:
        return default


def _font_size(request: web.Request) -> int:
    try:
        return max(8, min(int(request.query.get("fontsize", "16")), 40))
    except ValueError:
        return 16
