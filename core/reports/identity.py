"""The identity block every document starts with, and the signature presets (DOMAIN.md §3.4).

NEW rules: Tahun is tahun_project (the start year) and Lokasi is lokasi_project; signature boxes print the
names the project has (a dotted line only where a name is missing).
"""

from __future__ import annotations

from datetime import date

from core.domain import ProjectInfo
from core.money import fmt_currency
from core.reports.model import IdentityLine, Signatures, Signer
from core.weeks import MONTH_NAMES

BLANK_NAME = "(" + "." * 30 + ")"


def identity_block(info: ProjectInfo) -> tuple[IdentityLine, ...]:
    """Proyek, the two description lines, Pemilik Project, Tahun, Sumber Dana, Lokasi, Project Anggaran."""
    lines = [IdentityLine("Proyek", info.nama)]
    lines += [IdentityLine("", text) for text in (info.ket_project1, info.ket_project2) if text.strip()]
    owner = info.nama_client or "-"
    if info.instansi_client.strip():
        owner = f"{owner} ({info.instansi_client})"
    lines += [
        IdentityLine("Pemilik Project", owner),
        IdentityLine("Tahun", str(info.tahun)),
        IdentityLine("Sumber Dana", info.sumber_dana or "-"),
        IdentityLine("Lokasi", info.lokasi or "-"),
        IdentityLine("Project Anggaran", f"Rp {fmt_currency(info.anggaran_owner)}"),
    ]
    return tuple(lines)


def tanggal(d: date) -> str:
    """`28 November 2026`."""
    return f"{d.day} {MONTH_NAMES[d.month - 1]} {d.year}"


def place_date(printed_on: date | None) -> str:
    """The line above the signatures; the place is left to fill in (lokasi is an address, not a town)."""
    when = tanggal(printed_on) if printed_on else "...................... 20...."
    return f"......................., {when}"


def _signer(role: str, nama: str, instansi: str, jabatan: str = "") -> Signer:
    return Signer(role, nama.strip() or BLANK_NAME, instansi.strip(), jabatan.strip())


def owner(info: ProjectInfo) -> Signer:
    return _signer("Pemilik Proyek", info.nama_client, info.instansi_client, info.jabatan_client)


def perencanaan(info: ProjectInfo, printed_on: date | None) -> Signatures:
    """RAB, Rincian, Harga, Volume and Kebutuhan: the owner and the planning consultant."""
    perencana = _signer("Konsultan Perencana", info.nama_konsultan_perencana, info.instansi_konsultan_perencana)
    return Signatures(place_date(printed_on), (owner(info), perencana))


def pelaksanaan(info: ProjectInfo, printed_on: date | None, heading: str = "") -> Signatures:
    """Jadwal and Kurva-S: the contractor, the supervising consultant and the owner."""
    kontraktor = _signer("Kontraktor Pelaksana", info.nama_kontraktor, info.instansi_kontraktor)
    pengawas = _signer("Konsultan Pengawas", info.nama_konsultan_pengawas, info.instansi_konsultan_pengawas)
    return Signatures(place_date(printed_on), (kontraktor, pengawas, owner(info)), heading)
