"""The shared cell editor: numbers through core.money (`1.234,56` and `1234.56`), formulas, plain text.

Bad input keeps the editor open with a red outline and the message at the cell; nothing is stored. An
ambiguous number (`1.000`) asks once which reading was meant. Cells a service refused are outlined red.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from core.money import NumberError
from desktop.models.sheet_model import SheetModel
from desktop.widgets.cell_message import message_for
from desktop.widgets.number_reading import read_cell, resolve

INVALID_STYLE = "QLineEdit { border: 2px solid #c62828; }"


class DecimalDelegate(QStyledItemDelegate):
    """Editor and painter for every editable grid cell."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._view = view

    # --- editing -----------------------------------------------------------------------------------

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        editor = QLineEdit(parent)
        editor.setFrame(False)
        if _kind(index) in ("number", "percent"):
            editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        editor.textEdited.connect(lambda _text: editor.setStyleSheet(""))
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        if not isinstance(editor, QLineEdit):
            return
        editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
        sheet = _sheet(index)
        position = sheet.cursor_at(index.row(), index.column()) if sheet is not None else None
        if isinstance(position, int):  # back to a refused formula, at its error
            editor.setStyleSheet(INVALID_STYLE)
            editor.setCursorPosition(position)

    def setModelData(
        self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        if not isinstance(editor, QLineEdit):
            return
        text = editor.text()
        if text == str(index.data(Qt.ItemDataRole.EditRole) or ""):
            return  # unchanged: nothing to store, nothing to undo
        kind = _kind(index)
        persistent = QPersistentModelIndex(index)
        # Asking or reporting happens after the editor has closed (a modal box inside setModelData would
        # steal the editor's focus and commit it again).
        QTimer.singleShot(0, lambda: self._store(model, persistent, text, kind))

    def _store(self, model: QAbstractItemModel, index: QPersistentModelIndex, text: str, kind: str) -> None:
        if not index.isValid():
            return
        target = model.index(index.row(), index.column())
        try:
            values = resolve(self._view, [(0, text, kind)])
        except NumberError as exc:
            message_for(self._view).show_at(target, exc.message)
            return
        if values is None:
            return  # the user cancelled the ambiguity question
        model.setData(target, values[0], Qt.ItemDataRole.EditRole)

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        keys = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
        if isinstance(editor, QLineEdit) and event.type() == QEvent.Type.KeyPress and event.key() in keys:  # type: ignore[attr-defined]
            index = self._view.currentIndex()
            kind = _kind(index)
            try:
                read_cell(editor.text(), kind)
            except NumberError as exc:
                editor.setStyleSheet(INVALID_STYLE)
                message_for(self._view).show_at(index, exc.message)
                return True  # keep editing: the value is not stored
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):  # type: ignore[attr-defined]
                self._view.setProperty("moveAfterEdit", True)  # like a spreadsheet: Enter stores and goes down
        return super().eventFilter(editor, event)

    # --- painting ----------------------------------------------------------------------------------

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().paint(painter, option, index)
        sheet = _sheet(index)
        if sheet is not None and sheet.error_at(index.row(), index.column()):
            painter.save()
            painter.setPen(QPen(QColor("#c62828"), 2))
            painter.drawRect(option.rect.adjusted(1, 1, -1, -1))
            painter.restore()


def _sheet(index: QModelIndex | QPersistentModelIndex) -> SheetModel | None:
    model = index.model()
    return model if isinstance(model, SheetModel) else None


def _kind(index: QModelIndex | QPersistentModelIndex) -> str:
    sheet = _sheet(index)
    return sheet.kind_at(index.column()) if sheet is not None and index.isValid() else "text"
