"""The user-facing failure of an `ahsp` command (its own module so `python -m core.cli.main` sees one class)."""

from __future__ import annotations


class CliError(Exception):
    """Printed to stderr as `ahsp: message`, exit status 1 (or `status`)."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status
