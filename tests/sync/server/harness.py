"""Test harness for the sync server: users, a tiny API client over any transport, mutation builders.

`Api` speaks the wire protocol through FastAPI's TestClient (in-process) or a `requests.Session` against
a real uvicorn; tests read the same either way. Users get a cheap argon2 hash so logins stay fast; the
real hashing path is covered by the security tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from sqlalchemy import func, select

from core.db.session import Database
from core.ids import new_id
from sync.protocol import PREFIX
from sync.server.models import AppliedMutation, ChangeLog, User

PASSWORD = "kata-sandi-rahasia-42"
_CHEAP_HASH = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(PASSWORD)


class FakeClock:
    """A clock the test moves forward (token expiry, login delays) instead of sleeping."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def add_user(db: Database, username: str | None = None) -> str:
    """A user with the test password; returns the user name."""
    name = username or f"u-{new_id()[-12:]}"
    with db.session() as session, session.begin():
        session.add(User(id=new_id(), username=name, password_hash=_CHEAP_HASH, display_name=name))
    return name


def mut(table: str, row_id: str, op: str = "update", patch: dict[str, Any] | None = None, **kw: Any) -> dict[str, Any]:
    """A mutation as JSON: base_version and base_values default to a fresh row."""
    return {
        "mutation_id": kw.get("mutation_id") or new_id(),
        "table": table,
        "row_id": row_id,
        "op": op,
        "base_version": kw.get("base_version", 0),
        "patch": patch or {},
        "base_values": kw.get("base_values", {}),
    }


def group(*mutations: dict[str, Any]) -> dict[str, Any]:
    return {"tx_group": new_id(), "mutations": list(mutations)}


def project_patch(**over: Any) -> dict[str, Any]:
    base = {
        "nama": "Gedung Serbaguna",
        "sumber_dana": "APBD",
        "lokasi": "Bandung",
        "nama_client": "Dinas PU",
        "tanggal_mulai": "2026-01-05",
        "tanggal_selesai": "2026-06-28",
    }
    return base | over


@dataclass
class Seed:
    """Ids of a small project: one work item with a volume, two priced items and one detail row."""

    project: str = field(default_factory=new_id)
    pricing: str = field(default_factory=new_id)
    klasifikasi: str = field(default_factory=new_id)
    sub: str = field(default_factory=new_id)
    pekerjaan: str = field(default_factory=new_id)
    pekerjaan2: str = field(default_factory=new_id)
    harga: str = field(default_factory=new_id)
    detail: str = field(default_factory=new_id)
    epoch: str = ""

    def mutations(self) -> list[dict[str, Any]]:
        return [
            mut("project", self.project, "insert", project_patch()),
            mut("pricing", self.pricing, "insert", {}),
            mut("klasifikasi", self.klasifikasi, "insert", {"nama": "Pekerjaan Persiapan", "sort_key": "a"}),
            mut(
                "sub_klasifikasi",
                self.sub,
                "insert",
                {"klasifikasi_id": self.klasifikasi, "nama": "Umum", "sort_key": "a"},
            ),
            mut("pekerjaan", self.pekerjaan, "insert", _pekerjaan(self.sub, "CUST-0001", "10.000")),
            mut("pekerjaan", self.pekerjaan2, "insert", _pekerjaan(self.sub, "CUST-0002", "5.000")),
            mut(
                "harga_item",
                self.harga,
                "insert",
                {"kode": "TK-0001", "kategori": "TK", "uraian": "Pekerja", "satuan": "OH", "harga_satuan": "150000.00"},
            ),
            mut(
                "detail_row",
                self.detail,
                "insert",
                {
                    "pekerjaan_id": self.pekerjaan,
                    "kategori": "TK",
                    "kode": "TK-0001",
                    "uraian": "Pekerja",
                    "satuan": "OH",
                    "koefisien": "0.500000",
                    "sort_key": "a",
                },
            ),
        ]


