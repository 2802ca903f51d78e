"""Running the server: listen (a busy port is one line), print where to open it, stop every tab on Ctrl+C."""

from __future__ import annotations

import asyncio
import errno
import logging
import signal
import socket
import sys

from aiohttp import web

from mi_trainer.serve.settings import ServeError, ServeSettings, is_loopback
from mi_trainer.serve.web import make_app


def run_server(settings: ServeSettings) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)  # request lines carry names in form posts
    return asyncio.run(_serve(settings))


async def _serve(settings: ServeSettings) -> int:
    runner = web.AppRunner(make_app(settings), handle_signals=False, shutdown_timeout=10.0, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, settings.host, settings.port)
    try:
        await site.start()
    except OSError as exc:
        await runner.cleanup()
        raise ServeError(_listen_problem(settings, exc)) from None
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    print(banner(settings), flush=True)
    try:
        await stop.wait()
    finally:
        print("mi-trainer: stopping: closing every open session (answers so far are saved)…", file=sys.stderr)
        await runner.cleanup()
    print("mi-trainer: stopped.", file=sys.stderr)
    return 0


def _listen_problem(settings: ServeSettings, exc: OSError) -> str:
    where = f"{settings.host}:{settings.port}"
    if exc.errno == errno.EADDRINUSE:
        return f"port {settings.port} on {settings.host} is already in use: stop the other server or pick --port"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"not allowed to listen on {where}: ports below 1024 need extra rights; pick --port 8000"
    if exc.errno == errno.EADDRNOTAVAIL or isinstance(exc, socket.gaierror):
        return f"{settings.host} is not an address of this machine: use 127.0.0.1, 0.0.0.0 or one of its own addresses"
    return f"cannot listen on {where}: {exc.strerror or exc}"


def banner(settings: ServeSettings) -> str:
    lines = ["mi-trainer is serving the trainer in the browser. Open:"]
    lines += [f"  http://{_url_host(h)}:{settings.port}/" for h in addresses(settings.host)]
    if settings.access_code is not None:
        lines.append("Students type the access code you chose, then their name or student ID.")
    if settings.assignment_title:
        lines.append(f"Assignment: {settings.assignment_title}")
    if settings.store:
        lines.append(f"Results go to: {settings.store}")
    if is_loopback(settings.host):
        lines.append("Only this computer can connect (use --host 0.0.0.0 --access-code CODE for a class).")
    lines.append("Press Ctrl+C to stop.")
    return "\n".join(lines)


def addresses(host: str) -> list[str]:
    """The addresses to print: for a wildcard bind, this machine's own interface addresses."""
    if host not in ("0.0.0.0", "::", ""):
        return [host]
    found: list[str] = []
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET if host != "::" else 0):
            addr = str(info[4][0])
            if addr not in found:
                found.append(addr)
    except OSError:
        pass
    found += [a for a in _interface_addresses() if a not in found]
    found = [a for a in found if not a.startswith("127.")] + ["127.0.0.1"]
    return found


def _interface_addresses() -> list[str]:
    """IPv4 addresses of the machine's interfaces (the route a LAN client would use)."""
    out: list[str] = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))  # no packet is sent: this only picks the outgoing interface
            out.append(probe.getsockname()[0])
        except OSError:
            pass
    return out


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
