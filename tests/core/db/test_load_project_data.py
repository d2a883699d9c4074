"""load_project_data returns what write_project_data stored, in document order (the bulk-load fast path)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from bench.generate import generate_project
from core.db.repositories import load_project_data, write_project_data
from core.db.session import open_database, unit_of_work
from core.domain import DetailRow, Progress, ProjectData


def _round_trip(tmp_path: Path, data: ProjectData) -> ProjectData:
    db = open_database(tmp_path / "load.sqlite")
    try:
        with unit_of_work(db, actor="test") as session:
            pid = write_project_data(session, data, actor="test")
        with db.session() as session:
            return load_project_data(session, pid)
    finally:
        db.dispose()


def test_rows_and_progress_come_back_in_document_order_with_equal_values(tmp_path: Path) -> None:
    data = generate_project(n_items=60, rows_per_item=6, weeks=12, seed=7)
    # Reverse the work items inside each sub-klasifikasi: their rows must follow the new order, not the ids.
    items = sorted(data.pekerjaan, key=lambda p: (p.sub_klasifikasi_id, -int(p.id[1:])))
    order = {p.id: i for i, p in enumerate(items)}
    rows = tuple(sorted(data.detail_rows, key=lambda r: order[r.pekerjaan_id]))
    progress = tuple(sorted(data.progress, key=lambda g: order[g.pekerjaan_id]))
    data = replace(data, pekerjaan=tuple(items), detail_rows=rows, progress=progress)

    loaded = _round_trip(tmp_path, data)

    assert loaded.pekerjaan == data.pekerjaan
    assert loaded.detail_rows == data.detail_rows
    assert loaded.progress == data.progress
    assert all(type(r) is DetailRow for r in loaded.detail_rows)
    assert all(type(g) is Progress for g in loaded.progress)


def test_stored_decimals_keep_their_column_scale(tmp_path: Path) -> None:
    data = generate_project(n_items=20, rows_per_item=4, weeks=8, seed=3)
    loaded = _round_trip(tmp_path, data)
    assert {r.koefisien.as_tuple().exponent for r in loaded.detail_rows} == {-6}
    assert {g.planned.as_tuple().exponent for g in loaded.progress} == {-2}
    assert {g.actual_cost.as_tuple().exponent for g in loaded.progress if g.actual_cost is not None} == {-2}
    assert sum(r.koefisien for r in loaded.detail_rows) == sum(r.koefisien for r in data.detail_rows)
    assert isinstance(loaded.detail_rows[0].koefisien, Decimal)
