"""The sync server's FastAPI application: `create_app(database_url)` wires the database, limits, errors
and routes. Migrations are applied when the app is created."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError, OperationalError

from core.db.session import open_url
from sync.protocol import PROTOCOL_VERSION, ErrorBody, to_json
from sync.server import routes_auth, routes_members, routes_sync
from sync.server.config import DATABASE_URL_ENV, Settings, default_database_url
from sync.server.errors import ApiError
from sync.server.middleware import BodyLimit

log = logging.getLogger("ahsp.server")


def create_app(database_url: str | None = None, *, settings: Settings | None = None) -> FastAPI:
    """The server on `database_url` (PostgreSQL in production); None = the embedded SQLite default."""
    config = settings or Settings()
    url = database_url or default_database_url()
    in_memory = url.startswith("sqlite") and url.rstrip("/").endswith((":memory:", "sqlite:"))
    pool: dict[str, Any] = {} if in_memory else {"pool_size": config.pool_size, "max_overflow": config.max_overflow}
    db = open_url(url, hide_parameters=True, pre_ping=False, **pool)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = config.threads
        yield
        db.dispose()

    app = FastAPI(
        title="AHSP Desktop sync server",
        version=config.build,
        description=f"Sync protocol v{PROTOCOL_VERSION} (SYNC.md). Every endpoint except /auth/* needs a bearer token.",
        lifespan=lifespan,
    )
    app.state.db = db
    app.state.settings = config
    app.add_middleware(BodyLimit, max_bytes=config.max_body_bytes)
    _add_error_handlers(app)
    for module in (routes_auth, routes_sync, routes_members):
        # The routes themselves, not include_router: FastAPI then matches them as its own, instead of
        # walking a wrapper per router (and re-checking each router's route list) on every request.
        app.router.routes.extend(module.router.routes)
    return app


def app_from_env() -> FastAPI:
    """Factory for uvicorn workers (`ahsp serve --workers N`): the URL comes from the environment."""
    return create_app(os.environ.get(DATABASE_URL_ENV))


def _reply(status: int, detail: str, headers: dict[str, str] | None = None, *, resync: bool = False) -> JSONResponse:
    body = ErrorBody(detail=detail, resync="required" if resync else None)
    return JSONResponse(to_json(body), status_code=status, headers=headers)


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return _reply(exc.status, exc.detail, exc.headers, resync=exc.resync)

    @app.exception_handler(IntegrityError)
    async def in_flight(_request: Request, exc: IntegrityError) -> JSONResponse:
        if "applied_mutation" in str(exc.orig):
            # The same mutation_id was being applied on another connection: retry, it will be a duplicate.
            return _reply(409, "Permintaan yang sama sedang diproses; coba lagi", {"Retry-After": "1"})
        log.error("constraint refused a commit: %s", type(exc.orig).__name__)
        return _reply(500, "Kesalahan server; coba lagi nanti")

    @app.exception_handler(OperationalError)
    async def busy(_request: Request, exc: OperationalError) -> JSONResponse:
        log.warning("database unavailable: %s", type(exc.orig).__name__)
        return _reply(503, "Basis data sedang sibuk atau tidak tersedia; coba lagi", {"Retry-After": "2"})

    @app.exception_handler(RecursionError)
    async def too_deep(_request: Request, _exc: RecursionError) -> JSONResponse:
        return _reply(400, "Dokumen JSON terlalu dalam")

    @app.exception_handler(Exception)
    async def server_error(_request: Request, _exc: Exception) -> JSONResponse:
        return _reply(500, "Kesalahan server; coba lagi nanti")
