"""The reports' QA list: detail rows that still hold a suspect coefficient from the reference library.

The rule is core.engine.suspects (the same rows the engine warns about). The Rincian AHSP report names
them under each work item's analysis and lists them all in "CATATAN KUALITAS DATA" before the appendix.
"""

from __future__ import annotations

from collections.abc import Sequence

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


def item_captions(found: Sequence[SuspectRow]) -> dict[str, tuple[str, ...]]:
    """Per work item, one caption per flagged row, for its Rincian table."""
    captions: dict[str, list[str]] = {}
    for f in found:
        text = f"Koefisien mencurigakan: {f.row.uraian or f.row.kode} ({f.row.kode}) = {f.cell.nilai_file}; {note(f)}."
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
            item=c.text(f.row.uraian),
            kode=c.text(f.row.kode),
            koef=c.koef(f.row.koefisien),
            catatan=c.text(note(f)),
        )
        for n, f in enumerate(found, 1)
    )
    sheet = "Catatan Kualitas"
    return Table(QA, TITLE, COLUMNS, rows, sheet=sheet, captions=(CAPTION,), landscape=True, identity=False)
