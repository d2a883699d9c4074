"""Work items from the sample reference library: cloned as ref, made ref_modified, reset, all undoable."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.engine import Recalculator, compute
from core.reference import import_sample_library
from core.services import details, history, reference_items
from core.services.changes import ValidationFailed
from core.services.recalc_feed import feed

from .conftest import Built, act


@pytest.fixture()
def library(built: Built) -> str:
    import_sample_library(built.db)
    return "AHSP Contoh 2026"


def test_clone_modify_reset_and_undo(built: Built, library: str) -> None:
    db = built.db
    recalc = Recalculator(built.data())
    added = act(db, reference_items.add_from_reference, built.sub_id, sumber=library, kode_ahsp="1.1.1", after_id=built.galian)
    feed(recalc, added)
    data = built.data()
    item = next(p for p in data.pekerjaan if p.id == added.created_id)
    assert (item.kode, item.source_type) == ("1.1.1", "ref")
    assert [p.id for p in data.pekerjaan if p.sub_klasifikasi_id == built.sub_id] == [built.galian, item.id, built.urugan]
    assert {r.kode for r in data.detail_rows if r.pekerjaan_id == item.id} == {"TK-0001", "TK-0009"}
    assert recalc.result.rab == compute(data).rab
    row_id = next(r.id for r in data.detail_rows if r.pekerjaan_id == item.id and r.kode == "TK-0009")
    with pytest.raises(ValidationFailed, match="ref_modified"):
        act(db, details.set_koefisien, row_id, "1")
    modified = act(db, reference_items.make_ref_modified, item.id)
    feed(recalc, modified)
    assert next(p.kode for p in built.data().pekerjaan if p.id == item.id) == "mod.1-1.1.1"
    act(db, details.set_koefisien, row_id, "1")
    reset = act(db, reference_items.reset_to_reference, item.id)
    assert next(r.koefisien for r in built.data().detail_rows if r.pekerjaan_id == item.id and r.kode == "TK-0009") == Decimal("0.050000")
    act(db, history.revert, reset)
    assert next(r.koefisien for r in built.data().detail_rows if r.id == row_id) == 1
    act(db, history.revert, modified)
    undone = act(db, history.revert, added)
    assert item.id not in {p.id for p in built.data().pekerjaan}
    assert {type(r).__name__ for r in undone.removed} >= {"Pekerjaan", "DetailRow"}
