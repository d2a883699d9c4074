"""`ahsp projects`, `ahsp import FILE` and `ahsp export PROJECT FILE`."""

from __future__ import annotations

import argparse
import sys

from core.cli.common import open_db, print_json, project_id
from core.db.repositories import list_projects
from core.exchange import ImportFailed, export_file
from core.exchange.web_cli import IMPORT_HELP, add_web_import_options, import_options
from core.exchange.web_import import import_path


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("projects", parents=[common], help="daftar proyek (id, kode, nama)")
    p.add_argument("--json", action="store_true", help="satu dokumen JSON di stdout")
    p.set_defaults(func=run_projects)

    p = sub.add_parser(
        "import",
        parents=[common],
        help="impor file proyek (ahsp-project atau file JSON sistem web); baris terakhir stdout = id proyek baru",
        description=IMPORT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file")
    add_web_import_options(p)
    p.set_defaults(func=run_import)

    p = sub.add_parser("export", parents=[common], help="tulis file ahsp-project JSON")
    p.add_argument("project")
    p.add_argument("file")
    p.set_defaults(func=run_export)


def run_projects(args: argparse.Namespace) -> int:
    db = open_db(args)
    with db.session() as session:
        rows = list_projects(session)
    if args.json:
        print_json([{"id": r.id, "kode": r.kode, "nama": r.nama, "is_active": r.is_active} for r in rows])
        return 0
    for r in rows:
        status = "" if r.is_active else "  (arsip)"
        print(f"{r.id}  {r.kode or '-':<20}  {r.nama}{status}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from core.cli.errors import CliError

    db = open_db(args)
    try:
        result = import_path(db, args.file, **import_options(args))
    except ImportFailed as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        for warning in exc.warnings:
            print(f"peringatan: {warning}", file=sys.stderr)
        raise CliError(f"impor gagal: {len(exc.problems)} kesalahan; database tidak diubah") from exc
    for line in result.summary_lines():
        print(line, file=sys.stderr)
    print(result.project_id)
    return 0


def run_export(args: argparse.Namespace) -> int:
    from core.cli.errors import CliError

    db = open_db(args)
    pid = project_id(db, args.project)
    try:
        export_file(db, pid, args.file)
    except OSError as exc:
        raise CliError(f"tidak dapat menulis {args.file}: {exc.strerror or exc}") from exc
    return 0
