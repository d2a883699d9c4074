"""Work items from the reference library, as undoable edits returning `Changes`.

The cloning itself (rows copied, harga items upserted without prices, nested AHSP copied into the project,
ref / ref_modified / custom codes) belongs to `core.services.clone`; these wrappers run it inside a
recording so the editing workspace gets the same `Changes` as from any other service.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from core.services import clone
from core.services.changes import Changes, ValidationFailed
from core.services.pekerjaan import live_pekerjaan, live_sub
from core.services.recorder import recording


def add_from_reference(
    session: Session,
    sub_id: str,
    *,
    sumber: str,
    kode_ahsp: str,
    source_type: str = "ref",
    after_id: str | None = None,
) -> Changes:
    """Clone a library AHSP as a work item under a sub-klasifikasi (after `after_id`, or at the end)."""
    sub = live_sub(session, sub_id)
    with recording(session, sub.project_id) as rec, rec.adopting():
        try:
            rec.created_id = clone.clone_ahsp(
                session,
                project_id=sub.project_id,
                sub_klasifikasi_id=sub_id,
                sumber=sumber,
                kode_ahsp=kode_ahsp,
                source_type=source_type,
                after_pekerjaan_id=after_id,
            )
        except clone.CloneError as exc:
            raise ValidationFailed.one("referensi", exc.message) from exc
    return rec.changes


def make_ref_modified(session: Session, pekerjaan_id: str) -> Changes:
    """ "Ubah (jadikan ref_modified)": the details become editable; the kode becomes `mod.X-kode`."""
    item = live_pekerjaan(session, pekerjaan_id)
    with recording(session, item.project_id) as rec, rec.adopting():
        try:
            clone.make_ref_modified(session, pekerjaan_id)
        except clone.CloneError as exc:
            raise ValidationFailed.one("source_type", exc.message) from exc
    return rec.changes


def reset_to_reference(session: Session, pekerjaan_id: str) -> Changes:
    """ "Reset ke referensi": a ref_modified item gets the library's rows again."""
    item = live_pekerjaan(session, pekerjaan_id)
    with recording(session, item.project_id) as rec, rec.adopting():
        try:
            clone.reset_to_reference(session, pekerjaan_id)
        except clone.CloneError as exc:
            raise ValidationFailed.one("source_type", exc.message) from exc
    return rec.changes


def ensure_editable(session: Session, pekerjaan_id: str) -> None:
    """The reference engineer's read-only rule for `ref` details, as a ValidationFailed."""
    try:
        clone.ensure_editable(session, pekerjaan_id)
    except clone.CloneError as exc:
        raise ValidationFailed.one("source_type", exc.message) from exc
