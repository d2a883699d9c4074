"""Progress cells with their per-item limit, and undo/redo (revert/reapply) of every kind of edit."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.engine import Recalculator, compute
from core.services import details, harga, history, pekerjaan, pricing, progress, tree, volume
from core.services.changes import ValidationFailed
from core.services.progress import ProgressCell
from core.services.recalc_feed import feed

from .conftest import Built, act


def test_progress_totals_are_limited_per_item(built: Built) -> None:
    db = built.db
    act(db, progress.set_progress, built.galian, 1, mode="planned", value="60")
    act(db, progress.set_progress, built.galian, 2, mode="planned", value="40,01")
    with pytest.raises(ValidationFailed, match="melebihi 100%"):
        act(db, progress.set_progress, built.galian, 3, mode="planned", value="0,01")
    with pytest.raises(ValidationFailed, match="di luar jadwal"):
        act(db, progress.set_progress, built.galian, 99, mode="actual", value="1")
    cells = [ProgressCell(built.urugan, w, "actual", "25") for w in (1, 2, 3, 4)]
    act(db, progress.set_progress_cells, built.project_id, cells)
    act(db, progress.set_progress, built.galian, 2, mode="planned", value="0")
    weeks = {(g.pekerjaan_id, g.week): (g.planned, g.actual) for g in built.data().progress}
    assert weeks[(built.galian, 1)] == (Decimal("60.00"), Decimal("0.00")) and (built.galian, 2) not in weeks
    assert sum(a for p, (_, a) in weeks.items() if p[0] == built.urugan) == 100


EDITS = [
    ("volume", lambda b: (volume.enter_volume, (b.galian, "33,5"), {})),
    ("koefisien", lambda b: (details.set_koefisien, (b.row_id(b.galian, "TK-0001"), "2"), {})),
    ("harga", lambda b: (harga.set_harga, (b.harga_id("TK-0001"), "99.000,5"), {})),
    ("pricing", lambda b: (pricing.set_pricing, (b.project_id,), {"markup_percent": "20", "ppn_percent": "12"})),
    ("override", lambda b: (pricing.set_markup_override, (b.beton, "5"), {})),
    ("add row", lambda b: (details.add_resource_row, (b.urugan,), {"kategori": "ALT", "uraian": "Stamper", "satuan": "jam", "koefisien": "0,1", "harga_satuan": "50000"})),
    ("delete rows", lambda b: (details.delete_rows, ([b.row_id(b.galian, "B-0001")],), {})),
    ("bundle", lambda b: (details.add_bundle_row, (b.beton,), {"target_kind": "pekerjaan", "target_id": b.galian, "koefisien": "3"})),
    ("add item", lambda b: (pekerjaan.add_custom_pekerjaan, (b.sub_id,), {"uraian": "Baru", "after_id": b.galian})),
    ("rename item", lambda b: (pekerjaan.update_pekerjaan, (b.galian,), {"uraian": "Galian baru"})),
    ("move item", lambda b: (pekerjaan.move_pekerjaan, ([b.galian],), {"sub_id": b.sub2_id})),
    ("delete item", lambda b: (pekerjaan.delete_pekerjaan, ([b.urugan],), {})),
    ("delete sub", lambda b: (tree.delete_sub_klasifikasi, (b.sub2_id,), {"cascade": True})),
    ("add klasifikasi", lambda b: (tree.add_klasifikasi, (b.project_id,), {"nama": "Atap"})),
    ("progress", lambda b: (progress.set_progress, (b.galian, 2), {"mode": "planned", "value": "50"})),
    ("parameter", lambda b: (volume.add_parameter, (b.project_id,), {"name": "p", "value": "2"})),
]


@pytest.mark.parametrize("name,make", EDITS, ids=[e[0] for e in EDITS])
def test_undo_and_redo_of_each_kind_of_edit_follow_the_engine(built: Built, name: str, make) -> None:
    db = built.db
    original = built.data()
    recalc = Recalculator(original)
    fn, args, kwargs = make(built)
    done = act(db, fn, *args, **kwargs)
    feed(recalc, done)
    after = built.data()
    assert after != original, name
    assert recalc.result.rab == compute(after).rab
    undone = act(db, history.revert, done)
    feed(recalc, undone)
    assert built.data() == original
    assert recalc.result.rab == compute(original).rab
    redone = act(db, history.reapply, done)
    feed(recalc, redone)
    assert built.data() == after
    assert recalc.result.rab == compute(after).rab


def test_undo_refused_when_the_row_changed_since(built: Built) -> None:
    db = built.db
    first = act(db, volume.enter_volume, built.galian, "11")
    act(db, volume.enter_volume, built.galian, "12")
    with pytest.raises(ValidationFailed, match="sudah berubah"):
        act(db, history.revert, first)
    assert next(p.volume for p in built.data().pekerjaan if p.id == built.galian) == Decimal("12.000")
