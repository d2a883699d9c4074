"""Reading an `ahsp-project` document (FORMAT.md) into domain records: validate everything, report every error.

The result carries new ids for every row, so importing never overwrites an existing project.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from core import domain as d
from core.exchange.fields import Problem, Reader
from core.exchange.references import check_bundles, check_progress_totals
from core.formula import FormulaError, evaluate
from core.ids import new_id

FORMAT_NAME = "ahsp-project"
FORMAT_VERSION = 1
HUNDRED = Decimal(100)
PARAM_NAME = re.compile(r"[a-z_][a-z0-9_]*\Z")
PROJECT_TEXT = (
    "kode",
    "deskripsi",
    "kategori",
    "lokasi",
    "sumber_dana",
    "ket_project1",
    "ket_project2",
    "nama_client",
    "jabatan_client",
    "instansi_client",
    "nama_kontraktor",
    "instansi_kontraktor",
    "nama_konsultan_perencana",
    "instansi_konsultan_perencana",
    "nama_konsultan_pengawas",
    "instansi_konsultan_pengawas",
)


@dataclass
class ParsedDocument:
    data: d.ProjectData | None
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    keys: dict[str, str] = field(default_factory=dict)  # pekerjaan key in the file -> new id

    @property
    def ok(self) -> bool:
        return self.data is not None and not self.errors


@dataclass
class _State:
    r: Reader
    pid: str
    harga: dict[str, d.HargaItem] = field(default_factory=dict)
    ahsp: dict[str, d.ReferenceAhsp] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    params: dict[str, Decimal] = field(default_factory=dict)


def parse_document(doc: Any) -> ParsedDocument:
    """Validate a parsed JSON value as an ahsp-project document and convert it."""
    r = Reader()
    top = r.obj(doc, "")
    if top is None:
        return ParsedDocument(None, r.errors, r.warnings)
    if top.get("format") != FORMAT_NAME:
        r.error("format", f'harus tepat "{FORMAT_NAME}", bukan {top.get("format")!r}'[:200])
        return ParsedDocument(None, r.errors, r.warnings)
    version = top.get("format_version")
    if isinstance(version, bool) or version != FORMAT_VERSION:
        r.error("format_version", f"versi {version!r} tidak didukung (harus {FORMAT_VERSION})"[:200])
        return ParsedDocument(None, r.errors, r.warnings)
    st = _State(r, new_id())
    info = _project(st, top.get("project"))
    pricing = _pricing(st, top.get("pricing"))
    parameters = _parameters(st, top)
    harga = _harga_items(st, top)
    reference = _reference(st, top)
    tree = _tree(st, top)
    progress = _progress(st, top)
    if r.errors or info is None:
        return ParsedDocument(None, r.errors, r.warnings)
    klas, subs, pekerjaan, details = tree
    data = d.ProjectData(
        info=info,
        pricing=pricing,
        klasifikasi=klas,
        sub_klasifikasi=subs,
        pekerjaan=pekerjaan,
        harga_items=harga,
        detail_rows=details,
        reference_ahsp=reference,
        parameters=parameters,
        progress=progress,
    )
    _cross_checks(st, data)
    if r.errors:
        return ParsedDocument(None, r.errors, r.warnings)
    return ParsedDocument(data, r.errors, r.warnings, dict(st.keys))


def _project(st: _State, value: Any) -> d.ProjectInfo | None:
    r = st.r
    if value is None:
        r.error("project", "wajib diisi")
        return None
    obj = r.obj(value, "project")
    if obj is None:
        return None
    nama = r.text(obj, "nama", "project", required=True, min_len=3, max_len=200)
    texts = {k: r.text(obj, k, "project", max_len=255 if k not in ("deskripsi",) else 10_000) for k in PROJECT_TEXT}
    if texts["kode"] is not None and len(texts["kode"]) > 50:
        r.error("project.kode", "maksimal 50 karakter")
    anggaran = r.decimal(
        obj, "anggaran_owner", "project", dp=2, required=False, default=Decimal("0.00"), precision=20
    )
    mulai = r.date(obj, "tanggal_mulai", "project")
    selesai = r.date(obj, "tanggal_selesai", "project")
    wsd = r.integer(obj, "week_start_day", "project", required=False, minimum=0, maximum=6, default=0)
    if mulai and selesai and selesai < mulai:
        r.error("project.tanggal_selesai", f"tidak boleh sebelum tanggal_mulai ({selesai} < {mulai})")
        return None
    if mulai and selesai and (selesai - mulai).days > 7300:
        r.error("project.tanggal_selesai", "durasi proyek lebih dari 20 tahun")
        return None
    if nama is None or mulai is None or selesai is None or wsd is None or anggaran is None:
        return None
    if any(v is None for v in texts.values()):
        return None
    optional: dict[str, Any] = {k: v or "" for k, v in texts.items()}
    return d.ProjectInfo(
        id=st.pid,
        nama=nama,
        tanggal_mulai=mulai,
        tanggal_selesai=selesai,
        week_start_day=wsd,
        anggaran_owner=anggaran,
        **optional,
    )


def _pricing(st: _State, value: Any) -> d.Pricing:
    if value is None:
        return d.Pricing()
    obj = st.r.obj(value, "pricing")
    if obj is None:
        return d.Pricing()
    r = st.r
    markup = r.decimal(
        obj, "markup_percent", "pricing", dp=2, maximum=HUNDRED, required=False, default=Decimal("10.00")
    )
    ppn = r.decimal(obj, "ppn_percent", "pricing", dp=2, maximum=HUNDRED, required=False, default=Decimal("11.00"))
    base = r.integer(obj, "rounding_base", "pricing", required=False, minimum=1, maximum=10**12, default=10000)
    if markup is None or ppn is None or base is None:
        return d.Pricing()
    return d.Pricing(markup, ppn, base)


def _parameters(st: _State, top: dict[str, Any]) -> tuple[d.Parameter, ...]:
    r, out = st.r, []
    for i, raw in enumerate(r.array(top, "parameters", "")):
        path = f"parameters[{i}]"
        obj = r.obj(raw, path)
        if obj is None:
            continue
        name = r.text(obj, "name", path, required=True, max_len=64)
        value = r.decimal(obj, "value", path, dp=3)
        label, unit = r.text(obj, "label", path, max_len=255), r.text(obj, "unit", path, max_len=50)
        if name is not None and not PARAM_NAME.match(name):
            r.error(f"{path}.name", f"harus huruf kecil, angka dan _ tanpa spasi, bukan {name!r}"[:200])
            continue
        if name is not None and name in st.params:
            r.error(f"{path}.name", f"nama parameter ganda: {name!r}")
            continue
        if name is None or value is None or label is None or unit is None:
            continue
        st.params[name] = value
        out.append(d.Parameter(name, value, label, unit))
    return tuple(out)


def _conversion(st: _State, value: Any, path: str) -> d.Conversion | None:
    r = st.r
    obj = r.obj(value, path)
    if obj is None:
        return None
    unit = r.text(obj, "market_unit", path, required=True, min_len=1, max_len=50)
    price = r.decimal(obj, "market_price", path, dp=2)
    factor = r.decimal(obj, "factor_to_base", path, dp=6, exclusive_minimum=True)
    helpers = {
        k: r.decimal(obj, k, path, dp=6, required=False, nullable=True)
        for k in ("density", "capacity_m3", "capacity_ton")
    }
    method = r.choice(obj, "method", path, ("direct", "calc", "hybrid"), default="direct")
    if unit is None or price is None or factor is None or method is None:
        return None
    return d.Conversion(
        unit, price, factor, helpers["density"], helpers["capacity_m3"], helpers["capacity_ton"], method
    )


def _harga_items(st: _State, top: dict[str, Any]) -> tuple[d.HargaItem, ...]:
    r, out = st.r, []
    for i, raw in enumerate(r.array(top, "harga_items", "")):
        path = f"harga_items[{i}]"
        obj = r.obj(raw, path)
        if obj is None:
            continue
        kode = r.text(obj, "kode", path, required=True, min_len=1, max_len=100)
        kategori = r.choice(obj, "kategori", path, d.KATEGORI_ORDER)
        uraian, satuan = r.text(obj, "uraian", path), r.text(obj, "satuan", path, max_len=50)
        harga = r.decimal(obj, "harga_satuan", path, dp=2, nullable=True, strict_dp=True)
        if "harga_satuan" in obj and obj["harga_satuan"] is not None and harga is None:
            continue
        conversion = (
            _conversion(st, obj["conversion"], f"{path}.conversion") if obj.get("conversion") is not None else None
        )
        if kode is not None and kode in st.harga:
            r.error(f"{path}.kode", f"kode ganda: {kode!r}")
            continue
        if kode is None or kategori is None or uraian is None or satuan is None:
            continue
        item = d.HargaItem(new_id(), kode, kategori, uraian, satuan, harga, conversion)
        st.harga[kode] = item
        out.append(item)
    return tuple(out)


def _reference(st: _State, top: dict[str, Any]) -> tuple[d.ReferenceAhsp, ...]:
    r, out = st.r, []
    for i, raw in enumerate(r.array(top, "reference_ahsp", "")):
        path = f"reference_ahsp[{i}]"
        obj = r.obj(raw, path)
        if obj is None:
            continue
        kode = r.text(obj, "kode_ahsp", path, required=True, min_len=1, max_len=50)
        nama, satuan = r.text(obj, "nama_ahsp", path), r.text(obj, "satuan", path, max_len=50)
        sumber = r.text(obj, "sumber", path, max_len=100)
        lines = []
        for j, line in enumerate(r.array(obj, "rincian", path)):
            lp = f"{path}.rincian[{j}]"
            lo = r.obj(line, lp)
            if lo is None:
                continue
            values = (
                r.choice(lo, "kategori", lp, d.KATEGORI_ORDER),
                r.text(lo, "kode_item", lp, max_len=100),
                r.text(lo, "uraian_item", lp),
                r.text(lo, "satuan_item", lp, max_len=50),
                r.decimal(lo, "koefisien", lp, dp=6),
            )
            if all(v is not None for v in values):
                lines.append(d.RincianAhsp(*values))  # type: ignore[arg-type]
        if kode is not None and kode in st.ahsp:
            r.error(f"{path}.kode_ahsp", f"kode AHSP ganda: {kode!r}")
            continue
        if kode is None or nama is None or satuan is None or sumber is None:
            continue
        st.ahsp[kode] = d.ReferenceAhsp(new_id(), kode, nama, satuan, sumber, tuple(lines))
        out.append(st.ahsp[kode])
    return tuple(out)


def _tree(
    st: _State, top: dict[str, Any]
) -> tuple[tuple[d.Klasifikasi, ...], tuple[d.SubKlasifikasi, ...], tuple[d.Pekerjaan, ...], tuple[d.DetailRow, ...]]:
    from core.exchange.reader_tree import read_tree

    if "klasifikasi" not in top:
        st.r.error("klasifikasi", "wajib diisi (boleh daftar kosong)")
        return (), (), (), ()
    return read_tree(st.r, top, st.harga, st.ahsp, st.keys, st.params)


def _progress(st: _State, top: dict[str, Any]) -> tuple[d.Progress, ...]:
    r, out, seen = st.r, [], set()
    for i, raw in enumerate(r.array(top, "progress", "")):
        path = f"progress[{i}]"
        obj = r.obj(raw, path)
        if obj is None:
            continue
        key = r.text(obj, "pekerjaan", path, required=True)
        week = r.integer(obj, "week", path, minimum=1, maximum=1040)
        planned = r.decimal(obj, "planned", path, dp=2, maximum=HUNDRED, required=False, default=Decimal("0.00"))
        actual = r.decimal(obj, "actual", path, dp=2, maximum=HUNDRED, required=False, default=Decimal("0.00"))
        cost = r.decimal(obj, "actual_cost", path, dp=2, required=False, nullable=True)
        notes = r.text(obj, "notes", path)
        if key is not None and key not in st.keys:
            r.error(f"{path}.pekerjaan", f"tidak ada pekerjaan dengan key {key!r}"[:200])
            continue
        if key is None or week is None or planned is None or actual is None or notes is None:
            continue
        if (key, week) in seen:
            r.error(f"{path}.week", f"minggu {week} ganda untuk pekerjaan {key!r}"[:200])
            continue
        seen.add((key, week))
        out.append(d.Progress(st.keys[key], week, planned, actual, cost, notes))
    return tuple(out)


def _cross_checks(st: _State, data: d.ProjectData) -> None:
    from core.weeks import project_weeks

    keys_by_id = {v: k for k, v in st.keys.items()}
    check_bundles(st.r, data, keys_by_id)
    check_progress_totals(st.r, data, keys_by_id)
    n_weeks = len(project_weeks(data.info.tanggal_mulai, data.info.tanggal_selesai, data.info.week_start_day))
    for i, g in enumerate(data.progress):
        if g.week > n_weeks:
            st.r.error(f"progress[{i}].week", f"minggu {g.week} di luar jadwal proyek (1..{n_weeks})")
    for p in data.pekerjaan:
        if p.volume_formula:
            _check_formula(st, p, keys_by_id[p.id])


def _check_formula(st: _State, p: d.Pekerjaan, key: str) -> None:
    try:
        value = evaluate(p.volume_formula or "", st.params)
    except FormulaError as exc:
        st.r.warn(f"pekerjaan[{key}].volume_formula", f"formula tidak dapat dihitung: {exc.message}")
        return
    if value != p.volume:
        st.r.warn(
            f"pekerjaan[{key}].volume", f"formula {p.volume_formula!r} menghasilkan {value}, file berisi {p.volume}"
        )
