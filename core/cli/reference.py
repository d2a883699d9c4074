"""`ahsp reference …` (the local AHSP library: import, list, search, qa, decide, show) and `ahsp projects-upload`.

Examples:
  ahsp reference import SNI_2025_AHSP.xlsx            import (replaces the file's sources), print the summary
  ahsp reference import --contoh                       import the built-in sample library
  ahsp reference qa "AHSP 2025" --alasan koefisien_mencurigakan
  ahsp reference decide "AHSP 2025" 1.1.1.1 B.0846 --kandidat 1000
  ahsp reference search "beton k-225" --limit 10
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from decimal import Decimal
from typing import Any

from core.cli.common import open_db, print_json
from core.db.session import unit_of_work

DECIDE_EPILOG = (
    "ITEM adalah kode item (mis. B.0846) atau nama item. Keputusan disimpan per sumber + kode AHSP + identitas "
    "item (bukan nomor baris) dan diterapkan lagi saat sumber yang sama diimpor ulang, selama nilai di file sama."
)


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "reference",
        help="pustaka AHSP referensi lokal: impor, cari, periksa mutu, putuskan",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    rsub = p.add_subparsers(dest="reference_command", metavar="PERINTAH", required=True)
    _register_import(rsub, common)
    q = rsub.add_parser("list", parents=[common], help="daftar sumber di pustaka lokal")
    q.add_argument("--json", action="store_true", help="satu dokumen JSON di stdout")
    q.set_defaults(func=run_list)
    q = rsub.add_parser("search", parents=[common], help="cari AHSP menurut awalan kode atau kata nama")
    q.add_argument("text", metavar="TEKS")
    q.add_argument("--limit", type=int, default=20, help="jumlah hasil maksimum (bawaan 20)")
    q.add_argument("--sumber", help="hanya sumber ini")
    q.add_argument("--json", action="store_true", help="satu dokumen JSON di stdout")
    q.set_defaults(func=run_search)
    q = rsub.add_parser("qa", parents=[common], help="laporan mutu impor terakhir suatu sumber")
    q.add_argument("sumber", metavar="SUMBER")
    q.add_argument("--alasan", action="append", metavar="ALASAN", help="hanya temuan dengan alasan ini (boleh diulang)")
    q.add_argument("--json", action="store_true", help="satu dokumen JSON di stdout")
    q.set_defaults(func=run_qa)
    q = rsub.add_parser("show", parents=[common], help="rincian satu AHSP")
    q.add_argument("sumber", metavar="SUMBER")
    q.add_argument("kode", metavar="KODE_AHSP")
    q.add_argument("--json", action="store_true", help="satu dokumen JSON di stdout")
    q.set_defaults(func=run_show)
    _register_decide(rsub, common)
    q = sub.add_parser(
        "projects-upload",
        parents=[common],
        help="buat proyek massal dari XLSX unggahan (DOMAIN §4.3)",
        description="Baris yang valid dibuat bersama dalam satu transaksi; baris yang salah dilaporkan dengan "
        "nomor barisnya. Status keluar: 0 semua valid, 2 sebagian baris salah, 1 tidak ada proyek dibuat.",
    )
    q.add_argument("file", metavar="XLSX")
    q.add_argument("--periksa", action="store_true", help="hanya periksa; jangan buat proyek")
    q.add_argument("--json", action="store_true", help="satu dokumen JSON di stdout")
    q.set_defaults(func=run_projects_upload)


def _register_import(rsub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    q = rsub.add_parser(
        "import",
        parents=[common],
        help="impor pustaka (XLSX atau JSON ahsp-reference); cetak laporan mutunya",
        description="Mengganti sumber yang ada di file secara utuh dalam satu transaksi. Baris yang tidak dapat "
        "diimpor (koefisien negatif/tidak terbaca, tanpa AHSP) membatalkan impor kecuali --lewati-baris-salah.",
    )
    q.add_argument("file", nargs="?", metavar="FILE", help="XLSX (mis. SNI_2025_AHSP.xlsx) atau JSON ahsp-reference")
    q.add_argument("--contoh", action="store_true", help="impor pustaka contoh bawaan aplikasi")
    q.add_argument("--sumber", help="simpan dengan nama sumber ini (edisi berdampingan), bukan kolom sumber_ahsp")
    q.add_argument(
        "--kolom",
        action="append",
        default=[],
        metavar="KOLOM=BIDANG",
        help="pemetaan kolom eksplisit, mis. satuan=satuan_ahsp atau id=abaikan (boleh diulang)",
    )
    q.add_argument("--lewati-baris-salah", action="store_true", help="impor baris lain walau ada baris yang ditolak")
    q.add_argument("--lengkap", action="store_true", help="cetak semua temuan, bukan hanya ringkasan")
    q.add_argument("--json", action="store_true", help="laporan mutu lengkap sebagai satu dokumen JSON")
    q.set_defaults(func=run_import)


def _register_decide(rsub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    q = rsub.add_parser(
        "decide", parents=[common], help="tetapkan nilai sel koefisien yang mencurigakan", epilog=DECIDE_EPILOG
    )
    q.add_argument("sumber", metavar="SUMBER")
    q.add_argument("kode", metavar="KODE_AHSP")
    q.add_argument("item", metavar="ITEM")
    choice = q.add_mutually_exclusive_group(required=True)
    choice.add_argument("--kandidat", choices=("1000", "10000"), help="pakai nilai file ÷1000 atau ÷10000")
    choice.add_argument("--nilai", metavar="ANGKA", help="pakai nilai yang diketik (mis. 83,349)")
    choice.add_argument("--asli", action="store_true", help="nilai di file sudah benar")
    choice.add_argument("--batal", action="store_true", help="hapus keputusan; kembali ke nilai file")
    q.add_argument("--catatan", default="", help="alasan keputusan")
    q.add_argument("--json", action="store_true", help="satu dokumen JSON di stdout")
    q.set_defaults(func=run_decide)


def _fail(message: str) -> Exception:
    from core.cli.errors import CliError

    return CliError(message)


def _columns(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        header, sep, target = pair.partition("=")
        if not sep or not header.strip():
            raise _fail(f"--kolom harus berbentuk KOLOM=BIDANG, bukan {pair!r}")
        out[header.strip()] = target.strip()
    return out


def run_import(args: argparse.Namespace) -> int:
    from core.reference import ImportFailed, import_file, import_sample_library
    from core.reference.report_text import full_text, summary

    if bool(args.file) == bool(args.contoh):
        raise _fail("sebutkan FILE atau --contoh (salah satu)")
    db = open_db(args)
    options: dict[str, Any] = {"sumber": args.sumber, "skip_invalid": args.lewati_baris_salah}
    try:
        if args.contoh:
            report = import_sample_library(db, **options)
        else:
            report = import_file(db, args.file, columns=_columns(args.kolom), **options)
    except ImportFailed as exc:
        if exc.report is not None and args.json:
            print_json(exc.report.to_json())
        elif exc.report is not None:
            print("\n".join(full_text(exc.report, reasons=_refusal_reasons(exc.report))))
        raise _fail(f"impor gagal: {exc.message}") from exc
    if args.json:
        print_json(report.to_json())
    else:
        print("\n".join(full_text(report) if args.lengkap else summary(report)))
        if not args.lengkap:
            print(f"Laporan lengkap: ahsp reference qa {report.sources[0]!r}" if report.sources else "")
    return 0


def _refusal_reasons(report: Any) -> set[str]:
    return set(report.rejected)


def run_list(args: argparse.Namespace) -> int:
    from core.reference import list_sources

    db = open_db(args)
    with db.session() as session:
        sources = list_sources(session)
    if args.json:
        print_json([{**asdict(s), "imported_at": s.imported_at.isoformat()} for s in sources])
        return 0
    for s in sources:
        print(
            f"{s.sumber:<24} {s.ahsp_count:>6} AHSP {s.rincian_count:>7} rincian  {s.suspect_open:>4} belum ditinjau"
            f"  {s.imported_at:%Y-%m-%d %H:%M}  {s.file_name}"
        )
    if not sources:
        print("pustaka referensi kosong; impor dengan: ahsp reference import FILE")
    return 0


def run_search(args: argparse.Namespace) -> int:
    from core.reference import search

    db = open_db(args)
    with db.session() as session:
        hits = search(session, args.text, limit=args.limit, sumber=args.sumber)
    if args.json:
        print_json([asdict(h) for h in hits])
        return 0
    for h in hits:
        flag = f"  [{h.suspect_open} mencurigakan]" if h.suspect_open else ""
        print(f"{h.kode_ahsp:<14} {h.nama_ahsp[:90]}  ({h.sumber}, {h.rincian_count} rincian){flag}")
    return 0


def run_qa(args: argparse.Namespace) -> int:
    from core.reference import LibraryError, current_report
    from core.reference.report_text import full_text

    db = open_db(args)
    with db.session() as session:
        try:
            report = current_report(session, args.sumber)
        except LibraryError as exc:
            raise _fail(exc.message) from exc
    reasons = set(args.alasan) if args.alasan else None
    if args.json:
        doc = report.to_json()
        if reasons is not None:
            doc["issues"] = [i for i in doc["issues"] if i["reason"] in reasons]
        print_json(doc)
    else:
        print("\n".join(full_text(report, reasons=reasons)))
    return 0


def run_show(args: argparse.Namespace) -> int:
    from core.reference import LibraryError, load_ahsp
    from core.reference.report_text import num

    db = open_db(args)
    with db.session() as session:
        try:
            ahsp = load_ahsp(session, args.sumber, args.kode)
        except LibraryError as exc:
            raise _fail(exc.message) from exc
    if args.json:
        print_json(_jsonable(asdict(ahsp)))
        return 0
    print(f"{ahsp.kode_ahsp}  {ahsp.nama_ahsp}  [{ahsp.satuan or '-'}]  ({ahsp.sumber})")
    for ln in ahsp.lines:
        flag = {"terbuka": "  MENCURIGAKAN", "diputuskan": f"  (diputuskan; file {ln.nilai_file})"}.get(ln.review, "")
        print(
            f"  {ln.kategori:<4} {ln.kode_item:<10} {ln.uraian_item[:60]:<60} {ln.satuan_item:<8} "
            f"{num(ln.koefisien):>12}{flag}"
        )
    return 0


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def run_decide(args: argparse.Namespace) -> int:
    from core.reference import LibraryError, decide, undo_decision

    db = open_db(args)
    where = {"sumber": args.sumber, "kode_ahsp": args.kode, "item": args.item}
    try:
        with unit_of_work(db) as session:
            if args.batal:
                removed = undo_decision(session, **where)
                if args.json:
                    print_json({"dihapus": removed})
                else:
                    print("keputusan dihapus" if removed else "tidak ada keputusan untuk item ini")
                return 0
            pilihan = f"bagi{args.kandidat}" if args.kandidat else "asli" if args.asli else "nilai"
            decision = decide(session, **where, pilihan=pilihan, nilai=args.nilai, catatan=args.catatan)
    except LibraryError as exc:
        raise _fail(exc.message) from exc
    if args.json:
        print_json(_jsonable({**asdict(decision), "decided_at": decision.decided_at.isoformat()}))
    else:
        print(
            f"{decision.kode_ahsp} {decision.kode_item} {decision.uraian_item}: {decision.nilai_file} → "
            f"{decision.nilai.normalize():f} ({decision.pilihan})"
        )
    return 0


def run_projects_upload(args: argparse.Namespace) -> int:
    from core.services.project_upload import UploadRefused, upload_projects

    db = open_db(args)
    try:
        report = upload_projects(db, args.file, dry_run=args.periksa)
    except UploadRefused as exc:
        raise _fail(f"unggahan ditolak: {exc.message}") from exc
    if args.json:
        print_json(report.to_json())
    else:
        print("\n".join(report.lines()))
    if not report.errors:
        return 0
    print(f"ahsp: {len(report.errors)} kesalahan pada {len(report.invalid_rows)} baris", file=sys.stderr)
    return 2 if report.created else 1
