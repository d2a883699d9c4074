"""Draw a report line chart (the Kurva-S) to PNG in pure Python: no Qt and no graphics library in core.

A small RGB raster with thick lines, grid, axis labels in a 5×7 bitmap font and a legend, encoded with
zlib. The desktop may pass its own rendering instead (Figure.png); this one keeps the CLI and tests headless.
"""

from __future__ import annotations

import itertools
import math
import struct
import zlib
from decimal import Decimal

from core.export.font5x7 import HEIGHT, WIDTH, glyph
from core.reports.model import Chart

Color = tuple[int, int, int]
BLACK: Color = (0, 0, 0)
GRID: Color = (220, 220, 220)
AXIS: Color = (90, 90, 90)


class Canvas:
    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.pixels = bytearray(b"\xff" * (width * height * 3))

    def dot(self, x: int, y: int, color: Color, size: int = 1) -> None:
        half = size // 2
        for yy in range(max(0, y - half), min(self.height, y - half + size)):
            start = (yy * self.width + max(0, x - half)) * 3
            end = (yy * self.width + min(self.width, x - half + size)) * 3
            if end > start:
                self.pixels[start:end] = bytes(color) * ((end - start) // 3)

    def rect(self, x0: int, y0: int, x1: int, y1: int, color: Color) -> None:
        for y in range(max(0, y0), min(self.height, y1)):
            self.dot((x0 + x1) // 2, y, color, x1 - x0)

    def line(self, x0: float, y0: float, x1: float, y1: float, color: Color, size: int = 1, dash: int = 0) -> None:
        steps = max(1, int(max(abs(x1 - x0), abs(y1 - y0))))
        for i in range(steps + 1):
            if dash and (i // dash) % 2:
                continue
            t = i / steps
            self.dot(round(x0 + (x1 - x0) * t), round(y0 + (y1 - y0) * t), color, size)

    def text(self, x: int, y: int, text: str, color: Color = BLACK, scale: int = 2, anchor: str = "left") -> None:
        width = text_width(text, scale)
        x = x - width if anchor == "right" else x - width // 2 if anchor == "center" else x
        for ch in text:
            for row, bits in enumerate(glyph(ch)):
                for col, bit in enumerate(bits):
                    if bit == "#":
                        self.rect(x + col * scale, y + row * scale, x + (col + 1) * scale, y + (row + 1) * scale, color)
            x += (WIDTH + 1) * scale

    def png(self) -> bytes:
        raw = b"".join(
            b"\x00" + bytes(self.pixels[y * self.width * 3 : (y + 1) * self.width * 3]) for y in range(self.height)
        )
        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0)
        body = _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(raw, 6)) + _chunk(b"IEND", b"")
        return b"\x89PNG\r\n\x1a\n" + body


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def text_width(text: str, scale: int) -> int:
    return len(text) * (WIDTH + 1) * scale - scale


def _y_top(chart: Chart) -> int:
    peak = max((float(v) for s in chart.series for v in s.values), default=0.0)
    return max(100, math.ceil(peak / 10) * 10)


def render_chart(chart: Chart, width: int = 1800, height: int = 900) -> bytes:
    """The chart as PNG bytes: y 0..100 % (or more), x the labels, one line per series."""
    canvas = Canvas(width, height)
    left, right, top, bottom = 110, width - 40, 80, height - 90
    top_value = _y_top(chart)
    n = max(1, len(chart.x_labels) - 1)

    def px(i: float) -> float:
        return left + (right - left) * i / n

    def py(v: Decimal | float) -> float:
        return bottom - (bottom - top) * float(v) / top_value

    for v in range(0, top_value + 1, 10):
        canvas.line(left, py(v), right, py(v), GRID, 2)
        canvas.text(left - 14, round(py(v)) - HEIGHT, f"{v}%", AXIS, 2, "right")
    every = max(1, math.ceil(len(chart.x_labels) / 26))
    for i, label in enumerate(chart.x_labels):
        if i % every == 0 or i == n:
            canvas.line(px(i), bottom, px(i), bottom + 8, AXIS, 2)
            canvas.text(round(px(i)), bottom + 16, label, AXIS, 2, "center")
    canvas.line(left, top, left, bottom, AXIS, 3)
    canvas.line(left, bottom, right, bottom, AXIS, 3)
    canvas.text((left + right) // 2, height - 40, chart.x_label.upper(), AXIS, 3, "center")
    for series in chart.series:
        points = [(px(i), py(v)) for i, v in enumerate(series.values)]
        for (x0, y0), (x1, y1) in itertools.pairwise(points):
            canvas.line(x0, y0, x1, y1, series.color, 5, 12 if series.dashed else 0)
    _legend(canvas, chart, left + 20, 20)
    return canvas.png()


def _legend(canvas: Canvas, chart: Chart, x: int, y: int) -> None:
    for series in chart.series:
        canvas.line(x, y + 10, x + 50, y + 10, series.color, 6)
        canvas.text(x + 64, y + 3, series.name.upper(), BLACK, 2)
        x += 64 + text_width(series.name, 2) + 60
