"""Work items and detail rows of the web files that have no price list (List Pekerjaan, Template AHSP, templates).

Price items are created by code, without price (FORMAT `harga_satuan: null`, better than the web's 0); a code
used with two kategori is an error. LAIN rows become bundles again once every work item is known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from core import domain as d
from core.exchange.web_json import WebReport
from core.exchange.web_parts import ref_kode
from core.exchange.web_state import ConversionState
from core.money import plain

DEFAULT_PRICING = {"markup_percent": "10.00", "ppn_percent": "11.00", "rounding_base": 10000}
_CUST = re.compile(r"CUST-(\d+)\Z")


@dataclass
class PendingBundle:
    """A LAIN row whose target is decided after all work items are read."""

    owner_key: str
    row: dict[str, Any]
    path: str
    kind: str = ""  # "" = match by code (work item, then library); "pekerjaan"; "ahsp"
    target_kode: str = ""


class RowBuilder:
    """Builds FORMAT work items and rows into a ConversionState."""

    def __init__(self, st: ConversionState) -> None:
        self.st = st
        self.pending: list[PendingBundle] = []
        self.cloned = 0

    def add_item(
        self, path: str, *, source: str, kode: str, uraian: str, satuan: str, budget: str | None, key: str = ""
    ) -> dict[str, Any]:
        n = len(self.st.items)
        key = key or f"L{n + 1}"
        item: dict[str, Any] = {
            "key": key,
            "source_type": source,
            "ref_kode_ahsp": ref_kode(source, kode),
            "kode": kode,
            "uraian": uraian,
            "satuan": satuan,
            "volume": "0.000",
            "markup_override_percent": None,
            "budgeted_cost": budget,
            "detail": [],
        }
        self.st.items[n], self.st.keys[n] = item, key
        self.st.map_path(f"pekerjaan[{key}]", path)
        return item

    def row(
        self, item: dict[str, Any], obj: dict[str, Any], path: str, *, harga_kode: str = ""
    ) -> dict[str, Any] | None:
        """One detail row of a file without prices; LAIN rows are returned unresolved (call `pend`)."""
        r = self.st.r
        kategori = r.choice(obj, "kategori", path, d.KATEGORI_ORDER)
        kode = r.text(obj, "kode", path, required=True, min_len=1, max_len=100)
        koef = r.number(obj, "koefisien", path, dp=6)
        if kategori is None or kode is None or koef is None:
            return None
        row = {
            "kategori": kategori,
            "kode": harga_kode or kode,
            "uraian": r.plain_text(obj, "uraian", path),
            "satuan": r.plain_text(obj, "satuan", path, max_len=50),
            "koefisien": plain(koef),
            "bundle": None,
        }
        if kategori != "LAIN":
            self.priced(row, path)
        item["detail"].append(row)
        return row

    def priced(self, row: dict[str, Any], path: str) -> None:
        """Make sure the row's price item exists (without price); a kategori clash is an error."""
        if not self.st.parts.item(row["kode"], row["kategori"], row["uraian"], row["satuan"]):
            have = self.st.parts.harga[row["kode"]]["kategori"]
            self.st.r.error(f"{path}.kategori", f"kode {row['kode']!r} sudah dipakai dengan kategori {have}")

    def add_template_rows(self, item: dict[str, Any], entry: dict[str, Any], path: str) -> None:
        """Template AHSP `items[]`: raw rows; a LAIN row's bundle is rebuilt from its code."""
        for j, raw in enumerate(self.st.r.array(entry, "items", path)):
            rpath = f"{path}.items[{j}]"
            obj = self.st.r.obj(raw, rpath)
            row = None if obj is None else self.row(item, obj, rpath)
            if row is not None and row["kategori"] == "LAIN":
                self.pending.append(PendingBundle(item["key"], row, rpath))

    def clone_from_library(self, item: dict[str, Any], path: str) -> None:
        """Detail rows of a `ref`/`ref_modified` work item from the reference library (List Pekerjaan)."""
        code = item["ref_kode_ahsp"]
        if code is None:
            self.st.r.unmapped(path, "pekerjaan custom: file tidak memuat rinciannya; rincian kosong")
            return
        rows = self.st.parts.clone_rows(code)
        if rows is None:
            self.st.r.unmapped(path, f"AHSP {code!r} tidak ada di pustaka referensi lokal; rincian kosong")
            return
        item["detail"].extend(rows)
        self.cloned += 1

    def resolve_bundles(self) -> None:
        """Turn pending LAIN rows into bundles (work item by code, else library AHSP) or plain LAIN rows."""
        by_kode: dict[str, list[str]] = {}
        for item in self.st.items.values():
            if item["kode"]:
                by_kode.setdefault(item["kode"], []).append(item["key"])
        for p in self.pending:
            code = p.target_kode or p.row["kode"]
            targets = [k for k in by_kode.get(code, []) if k != p.owner_key] if p.kind != "ahsp" else []
            if len(targets) == 1:
                p.row["bundle"] = {"pekerjaan": targets[0]}
            elif p.kind != "pekerjaan" and self.st.parts.reference_ahsp(p.row["kode"]):
                p.row["bundle"] = {"ahsp": p.row["kode"]}
            else:
                self._plain_lain(p, code, len(targets))

    def _plain_lain(self, p: PendingBundle, code: str, matches: int) -> None:
        self.priced(p.row, p.path)
        if matches > 1:
            why = f"kode {code!r} dipakai {matches} pekerjaan (ambigu)"
        elif p.kind == "pekerjaan":
            why = f"tidak ada pekerjaan dengan kode {code!r} di file ini"
        else:
            why = f"kode {code!r} bukan pekerjaan di file ini dan tidak ada di pustaka referensi lokal"
        if p.kind or matches > 1:
            self.st.r.unmapped(p.path, f"bundle tidak dapat dipasang ({why}); disimpan sebagai baris LAIN biasa")
        else:
            self.st.r.unmapped(p.path, f"baris LAIN: {why}; disimpan sebagai baris LAIN biasa (harga kosong)")


