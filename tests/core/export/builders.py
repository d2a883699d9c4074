"""Readable builders of small projects for report and export tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from core.domain import (
    DetailRow,
    HargaItem,
    Klasifikasi,
    Pekerjaan,
    Pricing,
    ProjectData,
    ProjectInfo,
    SubKlasifikasi,
)

INFO = ProjectInfo(
    "p-test",
    "Gedung Uji",
    date(2026, 1, 5),
    date(2026, 3, 29),
    kode="UJI-001",
    lokasi="Kota Uji",
    sumber_dana="APBD",
    anggaran_owner=Decimal("1000000008.00"),
    nama_client="Budi Pemilik",
    instansi_client="Dinas Uji",
    nama_konsultan_perencana="Sari Perencana",
    instansi_konsultan_perencana="CV Rancang",
)


def one_item_project(price: str, *, volume: str = "1", markup: str = "0", ppn: str = "11", base: int = 10000) -> ProjectData:
    """One klasifikasi, one work item, one TK line of koef 1: T = price × (1 + markup/100) × volume."""
    return ProjectData(
        info=INFO,
        pricing=Pricing(Decimal(markup), Decimal(ppn), base),
        klasifikasi=(Klasifikasi("k1", "Pekerjaan Uji"),),
        sub_klasifikasi=(SubKlasifikasi("s1", "k1", "Sub Uji"),),
        pekerjaan=(Pekerjaan("w1", "s1", "U.1", "Pekerjaan uji", "m2", volume=Decimal(volume)),),
        harga_items=(HargaItem("h1", "TK-0001", "TK", "Pekerja", "OH", Decimal(price)),),
        detail_rows=(DetailRow("d1", "w1", "TK", "TK-0001", "Pekerja", "OH", Decimal("1")),),
    )


def many_klasifikasi(count: int) -> ProjectData:
    """`count` klasifikasi with one work item each (a long REKAPITULASI page)."""
    base = one_item_project("150000.25", volume="2.5", markup="10")
    klas = tuple(Klasifikasi(f"k{i}", f"Klasifikasi uji nomor {i}") for i in range(count))
    subs = tuple(SubKlasifikasi(f"s{i}", f"k{i}", f"Sub {i}") for i in range(count))
    items = tuple(Pekerjaan(f"w{i}", f"s{i}", f"U.{i}", f"Pekerjaan {i}", "m2", volume=Decimal(i + 1)) for i in range(count))
    rows = tuple(DetailRow(f"d{i}", f"w{i}", "TK", "TK-0001", "Pekerja", "OH", Decimal("1.5")) for i in range(count))
    return replace(base, klasifikasi=klas, sub_klasifikasi=subs, pekerjaan=items, detail_rows=rows)


def with_price(data: ProjectData, kode: str, price: Decimal | None) -> ProjectData:
    items = tuple(replace(h, harga_satuan=price) if h.kode == kode else h for h in data.harga_items)
    return replace(data, harga_items=items)
