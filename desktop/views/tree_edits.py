"""What the List Pekerjaan page asks of the services: renames, moves, additions and deletions as edits."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from core.services import pekerjaan, reference_items, tree
from core.services.changes import ValidationFailed, merge
from desktop.document import EditFailure, ProjectDocument
from desktop.models.pekerjaan_tree_model import PekerjaanTreeModel


class TreeEdits:
    def __init__(self, document: ProjectDocument) -> None:
        self._document = document

    def _edit(self, label: str, call: Any, origin: object = ("tree", "edit")) -> None:
        self._document.edit(label, call, origin=origin)

    def notice(self, message: str) -> None:
        """A hint in the workspace's notice line (nothing was changed)."""
        self._document.failed.emit(EditFailure(ValidationFailed.one("tree", message), ("tree", "notice")))

    # --- names -------------------------------------------------------------------------------------

    def rename(self, row_id: str, level: int, field: str, text: str) -> None:
        if level == 0:
            self._edit("Ganti nama klasifikasi", lambda s: tree.rename_klasifikasi(s, row_id, text))
        elif level == 1:
            self._edit("Ganti nama sub-klasifikasi", lambda s: tree.rename_sub_klasifikasi(s, row_id, text))
        else:
            self._edit("Ubah pekerjaan", lambda s: pekerjaan.update_pekerjaan(s, row_id, **{field: text}))

    # --- additions ---------------------------------------------------------------------------------

    def add_klasifikasi(self, nama: str, *, after_id: str | None = None) -> None:
        pid = self._document.project_id
        self._edit("Tambah klasifikasi", lambda s: tree.add_klasifikasi(s, pid, nama=nama, after_id=after_id))

    def add_sub(self, klasifikasi_id: str, nama: str, *, after_id: str | None = None) -> None:
        self._edit(
            "Tambah sub-klasifikasi",
            lambda s: tree.add_sub_klasifikasi(s, klasifikasi_id, nama=nama, after_id=after_id),
        )

    def add_custom(self, sub_id: str, uraian: str, *, after_id: str | None = None) -> None:
        self._edit(
            "Tambah pekerjaan custom",
            lambda s: pekerjaan.add_custom_pekerjaan(s, sub_id, uraian=uraian, after_id=after_id),
        )

    def add_reference(
        self, sub_id: str, sumber: str, kode: str, source_type: str, *, after_id: str | None = None
    ) -> None:
        self._edit(
            f"Tambah {kode} dari referensi",
            lambda s: reference_items.add_from_reference(
                s, sub_id, sumber=sumber, kode_ahsp=kode, source_type=source_type, after_id=after_id
            ),
        )

    # --- moves -------------------------------------------------------------------------------------

    def drop(self, ids: list[str], level: int, parent_id: str | None, before_id: str | None) -> None:
        if before_id in ids:
            return
        if level == 2:
            if parent_id is None:
                return
            self._edit(
                "Pindah pekerjaan",
                lambda s: pekerjaan.move_pekerjaan(s, ids, sub_id=parent_id, before_id=before_id),
            )
        elif level == 1:
            if parent_id is None:
                return
            pid = self._document.project_id
            self._edit(
                "Pindah sub-klasifikasi",
                lambda s: merge(
                    pid,
                    [tree.move_sub_klasifikasi(s, i, klasifikasi_id=parent_id, before_id=before_id) for i in ids],
                ),
            )
        else:
            pid = self._document.project_id
            self._edit(
                "Pindah klasifikasi",
                lambda s: merge(pid, [tree.move_klasifikasi(s, i, before_id=before_id) for i in ids]),
            )

    def move_by(self, row_id: str, step: int, model: PekerjaanTreeModel) -> None:
        """One place up (-1) or down (+1); a work item at the edge of its sub goes to the next sub."""
        siblings = model.siblings(row_id)
        i = siblings.index(row_id)
        j = i + step
        level = model.level_of(row_id)
        parent = model.parent_id(row_id)
        if 0 <= j < len(siblings):
            before = siblings[j] if step < 0 else (siblings[j + 1] if j + 1 < len(siblings) else None)
            self.drop([row_id], level, parent, before)
            return
        if level != 2 or parent is None:
            return
        subs = model.ids_at_level(1)
        k = subs.index(parent) + step
        if 0 <= k < len(subs):
            target = subs[k]
            children = model.children_of(target)
            before = None if step < 0 or not children else children[0]
            self.drop([row_id], 2, target, before)

    # --- deletions ---------------------------------------------------------------------------------

    def delete(self, ids: list[str], levels: dict[str, int], *, cascade_bundles: bool = False) -> None:
        pid = self._document.project_id
        items = [i for i in ids if levels[i] == 2]
        subs = [i for i in ids if levels[i] == 1]
        klas = [i for i in ids if levels[i] == 0]

        def call(s: Any) -> Any:
            parts = []
            if items:
                parts.append(pekerjaan.delete_pekerjaan(s, items, cascade_bundles=cascade_bundles))
            parts += [tree.delete_sub_klasifikasi(s, i, cascade=True, cascade_bundles=cascade_bundles) for i in subs]
            parts += [tree.delete_klasifikasi(s, i, cascade=True, cascade_bundles=cascade_bundles) for i in klas]
            return merge(pid, parts)

        origin = ("tree-delete", ids, levels, cascade_bundles)
        self._edit("Hapus dari List Pekerjaan", call, origin)

    def offer_cascade(self, parent: QWidget, failure: EditFailure) -> None:
        """A delete refused because bundles use the items: offer to delete those bundle rows too."""
        from desktop.views.project_actions import confirm

        origin = failure.origin
        assert isinstance(origin, tuple)
        _key, ids, levels, cascaded = origin
        if cascaded or "bundle" not in failure.message:
            return
        text = parent.tr("{0}\n\nHapus juga baris bundle tersebut?").format(failure.message)
        if confirm(parent, parent.tr("Dipakai sebagai bundle"), text):
            self.delete(ids, levels, cascade_bundles=True)
