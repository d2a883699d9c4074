"""Where a signed-in account lives between runs: the tokens in the OS keyring when one works, otherwise in
a file only the user can read (0600) in the per-user config folder. Never in the SQLite database, never in
logs (an `Account`'s repr hides the tokens).

`AHSP_CONFIG_DIR` overrides the folder (tests, portable installs).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.db.session import APP_NAME
from core.ids import new_id

KEYRING_SERVICE = "AHSP Desktop sync"
FILE_NAME = "sync-accounts.json"


@dataclass
class Account:
    """One user on one server, on this device (`client_id` is the device id the server registered)."""

    server_url: str
    username: str
    user_id: str = ""
    client_id: str = field(default_factory=new_id)
    access_token: str = field(default="", repr=False)
    refresh_token: str = field(default="", repr=False)

    @property
    def signed_in(self) -> bool:
        return bool(self.refresh_token or self.access_token)


def config_dir() -> Path:
    env = os.environ.get("AHSP_CONFIG_DIR")
    if env:
        return Path(env)
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False))


def _working_keyring() -> Any | None:
    """The keyring module if it is installed and has a real backend (not the fail or null one)."""
    if os.environ.get("AHSP_NO_KEYRING"):
        return None
    try:
        import keyring
        from keyring.backends import fail
    except Exception:  # not installed, or a broken backend import
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:
        return None
    name = type(backend).__module__ + "." + type(backend).__name__
    if (
        isinstance(backend, fail.Keyring)
        or "null" in name.lower()
        or ("chainer" in name.lower() and not backend.backends)
    ):
        return None
    return keyring


class TokenStore:
    """Accounts per server URL. Tokens go to the keyring when `use_keyring` (default: when one works)."""

    def __init__(self, directory: Path | None = None, *, use_keyring: bool | None = None) -> None:
        self.directory = directory or config_dir()
        self.keyring = _working_keyring() if use_keyring is not False else None

    @property
    def path(self) -> Path:
        return self.directory / FILE_NAME

    def load(self, server_url: str) -> Account | None:
        doc = self._read().get(_key(server_url))
        if not isinstance(doc, dict):
            return None
        account = Account(
            server_url=server_url,
            username=str(doc.get("username", "")),
            user_id=str(doc.get("user_id", "")),
            client_id=str(doc.get("client_id") or new_id()),
        )
        account.access_token, account.refresh_token = self._secrets(account, doc)
        return account

    def save(self, account: Account) -> None:
        docs = self._read()
        doc: dict[str, Any] = {
            "username": account.username,
            "user_id": account.user_id,
            "client_id": account.client_id,
        }
        secret = json.dumps({"access": account.access_token, "refresh": account.refresh_token})
        if self.keyring is not None:
            self.keyring.set_password(KEYRING_SERVICE, _secret_name(account), secret)
        else:
            doc["tokens"] = secret
        docs[_key(account.server_url)] = doc
        self._write(docs)

    def forget_tokens(self, server_url: str) -> None:
        """Sign out: the tokens go; the device id stays so the server keeps recognising this laptop."""
        account = self.load(server_url)
        if account is None:
            return
        account.access_token = account.refresh_token = ""
        self.save(account)

    def known_servers(self) -> list[str]:
        return sorted(self._read())

    def _secrets(self, account: Account, doc: dict[str, Any]) -> tuple[str, str]:
        raw = doc.get("tokens")
        if self.keyring is not None:
            raw = self.keyring.get_password(KEYRING_SERVICE, _secret_name(account)) or raw
        try:
            tokens = json.loads(raw) if isinstance(raw, str) else {}
        except ValueError:
            tokens = {}
        return str(tokens.get("access", "")), str(tokens.get("refresh", ""))

    def _read(self) -> dict[str, Any]:
        try:
            doc = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return doc if isinstance(doc, dict) else {}

    def _write(self, docs: dict[str, Any]) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(docs, fh, indent=1)
        os.chmod(tmp, 0o600)
        os.replace(tmp, self.path)


def _key(server_url: str) -> str:
    return server_url.rstrip("/")


def _secret_name(account: Account) -> str:
    return f"{_key(account.server_url)}|{account.username}"
