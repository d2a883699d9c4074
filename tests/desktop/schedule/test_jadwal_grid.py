"""Jadwal grid on real widgets and SQLite: week labels, typing (rounded to 1 dp), refusals above 100 % with the
message at the cell and nothing changed, the amber warning below 100 %, fill down/right, atomic paste, undo,
the derived monthly and volume views, and the model tester in every view."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics

from core.weeks import project_weeks
from desktop.models.jadwal_table_model import FROZEN, TOTAL
from desktop.models.sheet_model import AMBER, ERROR_ROLE
from desktop.widgets.cell_message import message_for
from desktop.widgets.tsv import to_tsv

from ..conftest import edited, refused, undone
from .conftest import item_rows, page

W = FROZEN - 1  # column of week w is W + w
BG = Qt.ItemDataRole.BackgroundRole


@pytest.fixture()
def jadwal(sample_ws):  # type: ignore[no-untyped-def]
    return page(sample_ws, "jadwal")


def stored(doc, pid: str, mode: str = "planned") -> dict[int, Decimal]:  # type: ignore[no-untyped-def]
    return {g.week: getattr(g, mode) for g in doc.data.progress if g.pekerjaan_id == pid and getattr(g, mode)}


def test_models_pass_the_model_tester_in_every_view(jadwal, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    for view in ("weekly", "monthly", "volume"):
        jadwal.controls.set_state(view=view)
        qtmodeltester.check(jadwal.model)
    jadwal.controls.set_state(view="weekly", mode="actual")
    qtmodeltester.check(jadwal.model)


def test_rows_are_grouped_and_weeks_labelled_by_the_one_week_function(jadwal, sample_ws) -> None:  # type: ignore[no-untyped-def]
    m, info = jadwal.model, sample_ws.document.info
    weeks = project_weeks(info.tanggal_mulai, info.tanggal_selesai, info.week_start_day)
    assert [p.title for p in m.periods] == [w.label for w in weeks] and len(weeks) == 47
    assert m.columnCount() == FROZEN + 47 and m.columns[W + 1].title == "Minggu 1 (05/01 – 11/01)"
    assert m.headerData(W + 1, Qt.Orientation.Horizontal).replace("\u00a0", " ") == weeks[0].label
    assert [m.state(r) for r in range(m.rowCount())] == ["group", "subgroup", "", "", "", ""]
    assert [m.text(r, 0) for r in range(2)] == ["K1", "K1.1"]
    assert m.text(2, 1) == "100,000" and m.text(1, 3) == "100,00%"  # the sub's bobot sums its items
    # frozen columns on the left table, weeks on the right one, scrolled together
    grid = jadwal.grid
    assert all(not grid.frozen.isColumnHidden(c) for c in range(FROZEN)) and grid.frozen.isColumnHidden(FROZEN)
    assert grid.periods.isColumnHidden(0) and not grid.periods.isColumnHidden(FROZEN)
    assert grid.periods.selectionModel() is grid.frozen.selectionModel()


def test_typing_rounds_to_one_decimal_and_warns_below_100(qtbot, jadwal, sample_ws) -> None:  # type: ignore[no-untyped-def]
    doc, m = sample_ws.document, jadwal.model
    r = item_rows(m)[0]
    pid = m.row_id(r)
    edited(qtbot, doc, lambda: m.setData(m.index(r, W + 2), Decimal("12.34")))
    assert stored(doc, pid) == {2: Decimal("12.30")}
    assert m.text(r, W + 2) == "12,3" and m.text(r, TOTAL) == "12,30%"
    assert m.data(m.index(r, TOTAL), BG).color() == AMBER  # BackgroundRole: total below 100 %
    edited(qtbot, doc, lambda: m.setData(m.index(r, W + 3), "87,7"))
    assert m.text(r, TOTAL) == "100,00%" and m.data(m.index(r, TOTAL), BG) is None
    undone(qtbot, doc)
    assert stored(doc, pid) == {2: Decimal("12.30")} and m.text(r, W + 3) == ""


def test_a_total_above_100_is_refused_at_the_cell_and_nothing_changes(qtbot, jadwal, sample_ws, db) -> None:  # type: ignore[no-untyped-def]
    doc, m = sample_ws.document, jadwal.model
    r = item_rows(m)[1]
    pid = m.row_id(r)
    edited(qtbot, doc, lambda: m.setData(m.index(r, W + 1), Decimal("60")))
    before, steps = doc.data.progress, doc.undo_stack.count()
    failure = refused(qtbot, doc, lambda: m.setData(m.index(r, W + 2), Decimal("50")))
    assert "melebihi 100%" in failure.message and "110,00%" in failure.message
    assert m.data(m.index(r, W + 2), ERROR_ROLE) == failure.message
    assert message_for(jadwal.grid.periods).isVisible() and "melebihi 100%" in message_for(jadwal.grid.periods).text()
    assert doc.data.progress == before and doc.undo_stack.count() == steps and m.text(r, W + 2) == ""
    from .conftest import report

    assert {c["week"]: c["planned"] for row in report(db, doc.project_id, "jadwal")["rows"] if row["id"] == pid
            for c in row["cells"]} == {1: "60.00"}  # the database too
    failure = refused(qtbot, doc, lambda: m.setData(m.index(r, W + 5), Decimal("101")))
    assert doc.data.progress == before


def test_fill_down_and_right(qtbot, jadwal, sample_ws) -> None:  # type: ignore[no-untyped-def]
    doc, m, grid = sample_ws.document, jadwal.model, jadwal.grid
    rows = item_rows(m)
    edited(qtbot, doc, lambda: m.setData(m.index(rows[0], W + 4), Decimal("20")))
    grid.select_range(rows[0], W + 4, rows[-1], W + 4)
    edited(qtbot, doc, lambda: grid.periods.fill(down=True))
    assert all(stored(doc, m.row_id(r)) == {4: Decimal("20.00")} for r in rows)
    grid.select_range(rows[0], W + 4, rows[0], W + 7)
    edited(qtbot, doc, lambda: grid.periods.fill(down=False))
    assert stored(doc, m.row_id(rows[0])) == dict.fromkeys((4, 5, 6, 7), Decimal("20.00"))
    assert m.text(rows[0], TOTAL) == "80,00%"
    undone(qtbot, doc)
    assert stored(doc, m.row_id(rows[0])) == {4: Decimal("20.00")}


def test_paste_from_excel_is_all_or_nothing(qtbot, jadwal, sample_ws) -> None:  # type: ignore[no-untyped-def]
    doc, m, grid = sample_ws.document, jadwal.model, jadwal.grid
    rows = item_rows(m)
    grid.select_cell(rows[0], W + 10)
    edited(qtbot, doc, lambda: grid.periods.paste(to_tsv([["10", "20,5"], ["30", "40"]])))
    assert stored(doc, m.row_id(rows[0])) == {10: Decimal("10.00"), 11: Decimal("20.50")}
    assert stored(doc, m.row_id(rows[1])) == {10: Decimal("30.00"), 11: Decimal("40.00")}
    before = doc.data.progress
    # one cell would take the second item over 100 %: the whole paste is refused
    grid.select_cell(rows[0], W + 12)
    refused(qtbot, doc, lambda: grid.periods.paste("5\t5\r\n5\t50\r\n"))
    assert doc.data.progress == before
    # a range that runs past the last week or onto a group row writes nothing and says why
    grid.select_cell(rows[0], W + 46)
    grid.periods.paste("1\t2\t3\r\n")
    assert doc.data.progress == before and "Tempel dibatalkan" in message_for(grid.periods).text()
    grid.select_cell(1, W + 20)  # the sub-klasifikasi row
    grid.periods.paste("7\r\n")
    assert doc.data.progress == before
    grid.select_cell(rows[0], W + 10)
    edited(qtbot, doc, lambda: grid.periods.clear_selection_cells())  # Del clears
    assert stored(doc, m.row_id(rows[0])) == {11: Decimal("20.50")}


def test_actual_mode_edits_actual_and_shades_planned_weeks(qtbot, jadwal, sample_ws) -> None:  # type: ignore[no-untyped-def]
    doc, m = sample_ws.document, jadwal.model
    r = item_rows(m)[2]
    pid = m.row_id(r)
    edited(qtbot, doc, lambda: m.setData(m.index(r, W + 3), Decimal("100")))
    jadwal.controls.set_state(mode="actual")
    assert m.mode == "actual" and m.text(r, W + 3) == "" and m.text(r, TOTAL) == "0,00%"
    assert m.data(m.index(r, W + 3), BG) is not None and m.data(m.index(r, TOTAL), BG) is None  # no amber for actual
    edited(qtbot, doc, lambda: m.setData(m.index(r, W + 3), "45"))
    assert stored(doc, pid, "actual") == {3: Decimal("45.00")} and stored(doc, pid) == {3: Decimal("100.00")}


def test_monthly_view_is_derived_and_says_what_a_month_is(qtbot, jadwal, sample_ws) -> None:  # type: ignore[no-untyped-def]
    doc, m = sample_ws.document, jadwal.model
    r = item_rows(m)[0]
    # week 4 is 26/01–01/02: 6 days in January, 1 in February
    edited(qtbot, doc, lambda: m.setData(m.index(r, W + 4), Decimal("70")))
    edited(qtbot, doc, lambda: m.setData(m.index(r, W + 5), Decimal("30")))
    jadwal.controls.set_state(view="monthly")
    assert m.periods[0].title == "Januari 2026" and "bulan kalender" in jadwal.info.text()
    assert m.text(r, FROZEN) == "60,00%" and m.text(r, FROZEN + 1) == "40,00%"  # 70×6/7 and 70×1/7 + 30
    assert "M4 6/7 hari" in m.periods[0].tip and not m.is_editable(r, FROZEN)
    jadwal.controls.set_state(month="block")
    assert m.periods[1].title == "Bulan 2 (Minggu 5–8)" and "blok 4 minggu" in jadwal.info.text()
    assert m.text(r, FROZEN) == "70,00%" and m.text(r, FROZEN + 1) == "30,00%"
    jadwal.controls.set_state(view="volume")
    assert m.text(r, W + 4) == "70,000" and m.text(r, TOTAL) == "100,000"  # volume 100 × 70 %
    m.setData(m.index(r, W + 4), "1")  # read-only: nothing is sent
    assert doc.undo_stack.count() == 2


def test_frozen_titles_fit_their_columns(jadwal) -> None:  # type: ignore[no-untyped-def]
    """The titles ("Bobot (%)" among them) are never clipped, whatever the user's font."""
    frozen = jadwal.grid.frozen
    font = frozen.horizontalHeader().font()
    font.setBold(True)
    for i, column in enumerate(jadwal.model.columns[:FROZEN]):
        assert frozen.columnWidth(i) >= QFontMetrics(font).horizontalAdvance(column.title) + 8, column.title
    assert frozen.width() >= sum(frozen.columnWidth(i) for i in range(FROZEN))
