"""One sync protocol, two transports (STYLE.md #13): `Transport` is what the sync cycle needs from a
server; `HttpTransport` speaks it over `requests` with connect and read timeouts.

Tests reuse `HttpTransport` over FastAPI's in-process TestClient (same `request()` shape), so one code
path is exercised in-process and against a real uvicorn. Tokens are passed in by the caller per request;
refreshing them is `sync.client.session.ServerSession`'s job.
"""

from __future__ import annotations

import json
from typing import Any, Protocol, TypeVar

import requests

from sync import protocol as p
from sync.client.errors import (
    Forbidden,
    NotFound,
    Offline,
    RequestRefused,
    ResyncRequired,
    ServerFailed,
    SyncError,
    Transient,
    Unauthorized,
    UpgradeRequired,
)

T = TypeVar("T")
DEFAULT_TIMEOUT = (5.0, 60.0)
"""(connect, read) seconds: a dead server is noticed quickly; a large page may take a while to arrive."""


class Requester(Protocol):
    """The part of `requests.Session` (and of Starlette's TestClient) the transport uses."""

    def request(
        self,
        method: str,
        url: str,
        *,
        params: dict[str, Any] | None,
        json: Any,
        headers: dict[str, str],
        timeout: tuple[float, float],
    ) -> Any: ...


class Transport(Protocol):
    """The sync API as the client sees it; every call raises a `sync.client.errors.SyncError` on failure."""

    base_url: str

    def login(self, req: p.LoginRequest) -> p.TokenPair: ...

    def refresh(self, refresh_token: str) -> p.TokenPair: ...

    def meta(self, token: str) -> p.Meta: ...

    def projects(self, token: str) -> p.ProjectList: ...

    def snapshot(self, token: str, pid: str, page_token: str | None, limit: int) -> p.SnapshotPage: ...

    def changes(self, token: str, pid: str, since: int, epoch: str, limit: int) -> p.ChangesPage: ...

    def push(self, token: str, pid: str, req: p.PushRequest) -> p.PushResponse: ...

    def checksum(self, token: str, pid: str) -> p.ChecksumResponse: ...

    def members(self, token: str, pid: str) -> p.MemberList: ...

    def add_member(self, token: str, pid: str, req: p.MemberRequest) -> p.MemberList: ...


class HttpTransport:
    """The sync API over HTTP. `requester` defaults to a new `requests.Session` (its adapters may be
    replaced, e.g. by the tests' fault injector); `timeout` is (connect, read) seconds."""

    def __init__(
        self, base_url: str, requester: Requester | None = None, *, timeout: tuple[float, float] = DEFAULT_TIMEOUT
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.requester: Requester = requester if requester is not None else requests.Session()
        self.timeout = timeout

    # --- the API ------------------------------------------------------------------------------------

    def login(self, req: p.LoginRequest) -> p.TokenPair:
        return self._call(p.TokenPair, "POST", "/auth/login", body=p.to_json(req))

    def refresh(self, refresh_token: str) -> p.TokenPair:
        return self._call(p.TokenPair, "POST", "/auth/refresh", body={"refresh_token": refresh_token})

    def meta(self, token: str) -> p.Meta:
        return self._call(p.Meta, "GET", f"{p.PREFIX}/meta", token=token)

    def projects(self, token: str) -> p.ProjectList:
        return self._call(p.ProjectList, "GET", f"{p.PREFIX}/projects", token=token)

    def snapshot(self, token: str, pid: str, page_token: str | None, limit: int) -> p.SnapshotPage:
        params: dict[str, Any] = {"limit": limit} | ({"page_token": page_token} if page_token else {})
        return self._call(p.SnapshotPage, "GET", f"{p.PREFIX}/projects/{pid}/snapshot", token=token, params=params)

    def changes(self, token: str, pid: str, since: int, epoch: str, limit: int) -> p.ChangesPage:
        params = {"since": since, "epoch": epoch, "limit": limit}
        return self._call(p.ChangesPage, "GET", f"{p.PREFIX}/projects/{pid}/changes", token=token, params=params)

    def push(self, token: str, pid: str, req: p.PushRequest) -> p.PushResponse:
        path = f"{p.PREFIX}/projects/{pid}/push"
        return self._call(p.PushResponse, "POST", path, token=token, body=p.to_json(req))

    def checksum(self, token: str, pid: str) -> p.ChecksumResponse:
        return self._call(p.ChecksumResponse, "GET", f"{p.PREFIX}/projects/{pid}/checksum", token=token)

    def members(self, token: str, pid: str) -> p.MemberList:
        return self._call(p.MemberList, "GET", f"{p.PREFIX}/projects/{pid}/members", token=token)

    def add_member(self, token: str, pid: str, req: p.MemberRequest) -> p.MemberList:
        path = f"{p.PREFIX}/projects/{pid}/members"
        return self._call(p.MemberList, "POST", path, token=token, body=p.to_json(req))

    # --- plumbing -----------------------------------------------------------------------------------

    def _call(
        self,
        cls: type[T],
        method: str,
        path: str,
        *,
        token: str | None = None,
        params: dict[str, Any] | None = None,
        body: Any = None,
    ) -> T:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        try:
            resp = self.requester.request(
                method, self.base_url + path, params=params, json=body, headers=headers, timeout=self.timeout
            )
        except (requests.ConnectionError, requests.Timeout, OSError) as exc:
            raise Offline(f"Server tidak terjangkau: {type(exc).__name__}") from exc
        except requests.RequestException as exc:  # chunked-encoding and content errors: a cut answer
            raise Offline(f"Sambungan terputus: {type(exc).__name__}") from exc
        if resp.status_code >= 300:
            raise error_for(resp.status_code, _detail(resp), _retry_after(resp))
        try:
            return p.from_json(cls, resp.json())
        except (ValueError, p.ProtocolError) as exc:  # a truncated or garbled body: the answer was lost
            raise Transient(f"Jawaban server rusak: {exc}"[:300], status=resp.status_code) from exc


def error_for(status: int, detail: str, retry_after: float | None = None) -> SyncError:
    """The client error for a whole-request status code (SYNC.md §1.4)."""
    if status == 401:
        return Unauthorized(detail, status=status)
    if status == 403:
        return Forbidden(detail, status=status)
    if status == 404:
        return NotFound(detail, status=status)
    if status == 410:
        return ResyncRequired(detail, status=status)
    if status == 426:
        return UpgradeRequired(detail, status=status)
    if status in (409, 429):
        return Transient(detail, status=status, retry_after=retry_after)
    if status >= 500:
        return ServerFailed(detail, status=status, retry_after=retry_after)
    return RequestRefused(detail, status=status)


def _detail(resp: Any) -> str:
    try:
        doc = resp.json()
    except ValueError:
        return f"HTTP {resp.status_code}"
    detail = doc.get("detail") if isinstance(doc, dict) else None
    if isinstance(detail, str):
        return detail
    return json.dumps(detail, ensure_ascii=False)[:500] if detail else f"HTTP {resp.status_code}"


def _retry_after(resp: Any) -> float | None:
    value = resp.headers.get("Retry-After") if resp.headers is not None else None
    try:
        return float(value) if value else None
    except ValueError:
        return None
