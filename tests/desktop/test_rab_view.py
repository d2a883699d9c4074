"""Rekap RAB page: the tree with subtotals and footer equals the report; totals follow edits instantly."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop.views.rab_view import RabView

from .conftest import edited, undone
from .rab_report import assert_view_equals_report, rab_report


@pytest.fixture(autouse=True)
def shown(workspace) -> None:  # type: ignore[no-untyped-def]
    workspace.navigation.select("rab")


def test_model_passes_the_model_tester(workspace, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(workspace.page("rab").model)


def test_rab_page_equals_the_report_of_the_stored_project(workspace, db, demo_id) -> None:  # type: ignore[no-untyped-def]
    view: RabView = workspace.page("rab")
    assert_view_equals_report(view, rab_report(db, demo_id))
    assert view.footer.labels["ppn"].text() == "PPN 11.00%"


def test_ppn_and_rounding_fields_change_the_footer_and_undo(qtbot, workspace, db, demo_id) -> None:  # type: ignore[no-untyped-def]
    view: RabView = workspace.page("rab")
    doc = workspace.document
    view.pricing.ppn.setText("12,5")
    edited(qtbot, doc, view.pricing.ppn.editingFinished.emit)
    assert doc.data.pricing.ppn_percent == Decimal("12.50")
    assert view.footer.labels["ppn"].text() == "PPN 12.50%"
    view.pricing.rounding.setEditText("1.000")
    edited(qtbot, doc, view.pricing.rounding.lineEdit().editingFinished.emit)
    assert doc.data.pricing.rounding_base == 1000
    assert_view_equals_report(view, rab_report(db, demo_id))
    view.pricing.ppn.setText("101")
    with qtbot.waitSignal(doc.failed, timeout=10000):
        view.pricing.ppn.editingFinished.emit()
    assert "antara 0 dan 100" in view.pricing.message.text() and doc.data.pricing.ppn_percent == Decimal("12.50")
    undone(qtbot, doc)
    undone(qtbot, doc)
    assert doc.data.pricing.ppn_percent == Decimal("11.00") and doc.data.pricing.rounding_base == 10000
    assert_view_equals_report(view, rab_report(db, demo_id))


def test_search_filters_the_tree(workspace) -> None:  # type: ignore[no-untyped-def]
    view: RabView = workspace.page("rab")
    view.search("bouwplank")
    rows = view.model.visibility("bouwplank")
    visible = [index.data() for index, _ in rows if not view.tree.isRowHidden(index.row(), index.parent())]
    assert visible == ["Pekerjaan Persiapan", "Persiapan Lapangan", "Pengukuran dan pemasangan 1 m' bouwplank"]
    view.search("")
    assert not any(view.tree.isRowHidden(index.row(), index.parent()) for index, _ in rows)
