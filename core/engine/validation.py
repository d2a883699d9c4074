"""Data checks that return issues instead of raising (DOMAIN.md §1.6, §2.10, §6 items 13 and 17)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from core.engine.graph import BundleGraph
from core.engine.hsp import ItemSums, RowProblem
from core.engine.model import AHSP, ProjectModel, link_of
from core.engine.suspects import bundle_message, bundle_suspect
from core.engine.suspects import message as suspect_message
from core.formula import FormulaError, evaluate
from core.money import fmt_decimal, fmt_volume

Severity = Literal["error", "warning"]
PERCENT_LIMIT = Decimal("100.01")  # 100 % + 0.01 tolerance (§2.10)
PERCENT_SHORT = Decimal("99.9")  # below 100 − 0.1: "Total kurang dari 100%"


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem, with its place: work item, detail row and field when they apply. Problems of a
    harga item or a reference AHSP name it in `field` as `harga_item:<id>` / `reference_ahsp:<id>`."""

    code: str
    severity: Severity
    message: str
    pekerjaan_id: str | None = None
    row_id: str | None = None
    field: str | None = None


def _pct(x: Decimal) -> str:
    return f"{fmt_decimal(x, 2)}%"


_ROW_MESSAGES = {
    "missing": ("bundle_target_missing", "Target bundle {kode} tidak ditemukan; baris tidak diekspansi"),
    "cycle": ("bundle_cycle", "Bundle {kode} membentuk siklus; baris tidak diekspansi"),
    "empty": ("bundle_empty", "Bundle {kode} tidak memiliki komponen"),
    "depth": ("bundle_depth", "Maksimum kedalaman bundle terlampaui ({detail}); baris terakhir tidak diekspansi"),
}


def expansion_issues(pid: str, sums: ItemSums) -> list[Issue]:
    """Bundle rows that failed to expand and kodes used without a price (directly or in a bundle)."""
    if not sums.problems and not sums.missing:
        return []
    issues = [_row_issue(pid, p) for p in sums.problems]
    for row_id, kode in sums.missing:
        issues.append(
            Issue(
                "missing_price", "warning", f"Harga satuan {kode} belum diisi (dihitung 0)", pid, row_id, "harga_satuan"
            )
        )
    return issues


def _row_issue(pid: str, problem: RowProblem) -> Issue:
    code, template = _ROW_MESSAGES[problem.kind]
    message = template.format(kode=problem.row.kode, detail=problem.detail)
    return Issue(code, "error", message, pid, problem.row.id, "bundle")


def progress_issues(model: ProjectModel, pid: str, week_count: int) -> list[Issue]:
    """Totals per mode ≤ 100 % (+0.01), a planned total short of 100 %, progress on a zero volume,
    and weeks outside the project."""
    rows = model.progress.get(pid)
    if not rows:
        message = "Total kurang dari 100% (rencana 0,00%)"
        return [Issue("progress_incomplete", "warning", message, pid, None, "planned")]
    planned = actual = Decimal(0)
    outside = []
    for week, prog in rows.items():
        planned += prog.planned
        actual += prog.actual
        if not 1 <= week <= week_count:
            outside.append(week)
    issues = []
    for mode, label, total in (("planned", "rencana", planned), ("actual", "realisasi", actual)):
        if total > PERCENT_LIMIT:
            issues.append(
                Issue("progress_total", "error", f"Total {label} {_pct(total)} melebihi 100%", pid, None, mode)
            )
    if planned < PERCENT_SHORT:
        message = f"Total kurang dari 100% (rencana {_pct(planned)})"
        issues.append(Issue("progress_incomplete", "warning", message, pid, None, "planned"))
    if (planned > 0 or actual > 0) and model.pekerjaan[pid].volume == 0:
        message = "Progres diisi tetapi volume pekerjaan 0"
        issues.append(Issue("missing_capacity", "error", message, pid, None, "volume"))
    for week in sorted(outside):
        message = f"Minggu {week} di luar jadwal proyek (1–{week_count})"
        issues.append(Issue("progress_week_outside", "error", message, pid, None, "week"))
    return issues


