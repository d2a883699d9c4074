"""The pure-Python Kurva-S renderer makes a valid PNG with the series drawn in their colours."""

from __future__ import annotations

import struct
import zlib
from decimal import Decimal

from core.export.chart_png import render_chart
from core.reports.model import Chart, Series


def _decode(png: bytes) -> tuple[int, int, bytes]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, data, width, height = 8, b"", 0, 0
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos : pos + 8])
        body = png[pos + 8 : pos + 8 + length]
        assert zlib.crc32(kind + body) & 0xFFFFFFFF == struct.unpack(">I", png[pos + 8 + length : pos + 12 + length])[0]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            data += body
        pos += 12 + length
    return width, height, zlib.decompress(data)


def test_chart_png_is_valid_and_draws_each_series() -> None:
    values = tuple(Decimal(v) for v in ("0", "5", "20", "55", "90", "100"))
    chart = Chart(tuple(str(i) for i in range(6)), (
        Series("Rencana kumulatif", values, (31, 78, 160)),
        Series("Realisasi kumulatif", values[:3], (200, 60, 40)),
    ))
    width, height, raw = _decode(render_chart(chart, 900, 450))
    assert (width, height) == (900, 450)
    assert len(raw) == height * (1 + width * 3)
    assert bytes((31, 78, 160)) in raw and bytes((200, 60, 40)) in raw