def _pekerjaan(sub: str, kode: str, volume: str) -> dict[str, Any]:
    return {
        "sub_klasifikasi_id": sub,
        "kode": kode,
        "uraian": f"Pekerjaan {kode}",
        "satuan": "m3",
        "volume": volume,
        "sort_key": kode,
    }


class Api:
    """One device of one user talking to the server: `send(method, path, **kwargs)` is the transport."""

    def __init__(self, send: Callable[..., Any], client_id: str | None = None) -> None:
        self.send = send
        self.client_id = client_id or new_id()
        self.token = ""
        self.refresh_token = ""
        self.username = ""

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def login(self, username: str, password: str = PASSWORD) -> Any:
        r = self.send(
            "POST", "/auth/login", json={"username": username, "password": password, "client_id": self.client_id}
        )
        if r.status_code == 200:
            self.token, self.refresh_token = r.json()["access_token"], r.json()["refresh_token"]
            self.username = username
        return r

    def get(self, path: str, **params: Any) -> Any:
        return self.send("GET", PREFIX + path, params=params or None, headers=self.headers)

    def post(self, path: str, body: Any) -> Any:
        return self.send("POST", PREFIX + path, json=body, headers=self.headers)

    def push(self, pid: str, *groups: dict[str, Any], schema_version: int = 1) -> Any:
        body = {"client_id": self.client_id, "schema_version": schema_version, "groups": list(groups)}
        return self.post(f"/projects/{pid}/push", body)

    def push_ok(self, pid: str, *groups: dict[str, Any]) -> list[dict[str, Any]]:
        r = self.push(pid, *groups)
        assert r.status_code == 200, r.text
        return list(r.json()["results"])

    def changes(self, pid: str, since: int, epoch: str, limit: int = 500) -> Any:
        return self.get(f"/projects/{pid}/changes", since=since, epoch=epoch, limit=limit)

    def pull_all(self, pid: str, since: int, epoch: str, limit: int = 500) -> tuple[list[dict[str, Any]], int]:
        """Every change after `since`, page by page; returns them and the final cursor."""
        out: list[dict[str, Any]] = []
        while True:
            r = self.changes(pid, since, epoch, limit)
            assert r.status_code == 200, r.text
            page = r.json()
            out += page["changes"]
            since = page["next_since"]
            if not page["has_more"]:
                return out, since

    def seed(self, seed: Seed | None = None) -> Seed:
        """Upload a new small project (the caller becomes its owner)."""
        seed = seed or Seed()
        results = self.push_ok(seed.project, group(*seed.mutations()))
        assert {r["status"] for r in results} == {"applied"}, results
        seed.epoch = self.project(seed.project)["epoch"]
        return seed

    def project(self, pid: str) -> dict[str, Any]:
        listed = self.get("/projects").json()["projects"]
        return next(p for p in listed if p["id"] == pid)

    def row(self, pid: str, table: str, row_id: str) -> dict[str, Any]:
        """The server's current copy of a row, read through a full snapshot."""
        token = None
        while True:
            params = {"limit": 5000} | ({"page_token": token} if token else {})
            page = self.get(f"/projects/{pid}/snapshot", **params).json()
            for row in page["rows"]:
                if row["table"] == table and row["id"] == row_id:
                    return dict(row)
            token = page.get("next_page_token")
            if not token:
                raise KeyError(row_id)

    def share(self, pid: str, username: str, role: str) -> Any:
        return self.post(f"/projects/{pid}/members", {"username": username, "role": role})


def log_entries(db: Database, pid: str) -> list[ChangeLog]:
    with db.session() as session:
        return list(session.scalars(select(ChangeLog).where(ChangeLog.project_id == pid).order_by(ChangeLog.seq)))


def applied_count(db: Database, mutation_ids: list[str]) -> int:
    with db.session() as session:
        stmt = select(func.count()).select_from(AppliedMutation).where(AppliedMutation.mutation_id.in_(mutation_ids))
        return int(session.execute(stmt).scalar_one())
