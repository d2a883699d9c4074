"""Editing use cases: one user action = one call with the caller's session, returning `Changes`.

Modules: projects, tree, pekerjaan, volume, details, harga, pricing, progress, history (undo/redo).
Every write goes through core.db.tracking; refused input raises `ValidationFailed` and writes nothing.
"""

from core.services.changes import Changes, Ordering, RowChange, ValidationFailed

__all__ = ["Changes", "Ordering", "RowChange", "ValidationFailed"]
