"""The quality report as readable text: a summary with the accounting, the findings and the suspect table."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from core.reference.report import REASONS, ImportReport, Issue, Suspect

LEVEL_LABEL = {"error": "DITOLAK", "skip": "dilewati", "warning": "ditandai", "info": "catatan"}
ISSUE_COLUMNS = (("Tingkat", 8), ("Alasan", 24), ("Lembar", 14), ("Baris", 6), ("Kode AHSP", 12), ("Item", 32))
SUSPECT_COLUMNS = (
    ("Baris", 6), ("Kode AHSP", 12), ("Kode item", 9), ("Item", 26), ("Satuan", 6), ("Nilai", 8), ("÷1000", 9),
    ("÷10000", 9), ("Median (n)", 14), ("Min–Maks", 16), ("Perkiraan rasio", 15), ("Terdekat", 9), ("Keputusan", 14),
)  # fmt: skip


def num(x: Decimal | None) -> str:
    """Plain text of a decimal with a dot, as the library files write them ("83.349", "0.6")."""
    if x is None:
        return "-"
    return "0" if x == 0 else f"{x.normalize():f}"


def _per_reason(counts: dict[str, int]) -> list[str]:
    return [f"  {n:>6}  {reason:<24} {REASONS.get(reason, ('', ''))[1]}" for reason, n in sorted(counts.items())]


def summary(report: ImportReport) -> list[str]:
    skipped, rejected = sum(report.skipped.values()), sum(report.rejected.values())
    status = "tersimpan" if report.committed else "TIDAK disimpan (pustaka tidak diubah)"
    balance = "seimbang" if report.balanced else "TIDAK SEIMBANG"
    on_imported = len(report.suspects)
    out = [
        f"Laporan mutu pustaka AHSP: {report.file}",
        f"Sumber: {', '.join(report.sources) or '-'}   Status: {status}",
        *(f"Catatan: {note}" for note in report.notes),
        f"Baris dibaca {report.rows_read} = diimpor {report.rows_imported} + dilewati {skipped} + ditolak {rejected}"
        f" ({balance})",
        f"AHSP: {report.ahsp_count}   Sel koefisien mencurigakan: {report.suspect_cells}"
        f" ({on_imported} pada baris yang diimpor, {report.suspect_cells - on_imported} pada baris yang dilewati)",
        f"Keputusan peninjau: {report.decisions_applied} diterapkan, {report.decisions_stale} kedaluwarsa",
    ]
    for title, counts in (
        ("Dilewati per alasan:", report.skipped),
        ("Ditolak per alasan:", report.rejected),
        ("Ditandai/diubah per alasan (baris diimpor):", report.flagged),
        ("Catatan per AHSP:", report.ahsp_notes),
    ):
        if counts:
            out += [title, *_per_reason(counts)]
    return out


def _cell(text: object, width: int) -> str:
    value = str(text)
    return value if len(value) <= width else value[: width - 1] + "…"


def table(columns: Sequence[tuple[str, int]], rows: Iterable[Sequence[object]], tail: str = "") -> list[str]:
    """Fixed-width columns separated by two spaces; cells past them (titled `tail`) run long."""

    def line(cells: Sequence[object]) -> str:
        parts = [_cell(c, w).ljust(w) for c, (_, w) in zip(cells, columns, strict=False)]
        parts += [str(c) for c in cells[len(columns) :]]
        return "  ".join(parts).rstrip()

    header = line([name for name, _ in columns] + ([tail] if tail else []))
    return [header, "-" * len(header), *(line(r) for r in rows)]


def issue_rows(issues: Iterable[Issue]) -> list[list[object]]:
    return [
        [LEVEL_LABEL.get(i.level, i.level), i.reason, i.sheet, i.row or "", i.kode_ahsp, i.item, i.message]
        for i in issues
    ]


def suspect_rows(suspects: Iterable[Suspect]) -> list[list[object]]:
    rows = []
    for s in suspects:
        values = {c.pilihan: c.nilai for c in s.kandidat}
        median = f"{num(s.median)} ({s.pembanding_n})" if s.median is not None else "- (0)"
        span = f"{num(s.minimum)}–{num(s.maksimum)}" if s.minimum is not None else "-"
        decided = f"{s.keputusan} {num(s.nilai_keputusan)}" if s.keputusan else "belum"
        estimate = f"{num(s.perkiraan_rasio)} ({s.rasio_n})" if s.perkiraan_rasio is not None else "-"
        rows.append(
            [
                s.row,
                s.kode_ahsp,
                s.kode_item,
                s.uraian_item,
                s.satuan_item,
                s.nilai_file,
                num(values.get("bagi1000")),
                num(values.get("bagi10000")),
                median,
                span,
                estimate,
                s.terdekat or "-",
                decided,
            ]
        )
    return rows


def full_text(report: ImportReport, *, reasons: set[str] | None = None) -> list[str]:
    """Summary, every finding (optionally only some reasons) and the suspect table."""
    issues = [i for i in report.issues if reasons is None or i.reason in reasons]
    out = summary(report)
    if issues:
        out += ["", "Temuan per baris:", *table(ISSUE_COLUMNS, issue_rows(issues), "Keterangan")]
    if report.suspects and (reasons is None or "koefisien_mencurigakan" in reasons):
        out += ["", "Koefisien mencurigakan (disimpan apa adanya; pilih nilai dengan `ahsp reference decide`):"]
        out += table(SUSPECT_COLUMNS, suspect_rows(report.suspects))
    return out
