"""Every local edit of a linked project writes its outbox entry in the same SQLite transaction (SYNC.md
§1.2), linking queues the whole project, and no edit path writes synced rows around core.db.tracking."""

from __future__ import annotations

import ast
import json
import os
import stat
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from core.db import models as m
from core.db import tracking
from core.db.local_models import AuditEntry
from core.db.session import open_database, unit_of_work
from sync.client.credentials import Account, TokenStore
from sync.client.link import AlreadyLinked, link_project, local_only_projects
from tests.conftest import ROOT
from tests.sync.client.builders import edit, make_project, outbox, remove

pytestmark = [pytest.mark.db]


@pytest.fixture()
def local(template_db: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "ahsp.sqlite"
    path.write_bytes(template_db.read_bytes())
    db = open_database(path, migrate=False)
    yield db
    db.dispose()


def test_unlinked_projects_queue_nothing_and_linking_queues_every_row(local) -> None:
    lp = make_project(local, items=2)
    remove(local, "pekerjaan", lp.pekerjaan[1])  # a tombstone is uploaded too (insert + delete)
    assert outbox(local) == [] and local_only_projects(local) == [(lp.project, "Gedung Serbaguna")]
    queued = link_project(local, lp.project, server_url="http://server", client_id="device-1")
    entries = outbox(local)
    assert queued == len(entries) == 7 + 1
    assert (entries[0].table_name, entries[0].op, entries[0].row_id) == ("project", "insert", lp.project)
    assert [e.op for e in entries if e.row_id == lp.pekerjaan[1]] == ["insert", "delete"]
    assert all(json.loads(e.patch_json).get("notes", "") is not None for e in entries if e.table_name == "pekerjaan")
    with pytest.raises(AlreadyLinked):
        link_project(local, lp.project, server_url="http://server", client_id="device-1")
    assert local_only_projects(local) == []


def test_each_edit_and_its_outbox_entry_commit_or_roll_back_together(local) -> None:
    lp = make_project(local, items=1)
    link_project(local, lp.project, server_url="http://server", client_id="device-1")
    before = len(outbox(local))
    edit(local, "pekerjaan", lp.pekerjaan[0], volume=Decimal("2.500"))
    (entry,) = outbox(local)[before:]
    assert (entry.op, json.loads(entry.patch_json), json.loads(entry.base_values_json)) == (
        "update", {"volume": "2.500"}, {"volume": "10.000"})  # fmt: skip
    with pytest.raises(RuntimeError), unit_of_work(local, actor="t") as s:
        tracking.update(s, s.get(m.Pekerjaan, lp.pekerjaan[0]), {"volume": Decimal("9.000")})  # type: ignore[arg-type]
        s.flush()
        raise RuntimeError("the edit fails after its write")
    assert len(outbox(local)) == before + 1  # neither the edit nor its entry
    with unit_of_work(local, actor="t", source="sync") as s:  # pulled changes are never echoed back
        tracking.update(s, s.get(m.Pekerjaan, lp.pekerjaan[0]), {"satuan": "m2"})  # type: ignore[arg-type]
    assert len(outbox(local)) == before + 1
    with local.session() as s:
        groups = {a.tx_group for a in s.scalars(select(AuditEntry).where(AuditEntry.row_id == lp.pekerjaan[0]))}
        assert entry.tx_group in groups  # the audit entry and the outbox entry share the transaction


def test_services_edit_linked_projects_only_through_tracking(local) -> None:
    """Every write a service makes to a linked project has its outbox entry (checked by replaying them)."""
    from core.services import projects, tree

    lp = make_project(local, items=1)
    link_project(local, lp.project, server_url="http://server", client_id="device-1")
    start = len(outbox(local))
    with unit_of_work(local, actor="t") as s:
        projects.update_project(s, lp.project, {"lokasi": "Cimahi"})
    with unit_of_work(local, actor="t") as s:
        created = tree.add_klasifikasi(s, lp.project, nama="Struktur")
    with unit_of_work(local, actor="t") as s:
        tree.rename_klasifikasi(s, lp.klasifikasi, "Persiapan Lapangan")
    new = outbox(local)[start:]
    by_row = {(e.table_name, e.row_id): json.loads(e.patch_json) for e in new}
    assert by_row[("project", lp.project)] == {"lokasi": "Cimahi"}
    assert by_row[("klasifikasi", lp.klasifikasi)] == {"nama": "Persiapan Lapangan"}
    assert any(t == "klasifikasi" and op.get("nama") == "Struktur" for (t, _), op in by_row.items())
    assert created.rows


SYNCED = {model.__name__ for model in m.SYNCED_MODELS}
WRITES = {"add", "add_all", "delete", "merge", "bulk_save_objects", "bulk_insert_mappings", "bulk_update_mappings"}


def _direct_writes(path: Path) -> list[str]:
    """session.add/delete/merge of synced models, and Core insert/update/delete of synced tables."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        fn = node.func
        name = fn.attr if isinstance(fn, ast.Attribute) else fn.id if isinstance(fn, ast.Name) else ""
        args = [a for a in node.args if isinstance(a, (ast.Name, ast.Attribute, ast.Call))]
        text = " ".join(ast.unparse(a) for a in args)
        if name in ("update", "delete") and any(f"{model}" in text.split(".")[-1] for model in SYNCED):
            found.append(f"{path.name}:{node.lineno}: {ast.unparse(node)[:80]}")
        if name in WRITES and isinstance(fn, ast.Attribute) and any(model in text for model in SYNCED):
            found.append(f"{path.name}:{node.lineno}: {ast.unparse(node)[:80]}")
    return found


def test_no_edit_path_writes_synced_rows_around_tracking() -> None:
    """Services, importers and the desktop change synced rows only through core.db.tracking (bulk creation of
    brand-new, not yet linked projects in core.db.bulk/repositories is the one allowed exception)."""
    allowed = {ROOT / "core" / "db" / name for name in ("tracking.py", "bulk.py", "repositories.py")}
    offenders = []
    for folder in ("core", "desktop"):
        for path in (ROOT / folder).rglob("*.py"):
            if path not in allowed:
                offenders += _direct_writes(path)
    assert offenders == []


def test_tokens_live_in_a_user_only_file_never_in_the_database(tmp_path: Path, local) -> None:
    store = TokenStore(tmp_path / "config", use_keyring=False)
    store.save(Account("http://server", "budi", "u1", "device-1", "ahspa_secret", "ahspr_secret"))
    mode = stat.S_IMODE(os.stat(store.path).st_mode)
    assert mode == 0o600
    loaded = store.load("http://server/")
    assert loaded is not None and (loaded.access_token, loaded.refresh_token) == ("ahspa_secret", "ahspr_secret")
    assert "secret" not in repr(loaded)
    assert b"ahspr_secret" not in Path(local.path).read_bytes()
    store.forget_tokens("http://server")
    assert store.load("http://server").signed_in is False  # type: ignore[union-attr]
    assert store.load("http://server").client_id == "device-1"  # type: ignore[union-attr]
