"""A DateAxisItem (Unix seconds) that names months and days in Indonesian: Okt, Des, Sen 07."""

from __future__ import annotations

import re

import pyqtgraph as pg

MONTHS = {"May": "Mei", "Aug": "Agu", "Oct": "Okt", "Dec": "Des"}
DAYS = {"Mon": "Sen", "Tue": "Sel", "Wed": "Rab", "Thu": "Kam", "Fri": "Jum", "Sat": "Sab", "Sun": "Min"}
NAMES = MONTHS | DAYS
_WORD = re.compile(r"[A-Z][a-z]{2}")


class IndonesianDateAxis(pg.DateAxisItem):
    def tickStrings(self, values, scale, spacing):
        english = super().tickStrings(values, scale, spacing)
        return [_WORD.sub(lambda m: NAMES.get(m.group(0), m.group(0)), s) for s in english]
