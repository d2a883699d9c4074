"""The reports' QA list: detail rows that still hold a suspect coefficient from the reference library.

The rule is core.engine.suspects (the same rows the engine warns about). The Rincian AHSP report names
them under each work item's analysis and lists them all in "CATATAN KUALITAS DATA" before the appendix.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from core.engine.suspects import SuspectRow, reading
from core.reports import cells as c
from core.reports.model import Column, Table

QA = "qa_koefisien"
TITLE = "CATATAN KUALITAS DATA: KOEFISIEN MENCURIGAKAN DARI PUSTAKA REFERENSI"
COLUMNS = (
    Column("no", "No", 12, "int"),
    Column("pekerjaan", "Pekerjaan", 35),
    Column("item", "Item", 70),
    Column("kode", "Kode", 30),
    Column("koef", "Koefisien", 35, "koef"),
    Column("catatan", "Catatan", 95),
)
CAPTION = (
    "Sel koefisien pustaka berupa bilangan bulat ≥ 1000 (titik desimal kemungkinan hilang) disimpan apa adanya dan "
    "belum dikonfirmasi peninjau. Periksa nilainya, lalu ubah koefisien atau atur ulang ke referensi."
)


def note(found: SuspectRow) -> str:
    """What a reviewer or the user should do about one row."""
    cell = found.cell
    where = f"pustaka {cell.sumber}, AHSP {cell.kode_ahsp}, nilai di file {cell.nilai_file}"
    if cell.keputusan is not None:
        return f"peninjau menetapkan {reading(cell.keputusan)} ({where})"
    return f"kandidat {' / '.join(reading(v) for v in cell.kandidat)} ({where})"


def shown(found: SuspectRow) -> tuple[str, str, Decimal]:
    """(uraian, kode, koefisien) of the flagged coefficient: the row's own, or the line of the reference
    AHSP a bundle row points to (named with that bundle)."""
    if found.bundle is None:
        return found.row.uraian or found.row.kode, found.row.kode, found.row.koefisien
    ahsp, line = found.bundle
    return f"{line.uraian_item or line.kode_item} (dalam bundel {ahsp.kode_ahsp})", line.kode_item, line.koefisien


def item_captions(found: Sequence[SuspectRow]) -> dict[str, tuple[str, ...]]:
    """Per work item, one caption per flagged row, for its Rincian table."""
    captions: dict[str, list[str]] = {}
    for f in found:
        uraian, kode, _koef = shown(f)
        text = f"Koefisien mencurigakan: {uraian} ({kode}) = {f.cell.nilai_file}; {note(f)}."
        captions.setdefault(f.pekerjaan.id, []).append(text)
    return {pid: tuple(texts) for pid, texts in captions.items()}


def qa_table(found: Sequence[SuspectRow]) -> Table | None:
    """All flagged rows in document order, or None when there are none."""
    if not found:
        return None
    rows = tuple(
        c.row(
            COLUMNS,
            "item",
            f"qa:{f.row.id}",
            no=c.num(n),
            pekerjaan=c.text(f.pekerjaan.kode),
            item=c.text(shown(f)[0]),
            kode=c.text(shown(f)[1]),
            koef=c.koef(shown(f)[2]),
            catatan=c.text(note(f)),
        )
        for n, f in enumerate(found, 1)
    )
    sheet = "Catatan Kualitas"
    return Table(QA, TITLE, COLUMNS, rows, sheet=sheet, captions=(CAPTION,), landscape=True, identity=False)
