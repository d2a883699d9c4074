"""What can go wrong talking to the sync server, sorted by what the client does about it (SYNC.md §1.4).

`Transient` errors (network, timeouts, 5xx, 429, 409 in flight, a cut or garbled body) are retried with
back-off; everything else is final for the request: the caller decides (refresh the token, resync,
reject a project's mutations, stop syncing until the app is updated).
"""

from __future__ import annotations


class SyncError(Exception):
    """Base of every sync client error. `message` is meant for people (Indonesian where it reaches the UI)."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


class Transient(SyncError):
    """Worth retrying later: the server did not (or may not) have handled the request."""

    def __init__(self, message: str, *, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(message, status=status)
        self.retry_after = retry_after


class Offline(Transient):
    """No answer at all: connection refused or dropped, DNS failure, timeout."""


class ServerFailed(Transient):
    """A 5xx answer: the server tried and failed (counts towards marking a mutation stuck)."""


class Unauthorized(SyncError):
    """401: the access token is missing, expired or revoked."""


class SignInRequired(SyncError):
    """The refresh token no longer works either: the user must sign in again (the outbox is kept)."""


class Forbidden(SyncError):
    """403: access to this project was revoked (or the device was)."""


class NotFound(SyncError):
    """404: the project is not on the server, or the user was never a member."""


class ResyncRequired(SyncError):
    """410: the server's epoch changed or the log was trimmed below our cursor: download again."""


class UpgradeRequired(SyncError):
    """426: this app's schema is older than the server accepts: stop syncing and update the app."""


class RequestRefused(SyncError):
    """400/412/413/422 and other final answers: a client bug or a request the server will never accept."""
