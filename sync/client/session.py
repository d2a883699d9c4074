"""A signed-in conversation with one server: every call gets the current access token, transient failures
are retried with back-off, and a 401 is answered by refreshing the token once and retrying (SYNC.md §1.4).
A refresh that fails too raises `SignInRequired`; nothing local is touched.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from sync import protocol as p
from sync.client.credentials import Account, TokenStore
from sync.client.errors import SignInRequired, Unauthorized
from sync.client.retry import RetryPolicy
from sync.client.transport import Transport

T = TypeVar("T")
APP_VERSION = "ahsp-desktop"


class ServerSession:
    """Transport + account + retry policy. Thread-safe token refresh (one refresh at a time)."""

    def __init__(
        self,
        transport: Transport,
        account: Account,
        *,
        store: TokenStore | None = None,
        retry: RetryPolicy | None = None,
    ) -> None:
        self.transport = transport
        self.account = account
        self.store = store
        self.retry = retry or RetryPolicy()
        self.requests = 0
        self._refresh_lock = threading.Lock()

    @classmethod
    def sign_in(
        cls,
        transport: Transport,
        username: str,
        password: str,
        *,
        store: TokenStore | None = None,
        retry: RetryPolicy | None = None,
    ) -> ServerSession:
        """Log in (the device id is kept from an earlier sign-in to the same server) and save the tokens."""
        known = store.load(transport.base_url) if store is not None else None
        account = known if known is not None and known.username == username else Account(transport.base_url, username)
        if known is not None and known.username != username:
            account.client_id = known.client_id  # one device id per laptop and server
        req = p.LoginRequest(username=username, password=password, client_id=account.client_id, app_version=APP_VERSION)
        policy = retry or RetryPolicy()
        pair = policy.run(lambda: transport.login(req))
        session = cls(transport, account, store=store, retry=policy)
        session._take(pair)
        return session

    def call(self, fn: Callable[[str], T]) -> T:
        """Run `fn(access_token)` with retries; on 401 refresh once and run it again."""
        token = self.account.access_token
        try:
            return self._with_retry(fn, token)
        except Unauthorized:
            self._refresh(token)
            return self._with_retry(fn, self.account.access_token)

    def _with_retry(self, fn: Callable[[str], T], token: str) -> T:
        def attempt() -> T:
            self.requests += 1
            return fn(token)

        return self.retry.run(attempt)

    def _refresh(self, stale: str) -> None:
        with self._refresh_lock:
            if self.account.access_token != stale:  # another thread refreshed meanwhile
                return
            if not self.account.refresh_token:
                raise SignInRequired("Masuk kembali untuk sinkronisasi")
            try:
                pair = self.retry.run(lambda: self.transport.refresh(self.account.refresh_token))
            except Unauthorized as exc:
                self.account.access_token = self.account.refresh_token = ""
                if self.store is not None:
                    self.store.save(self.account)
                raise SignInRequired("Sesi berakhir; masuk kembali untuk sinkronisasi") from exc
            self._take(pair)

    def _take(self, pair: p.TokenPair) -> None:
        self.account.access_token = pair.access_token
        self.account.refresh_token = pair.refresh_token
        self.account.user_id = pair.user_id
        self.account.username = pair.username
        if self.store is not None:
            self.store.save(self.account)
