"""Where each kind of engine warning is fixed: its short title and the page (and row) a link opens."""

from __future__ import annotations

from core.engine import Issue

TITLES = {
    "missing_price": "harga belum diisi",
    "bundle_cycle": "bundle bersiklus",
    "bundle_empty": "bundle kosong",
    "bundle_target_missing": "target bundle hilang",
    "bundle_depth": "bundle terlalu dalam",
    "progress_total": "progres di atas 100%",
    "progress_incomplete": "rencana progres < 100%",
    "missing_capacity": "progres tanpa volume",
    "progress_week_outside": "progres di luar jadwal",
    "volume_formula_invalid": "formula volume salah",
    "volume_formula_mismatch": "volume beda dari formula",
    "pekerjaan_outside_tree": "pekerjaan tanpa klasifikasi",
    "orphan_harga": "item harga tak terpakai",
    "suspect_koefisien": "koefisien mencurigakan",
}


def issue_title(code: str) -> str:
    return TITLES.get(code, code.replace("_", " "))


def issue_target(issue: Issue) -> tuple[str, object]:
    """(page key, target) for a warning: prices go to Harga Items, formulas to Volume, the rest to the item."""
    code = issue.code
    if code in ("missing_price", "orphan_harga"):
        return "harga", issue.field if code == "orphan_harga" else _kode(issue.message)
    if code.startswith("volume_formula") or code == "missing_capacity":
        return "volume", issue.pekerjaan_id
    if code.startswith("bundle") or code == "suspect_koefisien":
        return "rincian", issue.pekerjaan_id
    if code == "pekerjaan_outside_tree":
        return "list_pekerjaan", issue.pekerjaan_id
    return "ringkasan", issue.pekerjaan_id


def _kode(message: str) -> str | None:
    # "Harga satuan TK-0001 belum diisi (dihitung 0)" -> "TK-0001"
    parts = message.split()
    return parts[2] if len(parts) > 2 else None
