"""`ahsp template …`: the local pekerjaan template library (save, list, apply, export, import, rename, delete)."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from typing import Any

from core.cli.common import open_db, print_json, project_id
from core.db.repositories import load_project_data
from core.db.template_models import CATEGORIES
from core.exchange.files import write_json_atomic
from core.templates import (
    TemplateError,
    TemplateSummary,
    apply_template,
    delete_template,
    export_web_template,
    import_template_file,
    list_templates,
    rename_template,
    save_template,
    template_content,
)

HELP = """\
Pustaka template pekerjaan lokal. Template menyimpan klasifikasi, sub-klasifikasi, pekerjaan beserta
rincian AHSP (termasuk bundle), parameter dan formula volume; tanpa harga dan tanpa volume.

Contoh:
  ahsp template save PROYEK --name "Rumah tipe 36" --category rumah     seluruh WBS proyek
  ahsp template save PROYEK --name "Pondasi" --pekerjaan CUST-0001 2.2.1.5.4
  ahsp template list --category rumah --search tipe
  ahsp template apply "Rumah tipe 36" PROYEK_LAIN                        tambahkan ke akhir WBS
  ahsp template export "Rumah tipe 36" template_rumah.json              format file template sistem web
  ahsp template import template_rumah.json --name "Rumah (web)"
