"""`ahsp report KIND PROJECT --json`: the engine's figures as one JSON document (ARCHITECTURE.md).

Amounts are decimal strings at full precision (computed values without trailing zeros; stored values
such as volumes and percentages keep their stored scale), and every report carries `display`: the
strings exactly as the printed report shows them. `--xlsx`/`--docx` write the printed report
(core.reports, core.export) through a temporary file: a failure leaves no partial file.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from core.cli.common import open_db, print_json, project_id
from core.db.repositories import load_project_data
from core.domain import KATEGORI_ORDER, ProjectData
from core.engine import KebutuhanScope, ProjectResult, Rincian, compute, kebutuhan_of, rincian_all
from core.engine.context import exact
from core.engine.suspects import SuspectRow, suspect_rows
from core.money import fmt_decimal, fmt_koef, fmt_percent, plain, plain_normalized, rupiah
from core.weeks import four_week_blocks, months

KINDS = ("rab", "rincian", "harga", "kebutuhan", "jadwal", "kurva-s")
Json = dict[str, Any]


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("report", parents=[common], help="laporan proyek: " + " | ".join(KINDS))
    p.add_argument("kind", choices=KINDS)
    p.add_argument("project", help="id atau kode proyek")
    out = p.add_mutually_exclusive_group(required=True)
    out.add_argument("--json", action="store_true", help="satu dokumen JSON di stdout")
    out.add_argument("--xlsx", metavar="FILE", help="buku kerja XLSX")
    out.add_argument("--docx", metavar="FILE", help="dokumen Word")
    p.add_argument("--today", type=date.fromisoformat, help="tanggal status EVM (YYYY-MM-DD) untuk kurva-s")
    period = p.add_mutually_exclusive_group()
    period.add_argument("--week", type=int, metavar="N", help="kebutuhan: satu minggu")
    period.add_argument("--weeks", metavar="A-B", help="kebutuhan: rentang minggu, mis. 3-6")
    period.add_argument("--month", metavar="YYYY-MM", help="kebutuhan: satu bulan kalender")
    p.add_argument("--market", action="store_true", help="kebutuhan: dalam satuan beli (konversi)")
    p.set_defaults(func=run_report)


def run_report(args: argparse.Namespace) -> int:
    db = open_db(args)
    pid = project_id(db, args.project)
    with db.session() as session:
        data = load_project_data(session, pid)
    if not args.json:
        return _write_document(args, data)
    result = compute(data, today=args.today)
    with exact():  # plain_normalized must not round 100-digit ratios to the default 28 digits
        doc = BUILDERS[args.kind](data, result, args)
    print_json({"project": {"id": pid, "nama": data.info.nama, "kode": data.info.kode}, **doc})
    return 0


def _write_document(args: argparse.Namespace, data: ProjectData) -> int:
    """--xlsx/--docx: the printed report, written all-or-nothing (core.export.runner)."""
    from core.cli.errors import CliError
    from core.export.runner import ExportCancelled, ExportError, ExportRequest, export_report
    from core.reports.catalog import ReportOptions

    fmt, target = ("xlsx", args.xlsx) if args.xlsx else ("docx", args.docx)
    scope = _scope(args) if args.kind == "kebutuhan" else None
    options = ReportOptions(
        today=args.today, market_units=args.market, scope=None if scope is None or scope.kind == "project" else scope
    )
    try:
        export_report(data, ExportRequest(args.kind, fmt, Path(target), options))
    except ExportError as exc:
        raise CliError(exc.message) from exc
    except ExportCancelled as exc:  # pragma: no cover - the command line has no cancel button
        raise CliError(str(exc)) from exc
    return 0


def num(x: Decimal | None) -> str | None:
    """A computed amount at full precision, without trailing zeros."""
    return None if x is None else plain_normalized(x)


def stored(x: Decimal | None) -> str | None:
    """A stored value at its stored scale (volume 3 dp, percentages 2 dp)."""
    return None if x is None else plain(x)


# --- rab -------------------------------------------------------------------------------------------


def rab_json(data: ProjectData, result: ProjectResult, args: argparse.Namespace) -> Json:
    f = result.rab.footer
    rows = [
        {
            "level": r.level,
            "id": r.id,
            "kode": r.kode,
            "uraian": r.uraian,
            "satuan": r.satuan,
            "volume": stored(r.volume),
            "harga_satuan": num(r.harga_satuan),
            "jumlah": num(r.jumlah),
            "display": {"volume": r.display_volume, "harga_satuan": r.display_harga_satuan, "jumlah": r.display_jumlah},
        }
        for r in result.rab.rows
    ]
    return {
        "rows": rows,
        "total_biaya_langsung": num(f.total_biaya_langsung),
        "ppn_percent": stored(f.ppn_percent),
        "ppn": num(f.ppn),
        "grand_total": num(f.grand_total),
        "rounding_base": f.rounding_base,
        "pembulatan": num(f.pembulatan),
        "terbilang": f.terbilang,
        "display": {
            "total_biaya_langsung": f.display_total_biaya_langsung,
            "ppn_label": f.ppn_label,
            "ppn": f.display_ppn,
            "grand_total": f.display_grand_total,
            "pembulatan": f.display_pembulatan,
        },
    }


# --- rincian ---------------------------------------------------------------------------------------


def rincian_json(data: ProjectData, result: ProjectResult, args: argparse.Namespace) -> Json:
    items = {p.id: p for p in data.pekerjaan}
    out = [_rincian_item(items[r.pekerjaan_id], r) for r in rincian_all(data)]
    grand = sum((result.hsp[p["id"]].G for p in out), Decimal(0))
    qa = [_suspect(f) for f in suspect_rows(data)]
    return {"items": out, "grand_total": num(grand), "qa": qa, "display": {"grand_total": rupiah(grand)}}


def _suspect(found: SuspectRow) -> Json:
    """One row of the QA list: a coefficient still as read from a suspect library cell."""
    cell = found.cell
    return {
        "code": "suspect_koefisien",
        "pekerjaan_id": found.pekerjaan.id,
        "pekerjaan_kode": found.pekerjaan.kode,
        "row_id": found.row.id,
        "kode": found.row.kode,
        "uraian": found.row.uraian,
        "koefisien": num(found.row.koefisien),
        "sumber": cell.sumber,
        "kode_ahsp": cell.kode_ahsp,
        "nilai_file": cell.nilai_file,
        "kandidat": [num(v) for v in cell.kandidat],
        "keputusan": num(cell.keputusan),
        "message": found.message,
    }


def _rincian_item(item: Any, rin: Rincian) -> Json:
    h = rin.hsp
    values = {"A": h.A, "B": h.B, "C": h.C, "L": h.L, "D": h.D, "E": h.E, "F": h.F, "G": h.G}
    rows = [
        {
            "kind": r.kind,
            "row_id": r.row_id,
            "kategori": r.kategori,
            "kode": r.kode,
            "uraian": r.uraian,
            "satuan": r.satuan,
            "koefisien": num(r.koefisien),
            "koefisien_efektif": num(r.koefisien_efektif),
            "harga_satuan": num(r.harga_satuan),
            "jumlah": num(r.jumlah),
            "depth": r.depth,
            "bundle_kode": r.bundle_kode or None,
            "status": r.status,
            "display": {
                "koefisien": fmt_koef(r.koefisien),
                "harga_satuan": r.display_harga_satuan,
                "jumlah": r.display_jumlah,
            },
        }
        for r in rin.rows
    ]
    return {
        "id": item.id,
        "kode": item.kode,
        "uraian": item.uraian,
        "satuan": item.satuan,
        "volume": stored(item.volume),
        "markup_percent": stored(h.markup_percent),
        **{k: num(v) for k, v in values.items()},
        "jumlah": num(h.jumlah),
        "rows": rows,
        "display": {**{k: rupiah(v) for k, v in values.items()}, "markup_percent": fmt_percent(h.markup_percent)},
    }


# --- harga -----------------------------------------------------------------------------------------


def harga_json(data: ProjectData, result: ProjectResult, args: argparse.Namespace) -> Json:
    rank = {k: i for i, k in enumerate(KATEGORI_ORDER)}
    used = {r.kode for r in data.detail_rows} | {x.kode_item for a in data.reference_ahsp for x in a.rincian}
    items = sorted(data.harga_items, key=lambda h: rank.get(h.kategori, 9))
    rows = [
        {
            "kode": h.kode,
            "kategori": h.kategori,
            "uraian": h.uraian,
            "satuan": h.satuan,
            "harga_satuan": stored(h.harga_satuan),
            "used": h.kode in used,
            "conversion": None if h.conversion is None else _conversion(h.conversion),
            "display": {"harga_satuan": "-" if h.harga_satuan is None else rupiah(h.harga_satuan)},
        }
        for h in items
    ]
    markup = data.pricing.markup_percent
    return {
        "items": rows,
        "total_items": len(rows),
        "markup_percent": stored(markup),
        "missing_prices": list(result.missing_prices),
        "display": {"markup_percent": fmt_percent(markup)},
    }


def _conversion(c: Any) -> Json:
    return {
        "market_unit": c.market_unit,
        "market_price": stored(c.market_price),
        "factor_to_base": stored(c.factor_to_base),
        "method": c.method,
    }


# --- kebutuhan -------------------------------------------------------------------------------------


def kebutuhan_json(data: ProjectData, result: ProjectResult, args: argparse.Namespace) -> Json:
    scope = _scope(args)
    rekap = (
        result.kebutuhan
        if scope.kind == "project" and not args.market
        else kebutuhan_of(data, scope, market_units=args.market)
    )
    rows = [
        {
            "kategori": r.kategori,
            "kode": r.kode,
            "uraian": r.uraian,
            "satuan": r.satuan,
            "quantity": num(r.quantity),
            "harga_satuan": num(r.harga_satuan),
            "total": num(r.total),
            "market_unit": r.market_unit,
            "display": {
                "quantity": r.display_quantity,
                "harga_satuan": r.display_harga_satuan,
                "total": r.display_total,
            },
        }
        for r in rekap.rows
    ]
    return {
        "scope": rekap.scope.label,
        "mode_satuan": "Satuan Beli" if rekap.market_units else "Satuan Dasar",
        "rows": rows,
        "counts": rekap.counts,
        "total": num(rekap.total),
        "display": {"total": rekap.display_total},
    }


def _scope(args: argparse.Namespace) -> KebutuhanScope:
    from core.cli.errors import CliError

    if args.week is not None:
        return KebutuhanScope.week(args.week)
    if args.weeks:
        match = re.fullmatch(r"(\d+)-(\d+)", args.weeks)
        if not match:
            raise CliError(f"--weeks harus A-B, mis. 3-6, bukan {args.weeks!r}")
        return KebutuhanScope.weeks(int(match[1]), int(match[2]))
    if args.month:
        match = re.fullmatch(r"(\d{4})-(\d{2})", args.month)
        if not match or not 1 <= int(match[2]) <= 12:
            raise CliError(f"--month harus YYYY-MM, bukan {args.month!r}")
        return KebutuhanScope.calendar_month(int(match[1]), int(match[2]))
    return KebutuhanScope()


# --- jadwal and kurva-s ----------------------------------------------------------------------------


def jadwal_json(data: ProjectData, result: ProjectResult, args: argparse.Namespace) -> Json:
    weeks = result.weeks
    progress: dict[str, list[Any]] = {}
    for p in data.progress:
        progress.setdefault(p.pekerjaan_id, []).append(p)
    rows = []
    for r in (r for r in result.rab.rows if r.level == "pekerjaan"):
        cells = sorted(progress.get(r.id, []), key=lambda p: p.week)
        rows.append(
            {
                "id": r.id,
                "kode": r.kode,
                "uraian": r.uraian,
                "satuan": r.satuan,
                "volume": stored(r.volume),
                "bobot_percent": num(result.bobot.percent(r.id)),
                "planned_total": num(sum((c.planned for c in cells), Decimal(0))),
                "actual_total": num(sum((c.actual for c in cells), Decimal(0))),
                "cells": [_cell(c) for c in cells],
                "display": {"volume": r.display_volume, "bobot_percent": fmt_percent(result.bobot.percent(r.id))},
            }
        )
    return {
        "weeks": [
            {"week": w.number, "start": w.start.isoformat(), "end": w.end.isoformat(), "days": w.days, "label": w.label}
            for w in weeks
        ],
        "blocks": [
            {"number": b.number, "label": b.label, "weeks": [w.number for w in b.weeks]}
            for b in four_week_blocks(weeks)
        ],
        "months": [
            {"code": m.code, "label": m.label, "week_days": [list(x) for x in m.week_days]} for m in months(weeks)
        ],
        "rows": rows,
    }


def _cell(p: Any) -> Json:
    return {
        "week": p.week,
        "planned": stored(p.planned),
        "actual": stored(p.actual),
        "actual_cost": stored(p.actual_cost),
        "display": {"planned": fmt_percent(p.planned), "actual": fmt_percent(p.actual)},
    }


def kurva_json(data: ProjectData, result: ProjectResult, args: argparse.Namespace) -> Json:
    weeks = []
    for k, e in zip(result.kurva_s.points, result.evm.points, strict=True):
        pct = {
            "planned_pct": k.planned,
            "planned_cum_pct": k.planned_cum,
            "actual_pct": k.actual,
            "actual_cum_pct": k.actual_cum,
            "deviasi_pct": k.deviasi,
        }
        money = {"pv": e.pv, "ev": e.ev, "ac": e.ac}
        weeks.append(
            {
                "week": k.week,
                "start": k.start.isoformat() if k.start else None,
                "end": k.end.isoformat() if k.end else None,
                **{name: num(v) for name, v in pct.items()},
                **{name: num(v) for name, v in money.items()},
                "spi": num(e.spi),
                "cpi": num(e.cpi),
                "display": {**{n: fmt_percent(v) for n, v in pct.items()}, **{n: rupiah(v) for n, v in money.items()}},
            }
        )
    return {"weeks": weeks, "equal_weights": result.kurva_s.equal_weights, "summary": _evm_summary(result)}


def _evm_summary(result: ProjectResult) -> Json:
    evm = result.evm
    at = evm.status
    money = {"bac": evm.bac, "eac": evm.eac, "etc": evm.etc, "vac": evm.vac, "pv": at.pv, "ev": at.ev, "ac": at.ac}
    return {
        **{k: num(v) for k, v in money.items()},
        "status_week": evm.status_week,
        "spi": num(at.spi),
        "cpi": num(at.cpi),
        "display": {
            **{k: rupiah(v) for k, v in money.items()},
            "spi": fmt_decimal(at.spi, 2),
            "cpi": fmt_decimal(at.cpi, 2),
        },
    }


BUILDERS: dict[str, Callable[[ProjectData, ProjectResult, argparse.Namespace], Json]] = {
    "rab": rab_json,
    "rincian": rincian_json,
    "harga": harga_json,
    "kebutuhan": kebutuhan_json,
    "jadwal": jadwal_json,
    "kurva-s": kurva_json,
}
