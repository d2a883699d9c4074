"""Shared state of one web-file conversion: the reader, the document parts, `_export_id` indexes and keys."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from core.exchange.web_json import WebReader, WebReport
from core.exchange.web_parts import DocumentParts, ReferenceLookup


@dataclass
class Section:
    """One list section of a web file, under the name this file uses for it (`volume` or `volume_pekerjaan`)."""

    name: str
    rows: list[Any] = field(default_factory=list)
    index: dict[int, int] = field(default_factory=dict)  # _export_id -> position

    def at(self, i: int) -> dict[str, Any]:
        row = self.rows[i]
        return row if isinstance(row, dict) else {}

    def objects(self, r: WebReader) -> list[tuple[int, str, dict[str, Any]]]:
        """(position, path, object) of every row that is a JSON object; other rows are errors."""
        out = []
        for i, raw in enumerate(self.rows):
            path = f"{self.name}[{i}]"
            obj = r.obj(raw, path)
            if obj is not None:
                out.append((i, path, obj))
        return out


@dataclass
class ConversionState:
    """Everything a converter needs while it turns one web file into FORMAT dicts."""

    r: WebReader
    parts: DocumentParts
    sections: dict[str, Section] = field(default_factory=dict)
    keys: dict[int, str] = field(default_factory=dict)  # pekerjaan position -> FORMAT key
    items: dict[int, dict[str, Any]] = field(default_factory=dict)  # pekerjaan position -> FORMAT work item
    item_kode: dict[int, str] = field(default_factory=dict)  # harga_items position -> kode
    plain_use: Counter[int] = field(default_factory=Counter)  # harga_items position -> plain rows using it
    bundle_use: Counter[int] = field(default_factory=Counter)  # harga_items position -> bundle rows using it
    conversion_path: dict[int, str] = field(default_factory=dict)  # harga_items position -> its profile's path
    placement: dict[int, tuple[int, int]] = field(default_factory=dict)  # pekerjaan position -> (sub, ordering)
    source_paths: dict[int, dict[str, str]] = field(default_factory=dict)  # pekerjaan position -> field -> path
    detail_paths: dict[int, list[str]] = field(default_factory=dict)  # pekerjaan position -> its rows' paths

    @classmethod
    def start(cls, kind: str, version: str, lookup: ReferenceLookup) -> ConversionState:
        report = WebReport(kind, version)
        return cls(WebReader(report), DocumentParts(lookup))

    @property
    def report(self) -> WebReport:
        return self.r.report

    def map_path(self, ours: str, theirs: str) -> None:
        self.report.path_map[ours] = theirs