def _number_custom_items(st: ConversionState) -> None:
    """Custom work items without a code get the next free CUST-nnnn (not a count, which can repeat codes)."""
    used = [int(m.group(1)) for item in st.items.values() if (m := _CUST.match(item["kode"]))]
    n = max(used, default=0)
    for item in st.items.values():
        if item["source_type"] == "custom" and not item["kode"]:
            n += 1
            item["kode"] = f"CUST-{n:04d}"


def finish_document(
    st: ConversionState, project: dict[str, Any], tree: list[dict[str, Any]], parameters: list[dict[str, Any]]
) -> tuple[dict[str, Any] | None, WebReport]:
    """The FORMAT document of a file without prices, or (None, report) when there are errors."""
    _number_custom_items(st)
    unpriced = [k for k, item in st.parts.harga.items() if item["harga_satuan"] is None]
    if unpriced:
        st.r.warn("harga_items", f"{len(unpriced)} item dibuat tanpa harga (file tidak memuat harga); isi harganya")
    for kode, _uraian in st.parts.skipped_lines:
        st.r.unmapped(f"pustaka:{kode}", "baris rincian referensi tanpa kode item dilewati")
    st.report.counts["detail"] = sum(len(item["detail"]) for item in st.items.values())
    if not st.report.ok:
        return None, st.report
    document = {
        "format": "ahsp-project",
        "format_version": 1,
        "project": project,
        "pricing": dict(DEFAULT_PRICING),
        "parameters": parameters,
        "harga_items": list(st.parts.harga.values()),
        "reference_ahsp": st.parts.reference_list(),
        "klasifikasi": tree,
        "progress": [],
    }
    return document, st.report
