"""A koefisien cloned from a suspect library cell has the red flag and its explanation on the Rincian page,
and counts in the status bar and the Ringkasan warnings; editing the value clears it, undo brings it back."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QIcon

from core.db.session import Database, unit_of_work
from core.reference import import_xlsx
from core.services.clone import clone_ahsp
from desktop.models.rincian_table_model import KOEF, SUSPECT_BACKGROUND, RincianTableModel
from desktop.views.rincian_view import RincianView
from desktop.widgets.status_panel import StatusPanel
from tests.core.reference.conftest import SMALL_LIBRARY, project_with_sub, write_xlsx

from .conftest import edited, undone

TIP = "Koefisien mencurigakan dari pustaka: 83349 (kandidat 83,349 / 8,3349)"


@pytest.fixture()
def demo_id(db: Database, tmp_path: Path) -> str:
    """Instead of the demo: a project with AHSP 1.2 of a small library (Kerikil 83349) as ref and ref_modified."""
    import_xlsx(db, write_xlsx(tmp_path / "kecil.xlsx", SMALL_LIBRARY))
    pid, sub = project_with_sub(db)
    for source_type in ("ref", "ref_modified"):
        with unit_of_work(db, actor="test") as session:
            clone_ahsp(
                session, project_id=pid, sub_klasifikasi_id=sub, sumber="Uji 1", kode_ahsp="1.2", source_type=source_type
            )
    return pid


@pytest.fixture()
def page(workspace) -> RincianView:  # type: ignore[no-untyped-def]
    workspace.navigation.select("rincian")
    return workspace.page("rincian")


def _item(document, source_type: str):  # type: ignore[no-untyped-def]
    return next(p for p in document.data.pekerjaan if p.source_type == source_type)


def _row_of(model: RincianTableModel, kode: str) -> int:
    return next(r for r in range(model.rowCount()) if (line := model.line(r)) is not None and line.kode == kode)


def test_the_suspect_koefisien_cell_has_the_red_flag_and_the_candidates(page, workspace, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    page.reveal(_item(workspace.document, "ref").id)
    model = page.model
    row = _row_of(model, "B.0002")
    index = model.index(row, KOEF)
    tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert isinstance(tip, str) and tip.startswith(TIP) and "AHSP 1.2 (Uji 1)" in tip
    assert model.suspect_tip(row) == tip
    assert isinstance(model.data(index, Qt.ItemDataRole.DecorationRole), QIcon)
    background = model.data(index, Qt.ItemDataRole.BackgroundRole)
    assert isinstance(background, QBrush) and background.color() == SUSPECT_BACKGROUND
    assert model.state(row) == "readonly"  # a ref item stays read-only; only the cell is flagged
    other = _row_of(model, "B.0001")  # Semen 371: not suspect
    assert model.suspect_tip(other) is None
    assert model.data(model.index(other, KOEF), Qt.ItemDataRole.DecorationRole) is None
    assert model.data(model.index(row, 1), Qt.ItemDataRole.DecorationRole) is None  # only the koefisien cell
    qtmodeltester.check(model)


def test_status_bar_and_ringkasan_count_it(page, workspace) -> None:  # type: ignore[no-untyped-def]
    status = StatusPanel()
    status.bind(workspace.document)
    assert "2 koefisien mencurigakan" in status.warnings.text()
    workspace.navigation.select("ringkasan")
    ringkasan = workspace.page("ringkasan")
    texts = [ringkasan.warnings.item(i).text() for i in range(ringkasan.warnings.count())]
    assert sum("Kerikil (B.0002) = 83349 mencurigakan" in t for t in texts) == 2


def test_editing_the_value_clears_the_flag_and_undo_restores_it(qtbot, page, workspace) -> None:  # type: ignore[no-untyped-def]
    doc = workspace.document
    status = StatusPanel()
    status.bind(doc)
    page.reveal(_item(doc, "ref_modified").id)
    row = _row_of(page.model, "B.0002")
    assert page.model.suspect_tip(row) is not None
    edited(qtbot, doc, lambda: page.model.setData(page.model.index(row, KOEF), "83,349"))
    row = _row_of(page.model, "B.0002")
    assert page.model.suspect_tip(row) is None
    assert page.model.data(page.model.index(row, KOEF), Qt.ItemDataRole.DecorationRole) is None
    assert "1 koefisien mencurigakan" in status.warnings.text()
    undone(qtbot, doc)
    assert page.model.suspect_tip(_row_of(page.model, "B.0002")) is not None
    assert "2 koefisien mencurigakan" in status.warnings.text()


def test_a_bundle_row_to_a_suspect_reference_ahsp_has_the_flag(qtbot, db: Database, tmp_path: Path, tasks) -> None:  # type: ignore[no-untyped-def]
    from desktop.workspace import ProjectWorkspace
    from tests.core.reference.conftest import sni_row

    from .conftest import open_document

    bundled = [*SMALL_LIBRARY, sni_row("2.1", "Pondasi telapak", "1.2", "Lain-lain", "Beton fc' 25 MPa", "m3", "0.4")]
    import_xlsx(db, write_xlsx(tmp_path / "bundel.xlsx", bundled))
    pid, sub = project_with_sub(db)
    with unit_of_work(db, actor="test") as session:
        clone_ahsp(session, project_id=pid, sub_klasifikasi_id=sub, sumber="Uji 1", kode_ahsp="2.1", source_type="ref")
    document = open_document(qtbot, db, pid, tasks)
    workspace = ProjectWorkspace(document, db, tasks)
    qtbot.addWidget(workspace)
    workspace.show()
    workspace.navigation.select("rincian")
    page = workspace.page("rincian")
    page.reveal(document.data.pekerjaan[0].id)
    row = _row_of(page.model, "1.2")  # the bundle line
    index = page.model.index(row, KOEF)
    assert isinstance(page.model.data(index, Qt.ItemDataRole.DecorationRole), QIcon)
    assert page.model.suspect_tip(row).startswith(TIP)  # type: ignore[union-attr]
    document.wait()
