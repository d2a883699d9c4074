"""Rekap Kebutuhan page: the whole project by default; filters by kategori, klasifikasi and text; a week,
a range of weeks or a month; totals follow price edits."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.engine import KebutuhanScope
from desktop.views.kebutuhan_view import KebutuhanView

from .conftest import edited


@pytest.fixture()
def page(workspace) -> KebutuhanView:  # type: ignore[no-untyped-def]
    workspace.navigation.select("kebutuhan")
    return workspace.page("kebutuhan")


def kodes(page: KebutuhanView) -> list[str]:
    return [page.model.text(r, 1) for r in range(page.model.rowCount()) if page.model.state(r) != "group"]


def test_model_passes_the_model_tester(page: KebutuhanView, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(page.model)


def test_filters_and_periods(page: KebutuhanView, workspace) -> None:  # type: ignore[no-untyped-def]
    doc = workspace.document
    everything = kodes(page)
    assert len(everything) == len(doc.result.kebutuhan.rows)
    assert doc.result.kebutuhan.display_total in page.footer.text()
    page.kategori["TK"].setChecked(True)
    page.refresh()
    assert kodes(page) and all(k.startswith("TK-") for k in kodes(page))
    page.kategori["TK"].setChecked(False)
    page.text.setText("semen")
    page.refresh()
    assert "B-0001" in kodes(page) and all(
        "semen" in page.model.text(r, 2).lower() for r in range(page.model.rowCount()) if page.model.state(r) != "group"
    )
    page.text.setText("")
    page.klasifikasi.setCurrentIndex(1)
    page.refresh()
    assert 0 < len(kodes(page)) < len(everything)
    page.klasifikasi.setCurrentIndex(0)
    page.scope.setCurrentIndex(page.scope.findData("week"))
    page.first_week.setValue(3)
    page.refresh()
    assert page.current_scope() == KebutuhanScope.week(3)
    assert "Minggu 3" in page.footer.text()
    week3 = doc.recalc.kebutuhan(KebutuhanScope.week(3))
    assert week3.display_total in page.footer.text()
    page.scope.setCurrentIndex(page.scope.findData("month"))
    page.refresh()
    assert page.current_scope().kind == "month"


def test_price_edit_updates_the_rekap(qtbot, page: KebutuhanView, workspace) -> None:  # type: ignore[no-untyped-def]
    doc = workspace.document
    harga = workspace.page("harga")
    harga.ensure_loaded()
    row = harga.model.row_of_kode("B-0001")
    before = doc.result.kebutuhan.total
    edited(qtbot, doc, lambda: harga.model.setData(harga.model.index(row, 3), Decimal("2000")))
    assert doc.result.kebutuhan.total > before
    assert doc.result.kebutuhan.display_total in page.footer.text()