TEMPLATE adalah id atau nama template. Saat diterapkan, formula volume dihitung ulang dengan parameter
proyek tujuan; parameter bernama sama tidak ditimpa kecuali dengan --overwrite-parameters."""


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "template",
        help="pustaka template pekerjaan: simpan, daftar, terapkan, ekspor, impor, ganti nama, hapus",
        description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    tsub = p.add_subparsers(dest="template_command", metavar="PERINTAH", required=True)
    _register_save(tsub, common)
    q = tsub.add_parser("list", parents=[common], help="daftar template (nama, kategori, jumlah, dipakai)")
    q.add_argument("--search", default="", metavar="TEKS", help="cari di nama dan deskripsi")
    q.add_argument("--category", choices=CATEGORIES, help="hanya kategori ini")
    q.add_argument("--json", action="store_true", help="satu dokumen JSON di stdout")
    q.set_defaults(func=run_list)
    q = tsub.add_parser("apply", parents=[common], help="tambahkan WBS template ke akhir WBS proyek")
    q.add_argument("template", metavar="TEMPLATE")
    q.add_argument("project", metavar="PROYEK")
    q.add_argument(
        "--overwrite-parameters",
        action="store_true",
        help="parameter bernama sama memakai nilai template (bawaan: nilai proyek dipertahankan, konflik dilaporkan)",
    )
    q.set_defaults(func=run_apply)
    _register_files(tsub, common)
    q = tsub.add_parser("rename", parents=[common], help="ganti nama template")
    q.add_argument("template", metavar="TEMPLATE")
    q.add_argument("new_name", metavar="NAMA_BARU")
    q.set_defaults(func=run_rename)
    q = tsub.add_parser("delete", parents=[common], help="hapus template dari pustaka")
    q.add_argument("template", metavar="TEMPLATE")
    q.set_defaults(func=run_delete)


def _register_save(tsub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    q = tsub.add_parser("save", parents=[common], help="simpan WBS proyek (atau pekerjaan pilihan) sebagai template")
    q.add_argument("project", metavar="PROYEK")
    q.add_argument("--name", required=True, metavar="NAMA", help="nama template (unik)")
    q.add_argument("--category", choices=CATEGORIES, default="lainnya", help="kategori (bawaan: lainnya)")
    q.add_argument("--description", default="", metavar="TEKS")
    q.add_argument(
        "--pekerjaan",
        nargs="+",
        metavar="KODE_ATAU_ID",
        help="hanya pekerjaan ini (beserta pekerjaan yang di-bundle-nya); bawaan: seluruh WBS",
    )
    q.set_defaults(func=run_save)


def _register_files(tsub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    q = tsub.add_parser("export", parents=[common], help="tulis template sebagai file template sistem web (2.2)")
    q.add_argument("template", metavar="TEMPLATE")
    q.add_argument("file", metavar="FILE")
    q.set_defaults(func=run_export)
    q = tsub.add_parser("import", parents=[common], help="masukkan file template sistem web ke pustaka")
    q.add_argument("file", metavar="FILE")
    q.add_argument("--name", metavar="NAMA", help="bawaan: template_meta.name di file")
    q.add_argument("--category", choices=CATEGORIES, help="bawaan: template_meta.category di file")
    q.add_argument("--description", metavar="TEKS")
    q.add_argument("--sumber", metavar="SUMBER", help="sumber pustaka referensi yang diutamakan")
    q.set_defaults(func=run_import)


def _fail(exc: TemplateError) -> Exception:
    from core.cli.errors import CliError

    for problem in exc.problems:
        print(f"error: {problem}", file=sys.stderr)
    return CliError(f"template: {len(exc.problems)} kesalahan; tidak ada yang diubah")


def _row(t: TemplateSummary) -> dict[str, Any]:
    out = asdict(t)
    out["created_at"] = t.created_at.isoformat()
    return out


def _pekerjaan_ids(db: Any, pid: str, refs: list[str]) -> list[str]:
    from core.cli.errors import CliError

    with db.session() as session:
        items = load_project_data(session, pid).pekerjaan
    out = []
    for ref in refs:
        found = [p.id for p in items if p.id == ref or p.kode == ref]
        if len(found) != 1:
            why = "tidak ada" if not found else f"ambigu ({len(found)} pekerjaan berkode sama; pakai id)"
            raise CliError(f"pekerjaan {ref!r}: {why}")
        out.append(found[0])
    return out


def run_save(args: argparse.Namespace) -> int:
    db = open_db(args)
    pid = project_id(db, args.project)
    chosen = None if args.pekerjaan is None else _pekerjaan_ids(db, pid, args.pekerjaan)
    try:
        saved = save_template(
            db,
            project_id=pid,
            name=args.name,
            category=args.category,
            description=args.description,
            pekerjaan_ids=chosen,
        )
    except TemplateError as exc:
        raise _fail(exc) from exc
    t = saved.summary
    if saved.added_targets:
        print(f"ikut disimpan (target bundle): {', '.join(saved.added_targets)}", file=sys.stderr)
    print(
        f"template {t.name!r}: {t.total_klasifikasi} klasifikasi, {t.total_sub} sub, {t.total_pekerjaan} pekerjaan",
        file=sys.stderr,
    )
    print(t.id)
    return 0


def run_list(args: argparse.Namespace) -> int:
    from core.cli.errors import CliError

    try:
        rows = list_templates(open_db(args), search=args.search, category=args.category)
    except TemplateError as exc:
        raise CliError(str(exc)) from exc
    if args.json:
        print_json([_row(t) for t in rows])
        return 0
    for t in rows:
        print(f"{t.id:>4}  {t.name:<40}  {t.category:<13}  {t.total_pekerjaan:>4} pekerjaan  dipakai {t.usage_count}x")
    return 0


def run_apply(args: argparse.Namespace) -> int:
    db = open_db(args)
    pid = project_id(db, args.project)
    try:
        result = apply_template(db, args.template, pid, overwrite_parameters=args.overwrite_parameters)
    except TemplateError as exc:
        raise _fail(exc) from exc
    for line in result.summary_lines():
        print(line, file=sys.stderr)
    print(pid)
    return 0


def run_export(args: argparse.Namespace) -> int:
    from core.cli.errors import CliError

    try:
        summary, content = template_content(open_db(args), args.template)
    except TemplateError as exc:
        raise _fail(exc) from exc
    try:
        write_json_atomic(args.file, export_web_template(summary, content))
    except OSError as exc:
        raise CliError(f"tidak dapat menulis {args.file}: {exc.strerror or exc}") from exc
    return 0


def run_import(args: argparse.Namespace) -> int:
    from core.exchange import ImportFailed

    db = open_db(args)
    try:
        summary, report = import_template_file(
            db, args.file, name=args.name, category=args.category, description=args.description, sumber=args.sumber
        )
    except ImportFailed as exc:
        raise _fail(TemplateError(exc.problems)) from exc
    except TemplateError as exc:
        raise _fail(exc) from exc
    for line in report.summary_lines():
        print(line, file=sys.stderr)
    print(summary.id)
    return 0


def run_rename(args: argparse.Namespace) -> int:
    try:
        t = rename_template(open_db(args), args.template, args.new_name)
    except TemplateError as exc:
        raise _fail(exc) from exc
    print(t.id)
    return 0


def run_delete(args: argparse.Namespace) -> int:
    try:
        t = delete_template(open_db(args), args.template)
    except TemplateError as exc:
        raise _fail(exc) from exc
    print(f"template {t.name!r} dihapus", file=sys.stderr)
    return 0
