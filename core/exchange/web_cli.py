"""The `ahsp import` options for web files (flags, help text, and turning them into `import_path` arguments).

Kept beside the web importer so `core.cli.projects` only registers them.
"""

from __future__ import annotations

import argparse
from datetime import date, timedelta
from typing import Any

IMPORT_HELP = """\
Mengenali file dari isinya ("format" atau "export_type"), bukan dari nama file:
  ahsp-project          file proyek aplikasi ini
  project_full_backup   backup proyek lengkap sistem web (versi 1.0, 1.1, 2.0)
  list_pekerjaan        List Pekerjaan sistem web (pohon pekerjaan tanpa rincian)
  template_ahsp         Template AHSP sistem web (rincian tanpa pohon)
  project_template      template pekerjaan sistem web (2.2 datar atau bentuk lama bersarang)
Selalu membuat proyek baru; tidak ada yang ditulis bila ada satu kesalahan. Ringkasan impor
(jumlah per bagian, peringatan, baris yang tidak terpetakan) dicetak ke stderr.
File List Pekerjaan, Template AHSP dan template tidak memuat identitas proyek: nama diambil dari
file (atau --project-name), tanggal dari --start/--end. Gabungkan List Pekerjaan dan Template AHSP
dari keadaan proyek yang sama dengan --with-list atau --with-details.
AHSP referensi dicari berdasarkan kode di pustaka referensi lokal (ahsp reference import)."""


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"bukan tanggal YYYY-MM-DD: {text!r}") from exc


def add_web_import_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--project-name", metavar="NAMA", help="nama proyek baru (bawaan: nama di file)")
    p.add_argument(
        "--start",
        type=_date,
        metavar="YYYY-MM-DD",
        help="tanggal mulai untuk file tanpa identitas proyek (bawaan: hari ini)",
    )
    p.add_argument(
        "--end",
        type=_date,
        metavar="YYYY-MM-DD",
        help="tanggal selesai untuk file tanpa identitas "
        "proyek (bawaan: 31 Desember tahun mulai, atau mulai + 365 hari)",
    )
    group = p.add_mutually_exclusive_group()
    group.add_argument("--with-list", metavar="FILE", help="file List Pekerjaan untuk file utama template_ahsp")
    group.add_argument("--with-details", metavar="FILE", help="file Template AHSP untuk file utama list_pekerjaan")
    p.add_argument("--no-progress", action="store_true", help="backup: jangan impor progress mingguan")
    p.add_argument(
        "--sumber", metavar="SUMBER", help="sumber pustaka referensi yang diutamakan bila kode ada di beberapa sumber"
    )


def default_end(start: date) -> date:
    """The web system's default end date (DOMAIN.md §1.1): 31 Dec of the start year, else start + 365 days."""
    end = date(start.year, 12, 31)
    return end if end > start else start + timedelta(days=365)


def import_options(args: argparse.Namespace, *, today: date | None = None) -> dict[str, Any]:
    """Keyword arguments for `web_import.import_path` from parsed CLI arguments."""
    start = args.start or today or date.today()
    end = args.end or default_end(start)
    project: dict[str, Any] = {"tanggal_mulai": start.isoformat(), "tanggal_selesai": end.isoformat()}
    if args.project_name:
        project["nama"] = args.project_name.strip()
    return {
        "project": project,
        "companion_path": args.with_list or args.with_details,
        "include_progress": not args.no_progress,
        "sumber": args.sumber,
    }