def formula_issues(model: ProjectModel, pid: str, parameters: Mapping[str, Decimal]) -> list[Issue]:
    """A stored volume formula that no longer evaluates, or evaluates to another volume."""
    item = model.pekerjaan[pid]
    raw = item.volume_formula
    if raw is None or not raw.strip():
        return []
    try:
        value = evaluate(raw, parameters)
    except FormulaError as exc:
        message = f"Formula volume tidak dapat dihitung: {exc.message}"
        return [Issue("volume_formula_invalid", "error", message, pid, None, "volume_formula")]
    if value != item.volume:
        message = f"Volume tersimpan {fmt_volume(item.volume)} berbeda dari hasil formula {fmt_volume(value)}"
        return [Issue("volume_formula_mismatch", "warning", message, pid, None, "volume")]
    return []


def suspect_issues(model: ProjectModel, pid: str) -> list[Issue]:
    """Rows that still hold a suspect coefficient cloned from the reference library, and bundle rows whose
    reference AHSP copy holds one (core.engine.suspects)."""
    if not model.suspects:
        return []
    item = model.pekerjaan[pid]
    issues = []
    cells = model.suspects.cells_of(item)
    if cells:
        for row in model.rows.get(pid, {}).values():
            cell = model.suspects.cell_for(item, row.kode, row.koefisien) if row.kode in cells else None
            if cell is not None:
                message = suspect_message(item, row, cell)
                issues.append(Issue("suspect_koefisien", "warning", message, pid, row.id, "koefisien"))
    for row in model.bundle_rows.get(pid, {}).values():
        bundled = bundle_suspect(model.suspects, row, model.ahsp)
        if bundled is not None:
            message = bundle_message(item, row, *bundled)
            issues.append(Issue("suspect_koefisien", "warning", message, pid, row.id, "bundle"))
    return issues


def parameter_values(model: ProjectModel) -> dict[str, Decimal]:
    return {p.name.lower(): p.value for p in model.parameters.values()}


def tree_issue(pid: str) -> Issue:
    message = "Pekerjaan tidak berada di bawah klasifikasi/sub-klasifikasi yang ada; tidak ikut RAB"
    return Issue("pekerjaan_outside_tree", "error", message, pid, None, "sub_klasifikasi_id")


def orphan_harga_issues(model: ProjectModel) -> list[Issue]:
    """Harga items that no row uses, directly or through a reference AHSP's rincian."""
    return [
        Issue(
            "orphan_harga",
            "warning",
            f"Item {h.kode} tidak dipakai oleh baris mana pun",
            None,
            None,
            f"harga_item:{h.id}",
        )
        for h in model.harga.values()
        if h.kode not in model.kode_use
    ]


def ahsp_issues(model: ProjectModel, graph: BundleGraph) -> list[Issue]:
    """Nested bundle lines inside reference AHSP that lie on a cycle or point to an empty AHSP."""
    issues = []
    for aid, lines in model.ahsp_lines.items():
        kode = model.ahsp[aid].kode_ahsp
        for line in lines:
            target = link_of(line)
            if target is None:
                continue
            if graph.is_cyclic((AHSP, aid), target):
                message = f"AHSP {kode}: bundle {line.kode} membentuk siklus; baris tidak diekspansi"
                issues.append(Issue("bundle_cycle", "error", message, None, None, f"reference_ahsp:{aid}"))
            elif not model.has_lines(target):
                message = f"AHSP {kode}: bundle {line.kode} tidak memiliki komponen"
                issues.append(Issue("bundle_empty", "error", message, None, None, f"reference_ahsp:{aid}"))
    return issues


def project_issues(schedule_error: str | None, equal_weights: bool, has_items: bool) -> list[Issue]:
    issues = []
    if schedule_error is not None:
        issues.append(
            Issue("schedule_invalid", "error", f"Jadwal tidak valid: {schedule_error}", None, None, "tanggal")
        )
    if equal_weights and has_items:
        message = "Semua Jumlah 0 (belum ada harga): bobot dibagi rata, bukan menurut volume"
        issues.append(Issue("bobot_equal_weights", "warning", message))
    return issues


def missing_price_kodes(model: ProjectModel, kodes: Iterable[str]) -> tuple[str, ...]:
    """Distinct unpriced kodes, sorted by kategori order (TK, BHN, ALT, LAIN, unknown) then kode."""
    order = {"TK": 0, "BHN": 1, "ALT": 2, "LAIN": 3}

    def rank(kode: str) -> tuple[int, str]:
        item = model.harga_by_kode.get(kode)
        return (order.get(item.kategori, 4) if item else 4, kode)

    return tuple(sorted(set(kodes), key=rank))
