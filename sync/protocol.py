"""Wire types of the sync protocol (SYNC.md §1.4) and their JSON codec, shared by the server and the client.

Plain dataclasses and the standard library only: the client (requests) and the server (FastAPI, which
reads these same classes for its OpenAPI schema) import this module, and nothing here depends on either.
Field values of rows travel as JSON made by `core.db.codec.encode`: decimals as plain strings, dates in
ISO 8601. `to_json(obj)` gives a JSON-ready dict (None fields left out); `from_json(cls, data)` checks
types strictly and raises `ProtocolError`.

Semantics the client relies on:
- A mutation's `base_version` is the row's last server version seen by the client (0 = never on a server).
  Changes made since then by *the same client* are not conflicts: its later edits already include them.
- An `update` of a tombstoned row conflicts (`deleted_remotely`) unless its `base_version` equals the
  tombstone's version: a client that has seen the delete and still edits the row restores it.
- `applied` with `seq` None means nothing needed to change (the server already had those values).
- Changes and snapshot rows carry the row `version`; apply one only if it is newer than the local copy.
  So take an `applied` result's `new_version` for the local row only when it is one above the version the
  row holds: a bigger step means others' changes were merged in between, and the pull must bring them.
- A snapshot is read page by page at different moments: after its last page, pull `changes` since the
  returned `snapshot_seq` to catch up; rows already newer locally are skipped by version.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

PROTOCOL_VERSION = 1
PREFIX = "/sync/v1"

MAX_BODY_BYTES = 10 * 1024 * 1024
"""Largest request body the server reads (413 beyond)."""
MAX_MUTATIONS_PER_PUSH = 1000
"""Mutations per push request, over all groups (413 beyond). The client sends batches of about 200."""
MAX_PAGE = 5000
"""Largest `limit` of a changes or snapshot page."""
MAX_ID_LENGTH = 36

Op = Literal["insert", "update", "delete"]
ChangeOp = Literal["insert", "update", "delete", "restore"]
Status = Literal["applied", "duplicate", "conflict", "rejected", "blocked"]
ConflictKind = Literal["field", "deleted_remotely", "modified_remotely", "insert_collision"]
RejectReason = Literal["validation", "permission"]
Role = Literal["owner", "editor", "viewer"]
MemberRole = Literal["editor", "viewer"]


class ProtocolError(ValueError):
    """A JSON document that does not have the shape of the protocol type it should be."""


# --- push ---------------------------------------------------------------------------------------------


@dataclass
class Mutation:
    """One change of one row: the changed fields' new values (`patch`) and old values (`base_values`)."""

    mutation_id: str
    table: str
    row_id: str
    op: Op
    base_version: int = 0
    patch: dict[str, Any] = field(default_factory=dict)
    base_values: dict[str, Any] = field(default_factory=dict)


@dataclass
class Group:
    """The mutations of one local transaction: the server applies all of them or none."""

    tx_group: str
    mutations: list[Mutation] = field(default_factory=list)


@dataclass
class PushRequest:
    client_id: str
    schema_version: int
    groups: list[Group] = field(default_factory=list)


@dataclass
class FieldProblem:
    path: str
    message: str


@dataclass
class MutationResult:
    """The outcome of one mutation; which fields are set depends on `status` (SYNC.md §1.4)."""

    mutation_id: str
    status: Status
    new_version: int | None = None
    seq: int | None = None
    original: MutationResult | None = None
    kind: ConflictKind | None = None
    fields: list[str] | None = None
    base_values: dict[str, Any] | None = None
    mine: dict[str, Any] | None = None
    server_values: dict[str, Any] | None = None
    server_version: int | None = None
    server_updated_by: str | None = None
    server_updated_at: str | None = None
    reason: RejectReason | None = None
    message: str | None = None
    problems: list[FieldProblem] | None = None
    depends_on: list[str] | None = None


@dataclass
class PushResponse:
    results: list[MutationResult]
    last_seq: int
    epoch: str


# --- pull ---------------------------------------------------------------------------------------------


@dataclass
class Change:
    """One entry of a project's change log. `fields` holds the new values (all fields for insert/restore)."""

    seq: int
    table: str
    row_id: str
    op: ChangeOp
    version: int
    fields: dict[str, Any]
    updated_by: str
    updated_at: str
    mutation_id: str | None = None
    tx_id: str = ""


@dataclass
class ChangesPage:
    changes: list[Change]
    next_since: int
    has_more: bool
    epoch: str
    last_seq: int


@dataclass
class SnapshotRow:
    table: str
    id: str
    version: int
    deleted: bool
    fields: dict[str, Any]
    updated_by: str
    updated_at: str


@dataclass
class SnapshotPage:
    """`next_page_token` is None on the last page, which alone carries `snapshot_seq`."""

    rows: list[SnapshotRow]
    epoch: str
    next_page_token: str | None = None
    snapshot_seq: int | None = None


@dataclass
class TableChecksum:
    rows: int
    deleted: int
    checksum: str


@dataclass
class ChecksumResponse:
    """Per table: live rows, tombstones, and `row_checksum` of the live rows' (id, version)."""

    tables: dict[str, TableChecksum]
    last_seq: int
    epoch: str


# --- projects, meta, auth, members ----------------------------------------------------------------------


@dataclass
class ProjectEntry:
    id: str
    nama: str
    kode: str
    role: Role
    epoch: str
    last_seq: int
    deleted: bool = False


