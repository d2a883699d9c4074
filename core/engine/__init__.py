"""The calculation engine: bundle expansion, HSP, RAB, Rekap Kebutuhan, bobot, Kurva-S, EVM, checks."""

from __future__ import annotations

from core.engine.compute import compute, kebutuhan_of, rincian_all
from core.engine.hsp import Hsp
from core.engine.kebutuhan import Kebutuhan, KebutuhanFilter, KebutuhanRow, KebutuhanScope
from core.engine.kurva import Bobot, Evm, EvmPoint, KurvaPoint, KurvaS
from core.engine.rab import Footer, Rab, RabRow
from core.engine.recalc import Recalculator
from core.engine.rincian import Rincian, RincianRow
from core.engine.state import Changes
from core.engine.terbilang import terbilang
from core.engine.validation import Issue
from core.engine.views import ProjectResult

__all__ = [
    "Bobot",
    "Changes",
    "Evm",
    "EvmPoint",
    "Footer",
    "Hsp",
    "Issue",
    "Kebutuhan",
    "KebutuhanFilter",
    "KebutuhanRow",
    "KebutuhanScope",
    "KurvaPoint",
    "KurvaS",
    "ProjectResult",
    "Rab",
    "RabRow",
    "Recalculator",
    "Rincian",
    "RincianRow",
    "compute",
    "kebutuhan_of",
    "rincian_all",
    "terbilang",
]
