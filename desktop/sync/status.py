"""What the app says about sync, in one line (SYNC.md §1.5 step 4): made from the last cycle reports."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from sync.client.report import CycleReport


def tr(text: str) -> str:
    return QCoreApplication.translate("SyncStatus", text)


@dataclass(frozen=True)
class SyncStatus:
    """state: not_signed_in | idle | syncing | offline | saved | pending | conflicts | rejected | sign_in |
    upgrade | forbidden | error"""

    state: str = "not_signed_in"
    percent: int = 0
    conflicts: int = 0
    rejected: int = 0
    unsent: int = 0
    message: str = ""
    server: str = ""
    username: str = ""

    @property
    def text(self) -> str:
        return status_text(self)


def status_text(s: SyncStatus) -> str:
    if s.state == "syncing":
        return tr("Menyinkronkan {0} %").format(s.percent)
    problems = []
    if s.conflicts:
        problems.append(tr("{0} konflik").format(s.conflicts))
    if s.rejected:
        problems.append(tr("{0} ditolak").format(s.rejected))
    fixed = {
        "not_signed_in": tr("Belum masuk ke server"),
        "idle": tr("Siap sinkron"),
        "offline": tr("Offline — perubahan disimpan di komputer ini"),
        "saved": tr("Semua perubahan tersimpan di server"),
        "pending": tr("{0} perubahan belum terkirim").format(s.unsent),
        "sign_in": tr("Masuk kembali untuk sinkron"),
        "upgrade": tr("Perbarui aplikasi untuk sinkron"),
        "forbidden": tr("Akses ke proyek dicabut"),
        "error": tr("Sinkron gagal: {0}").format(s.message) if s.message else tr("Sinkron gagal"),
    }
    head = fixed.get(s.state, "")
    if problems and s.state in ("saved", "pending", "conflicts", "rejected"):
        return " · ".join(problems)
    return " · ".join([head, *problems]) if problems else head


def summarize(reports: Sequence[CycleReport], *, server: str, username: str) -> SyncStatus:
    """One status for all projects: the worst outcome wins; conflicts and rejections are added up."""
    conflicts = sum(r.open_conflicts for r in reports)
    rejected = sum(r.held_rejected + r.stuck for r in reports)
    unsent = sum(r.unsent for r in reports)
    for outcome, state in (
        ("upgrade", "upgrade"),
        ("sign_in", "sign_in"),
        ("offline", "offline"),
        ("forbidden", "forbidden"),
        ("error", "error"),
    ):
        hit = next((r for r in reports if r.outcome == outcome), None)
        if hit is not None:
            return SyncStatus(state, 0, conflicts, rejected, unsent, hit.message, server, username)
    if conflicts:
        state = "conflicts"
    elif rejected:
        state = "rejected"
    elif unsent or not all(r.saved for r in reports):
        state = "pending"
    else:
        state = "saved"
    return SyncStatus(state, 100, conflicts, rejected, unsent, "", server, username)