@dataclass
class ProjectList:
    projects: list[ProjectEntry]


@dataclass
class Meta:
    server_time: str
    protocol_version: int
    schema_min: int
    schema_max: int
    build: str


@dataclass
class LoginRequest:
    username: str
    password: str
    client_id: str = ""
    app_version: str = ""


@dataclass
class RefreshRequest:
    refresh_token: str


@dataclass
class LogoutRequest:
    refresh_token: str | None = None


@dataclass
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int
    refresh_expires_in: int
    user_id: str
    username: str
    token_type: str = "bearer"


@dataclass
class MemberRequest:
    username: str
    role: MemberRole


@dataclass
class Member:
    username: str
    role: Role


@dataclass
class MemberList:
    members: list[Member]


@dataclass
class ErrorBody:
    """Every error reply. `resync` is "required" on 410; `detail` is a list for request-shape errors."""

    detail: str | list[dict[str, Any]]
    resync: str | None = None


# --- helpers ----------------------------------------------------------------------------------------------


def payload_hash(project_id: str, mutation: Mutation) -> str:
    """What makes a mutation the same logical edit: project, table, row, op and patch (not its base).

    A pending mutation rebased after a pull keeps its id and hash, so its retry is still a duplicate.
    """
    doc = [project_id, mutation.table, mutation.row_id, mutation.op, mutation.patch]
    raw = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(raw.encode()).hexdigest()


def row_checksum(pairs: Iterable[tuple[str, int]]) -> str:
    """Order-independent checksum of (id, version) pairs: the sum of their hashes mod 2**64, as hex."""
    total = 0
    for row_id, version in pairs:
        digest = hashlib.sha256(f"{row_id}:{version}".encode()).digest()
        total = (total + int.from_bytes(digest[:8], "big")) % (1 << 64)
    return f"{total:016x}"


def to_json(obj: Any) -> Any:
    """A protocol object as JSON-ready data; fields that are None are left out."""
    if type(obj) in _PLAIN:
        return obj
    cls: type = type(obj)  # as plain `type`: mypy does not see a type[Any] as Hashable for the cache
    names = _field_names(cls)
    if names is not None:
        return {name: to_json(v) for name in names if (v := getattr(obj, name)) is not None}
    if isinstance(obj, list):
        return [to_json(v) for v in obj]
    if isinstance(obj, dict):
        return {k: to_json(v) for k, v in obj.items()}
    return obj


_PLAIN = frozenset({str, int, float, bool, type(None)})


@functools.cache
def _field_names(cls: type) -> tuple[str, ...] | None:
    """The field names of a dataclass (None for any other class), looked up once per class."""
    return tuple(f.name for f in dataclasses.fields(cls)) if dataclasses.is_dataclass(cls) else None


T = TypeVar("T")


def from_json(cls: type[T], data: Any) -> T:
    """Build a protocol object from JSON data, checking every field's type."""
    return typing.cast(T, _read(cls, data, cls.__name__))


def _read(tp: Any, value: Any, path: str) -> Any:
    origin = typing.get_origin(tp)
    if tp is Any:
        return value
    if dataclasses.is_dataclass(tp):
        return _read_dataclass(tp, value, path)
    if origin is Literal:
        if value not in typing.get_args(tp):
            raise ProtocolError(f"{path}: {value!r} is not one of {typing.get_args(tp)}")
        return value
    if origin in (typing.Union, types.UnionType):
        return _read_union(tp, value, path)
    if origin is list:
        if not isinstance(value, list):
            raise ProtocolError(f"{path}: expected a list")
        (item,) = typing.get_args(tp)
        return [_read(item, v, f"{path}[{i}]") for i, v in enumerate(value)]
    if origin is dict:
        if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
            raise ProtocolError(f"{path}: expected an object")
        _, item = typing.get_args(tp)
        return {k: _read(item, v, f"{path}.{k}") for k, v in value.items()}
    return _read_scalar(tp, value, path)


def _read_union(tp: Any, value: Any, path: str) -> Any:
    errors = []
    for option in typing.get_args(tp):
        if option is type(None):
            if value is None:
                return None
            continue
        try:
            return _read(option, value, path)
        except ProtocolError as exc:
            errors.append(str(exc))
    raise ProtocolError("; ".join(errors) or f"{path}: expected null")


def _read_scalar(tp: Any, value: Any, path: str) -> Any:
    ok = isinstance(value, tp) and not (tp is int and isinstance(value, bool))
    if not ok:
        raise ProtocolError(f"{path}: expected {tp.__name__}")
    return value


def _read_dataclass(cls: Any, value: Any, path: str) -> Any:
    if not isinstance(value, dict):
        raise ProtocolError(f"{path}: expected an object")
    kwargs = {}
    for name, hint, required in _field_types(cls):
        if name in value:
            kwargs[name] = _read(hint, value[name], f"{path}.{name}")
        elif required:
            raise ProtocolError(f"{path}.{name}: missing")
    return cls(**kwargs)


@functools.cache
def _field_types(cls: type) -> tuple[tuple[str, Any, bool], ...]:
    """(name, type, required) of each field of a dataclass, resolved once per class."""
    hints = typing.get_type_hints(cls)
    return tuple(
        (f.name, hints[f.name], f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING)
        for f in dataclasses.fields(cls)
    )
