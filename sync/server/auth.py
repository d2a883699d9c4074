"""Passwords (argon2) and bearer tokens: random, stored only as SHA-256 hashes, expiring and revocable."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Row, bindparam, select, update
from sqlalchemy.orm import Session

from sync.protocol import TokenPair
from sync.server.config import Settings
from sync.server.models import AuthToken, User

_hasher = PasswordHasher()


@dataclass(frozen=True)
class Principal:
    """Who a request acts for: always from the token, never from a request body."""

    user_id: str
    username: str
    client_id: str
    token_hash: str


def hash_password(password: str) -> str:
    return _hasher.hash(password)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher.hash(secrets.token_urlsafe(16))


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Check a password; an unknown user costs the same time as a known one (no user enumeration)."""
    try:
        ok = _hasher.verify(stored_hash or _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return False
    return ok and stored_hash is not None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def issue_tokens(session: Session, user: User, *, client_id: str, settings: Settings) -> TokenPair:
    """A new access token and refresh token for `user` on device `client_id`; only their hashes are kept."""
    now = settings.clock()
    access = "ahspa_" + secrets.token_urlsafe(32)
    refresh = "ahspr_" + secrets.token_urlsafe(32)
    for token, kind, ttl in (("access", access, settings.access_ttl), ("refresh", refresh, settings.refresh_ttl)):
        session.add(
            AuthToken(
                token_hash=token_hash(kind),
                user_id=user.id,
                kind=token,
                client_id=client_id,
                expires_at=now + ttl,
                revoked=False,
                created_at=now,
            )
        )
    return TokenPair(
        access_token=access,
        refresh_token=refresh,
        expires_in=int(settings.access_ttl.total_seconds()),
        refresh_expires_in=int(settings.refresh_ttl.total_seconds()),
        user_id=user.id,
        username=user.username,
    )


def _live_token(session: Session, token: str, kind: str, now: datetime) -> tuple[AuthToken, User] | None:
    stmt = (
        select(AuthToken, User)
        .join(User, User.id == AuthToken.user_id)
        .where(AuthToken.token_hash == token_hash(token))
    )
    found = session.execute(stmt).first()
    if found is None:
        return None
    row, user = found
    if row.kind != kind or row.revoked or row.expires_at <= now or not user.is_active:
        return None
    return row, user


ACCESS_TOKEN = (
    select(
        AuthToken.kind,
        AuthToken.revoked,
        AuthToken.expires_at,
        AuthToken.client_id,
        AuthToken.token_hash,
        User.id.label("user_id"),
        User.username,
        User.is_active,
    )
    .join(User, User.id == AuthToken.user_id)
    .where(AuthToken.token_hash == bindparam("token_hash"))
)
"""The columns `principal_of` needs for a token, by its hash (parameter `token_hash`). Built once: building
a statement costs more than running it; plain columns, so no ORM objects are made."""


def principal_of(row: Row[*tuple[Any, ...]] | None, now: datetime) -> Principal | None:
    """The principal of a row of `ACCESS_TOKEN`, if it is a live access token of an active user."""
    if row is None or row.kind != "access" or row.revoked or row.expires_at <= now or not row.is_active:
        return None
    return Principal(row.user_id, row.username, row.client_id, row.token_hash)


def authenticate(session: Session, token: str, now: datetime) -> Principal | None:
    """The principal of a live access token, or None (one query, read on every request: never cached, so a
    revoked or expired token is refused at once)."""
    return principal_of(session.execute(ACCESS_TOKEN, {"token_hash": token_hash(token)}).first(), now)


def refresh_tokens(session: Session, refresh_token: str, settings: Settings) -> TokenPair | None:
    """Rotate: the refresh token is spent and a new pair issued. A spent one presented again revokes the
    device's tokens (it was probably copied)."""
    found = _live_token(session, refresh_token, "refresh", settings.clock())
    if found is None:
        old = session.get(AuthToken, token_hash(refresh_token))
        if old is not None and old.kind == "refresh" and old.revoked:
            revoke_device_tokens(session, old.user_id, old.client_id)
        return None
    row, user = found
    row.revoked = True
    return issue_tokens(session, user, client_id=row.client_id, settings=settings)


def revoke(session: Session, principal: Principal, refresh_token: str | None) -> None:
    """Log out: the access token used and, if given, the caller's refresh token stop working."""
    hashes = [principal.token_hash]
    if refresh_token:
        hashes.append(token_hash(refresh_token))
    stmt = update(AuthToken).where(AuthToken.token_hash.in_(hashes), AuthToken.user_id == principal.user_id)
    session.execute(stmt.values(revoked=True))


def revoke_device_tokens(session: Session, user_id: str, client_id: str) -> None:
    stmt = update(AuthToken).where(AuthToken.user_id == user_id, AuthToken.client_id == client_id)
    session.execute(stmt.values(revoked=True))
