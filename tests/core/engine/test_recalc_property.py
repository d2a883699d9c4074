"""Property: after any sequence of edits, Recalculator.result equals compute() of the edited data, to the
last digit, and so do the on-request reports (Rincian, period Rekap Kebutuhan) served from its memos.

Runs 60 derandomized examples per property (fast, reproducible in CI). For a longer search:

    ENGINE_EXAMPLES=2000 .venv/bin/pytest tests/core/engine/test_recalc_property.py

(any ENGINE_EXAMPLES value also turns on random seeds; HYPOTHESIS_SEED=<n> replays one).
"""

from __future__ import annotations

import os
from dataclasses import fields, replace
from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.domain import (
    BundleRef,
    DetailRow,
    HargaItem,
    Klasifikasi,
    Parameter,
    Pekerjaan,
    Pricing,
    Progress,
    ProjectData,
    SubKlasifikasi,
)
from core.engine import KebutuhanScope, ProjectResult, compute, kebutuhan_of, rincian_all
from tests.core.engine.builders import Schedule, ahsp, alt, bhn, bundle, item, lain, progress, project, tk
from tests.core.engine.edits import EditedProject

EXAMPLES = int(os.environ.get("ENGINE_EXAMPLES", "60"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize="ENGINE_EXAMPLES" not in os.environ,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
D = Decimal
KOEF = st.sampled_from(["0", "0.5", "1", "2.25", "0.333333", "0.166667", "10", "1.000001", "3"]).map(D)
PRICE = st.sampled_from([None, "0", "100", "2.50", "3.50", "12345.67", "0.01"]).map(
    lambda p: None if p is None else D(p)
)
VOLUME = st.sampled_from(["0", "1", "2.5", "100.125", "3", "0.001"]).map(D)
PERCENT = st.sampled_from(["0", "10", "33.33", "50", "100", "0.01", "66.67"]).map(D)
KODES = ["TK-1", "TK-2", "B-1", "B-2", "PR-1", "LN-1", "B-9"]
KATEGORI = {"TK": "TK", "B-": "BHN", "PR": "ALT", "LN": "LAIN"}


def start_project() -> ProjectData:
    refs = [
        ahsp("x", "1.1", [("TK", "TK-1", "0.5"), ("BHN", "B-1", "2"), ("LAIN", "2.2", "1.5")]),
        ahsp("y", "2.2", [("BHN", "B-2", "0.25"), ("ALT", "PR-1", "0.1")]),
    ]
    items = [
        item("a", "10", [tk("TK-1", "2"), bhn("B-1", "1"), bundle("b", "3")]),
        item("b", "5", [tk("TK-2", "1"), alt("PR-1", "0.5"), bundle("c", "0.333333")]),
        item("c", "2", [bhn("B-2", "4"), lain("LN-1", "1")], markup="12.5"),
        item("d", "1", [bundle("x", "2", kind="ahsp", kode="1.1"), tk("TK-1", "1")], sub="s2", budget="1000"),
        item("e", "4", [bundle("a", "1")], sub="s2", formula="=panjang*2"),
    ]
    prices = {"TK-1": "100", "TK-2": "150.5", "B-1": "40", "B-2": "7.25", "PR-1": None, "LN-1": "3", "B-7": "1"}
    schedule = Schedule(
        start=date(2026, 1, 8),
        end=date(2026, 2, 27),
        progress=[
            progress("a", 1, "50", "40"),
            progress("a", 2, "50", "30", cost="100"),
            progress("b", 2, "100", "10"),
            progress("d", 5, "60"),
            progress("d", 6, "40", "5"),
        ],
    )
    return project(items, prices, refs=refs, schedule=schedule, parameters={"panjang": "1.5"}, subs=("s1", "s2"))


def assert_same(got: ProjectResult, want: ProjectResult) -> None:
    """Field by field, so a failure names the part that drifted."""
    for f in fields(ProjectResult):
        assert getattr(got, f.name) == getattr(want, f.name), f.name


def reaches(data: ProjectData, start: str, goal: str) -> bool:
    """Whether work item `start` reaches `goal` through bundle rows (ahsp links never lead back)."""
    links: dict[str, set[str]] = {}
    for r in data.detail_rows:
        if r.bundle is not None and r.bundle.kind == "pekerjaan":
            links.setdefault(r.pekerjaan_id, set()).add(r.bundle.target_id)
    seen, stack = set(), [start]
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        if node not in seen:
            seen.add(node)
            stack.extend(links.get(node, ()))
    return False


class Editor:
    """Draws one random edit and applies it to both sides."""

    def __init__(self, draw: st.DataObject, project: EditedProject, allow_cycles: bool) -> None:
        self.draw, self.p, self.allow_cycles = draw, project, allow_cycles
        self.counter = 0

    def fresh(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def pick(self, values: list) -> object:  # type: ignore[type-arg]
        return self.draw.draw(st.sampled_from(values))

    def step(self) -> None:
        kinds = [
            self.koef, self.price, self.volume, self.markup, self.pricing, self.progress_cell, self.add_item,
            self.remove_item, self.move_item, self.add_row, self.remove_row, self.move_row, self.add_bundle,
            self.reorder_rows, self.budget, self.harga_kode, self.reference, self.tree, self.parameter, self.dates,
        ]  # fmt: skip
        self.draw.draw(st.sampled_from(kinds), label="edit")()

    def items(self) -> list[Pekerjaan]:
        return list(self.p.data.pekerjaan)

    def koef(self) -> None:
        if self.p.data.detail_rows:
            row = self.pick(list(self.p.data.detail_rows))
            self.p.upsert_detail_row(replace(row, koefisien=self.draw.draw(KOEF)))

    def price(self) -> None:
        h = self.pick(list(self.p.data.harga_items))
        self.p.upsert_harga_item(replace(h, harga_satuan=self.draw.draw(PRICE)))

    def volume(self) -> None:
        if self.items():
            self.p.upsert_pekerjaan(replace(self.pick(self.items()), volume=self.draw.draw(VOLUME)))

    def markup(self) -> None:
        if self.items():
            value = self.draw.draw(st.sampled_from([None, D("0"), D("10"), D("12.5")]))
            self.p.upsert_pekerjaan(replace(self.pick(self.items()), markup_override_percent=value))

    def budget(self) -> None:
        if self.items():
            value = self.draw.draw(st.sampled_from([None, D("0"), D("500.00"), D("99999.99")]))
            self.p.upsert_pekerjaan(replace(self.pick(self.items()), budgeted_cost=value))

    def pricing(self) -> None:
        markup = self.draw.draw(st.sampled_from(["10.00", "0", "15.5"]))
        ppn = self.draw.draw(st.sampled_from(["11.00", "0", "12"]))
        base = self.draw.draw(st.sampled_from([10000, 1, 1000]))
        self.p.set_pricing(Pricing(D(markup), D(ppn), base))

    def progress_cell(self) -> None:
        if not self.items():
            return
        pid = self.pick(self.items()).id
        week = self.draw.draw(st.integers(0, 9))
        if self.draw.draw(st.booleans()):
            cost = self.draw.draw(st.sampled_from([None, D("0"), D("250.50")]))
            self.p.upsert_progress(Progress(pid, week, self.draw.draw(PERCENT), self.draw.draw(PERCENT), cost))
        else:
            self.p.remove_progress(pid, week)

    def add_item(self) -> None:
        sub = self.pick([s.id for s in self.p.data.sub_klasifikasi] + ["nowhere"])
        pid = self.fresh("n")
        self.p.upsert_pekerjaan(Pekerjaan(pid, sub, pid.upper(), "baru", "m2", volume=self.draw.draw(VOLUME)))
        for _ in range(self.draw.draw(st.integers(0, 2))):
            self.add_row(pid)

    def remove_item(self) -> None:
        if self.items():
            self.p.remove_pekerjaan(self.pick(self.items()).id)

    def move_item(self) -> None:
        items = self.items()
        if not items:
            return
        if self.draw.draw(st.booleans()):
            sub = self.pick([s.id for s in self.p.data.sub_klasifikasi])
            self.p.upsert_pekerjaan(replace(self.pick(items), sub_klasifikasi_id=sub))
        else:
            ids = self.draw.draw(st.permutations([p.id for p in items]))
            self.p.set_order("pekerjaan", list(ids))

    def add_row(self, pid: str | None = None) -> None:
        if pid is None and not self.items():
            return
        pid = pid or self.pick(self.items()).id
        kode = self.pick(KODES)
        kategori = next(k for prefix, k in KATEGORI.items() if kode.startswith(prefix))
        row = DetailRow(self.fresh("r"), pid, kategori, kode, f"uraian {kode}", "u", self.draw.draw(KOEF))  # type: ignore[arg-type]
        self.p.upsert_detail_row(row)

    def remove_row(self) -> None:
        if self.p.data.detail_rows:
            self.p.remove_detail_row(self.pick(list(self.p.data.detail_rows)).id)

    def move_row(self) -> None:
        if self.p.data.detail_rows and self.items():
            row = self.pick(list(self.p.data.detail_rows))
            target = self.pick(self.items()).id
            closes_cycle = row.bundle is not None and reaches(self.p.data, row.bundle.target_id, target)
            if closes_cycle and not self.allow_cycles:
                return
            self.p.upsert_detail_row(replace(row, pekerjaan_id=target))

    def add_bundle(self) -> None:
        items = self.items()
        if not items:
            return
        owner = self.pick(items).id
        if self.draw.draw(st.booleans()):
            ref = BundleRef("ahsp", self.pick(["x", "y", "gone"]))
        else:
            target = self.pick([p.id for p in items] + ["gone"])
            if not self.allow_cycles and reaches(self.p.data, target, owner):
                return
            ref = BundleRef("pekerjaan", target)
        row = DetailRow(
            self.fresh("r"), owner, "LAIN", f"bundle {ref.target_id}", "bundle", "m2", self.draw.draw(KOEF), ref
        )
        self.p.upsert_detail_row(row)

    def reorder_rows(self) -> None:
        if self.items():
            pid = self.pick(self.items()).id
            own = [r.id for r in self.p.data.detail_rows if r.pekerjaan_id == pid]
            self.p.set_order("detail_rows", list(self.draw.draw(st.permutations(own))), pekerjaan_id=pid)

    def harga_kode(self) -> None:
        """Add, re-code or remove a harga item (prices are looked up by kode)."""
        choice = self.draw.draw(st.integers(0, 2))
        if choice == 0:
            kode = self.pick(KODES)
            self.p.upsert_harga_item(HargaItem(self.fresh("h"), kode, "LAIN", "baru", "u", self.draw.draw(PRICE)))
        elif choice == 1 and self.p.data.harga_items:
            self.p.upsert_harga_item(replace(self.pick(list(self.p.data.harga_items)), kode=self.pick(KODES)))
        elif self.p.data.harga_items:
            self.p.remove_harga_item(self.pick(list(self.p.data.harga_items)).id)

    def reference(self) -> None:
        ref = self.pick(list(self.p.data.reference_ahsp))
        if self.draw.draw(st.booleans()) and ref.rincian:
            line = ref.rincian[0]
            rincian = (replace(line, koefisien=self.draw.draw(KOEF)), *ref.rincian[1:])
            self.p.upsert_reference_ahsp(replace(ref, rincian=rincian))
        else:
            self.p.upsert_reference_ahsp(replace(ref, kode_ahsp=self.pick(["1.1", "2.2", "3.3"])))

    def tree(self) -> None:
        choice = self.draw.draw(st.integers(0, 3))
        if choice == 0:
            self.p.upsert_sub_klasifikasi(SubKlasifikasi(self.fresh("s"), self.pick(["k1", "k9"]), "baru"))
        elif choice == 1 and self.p.data.sub_klasifikasi:
            sub = self.pick(list(self.p.data.sub_klasifikasi))
            self.p.upsert_sub_klasifikasi(replace(sub, klasifikasi_id=self.pick(["k1", "k9"])))
        elif choice == 2:
            self.p.upsert_klasifikasi(Klasifikasi(self.pick(["k1", "k9"]), "Klasifikasi"))
        elif self.p.data.sub_klasifikasi:
            self.p.remove_sub_klasifikasi(self.pick(list(self.p.data.sub_klasifikasi)).id)

    def parameter(self) -> None:
        if self.draw.draw(st.booleans()):
            self.p.upsert_parameter(Parameter("panjang", self.draw.draw(VOLUME)))
        elif self.items():
            formula = self.pick([None, "=panjang*2", "=panjang/0", "=lebar"])
            self.p.upsert_pekerjaan(replace(self.pick(self.items()), volume_formula=formula))

    def dates(self) -> None:
        end = self.pick([date(2026, 2, 27), date(2026, 1, 20), date(2026, 1, 1)])
        week_start = self.draw.draw(st.integers(0, 6))
        self.p.set_info(replace(self.p.data.info, tanggal_selesai=end, week_start_day=week_start))


def check(p: EditedProject) -> None:
    assert_same(p.recalc.result, compute(p.data))
    assert p.recalc.rincian_all() == rincian_all(p.data)
    for scope in (KebutuhanScope.week(2), KebutuhanScope.weeks(1, 6), KebutuhanScope.calendar_month(2026, 2)):
        assert p.recalc.kebutuhan(scope) == kebutuhan_of(p.data, scope), scope


def run(data: st.DataObject, allow_cycles: bool) -> None:
    p = EditedProject(start_project())
    editor = Editor(data, p, allow_cycles)
    for _ in range(data.draw(st.integers(1, 12), label="edits")):
        editor.step()
        assert_same(p.recalc.result, compute(p.data))
    check(p)


@SETTINGS
@given(st.data())
def test_recalculator_equals_compute_after_random_edits(data: st.DataObject) -> None:
    run(data, allow_cycles=False)


@SETTINGS
@given(st.data())
def test_recalculator_equals_compute_when_edits_make_and_break_cycles(data: st.DataObject) -> None:
    run(data, allow_cycles=True)


def test_the_start_project_is_consistent() -> None:
    p = EditedProject(start_project())
    check(p)
    result = p.recalc.result
    assert result.hsp["a"].E > 0 and result.kurva_s.points[-1].planned_cum > 0
    assert {i.code for i in result.issues} >= {"missing_price", "volume_formula_mismatch"}
