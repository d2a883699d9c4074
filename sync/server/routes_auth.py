"""POST /auth/login, /auth/refresh, /auth/logout."""

from __future__ import annotations

import logging
import re
from typing import Annotated

from fastapi import APIRouter, Body, Depends, Request, Response
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sync.protocol import LoginRequest, LogoutRequest, RefreshRequest, TokenPair
from sync.server import auth, throttle
from sync.server.auth import Principal
from sync.server.config import Settings
from sync.server.deps import ID_REGEX, db_session, principal, settings
from sync.server.errors import ApiError, responses, unauthorized
from sync.server.users import find_user, register_device

log = logging.getLogger("ahsp.server.auth")
router = APIRouter(prefix="/auth", tags=["auth"])

SessionDep = Annotated[Session, Depends(db_session)]
SettingsDep = Annotated[Settings, Depends(settings)]


def _storable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in text


def _valid_login(body: LoginRequest) -> bool:
    if not all(_storable(t) for t in (body.username, body.password, body.app_version)):
        return False
    if body.client_id and not re.match(ID_REGEX, body.client_id):
        return False
    return 0 < len(body.username) <= 100 and len(body.password) <= 1024 and len(body.app_version) <= 50


@router.post("/login", response_model=TokenPair, responses=responses(403, 429))
def login(body: LoginRequest, request: Request, session: SessionDep, config: SettingsDep) -> TokenPair:
    """Exchange a user name and password for an access token and a refresh token."""
    if not _valid_login(body):
        raise ApiError(422, "Nama pengguna, kata sandi atau client_id tidak sah")
    address = (request.client.host if request.client else "unknown")[:64]
    wait = throttle.retry_after(session, body.username, address, config)
    if wait:
        raise ApiError(429, "Terlalu banyak percobaan masuk; coba lagi nanti", headers={"Retry-After": str(wait)})
    user = find_user(session, body.username)
    if user is None or not auth.verify_password(user.password_hash, body.password) or not user.is_active:
        throttle.record_failure(session, body.username, address, config)
        session.commit()
        log.info("login refused from %s", address)
        raise ApiError(401, "Nama pengguna atau kata sandi salah")
    if body.client_id and not _device_ok(session, body, user.id, config):
        raise ApiError(403, "Perangkat ini sudah dicabut; hubungi admin")
    throttle.clear_failures(session, body.username, address, config)
    pair = auth.issue_tokens(session, user, client_id=body.client_id, settings=config)
    session.commit()
    return pair


def _device_ok(session: Session, body: LoginRequest, user_id: str, config: Settings) -> bool:
    try:
        with session.begin_nested():
            return register_device(
                session, client_id=body.client_id, user_id=user_id, app_version=body.app_version, settings=config
            )
    except IntegrityError:  # the same new device signing in twice at once: the other one registered it
        return True


@router.post("/refresh", response_model=TokenPair, responses=responses())
def refresh(body: RefreshRequest, session: SessionDep, config: SettingsDep) -> TokenPair:
    """Spend a refresh token for a new token pair."""
    if len(body.refresh_token) > 200 or "\x00" in body.refresh_token:
        raise unauthorized()
    pair = auth.refresh_tokens(session, body.refresh_token, config)
    session.commit()
    if pair is None:
        raise unauthorized()
    return pair


@router.post("/logout", status_code=204, response_class=Response, responses=responses())
def logout(
    caller: Annotated[Principal, Depends(principal)],
    session: SessionDep,
    body: Annotated[LogoutRequest | None, Body()] = None,
) -> Response:
    """Revoke the access token used and, if given, the refresh token."""
    token = body.refresh_token if body is not None else None
    auth.revoke(session, caller, token if token and len(token) <= 200 and "\x00" not in token else None)
    session.commit()
    return Response(status_code=204)
