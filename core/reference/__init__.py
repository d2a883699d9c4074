"""The local reference AHSP library: import with data-quality checks, reviewer decisions and search.

Cloning library AHSP into projects is `core.services.clone`. Typical use::

    report = import_xlsx(db, "SNI_2025_AHSP.xlsx", progress=on_progress, cancel=is_cancelled)
    with db.session() as session:
        hits = search(session, "beton 2.2.1", limit=20)
"""

from __future__ import annotations

from core.reference.decisions import PILIHAN, Decision, current_report, decide, list_decisions, undo_decision
from core.reference.importer import (
    ImportCancelled,
    ImportFailed,
    import_file,
    import_library_json,
    import_sample_library,
    import_xlsx,
)
from core.reference.records import RefAhspRecord, RefLine, SearchHit, SourceSummary, SuspectInfo
from core.reference.report import REASONS, ImportReport, Issue, Suspect
from core.reference.search import search
from core.reference.store import LibraryError, delete_source, list_sources, load_ahsp, source_report

__all__ = [
    "PILIHAN",
    "REASONS",
    "Decision",
    "ImportCancelled",
    "ImportFailed",
    "ImportReport",
    "Issue",
    "LibraryError",
    "RefAhspRecord",
    "RefLine",
    "SearchHit",
    "SourceSummary",
    "Suspect",
    "SuspectInfo",
    "current_report",
    "decide",
    "delete_source",
    "import_file",
    "import_library_json",
    "import_sample_library",
    "import_xlsx",
    "list_decisions",
    "list_sources",
    "load_ahsp",
    "search",
    "source_report",
    "undo_decision",
]
