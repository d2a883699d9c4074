"""Project pricing fields (DOMAIN.md §1.7): Profit/Margin (BUK) %, PPN % and the rounding base.

Each field stores when editing finishes (one undoable edit); bad input gets a red outline and the
message beside the field, and the stored value stays.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from core.money import NumberError, fmt_decimal, parse_number
from core.services import pricing
from desktop.document import Edit, EditFailure, ProjectDocument

INVALID = "border: 2px solid #c62828;"
ROUNDING_CHOICES = (1, 1000, 10000, 100000)


class PricingPanel(QWidget):
    def __init__(
        self,
        document: ProjectDocument,
        parent: QWidget | None = None,
        *,
        fields: tuple[str, ...] = ("markup", "ppn", "rounding"),
    ) -> None:
        super().__init__(parent)
        self._document = document
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.markup = self._percent_field()
        self.ppn = self._percent_field()
        self.rounding = QComboBox()
        self.rounding.setEditable(True)
        self.rounding.addItems([fmt_decimal(Decimal(v), 0) for v in ROUNDING_CHOICES])
        self.rounding.setMinimumWidth(110)
        self.message = QLabel()
        self.message.setStyleSheet("color: #c62828;")
        if "markup" in fields:
            layout.addWidget(QLabel(self.tr("Profit/Margin (BUK)")))
            layout.addWidget(self.markup)
            layout.addWidget(QLabel("%"))
        if "ppn" in fields:
            layout.addWidget(QLabel(self.tr("PPN")))
            layout.addWidget(self.ppn)
            layout.addWidget(QLabel("%"))
        if "rounding" in fields:
            layout.addWidget(QLabel(self.tr("Pembulatan")))
            layout.addWidget(self.rounding)
        layout.addWidget(self.message, 1)
        self.markup.editingFinished.connect(lambda: self._store("markup_percent", self.markup))
        self.ppn.editingFinished.connect(lambda: self._store("ppn_percent", self.ppn))
        self._rounding_field().editingFinished.connect(lambda: self._store("rounding_base", self._rounding_field()))
        self.rounding.activated.connect(lambda _i: self._store("rounding_base", self._rounding_field()))
        document.loaded.connect(self.refresh)
        document.changed.connect(self._on_changed)
        document.failed.connect(self._on_failed)
        if document.is_loaded:
            self.refresh()

    def _percent_field(self) -> QLineEdit:
        field = QLineEdit()
        field.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        field.setMaximumWidth(80)
        field.textEdited.connect(lambda _t: field.setStyleSheet(""))
        return field

    def refresh(self) -> None:
        p = self._document.data.pricing
        self.markup.setText(fmt_decimal(p.markup_percent, 2))
        self.ppn.setText(fmt_decimal(p.ppn_percent, 2))
        self.rounding.setEditText(fmt_decimal(Decimal(p.rounding_base), 0))
        for field in (self.markup, self.ppn, self._rounding_field()):
            field.setStyleSheet("")
        self.message.clear()

    def _current(self, name: str) -> Decimal:
        p = self._document.data.pricing
        return Decimal(getattr(p, name))

    def _rounding_field(self) -> QLineEdit:
        field = self.rounding.lineEdit()
        assert field is not None  # the rounding box is editable
        return field

    def _store(self, name: str, field: QLineEdit) -> None:
        if not self._document.is_loaded:
            return
        text = field.text()
        try:
            parsed = parse_number(text)
        except NumberError as exc:
            field.setStyleSheet(INVALID)
            self.message.setText(exc.message)
            return
        # A rounding base is an integer, so "10.000" is ten thousand; percentages take the compatible reading.
        value = parsed.alternative if name == "rounding_base" and parsed.alternative is not None else parsed.value
        if value == self._current(name):
            return
        labels = {"markup_percent": "Profit/Margin", "ppn_percent": "PPN", "rounding_base": "pembulatan"}
        pid = self._document.project_id
        self._document.edit(
            self.tr("Ubah {0}").format(labels[name]),
            lambda s: pricing.set_pricing(s, pid, **{name: value}),
            origin=("pricing", name),
        )

    def _on_changed(self, edit: Edit) -> None:
        if edit.stored.pricing or edit.stored.project:
            self.refresh()

    def _on_failed(self, failure: EditFailure) -> None:
        if isinstance(failure.origin, tuple) and failure.origin[:1] == ("pricing",):
            field = {"markup_percent": self.markup, "ppn_percent": self.ppn}.get(
                failure.origin[1], self._rounding_field()
            )
            field.setStyleSheet(INVALID)
            self.message.setText(failure.message)
