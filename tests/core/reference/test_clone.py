"""Cloning library AHSP into projects: ref is read-only, ref_modified edits and resets, bundles resolve,
prices stay empty until set, codes never repeat after deletions, suspect coefficients stay flagged."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from core.db import tracking
from core.db.local_models import AuditEntry
from core.db.models import DetailRow, HargaItem, Pekerjaan, ProjectAhsp
from core.db.repositories import load_project_data
from core.db.session import Database, unit_of_work
from core.exchange import export_document
from core.reference import decide, delete_source, import_library_json
from core.services.clone import (
    CloneError,
    ReadOnlyPekerjaan,
    clone_ahsp,
    ensure_editable,
    make_ref_modified,
    reset_to_reference,
    suspect_flags,
)
from tests.core.reference.conftest import project_with_sub

pytestmark = pytest.mark.db


def _clone(db: Database, pid: str, sub: str, kode: str, source_type: str = "ref", **options: object) -> str:
    with unit_of_work(db, actor="test") as session:
        return clone_ahsp(
            session,
            project_id=pid,
            sub_klasifikasi_id=sub,
            sumber=options.pop("sumber", "Uji 1"),  # type: ignore[arg-type]
            kode_ahsp=kode,
            source_type=source_type,
            **options,
        )  # type: ignore[arg-type]


def _rows(db: Database, pekerjaan_id: str) -> list[tuple[str, str, Decimal]]:
    with db.session() as session:
        rows = sorted(tracking.live(session, DetailRow, pekerjaan_id=pekerjaan_id), key=lambda r: r.sort_key)
        return [(r.kategori, r.kode, r.koefisien) for r in rows]


def test_ref_clone_copies_rows_upserts_items_without_price_and_is_read_only(project: tuple[Database, str, str]) -> None:
    db, pid, sub = project
    work = _clone(db, pid, sub, "1.2")
    assert _rows(db, work) == [("TK", "TK.0001", Decimal("1.65")), ("BHN", "B.0001", Decimal("371")),
                               ("BHN", "B.0002", Decimal("83349")), ("ALT", "PR.0001", Decimal("0.25"))]  # fmt: skip
    with db.session() as session:
        p = session.get(Pekerjaan, work)
        assert p is not None and (p.kode, p.source_type, p.ref_kode_ahsp, p.ref_sumber) == (
            "1.2",
            "ref",
            "1.2",
            "Uji 1",
        )
        assert p.uraian == "Beton fc' 25 MPa"
        items = {h.kode: (h.kategori, h.harga_satuan) for h in tracking.live(session, HargaItem, project_id=pid)}
        assert items == {
            "TK.0001": ("TK", None),
            "B.0001": ("BHN", None),
            "B.0002": ("BHN", None),
            "PR.0001": ("ALT", None),
        }
        tables = set(session.scalars(select(AuditEntry.table_name).where(AuditEntry.project_id == pid)))
        assert {"pekerjaan", "detail_row", "harga_item"} <= tables
        with pytest.raises(ReadOnlyPekerjaan, match="tidak dapat diubah"):
            ensure_editable(session, work)


def test_codes_never_repeat_after_deletions(project: tuple[Database, str, str]) -> None:
    db, pid, sub = project
    first = _clone(db, pid, sub, "1.1", "ref_modified")
    second = _clone(db, pid, sub, "1.2", "ref_modified")
    customs = [_clone(db, pid, sub, "1.3", "custom") for _ in range(2)]
    with unit_of_work(db) as session:
        for pekerjaan_id in (second, customs[1]):
            row = session.get(Pekerjaan, pekerjaan_id)
            assert row is not None
            tracking.delete(session, row)
    third = _clone(db, pid, sub, "1.2", "ref_modified")
    custom = _clone(db, pid, sub, "1.1", "custom")
    with db.session() as session:
        kodes = {i: session.get(Pekerjaan, i).kode for i in (first, third, customs[0], custom)}  # type: ignore[union-attr]
    assert kodes == {first: "mod.1-1.1", third: "mod.3-1.2", customs[0]: "CUST-0001", custom: "CUST-0003"}


def test_ref_modified_edits_and_resets_to_the_reference(project: tuple[Database, str, str]) -> None:
    db, pid, sub = project
    work = _clone(db, pid, sub, "1.2")
    original = _rows(db, work)
    with unit_of_work(db) as session:
        assert make_ref_modified(session, work) == "mod.1-1.2"
        ensure_editable(session, work)
        rows = tracking.live(session, DetailRow, pekerjaan_id=work)
        tracking.update(session, rows[0], {"koefisien": Decimal("9.000000")})
        tracking.delete(session, rows[1])
    assert _rows(db, work) != original
    with unit_of_work(db) as session:
        reset_to_reference(session, work)
        with pytest.raises(CloneError, match="bukan 'ref'"):
            make_ref_modified(session, work)
    assert _rows(db, work) == original
    with db.session() as session:
        assert session.get(Pekerjaan, work).kode == "mod.1-1.2"  # type: ignore[union-attr]
    with unit_of_work(db) as session:
        delete_source(session, "Uji 1")
    with unit_of_work(db) as session, pytest.raises(CloneError, match="tidak ada di pustaka"):
        reset_to_reference(session, work)


def test_prices_stay_empty_until_set_and_are_never_overwritten(project: tuple[Database, str, str]) -> None:
    db, pid, sub = project
    _clone(db, pid, sub, "1.1")
    with unit_of_work(db) as session:
        (pekerja,) = tracking.live(session, HargaItem, project_id=pid, kode="TK.0001")
        tracking.update(session, pekerja, {"harga_satuan": Decimal("115000.00")})
    _clone(db, pid, sub, "1.3")
    with db.session() as session:
        prices = {h.kode: h.harga_satuan for h in tracking.live(session, HargaItem, project_id=pid)}
    assert prices == {"TK.0001": Decimal("115000.00"), "TK.0002": None, "B.0002": None}


def test_an_item_code_with_another_kategori_refuses_the_clone(project: tuple[Database, str, str]) -> None:
    db, pid, sub = project
    with unit_of_work(db) as session:
        tracking.insert(
            session, HargaItem(project_id=pid, kode="PR.0001", kategori="BHN", uraian="Molen", satuan="jam")
        )
    with pytest.raises(CloneError, match="kategori item tidak dapat diubah"):
        _clone(db, pid, sub, "1.2")
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Pekerjaan).where(Pekerjaan.project_id == pid)) == 0


def test_clone_places_after_a_work_item(project: tuple[Database, str, str]) -> None:
    db, pid, sub = project
    a, b = _clone(db, pid, sub, "1.1"), _clone(db, pid, sub, "1.2")
    c = _clone(db, pid, sub, "1.3", after_pekerjaan_id=a)
    with db.session() as session:
        assert [p.id for p in load_project_data(session, pid).pekerjaan] == [a, c, b]
    with pytest.raises(CloneError, match="tidak ada di pustaka"):
        _clone(db, pid, sub, "7.7")
    with pytest.raises(CloneError, match="jenis sumber"):
        _clone(db, pid, sub, "1.1", "salinan")


def _bundle_library(tmp_path: Path) -> Path:
    def line(kategori: str, kode: str, uraian: str, satuan: str, koef: str) -> dict[str, str]:
        return {
            "kategori": kategori,
            "kode_item": kode,
            "uraian_item": uraian,
            "satuan_item": satuan,
            "koefisien": koef,
        }

    doc = {"format": "ahsp-reference", "format_version": 1, "sumber": "Bundel", "ahsp": [
        {"kode_ahsp": "10.1", "nama_ahsp": "Pekerjaan gabungan", "satuan": "m2", "rincian": [
            line("TK", "TK-0001", "Pekerja", "OH", "0.5"), line("LAIN", "10.2", "Plesteran", "m2", "1")]},
        {"kode_ahsp": "10.2", "nama_ahsp": "Plesteran", "satuan": "m2", "rincian": [
            line("BHN", "B-0001", "Semen", "kg", "6.24"), line("LAIN", "10.3", "Acian", "m2", "1")]},
        {"kode_ahsp": "10.3", "nama_ahsp": "Acian", "satuan": "m2", "rincian": [line("TK", "TK-0002", "Tukang", "OH", "0.2")]},
    ]}  # fmt: skip
    path = tmp_path / "bundel.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_bundles_resolve_to_self_contained_project_copies(db: Database, tmp_path: Path) -> None:
    import_library_json(db, _bundle_library(tmp_path))
    pid, sub = project_with_sub(db)
    work = _clone(db, pid, sub, "10.1", sumber="Bundel")
    _clone(db, pid, sub, "10.1", "custom", sumber="Bundel")
    with db.session() as session:
        data = load_project_data(session, pid)
        copies = {a.kode_ahsp: a for a in data.reference_ahsp}
        assert set(copies) == {"10.2", "10.3"}  # reused by the second clone, nested bundle copied
        (bundle,) = [r for r in data.detail_rows if r.pekerjaan_id == work and r.kategori == "LAIN"]
        assert (
            bundle.bundle is not None and bundle.bundle.kind == "ahsp" and bundle.bundle.target_id == copies["10.2"].id
        )
        assert [ln.kode_item for ln in copies["10.2"].rincian] == ["B-0001", "10.3"]
        assert {h.kode: h.harga_satuan for h in data.harga_items} == {"TK-0001": None, "B-0001": None, "TK-0002": None}
        assert session.scalar(select(func.count()).select_from(ProjectAhsp)) == 2
    doc = export_document(db, pid)
    detail = doc["klasifikasi"][0]["sub_klasifikasi"][0]["pekerjaan"][0]["detail"]
    assert detail[1]["bundle"] == {"ahsp": "10.2"}


def test_suspect_coefficients_stay_flagged_in_the_project(project: tuple[Database, str, str]) -> None:
    db, pid, sub = project
    work = _clone(db, pid, sub, "1.2")
    edited = _clone(db, pid, sub, "1.2", "ref_modified")
    with unit_of_work(db) as session:
        (row,) = tracking.live(session, DetailRow, pekerjaan_id=edited, kode="B.0002")
        tracking.update(session, row, {"koefisien": Decimal("83.349000")})
    with db.session() as session:
        flags = suspect_flags(session, pid)
    assert set(flags) == {(work, "B.0002")}
    info = flags[(work, "B.0002")]
    assert info.status == "terbuka" and info.nilai_file == "83349" and "83.349" in info.message
    assert dict(info.kandidat)["bagi10000"] == Decimal("8.3349")
    with unit_of_work(db) as session:
        decide(session, sumber="Uji 1", kode_ahsp="1.2", item="B.0002", pilihan="bagi1000")
    fresh = _clone(db, pid, sub, "1.2")
    with db.session() as session:
        flags = suspect_flags(session, pid)
    assert set(flags) == {(work, "B.0002")} and flags[(work, "B.0002")].status == "diputuskan"
    assert flags[(work, "B.0002")].nilai_keputusan == Decimal("83.349") and _rows(db, fresh)[2][2] == Decimal("83.349")
