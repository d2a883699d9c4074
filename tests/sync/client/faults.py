"""Fault injection at the HTTP layer (SYNC.md §2 harness): `requests` transport adapters mounted on each
client's Session. `InProcessAdapter` hands requests to the FastAPI app in this process (TestClient);
`FaultAdapter` wraps either it or a real HTTPAdapter and can drop a request before it is sent, lose the
response after the server handled it, delay, duplicate, truncate the body, or answer 500/502/503/401.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from requests.structures import CaseInsensitiveDict


def make_response(request: requests.PreparedRequest, status: int, headers: Any, content: bytes) -> requests.Response:
    resp = requests.Response()
    resp.status_code = status
    resp.headers = CaseInsensitiveDict(dict(headers))
    resp._content = content
    resp.request = request
    resp.url = request.url or ""
    resp.encoding = "utf-8"
    return resp


class InProcessAdapter(HTTPAdapter):
    """Sends every request to an ASGI app through Starlette's TestClient: no sockets, same bytes."""

    def __init__(self, test_client: Any) -> None:
        super().__init__()
        self.test_client = test_client

    def send(self, request: requests.PreparedRequest, stream: bool = False, timeout: Any = None,
             verify: Any = True, cert: Any = None, proxies: Any = None) -> requests.Response:  # fmt: skip
        headers = {k: v for k, v in request.headers.items() if k.lower() != "content-length"}
        r = self.test_client.request(request.method or "GET", request.url or "", content=request.body, headers=headers)
        return make_response(request, r.status_code, r.headers, r.content)


@dataclass
class Fault:
    kind: str  # drop_before | drop_after | delay | duplicate | truncate | status
    method: str = ""
    path: str = ""  # a regular expression searched in the URL path
    body: str = ""  # a substring the request body must contain
    skip: int = 0
    times: int = 1
    status: int = 500
    delay: float = 0.0

    def matches(self, request: requests.PreparedRequest) -> bool:
        url = request.path_url or ""
        if self.method and request.method != self.method:
            return False
        if self.path and not re.search(self.path, url):
            return False
        if self.body:
            body = request.body or b""
            text = body.decode() if isinstance(body, bytes) else str(body)
            if self.body not in text:
                return False
        return True


class FaultAdapter(HTTPAdapter):
    """Injects the armed faults, in order; `offline` makes every request fail to connect."""

    def __init__(self, inner: HTTPAdapter) -> None:
        super().__init__()
        self.inner = inner
        self.faults: list[Fault] = []
        self.offline = False
        self.log: list[tuple[str, str, str, float]] = []  # (method, path, what happened, monotonic time)
        self._lock = threading.Lock()

    def add(self, kind: str, **kw: Any) -> Fault:
        fault = Fault(kind, **kw)
        with self._lock:
            self.faults.append(fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            self.faults.clear()
        self.offline = False

    def requests_to(self, pattern: str) -> list[tuple[str, str, str, float]]:
        return [entry for entry in self.log if re.search(pattern, entry[1])]

    def _take(self, request: requests.PreparedRequest) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.times > 0 and fault.matches(request):
                    if fault.skip > 0:
                        fault.skip -= 1
                        return None
                    fault.times -= 1
                    return fault
        return None

    def send(self, request: requests.PreparedRequest, **kw: Any) -> requests.Response:  # type: ignore[override]
        path = request.path_url or ""
        if self.offline:
            self.log.append((request.method or "", path, "offline", time.monotonic()))
            raise requests.ConnectionError("offline (injected)")
        fault = self._take(request)
        self.log.append((request.method or "", path, fault.kind if fault else "ok", time.monotonic()))
        if fault is None:
            return self.inner.send(request, **kw)
        if fault.kind == "drop_before":
            raise requests.ConnectionError("dropped before send (injected)")
        if fault.kind == "status":
            body = b'{"detail": "injected failure"}'
            return make_response(request, fault.status, {"Content-Type": "application/json"}, body)
        if fault.kind == "delay":
            time.sleep(fault.delay)
            return self.inner.send(request, **kw)
        resp = self.inner.send(request, **kw)
        if fault.kind == "drop_after":
            raise requests.ConnectionError("response lost after the server handled it (injected)")
        if fault.kind == "duplicate":
            return self.inner.send(request, **kw)
        if fault.kind == "truncate":
            resp._content = resp.content[: max(1, len(resp.content) // 2)]
        return resp
