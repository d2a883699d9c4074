"""Running the app under uvicorn: one process, or several workers sharing one listening socket.

uvicorn's multi-worker mode binds its socket without naming the TCP protocol, so asyncio does not turn
off Nagle's algorithm on the accepted connections; a reply written in two parts (head, then body) then
waits for the client's delayed ACK, about 40 ms per request. `NoDelayH11Protocol` sets TCP_NODELAY on
every connection itself.

With the `server` extra installed, the HTTP parser is httptools (C) instead of h11 (pure Python) and
uvicorn runs its event loop on uvloop: on a busy server both leave more CPU for the requests.
"""

from __future__ import annotations

import asyncio
import importlib.util
import os
import socket

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from core.db.session import open_url
from sync.server.config import DATABASE_URL_ENV


class _NoDelay(asyncio.Protocol):
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)


class NoDelayH11Protocol(_NoDelay, H11Protocol):
    pass


HTTPTOOLS = importlib.util.find_spec("httptools") is not None


def http_protocol() -> type[asyncio.Protocol]:
    """httptools when it is installed (the `server` extra), else h11; TCP_NODELAY either way."""
    return NoDelayHttpToolsProtocol if HTTPTOOLS else NoDelayH11Protocol


if HTTPTOOLS:  # at module level: worker processes get the class by pickling its name
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    class NoDelayHttpToolsProtocol(_NoDelay, HttpToolsProtocol):
        pass


def serve(url: str, *, host: str, port: int, workers: int) -> None:
    """Serve until interrupted. Migrations run once, before any worker starts."""
    from sync.server.app import create_app

    options = {"host": host, "port": port, "http": http_protocol(), "log_level": "info"}
    if workers <= 1:
        uvicorn.run(create_app(url), **options)  # type: ignore[arg-type]
        return
    open_url(url).dispose()
    os.environ[DATABASE_URL_ENV] = url
    uvicorn.run("sync.server.app:app_from_env", factory=True, workers=workers, **options)  # type: ignore[arg-type]
