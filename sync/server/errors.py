"""Whole-request errors of the sync API, turned into `ErrorBody` replies by the app."""

from __future__ import annotations

from typing import Any

from sync.protocol import ErrorBody


class ApiError(Exception):
    """An error reply: status code, a human-readable detail and optional headers (Retry-After...)."""

    def __init__(self, status: int, detail: str, *, headers: dict[str, str] | None = None, resync: bool = False):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers or {}
        self.resync = resync


def not_found() -> ApiError:
    return ApiError(404, "Proyek tidak ditemukan")


def unauthorized() -> ApiError:
    return ApiError(401, "Perlu masuk (token tidak sah atau kedaluwarsa)", headers={"WWW-Authenticate": "Bearer"})


def gone() -> ApiError:
    return ApiError(410, "Perlu sinkron ulang penuh (epoch berubah atau log sudah dipangkas)", resync=True)


def responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for the given error codes (plus those any request can get)."""
    every = {400, 401, 413, 422, 503}
    return {code: {"model": ErrorBody} for code in sorted(every | set(codes))}
